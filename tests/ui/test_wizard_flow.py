"""The whole assisted request through the real wizard, against a real centre over TLS: both
branches of the NUMEN step, the sealed letter, the confirmation, and the clean slate after Fin."""

from __future__ import annotations

from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QPixmapCache
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.services.validation import check_numen
from kiosk.ui.pages.ids import PageId
from kiosk.ui.wizard import KioskWizard
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    centre_requests,
    new_phone,
    new_voter,
)
from tests.fixtures.pasted import full_width
from tests.ui.conftest import (
    WAIT_MS,
    choose_voter,
    click_next,
    fill_request,
    screen_texts,
    type_identity,
    wait_request_page,
)


def to_numen_page(qtbot: QtBot, centre: Centre, tmp_path: Path, services: KioskApp,
                  wizard: KioskWizard, voter: RegisterVoter) -> None:
    """``voter`` in the register, pulled, chosen on the first page: the NUMEN page is shown."""
    add_voters(centre, tmp_path, [voter])
    services.sync_now()
    choose_voter(qtbot, wizard, voter)
    click_next(wizard)


def test_voter_who_knows_the_numen_skips_the_letter_and_gets_a_confirmation(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Garnier", "Inès")
    add_voters(ui_centre, tmp_path, [voter])
    services.sync_now()
    choose_voter(qtbot, wizard, voter)
    assert "3 demande(s) possible(s)" in wizard.voter_page.results.item(0).text()
    click_next(wizard)
    assert wizard.currentId() == PageId.NUMEN
    assert wizard.numen_page.numen.edit.echoMode() == wizard.numen_page.numen.edit.EchoMode.Password
    type_identity(qtbot, wizard, voter, birth=voter.birth.replace("/", ""))  # 8 digits, in haste
    click_next(wizard)
    wait_request_page(qtbot, wizard)
    assert PageId.LETTER not in wizard.visitedIds()
    assert "3 sur 3" in wizard.request_page.quota.text()
    assert "invalide le précédent" in wizard.request_page.warning.text()
    fill_request(qtbot, wizard, services, "06 98 76 54 32")
    assert "06xxxxxx32" in wizard.request_page.phone.preview.text()
    click_next(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.CONFIRMATION, timeout=WAIT_MS)

    page = wizard.confirmation_page
    done = wizard.visit.confirmation
    assert done is not None
    assert page.values["reference"].text() == done.reference
    assert page.values["phone"].text() == "06xxxxxx32"
    assert page.values["left"].text() == "2 / 3"
    assert page.values["state"].text() == "envoyée"
    assert "(heure de Paris)" in page.values["time"].text()
    assert "correctement prise en compte" in page.banner.text()
    accepted = [r for r in centre_requests(ui_centre) if r["reference"] == done.reference]
    assert [r["status"] for r in accepted] == ["accepted"]

    page.qr_button.click()
    qtbot.waitUntil(page.qr.isVisible, timeout=WAIT_MS)
    import zxingcpp

    decoded = zxingcpp.read_barcodes(page.qr.pixmap().toImage())
    assert [code.text for code in decoded] == [done.status_url]
    assert done.status_url.endswith(f"/v1/requests/{done.reference}")
    page.save_pdf(tmp_path / "receipt.pdf")
    qtbot.waitUntil((tmp_path / "receipt.pdf").exists, timeout=WAIT_MS)
    receipt = pypdf.PdfReader(tmp_path / "receipt.pdf").pages[0].extract_text()
    assert done.reference in receipt


def paste(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    edit.clear()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == text


def test_numbers_pasted_from_a_signature_or_typed_full_width_go_through(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Roussel", "Aurélie")
    to_numen_page(qtbot, ui_centre, tmp_path, services, wizard, voter)
    page = wizard.numen_page
    paste(qtbot, page.numen.edit, full_width(voter.numen.lower()))
    paste(qtbot, page.birth_date.edit, voter.birth.replace("/", "\u00a0"))
    assert not page.numen.error.isVisible() and not page.birth_date.error.isVisible()
    click_next(wizard)
    wait_request_page(qtbot, wizard)
    request = wizard.request_page
    fill_request(qtbot, wizard, services, "0")  # the code; the phone is pasted below
    paste(qtbot, request.phone.edit, "06\u202f41\u202f52\u202f63\u202f74\u200b")
    assert not request.phone.error.isVisible()
    assert "06xxxxxx74" in request.phone.preview.text()
    click_next(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.CONFIRMATION, timeout=WAIT_MS)
    done = wizard.visit.confirmation
    assert done is not None and wizard.confirmation_page.values["phone"].text() == "06xxxxxx74"
    accepted = [r for r in centre_requests(ui_centre) if r["reference"] == done.reference]
    assert [r["status"] for r in accepted] == ["accepted"]


def search_for(qtbot: QtBot, wizard: KioskWizard, text: str, listed: int) -> None:
    page = wizard.voter_page
    page.query.setText(text)
    page.search_button.click()
    qtbot.waitUntil(lambda: page.results.count() == listed, timeout=WAIT_MS)


def test_a_search_with_more_matches_than_shown_asks_for_more_of_the_name(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    crowd = [new_voter("Foule", "Jeanne") for _ in range(21)]
    add_voters(ui_centre, tmp_path, crowd)
    services.sync_now()
    page = wizard.voter_page
    search_for(qtbot, wizard, "foule", 20)
    assert "Seuls les 20 premiers électeurs trouvés sont affichés" in page.message.text()
    assert page.message.isVisible()
    # The name typed in full: one voter, and nothing more to say.
    search_for(qtbot, wizard, crowd[-1].email, 1)
    assert page.results.item(0).text().startswith(crowd[-1].last_name.upper())
    assert "premiers" not in page.message.text()
    # Back to the crowd: a voter chosen in the list keeps the note in view.
    search_for(qtbot, wizard, "foule", 20)
    page.results.setCurrentRow(5)
    assert "Électeur choisi" in page.selected.text()
    assert "Seuls les 20 premiers" in page.message.text()
    search_for(qtbot, wizard, "foulez", 0)
    qtbot.waitUntil(lambda: "Aucun électeur ne correspond" in page.message.text(),
                    timeout=WAIT_MS)


def test_a_list_of_several_voters_chooses_none_until_the_agent_does(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    namesakes = [new_voter("Homonyme", "Paul") for _ in range(3)]
    add_voters(ui_centre, tmp_path, namesakes)
    services.sync_now()
    page = wizard.voter_page
    wizard.activateWindow()
    search_for(qtbot, wizard, "homonyme", 3)
    qtbot.waitUntil(page.results.hasFocus, timeout=WAIT_MS)
    page.document.setCurrentIndex(1)  # Passeport
    # The focused list makes its first row current: that is not a choice.
    assert page.results.currentRow() == 0
    assert page.selected_voter() is None and page.selected.text() == ""
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # Chosen with the arrow keys, then with the mouse.
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    second = page.selected_voter()
    assert second is not None and second.last_name == namesakes[1].last_name
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    third = page.results.visualItemRect(page.results.item(2)).center()
    qtbot.mouseClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=third)
    chosen = page.selected_voter()
    assert chosen is not None and chosen.last_name == namesakes[2].last_name
    assert namesakes[2].last_name.upper() in page.selected.text()


def test_voter_who_does_not_know_the_numen_gets_the_sealed_letter_first(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Chevalier", "Noé")
    to_numen_page(qtbot, ui_centre, tmp_path, services, wizard, voter)
    type_identity(qtbot, wizard, voter, knows_numen=False)
    assert not wizard.numen_page.numen.isEnabled()
    click_next(wizard)
    assert wizard.currentId() == PageId.LETTER
    letter_page = wizard.letter_page
    qtbot.waitUntil(letter_page.save_button.isEnabled, timeout=WAIT_MS)
    assert not letter_page.handover_button.isEnabled()  # print first, then hand over
    assert not any(voter.numen in text for text in screen_texts(wizard))  # never on screen

    letter_page.save_pdf(tmp_path / "letter.pdf")
    qtbot.waitUntil(letter_page.handover_button.isEnabled, timeout=WAIT_MS)
    text = " ".join(pypdf.PdfReader(tmp_path / "letter.pdf").pages[0].extract_text().split())
    letter = wizard.visit.letter
    assert letter is not None
    assert voter.numen in text and text.count(letter.serial) == 2
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # handover first
    letter_page.handover_button.click()
    qtbot.waitUntil(lambda: wizard.visit.handover is not None, timeout=WAIT_MS)
    assert letter.serial in letter_page.handover.text()
    assert [r.serial for r in services.day_handovers(letter.created_at.date())
            if r.serial == letter.serial] == [letter.serial]

    click_next(wizard)
    wait_request_page(qtbot, wizard)
    fill_request(qtbot, wizard, services, new_phone())
    click_next(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.CONFIRMATION, timeout=WAIT_MS)
    assert wizard.confirmation_page.values["state"].text() == "envoyée"


def test_wrong_birth_date_is_refused_on_the_page_and_the_wizard_stays(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Fabre", "Lina")
    to_numen_page(qtbot, ui_centre, tmp_path, services, wizard, voter)
    type_identity(qtbot, wizard, voter, birth="01/01/1980")
    click_next(wizard)
    message = wizard.numen_page.message
    qtbot.waitUntil(lambda: message.property("kind") == "error", timeout=WAIT_MS)
    assert wizard.currentId() == PageId.NUMEN
    assert message.isVisible() and message.text()
    assert voter.numen not in message.text() and "1980" not in message.text()


def test_fields_are_checked_as_they_are_typed_with_the_domain_messages(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Blanc", "Rose")
    to_numen_page(qtbot, ui_centre, tmp_path, services, wizard, voter)
    page = wizard.numen_page
    qtbot.keyClicks(page.numen.edit, "01E95X")
    assert page.numen.error.isVisible()
    assert page.numen.error.text() == check_numen("01E95X")
    qtbot.keyClicks(page.birth_date.edit, "31/02/1975")
    assert "n'existe pas" in page.birth_date.error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.reveal_numen = page.numen.reveal
    assert page.numen.reveal is not None
    page.numen.reveal.click()
    assert page.numen.edit.echoMode() == page.numen.edit.EchoMode.Normal


def test_after_fin_no_widget_holds_the_previous_voters_data(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Mercier", "Yanis")
    phone = "06 55 44 33 21"
    to_numen_page(qtbot, ui_centre, tmp_path, services, wizard, voter)
    type_identity(qtbot, wizard, voter)
    click_next(wizard)
    wait_request_page(qtbot, wizard)
    fill_request(qtbot, wizard, services, phone)
    wizard.request_page.email.setChecked(True)
    click_next(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.CONFIRMATION, timeout=WAIT_MS)
    done = wizard.visit.confirmation
    assert done is not None and done.channel == "email"
    wizard.confirmation_page.qr_button.click()
    qtbot.waitUntil(wizard.confirmation_page.qr.isVisible, timeout=WAIT_MS)
    secrets = [voter.last_name, voter.last_name.upper(), voter.first_name, voter.email,
               voter.numen, voter.numen.lower(), voter.birth, phone, "06xxxxxx21",
               done.reference]
    assert any(voter.last_name.upper() in t for t in screen_texts(wizard))  # the walk sees it
    # Qt caches the pixmaps its labels paint, the QR code among them; a marker of our own
    # stands for them, since the cache cannot be listed.
    assert QPixmapCache.insert("visit-marker", QPixmap(4, 4))
    assert QPixmapCache.find("visit-marker") is not None

    click_next(wizard)
    assert wizard.currentId() == PageId.END
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    left = [t for t in screen_texts(wizard) if any(s in t for s in secrets)]
    assert left == []
    assert wizard.confirmation_page.qr.pixmap().isNull()
    assert QPixmapCache.find("visit-marker") is None
    assert wizard.visit.voter is None and wizard.visit.confirmation is None

    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.currentId() == PageId.VOTER
    assert wizard.isVisible()
    assert [t for t in screen_texts(wizard) if any(s in t for s in secrets)] == []
