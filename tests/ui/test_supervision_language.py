"""Issue 9, language: French by default, English chosen at sign-in. With English installed, the
real wizard is walked page by page against the real centre and no visible text (labels,
buttons, titles, list items, accessible names) is left in French — voter data excepted. The
translation files are checked too: every ``tr()`` text has its English, the .qm is built from
the .ts, and the copies of the services' texts match the services."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.ui.application import RESOURCES, set_language
from kiosk.ui.pages.ids import PageId
from kiosk.ui.screens.lookup import LookupScreen
from kiosk.ui.service_texts import translated
from kiosk.ui.timefmt import voter_region, when_text
from kiosk.ui.widgets import CheckedField, more_matches_text
from kiosk.ui.window import MainWindow
from kiosk.ui.wizard import KioskWizard
from kiosk.ui.worker import Worker
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import AGENT, PASSWORD, RegisterVoter, add_voters, new_voter
from tests.ui.conftest import (
    WAIT_MS,
    choose_voter,
    click_next,
    fill_request,
    type_identity,
    wait_request_page,
)

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
FRENCH = re.compile(
    r"[àâçéèêëîïôûùœ]|\b(le|la|les|des|du|de|un|une|et|ou|pour|par|votre|vous|est|sur|avec|au|"
    r"aux|dans|électeur|demande|suivant|précédent|envoi|courriel|pièce|naissance|heure|pli|"
    r"remis|jour)\b", re.IGNORECASE)


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    assert set_language("en"), "resources/kiosk_en.qm is missing"
    yield
    set_language("fr")


def visible_texts(wizard: KioskWizard) -> list[str]:
    """What a person reads on the wizard now (and what a screen reader says)."""
    page = wizard.currentPage()
    texts = [page.title(), page.subTitle()]
    for widget in wizard.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text() if widget.echoMode() == QLineEdit.EchoMode.Normal else "",
                      widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.currentText(), widget.placeholderText()]
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    return [t for t in texts if t]


def french_leftovers(wizard: KioskWizard, voter: RegisterVoter) -> list[str]:
    data = (voter.last_name.upper(), voter.last_name, voter.first_name, voter.email,
            voter.establishment)
    found = []
    for text in visible_texts(wizard):
        cleaned = text
        for value in data:
            cleaned = cleaned.replace(value, "")
        if FRENCH.search(cleaned):
            found.append(text)
    return found


def test_english_wizard_pages_show_no_french(qtbot: QtBot, english: None, ui_centre: Centre,
                                             tmp_path: Path, services: KioskApp) -> None:
    voter = new_voter("Anglais", "John")
    add_voters(ui_centre, tmp_path, [voter])
    services.sync_now()
    wizard = KioskWizard(services)
    qtbot.addWidget(wizard)
    wizard.resize(1100, 760)
    wizard.show()
    seen: dict[str, list[str]] = {}

    def check(step: str) -> None:
        seen[step] = french_leftovers(wizard, voter)

    check("voter, empty")
    choose_voter(qtbot, wizard, voter)
    check("voter, chosen")
    assert "3 requests possible" in wizard.voter_page.results.item(0).text()
    click_next(wizard)
    type_identity(qtbot, wizard, voter)
    check("numen")
    click_next(wizard)
    wait_request_page(qtbot, wizard)
    fill_request(qtbot, wizard, services, "06 98 76 54 31")
    check("request")
    click_next(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.CONFIRMATION, timeout=WAIT_MS)
    check("confirmation")
    assert wizard.confirmation_page.values["state"].text() == "sent"
    assert "(Paris time)" in wizard.confirmation_page.values["time"].text()
    click_next(wizard)
    assert wizard.currentId() == PageId.END
    check("end")

    # Second visit: the voter does not know the NUMEN, so the sealed letter comes first.
    wizard.button(wizard.WizardButton.FinishButton).click()
    choose_voter(qtbot, wizard, voter)
    click_next(wizard)
    type_identity(qtbot, wizard, voter, knows_numen=False)
    check("numen, unknown")
    click_next(wizard)
    page = wizard.letter_page
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=WAIT_MS)
    check("letter, ready")
    page.save_pdf(tmp_path / "letter.pdf")
    qtbot.waitUntil(page.handover_button.isEnabled, timeout=WAIT_MS)
    page.handover_button.click()
    qtbot.waitUntil(lambda: bool(page.handover.text()), timeout=WAIT_MS)
    check("letter, handed over")
    assert {step: texts for step, texts in seen.items() if texts} == {}


def test_french_is_the_default(qtbot: QtBot, services: KioskApp) -> None:
    wizard = KioskWizard(services)
    qtbot.addWidget(wizard)
    assert wizard.voter_page.title() == "Électeur"
    assert wizard.button(wizard.WizardButton.NextButton).text() == "&Suivant >"


def test_the_search_s_more_matches_note_is_in_english_too(english: None) -> None:
    """One text serves the wizard's voter step and the counter lookup (kiosk.ui.widgets)."""
    assert more_matches_text(20) == ("Only the first 20 voters found are shown: narrow the "
                                     "search (surname and first name, or the start of the "
                                     "e-mail address).")


