"""Refusals shown as French messages on the page, with nothing submitted: wrong security code,
a phone that belongs to another voter, the quota used up (seen at step 1, and at submission
when another kiosk used it up meanwhile)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.ui.pages.ids import PageId
from kiosk.ui.wizard import KioskWizard
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    centre_requests,
    new_phone,
    new_voter,
    submit,
)
from tests.ui.conftest import (
    WAIT_MS,
    choose_voter,
    click_next,
    fill_request,
    type_identity,
    wait_request_page,
)

QUOTA = "La demande d'envoi d'un nouvel identifiant ne peut être faite que 3 fois."


def _decided(centre: Centre) -> set[str]:
    """Every request the centre has decided (accepted or refused), by id."""
    return {str(r["id"]) for r in centre_requests(centre)}


def _to_request_page(qtbot: QtBot, wizard: KioskWizard, voter: RegisterVoter) -> None:
    choose_voter(qtbot, wizard, voter)
    click_next(wizard)
    type_identity(qtbot, wizard, voter)
    click_next(wizard)
    wait_request_page(qtbot, wizard)


def _refusal(qtbot: QtBot, wizard: KioskWizard) -> str:
    message = wizard.request_page.message
    qtbot.waitUntil(lambda: message.property("kind") == "error" and message.isVisible(),
                    timeout=WAIT_MS)
    assert wizard.currentId() == PageId.REQUEST
    assert wizard.visit.confirmation is None
    return message.text()


def test_wrong_security_code_is_refused_and_a_new_code_is_drawn(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Lambert", "Axel")
    add_voters(ui_centre, tmp_path, [voter])
    services.sync_now()
    _to_request_page(qtbot, wizard, voter)
    first = wizard.request_page._challenge
    assert first is not None
    right = services.ctx.challenges.peek(first.token)
    assert right is not None
    wrong = f"{(int(right) + 1) % 10000:04d}"
    fill_request(qtbot, wizard, services, new_phone(), code=wrong)
    before = _decided(ui_centre)
    click_next(wizard)
    text = _refusal(qtbot, wizard)
    assert "code de sécurité" in text.lower()
    qtbot.waitUntil(lambda: wizard.request_page._challenge is not first, timeout=WAIT_MS)
    assert wizard.request_page.code.text() == ""
    assert services.status().pending == 0 and services.pending_records() == []
    assert _decided(ui_centre) == before


def test_phone_of_another_voter_is_refused(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    owner, other = new_voter("Roussel", "Maël"), new_voter("Renaud", "Lou")
    phone = new_phone()
    add_voters(ui_centre, tmp_path, [owner, other])
    services.sync_now()
    submit(services, owner, phone)  # the number now belongs to ``owner``
    services.sync_now()
    _to_request_page(qtbot, wizard, other)
    fill_request(qtbot, wizard, services, phone)
    before = _decided(ui_centre)
    click_next(wizard)
    text = _refusal(qtbot, wizard)
    assert "numéro" in text.lower() or "téléphone" in text.lower()
    assert phone not in text and phone.replace(" ", "") not in text
    assert services.pending_records() == []
    assert _decided(ui_centre) == before


def test_used_up_quota_stops_the_visit_at_step_one(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard) -> None:
    voter = new_voter("Perrin", "Jade")
    add_voters(ui_centre, tmp_path, [voter])
    services.sync_now()
    phone = new_phone()
    for _ in range(3):
        submit(services, voter, phone)
    services.sync_now()
    choose_voter(qtbot, wizard, voter)
    page = wizard.voter_page
    assert "0 demande(s) possible(s)" in page.results.item(0).text()
    assert page.message.isVisible() and page.message.text() == QUOTA
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_quota_used_up_elsewhere_meanwhile_is_refused_at_submission(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, services: KioskApp,
        wizard: KioskWizard, make_kiosk: Callable[..., KioskApp]) -> None:
    voter = new_voter("Vidal", "Sacha")
    add_voters(ui_centre, tmp_path, [voter])
    services.sync_now()
    _to_request_page(qtbot, wizard, voter)
    elsewhere = make_kiosk()
    phone = new_phone()
    for _ in range(3):
        submit(elsewhere, voter, phone)
    fill_request(qtbot, wizard, services, phone)
    before = {r["id"] for r in centre_requests(ui_centre) if r["status"] == "accepted"}
    click_next(wizard)
    text = _refusal(qtbot, wizard)
    assert text == QUOTA
    # Refused, locally or by the centre: nothing new accepted anywhere.
    assert {r["id"] for r in centre_requests(ui_centre) if r["status"] == "accepted"} == before
    assert services.pending_records() == []
