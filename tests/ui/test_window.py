"""The main window around the wizard: enrolment on first run, sign-in, the idle lock, counter mode
(reset to step 1 on idle, a supervisor to leave), against a real centre."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp, build_kiosk
from kiosk.services.contracts import NotSignedIn
from kiosk.ui.pages.ids import PageId
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    UAI,
    add_voters,
    cli_ok,
    enrolment_code,
    new_voter,
)
from tests.ui.conftest import (
    SUPERVISOR,
    SUPERVISOR_PASSWORD,
    WAIT_MS,
    WindowFactory,
    choose_voter,
    click_next,
    screen_texts,
    sign_in,
)


def test_first_run_enrols_then_asks_the_agent_to_sign_in(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_window: WindowFactory) -> None:
    services = build_kiosk(tmp_path / "new-kiosk", background=False)
    try:
        window = make_window(services)
        panel = window.enrolment
        qtbot.waitUntil(lambda: window.stack.currentWidget() is panel, timeout=WAIT_MS)
        panel.url.setText(ui_centre.base_url)
        panel.ca_file.setText(str(ui_centre.ca_file))
        panel.code.setText("CODE-INCONNU-000")
        panel.submit.click()
        qtbot.waitUntil(lambda: panel.message.property("kind") == "error", timeout=WAIT_MS)
        assert panel.message.text() and window.stack.currentWidget() is panel
        assert not services.is_enrolled()

        panel.code.setText(enrolment_code(ui_centre))
        panel.submit.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in, timeout=WAIT_MS)
        assert services.is_enrolled()
        assert panel.code.text() == ""
        sign_in(qtbot, window)
        assert window.agent is not None and window.agent.username == AGENT
        qtbot.waitUntil(lambda: "Centre joignable" in window.status.connection.text(),
                        timeout=WAIT_MS)
    finally:
        services.close()


def test_wrong_password_is_refused_in_french(
        qtbot: QtBot, make_kiosk: Callable[..., KioskApp], make_window: WindowFactory) -> None:
    window = make_window(make_kiosk(sign_in=False))
    panel = window.sign_in
    qtbot.waitUntil(lambda: window.stack.currentWidget() is panel and panel.isEnabled(),
                    timeout=WAIT_MS)
    panel.username.setText(AGENT)
    qtbot.keyClicks(panel.password, "Mauvais2026")
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.message.property("kind") == "error", timeout=WAIT_MS)
    assert window.stack.currentWidget() is panel
    assert panel.password.text() == ""
    assert "Mauvais2026" not in " ".join(screen_texts(window))


def test_session_locks_after_idle_and_unlocks_with_the_password(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path,
        make_kiosk: Callable[..., KioskApp], make_window: WindowFactory) -> None:
    voter = new_voter("Baron", "Eva")
    add_voters(ui_centre, tmp_path, [voter])
    services = make_kiosk(sign_in=False)
    window = make_window(services, lock_after_ms=400)
    assert not window.lock_watch.watching  # nobody to lock out before a sign-in
    sign_in(qtbot, window)
    assert window.lock_watch.watching
    choose_voter(qtbot, window.wizard, voter)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in, timeout=WAIT_MS)
    assert not window.lock_watch.watching
    assert window.sign_in.title.text() == "Session verrouillée"
    assert not window.wizard.isVisible()  # nothing of the visit shows on the lock screen
    qtbot.keyClicks(window.sign_in.password, PASSWORD)
    window.sign_in.submit.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wizard, timeout=WAIT_MS)
    assert window.wizard.voter_page.selected_voter() is not None  # the visit went on


def test_an_agent_deactivated_at_the_centre_is_signed_out_at_the_next_sync(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path,
        make_kiosk: Callable[..., KioskApp], make_window: WindowFactory) -> None:
    leaver, password = "agent.partant", "Partant-2026a"
    cli_ok(ui_centre, "add-agent", leaver, "--name", "Léa Partant", "--establishment", UAI,
           env={"KIOSK_CENTRAL_AGENT_PASSWORD": password})
    voter = new_voter("Dorval", "Inès")
    add_voters(ui_centre, tmp_path, [voter])
    services = make_kiosk(sign_in=False)
    window = make_window(services, status_refresh_ms=60_000)  # the test asks for the sync
    sign_in(qtbot, window, leaver, password)
    choose_voter(qtbot, window.wizard, voter)
    cli_ok(ui_centre, "deactivate-agent", leaver)
    window.status.sync_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in, timeout=WAIT_MS)
    assert window.agent is None and window.sign_in.title.text() != "Session verrouillée"
    assert "n'est plus autorisé sur cette borne" in window.sign_in.message.text()
    assert window.wizard.voter_page.selected_voter() is None  # the visit went with it
    with pytest.raises(NotSignedIn):
        services.find_voters(voter.last_name)
    # The next agent signs in as usual; the one deactivated cannot.
    window.sign_in.username.setText(leaver)
    window.sign_in.password.setText(password)
    window.sign_in.submit.click()
    qtbot.waitUntil(lambda: "incorrect" in window.sign_in.message.text(), timeout=WAIT_MS)
    sign_in(qtbot, window)
    assert window.agent is not None and window.agent.username == AGENT


def test_counter_mode_goes_back_to_step_one_when_idle(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path,
        make_kiosk: Callable[..., KioskApp], make_window: WindowFactory) -> None:
    voter = new_voter("Colin", "Léo")
    add_voters(ui_centre, tmp_path, [voter])
    services = make_kiosk(sign_in=False)
    window = make_window(services, counter=True, counter_reset_ms=400)
    assert window.windowFlags() & window.windowFlags().FramelessWindowHint
    sign_in(qtbot, window)
    wizard = window.wizard
    choose_voter(qtbot, wizard, voter)
    click_next(wizard)
    assert wizard.currentId() == PageId.NUMEN
    qtbot.keyClicks(wizard.numen_page.birth_date.edit, voter.birth)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.VOTER, timeout=WAIT_MS)
    assert wizard.visit.voter is None
    assert not any(voter.last_name in t or voter.birth in t for t in screen_texts(window))
    assert window.stack.currentWidget() is wizard  # still signed in, ready for the next one


def test_counter_mode_needs_a_supervisor_to_leave(
        qtbot: QtBot, make_kiosk: Callable[..., KioskApp], make_window: WindowFactory) -> None:
    window = make_window(make_kiosk(sign_in=False), counter=True)
    sign_in(qtbot, window)
    window.close()
    assert window.isVisible()
    panel = window.supervisor
    assert window.stack.currentWidget() is panel
    panel.username.setText(AGENT)
    qtbot.keyClicks(panel.password, PASSWORD)
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Seul un superviseur peut quitter le mode "
                    "guichet.", timeout=WAIT_MS)
    assert window.isVisible()
    panel.username.setText(SUPERVISOR)
    qtbot.keyClicks(panel.password, SUPERVISOR_PASSWORD)
    panel.submit.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