def test_a_too_short_search_is_refused_in_english_on_both_screens(
        qtbot: QtBot, english: None, services: KioskApp) -> None:
    """The wizard's voter step and the counter lookup show the services' one text
    (``validation.SHORT_QUERY``), translated, and search for nothing."""
    wizard = KioskWizard(services)
    lookup = LookupScreen(services, Worker(), None)
    qtbot.addWidget(wizard)
    qtbot.addWidget(lookup)
    for query, search, message, results in (
            (wizard.voter_page.query, wizard.voter_page.search, wizard.voter_page.message,
             wizard.voter_page.results),
            (lookup.query, lookup.search, lookup.message, lookup.results)):
        qtbot.keyClicks(query, " x ")
        search()
        assert message.text() == ("Type at least 2 characters of the name or the e-mail "
                                  "address."), message.text()
        assert results.count() == 0


# What a voter or an agent may type wrong in each field of the wizard, every kind of mistake.
FIELD_MISTAKES = {
    "numen": ["--", "A1E9501234ABC", "0119501234ABC", "01E95O1234ABC", "01E95012345ABC",
              "01E950123"],
    "birth_date": ["abc", "31/02/1980", "01/01/2020", "15/03/75", "03/15/1975"],
    "phone": ["   ", "abc", "06 12 34", "721234", "01 44 55 66 77", "12 34 56"],
    "code": ["12"],
}


def wizard_fields(wizard: KioskWizard) -> dict[str, CheckedField]:
    return {"numen": wizard.numen_page.numen, "birth_date": wizard.numen_page.birth_date,
            "phone": wizard.request_page.phone, "code": wizard.request_page.code}


def test_the_fields_say_what_is_wrong_in_english(qtbot: QtBot, english: None,
                                                 services: KioskApp) -> None:
    from kiosk.ui.service_texts import FIELD_TEXTS, TEMPLATES, _patterns

    wizard = KioskWizard(services)
    qtbot.addWidget(wizard)
    fields = wizard_fields(wizard)
    french_seen: set[str] = set()
    shown: dict[str, str] = {}
    for name, mistakes in FIELD_MISTAKES.items():
        for mistake in mistakes:
            field = fields[name]
            field.set_text(mistake)
            french = field._check(mistake)
            assert french, (name, mistake)
            french_seen.add(french)
            shown[mistake] = field.error.text()
            assert not FRENCH.search(shown[mistake]), (mistake, shown[mistake])
            field.clear()
    assert shown["0119501234ABC"] == ("Invalid NUMEN: character 3 must be a letter (expected "
                                      "form: 2 digits, 1 letter, 7 digits, 3 letters).")
    assert shown["A1E9501234ABC"].startswith("Invalid NUMEN: character 1 must be a digit")
    assert shown["01E950123"] == "Invalid NUMEN: 9 character(s) instead of 13."
    assert shown["06 12 34"].startswith("Invalid phone number: 6 digit(s) instead of 10")
    # Every copy is a text the fields say (none left behind when a service's text changes).
    assert set(FIELD_TEXTS) <= french_seen
    numbered = [p for template, p in _patterns() if template in TEMPLATES]
    assert len(numbered) == len(TEMPLATES)
    assert all(any(p.fullmatch(text) for text in french_seen) for p in numbered)


def test_in_french_the_fields_keep_the_services_own_words(qtbot: QtBot,
                                                          services: KioskApp) -> None:
    wizard = KioskWizard(services)
    qtbot.addWidget(wizard)
    numen = wizard_fields(wizard)["numen"]
    for mistake, french in (("0119501234ABC", "le 3e caractère doit être une lettre"),
                            ("A1E9501234ABC", "le 1er caractère doit être un chiffre")):
        numen.set_text(mistake)
        assert french in numen.error.text()


def test_every_ui_text_has_its_english_and_the_qm_is_built(tmp_path: Path) -> None:
    """A text added to the screens without its translation fails here: run
    ``scripts/translations.sh`` and translate what it lists as unfinished."""
    ts = tmp_path / "kiosk_en.ts"
    shutil.copy(RESOURCES / "kiosk_en.ts", ts)
    sources = sorted(str(p) for p in (ROOT / "kiosk" / "ui").rglob("*.py"))
    subprocess.run([str(VENV_BIN / "pyside6-lupdate"), *sources, "-no-obsolete",
                    "-source-language", "fr_FR", "-target-language", "en_GB", "-ts", str(ts)],
                   check=True, capture_output=True)
    text = ts.read_text(encoding="utf-8")
    unfinished = re.findall(r"<source>(.*?)</source>\s*<translation type=\"unfinished\"",
                            text, re.DOTALL)
    assert unfinished == []
    qm = tmp_path / "kiosk_en.qm"
    subprocess.run([str(VENV_BIN / "pyside6-lrelease"), str(RESOURCES / "kiosk_en.ts"),
                    "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == (RESOURCES / "kiosk_en.qm").read_bytes(), \
        "resources/kiosk_en.qm is older than kiosk_en.ts: run scripts/translations.sh"


def test_copies_of_the_services_texts_match_the_services() -> None:
    from kiosk.domain import decision
    from kiosk.services import (
        agents,
        deliveries,
        follow_up,
        handover_register,
        requests,
        roles,
        settings,
        validation,
    )
    from kiosk.ui import worker
    from kiosk.ui.service_texts import PATH_TEMPLATES, TEXTS

    originals = {
        validation.INVALIDATION_WARNING, validation.PHONE_HINT, validation.SHORT_QUERY,
        requests.SENT, requests.WAITING, requests.WAITING_MESSAGE, requests.BAD_CODE,
        decision.SUCCESS_MESSAGE, decision.SUCCESS_MESSAGE_EMAIL,
        *decision.REASON_MESSAGES.values(), agents.FAILED, agents.THROTTLED,
        roles.SUPERVISOR_ONLY, worker.UNEXPECTED_MESSAGE,
        handover_register.UNKNOWN_LETTER, handover_register.ALREADY_HANDED,
        handover_register.ALREADY_DESTROYED, follow_up.NO_LONGER_LISTED,
        deliveries.FAILED_MESSAGE,
    }
    assert set(TEXTS) == originals
    assert {t.replace("%1", "{}") for t in PATH_TEMPLATES} == {settings.CA_NOT_FOUND,
                                                               settings.CA_UNREADABLE}


# Refusals no screen shows after a language is chosen: the enrolment form and the opening of
# the kiosk's store and secrets come before the sign-in screen; the centre's malformed answers
# to a sync are logged and printed by ``kiosk sync``, while the wizard says "waiting for sync".
FRENCH_ONLY = {
    "L'adresse du centre doit commencer par https://.",
    "Saisissez le code d'enrôlement donné par le centre.",
    "Les clés de chiffrement de la borne sont illisibles : enrôlez à nouveau la borne.",
    "Le centre a transmis une clé de hachage des numéros invalide.",
    "Cette borne n'est pas encore enrôlée : saisissez l'adresse du centre, son certificat et le "
    "code d'enrôlement.",
    "Le trousseau de clés du système refuse l'accès aux secrets de la borne.",
    "Les secrets de la borne ne s'ouvrent pas sur cette machine (fichier copié ou endommagé). "
    "Enrôlez à nouveau la borne.",
    "Réponse d'enrôlement du centre incomplète.",
    "Réponse du centre illisible.",
    "Réponse du centre incomplète (curseur absent).",
    "Réponse du centre incomplète (résultats absents).",
}


def raised_texts() -> set[str]:
    """The fixed texts of every ``ServiceError(...)`` (or subclass) raised in kiosk/services,
    literal or a module constant, directly or through a module's factory (``def
    _invalid(message, field): return ServiceError(message, ...)``). Messages passed on (a
    domain refusal, the centre's answer) and texts with a value in them are not fixed, so not
    collected."""
    trees = [ast.parse(path.read_text(encoding="utf-8"))
             for path in (ROOT / "kiosk" / "services").rglob("*.py")]
    errors = {"ServiceError"}
    for _ in range(3):  # subclasses of subclasses
        errors |= {node.name for tree in trees for node in ast.walk(tree)
                   if isinstance(node, ast.ClassDef)
                   and any(isinstance(b, ast.Name) and b.id in errors for b in node.bases)}
    for tree in trees:
        errors |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                   and node.args.args and any(
                       isinstance(r, ast.Return) and isinstance(r.value, ast.Call)
                       and isinstance(r.value.func, ast.Name) and r.value.func.id in errors
                       and r.value.args and isinstance(r.value.args[0], ast.Name)
                       and r.value.args[0].id == node.args.args[0].arg
                       for r in ast.walk(node))}
    found = set()
    for tree in trees:
        constants = {node.targets[0].id: node.value.value for node in tree.body
                     if isinstance(node, ast.Assign) and len(node.targets) == 1
                     and isinstance(node.targets[0], ast.Name)
                     and isinstance(node.value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in errors and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                elif isinstance(first, ast.Name) and first.id in constants:
                    found.add(constants[first.id])
    return found


def test_every_refusal_an_agent_can_meet_has_its_english() -> None:
    from kiosk.ui.service_texts import SCREEN_TEXTS, TEXTS

    raised = raised_texts()
    assert len(raised) > 15  # the scan sees the services
    assert raised - set(TEXTS) - set(SCREEN_TEXTS) == FRENCH_ONLY
    assert set(SCREEN_TEXTS) <= raised  # no copy left behind when a text changes
    set_language("en")
    try:
        for text in SCREEN_TEXTS:
            assert not FRENCH.search(translated(text)), text
    finally:
        set_language("fr")


def test_language_is_chosen_at_sign_in_and_kept_on_the_lock_screen(
        qtbot: QtBot, make_kiosk: Callable[..., KioskApp]) -> None:
    window = MainWindow(make_kiosk(sign_in=False), status_refresh_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    window.start()
    panel = window.sign_in
    try:
        qtbot.waitUntil(lambda: window.stack.currentWidget() is panel and panel.isEnabled(),
                        timeout=WAIT_MS)
        assert panel.title.text() == "Connexion de l'agent"  # French by default
        panel.language.setCurrentIndex(panel.language.findData("en"))
        qtbot.waitUntil(lambda: panel.title.text() == "Agent sign-in", timeout=WAIT_MS)
        assert panel.submit.text() == "&Sign in"
        panel.username.setText(AGENT)
        qtbot.keyClicks(panel.password, PASSWORD)
        panel.submit.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wizard, timeout=WAIT_MS)
        assert window.wizard.voter_page.title() == "Voter"
        assert window.screens.buttons["register"].text() == "Letter register"
        assert window.status.sync_button.text() == "S&ync"
        window.lock()
        assert panel.title.text() == "Session locked"
        assert not panel.language.isVisible()  # no change of language in the middle of a visit
    finally:
        window.close()
        set_language("fr")


def test_overseas_voters_read_their_own_time_with_paris_time_stated(english: None) -> None:
    moment = datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
    assert when_text(moment, "RE") == \
        "05/11/2026 13:00 (local time, La Réunion) — 05/11/2026 10:00 (Paris time)"
    assert when_text(moment, "FR") == "05/11/2026 10:00 (Paris time)"
    assert voter_region("9740001A") == "RE"
    assert voter_region("0211234C", "+590 690 12 34 56") == "GP"
    assert voter_region("0211234C", "06 12 34 56 78") == "FR"
