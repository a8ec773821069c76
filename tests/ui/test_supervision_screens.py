"""Issue 9, the supervision screens in the real main window, with real data made through the
real kiosk services against the real centre: the register lists exactly the day's letters, a
handled À suivre item leaves the list and appears in the audit, the report's figures equal what
the test did, the counter look-up shows the history without a secret, and an agent gets
neither the supervisor's screens nor their actions."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.services.app import KioskApp, build_kiosk
from kiosk.services.paths import load_config, save_config
from kiosk.services.requests import SENT, WAITING
from kiosk.services.validation import paris_today
from kiosk.store.models import AuditEntry
from kiosk.ui.screens.base import table_rows
from kiosk.ui.screens.follow_up import FollowUpScreen
from kiosk.ui.screens.lookup import LookupScreen
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.screens.report import ReportScreen
from kiosk.ui.window import MainWindow
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    UAI,
    add_voters,
    new_phone,
    new_voter,
    ref_of,
    submit,
)
from tests.ui.conftest import (
    SUPERVISOR,
    SUPERVISOR_PASSWORD,
    WAIT_MS,
    WindowFactory,
    screen_texts,
    sign_in,
)


def open_screen(qtbot: QtBot, window: MainWindow, name: str) -> object:
    window.screens.buttons[name].click()
    screen = window.screens.current
    assert screen is not None and window.stack.currentWidget() is screen
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    return screen


def letter(services: KioskApp, voter_ref: str, *, handed: bool) -> str:
    prepared = services.prepare_letter(voter_ref)
    services.letter_printed(prepared)
    if handed:
        services.record_handover(prepared)
    return prepared.serial


def test_register_lists_exactly_the_days_letters_and_records_a_destruction(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_kiosk: Callable[..., KioskApp],
        make_window: WindowFactory) -> None:
    collected, waiting, unprinted = new_voter("Retire"), new_voter("Oublie"), new_voter("Rien")
    add_voters(ui_centre, tmp_path, [collected, waiting, unprinted])
    services = make_kiosk()
    handed = letter(services, ref_of(services, collected), handed=True)
    outstanding = letter(services, ref_of(services, waiting), handed=False)
    services.prepare_letter(ref_of(services, unprinted))  # never printed: not in the register
    window = make_window(services, status_refresh_ms=60_000)
    sign_in(qtbot, window)
    screen = open_screen(qtbot, window, "register")
    assert isinstance(screen, RegisterScreen)
    rows = table_rows(screen.table)
    assert [(r[0], r[1]) for r in rows] == [
        (handed, f"{collected.last_name} {collected.first_name}"),
        (outstanding, f"{waiting.last_name} {waiting.first_name}")]
    assert [r[5] for r in rows] == ["Remis", "Non retiré"]
    assert screen.summary.text() == "2 pli(s) ce jour, dont 1 non retiré(s)."
    assert not screen.destroy_button.isVisible()  # an agent records no destruction

    screen.save_pdf(tmp_path / "emargement.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "emargement.pdf").exists(), timeout=WAIT_MS)

    window.sign_out()
    assert window.screens.current is None  # the list went with the session
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    screen = open_screen(qtbot, window, "register")
    assert isinstance(screen, RegisterScreen) and screen.destroy_button.isVisible()
    screen.table.selectRow(0)
    assert not screen.destroy_button.isEnabled()  # handed over: nothing to destroy
    screen.table.selectRow(1)
    assert screen.destroy_button.isEnabled()
    screen.destroy_button.click()
    assert screen.confirm_button.isVisible() and outstanding in screen.confirm_button.text()
    screen.confirm_button.click()
    qtbot.waitUntil(lambda: table_rows(screen.table)[1][5].startswith("Détruit le"),
                    timeout=WAIT_MS)
    assert SUPERVISOR in table_rows(screen.table)[1][5]
    assert screen.summary.text() == "2 pli(s) ce jour, dont 0 non retiré(s)."
    with services.ctx.require_enrolled().store.sessions() as session:
        destroyed = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "letter.destroyed")).all()
    assert [e.actor for e in destroyed] == [f"agent:{SUPERVISOR}"]


def test_handled_follow_up_item_leaves_the_list_and_is_audited(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_kiosk: Callable[..., KioskApp],
        make_window: WindowFactory) -> None:
    late, early = new_voter("Tardif"), new_voter("Rapide")
    add_voters(ui_centre, tmp_path, [late, early])
    first, other = make_kiosk(), make_kiosk()
    phone = new_phone()
    ref = ref_of(first, late)
    # The first kiosk loses the network and accepts a request offline...
    directory = first.ctx.data_dir
    first.close()
    config = load_config(directory)
    save_config(directory, config.with_changes(centre_url=f"https://127.0.0.1:{free_port()}"))
    offline = build_kiosk(directory, background=False)
    try:
        offline.sign_in(AGENT, PASSWORD)
        assert submit(offline, late, phone, ref=ref).state == WAITING
    finally:
        offline.close()
    # ...while another kiosk gives the same mobile to another voter; then the network returns.
    assert submit(other, early, phone).state == SENT
    save_config(directory, config)
    services = build_kiosk(directory, background=False)
    try:
        services.sign_in(AGENT, PASSWORD)
        assert services.sync_now().follow_up == 1
        window = make_window(services, status_refresh_ms=60_000)
        sign_in(qtbot, window)
        screen = open_screen(qtbot, window, "follow_up")
        assert isinstance(screen, FollowUpScreen)
        [row] = table_rows(screen.table)
        assert row[1:] == [f"{late.last_name} {late.first_name}", late.email, UAI,
                           "Mobile déjà associé à un autre électeur", AGENT]
        assert "(heure de Paris)" in row[0]
        item_id = screen.items[0].id
        screen.handle_button.click()
        qtbot.waitUntil(lambda: screen.table.rowCount() == 0 and not screen.busy,
                        timeout=WAIT_MS)
        assert "marqué comme traité" in screen.message.text()
        assert services.follow_up_items() == []
        with services.ctx.require_enrolled().store.sessions() as session:
            handled = session.scalars(select(AuditEntry).where(
                AuditEntry.action == "follow_up.handled")).all()
        assert [(e.subject, e.actor) for e in handled] == [(f"record:{item_id}",
                                                            f"agent:{AGENT}")]
    finally:
        services.close()


def test_report_figures_are_what_the_test_did(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_kiosk: Callable[..., KioskApp],
        make_window: WindowFactory) -> None:
    one, two, three = new_voter("Chiffre"), new_voter("Chiffre"), new_voter("Chiffre")
    add_voters(ui_centre, tmp_path, [one, two, three])
    services = make_kiosk()
    phone = new_phone()
    submit(services, one, phone)
    submit(services, two, new_phone())
    with pytest.raises(Exception, match="autre électeur"):
        submit(services, three, phone)  # refused at the counter: the phone is one's
    letter(services, ref_of(services, three), handed=True)
    window = make_window(services, status_refresh_ms=60_000)
    sign_in(qtbot, window)
    assert not window.screens.buttons["report"].isVisible()
    assert window.screens.show_screen("report") is None  # no way round the hidden button
    window.sign_out()
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    screen = open_screen(qtbot, window, "report")
    assert isinstance(screen, ReportScreen)
    qtbot.waitUntil(lambda: screen.report is not None, timeout=WAIT_MS)
    rows = {(r[0], r[1]): r for r in table_rows(screen.table)}
    school = rows[("Établissement", UAI)]
    assert school[2:] == ["2", "0", "1", "Mobile déjà associé à un autre électeur : 1", "1"]
    assert rows[("Agent", AGENT)][2:5] == ["2", "0", "1"]
    assert rows[("Total", "")][2] == "2"
    screen.save_csv(tmp_path / "rapport.csv")
    qtbot.waitUntil(lambda: (tmp_path / "rapport.csv").exists(), timeout=WAIT_MS)
    with (tmp_path / "rapport.csv").open(encoding="utf-8-sig", newline="") as handle:
        by_key = {(r["niveau"], r["établissement ou agent"]): r
                  for r in csv.DictReader(handle, delimiter=";")}
    assert by_key[("établissement", UAI)]["demandes acceptées"] == "2"
    assert by_key[("établissement", UAI)]["plis remis"] == "1"
    screen.save_pdf(tmp_path / "rapport.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "rapport.pdf").exists(), timeout=WAIT_MS)
    assert screen.report is not None and screen.report.day == paris_today()


def test_counter_lookup_says_when_more_voters_match_than_it_lists(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_kiosk: Callable[..., KioskApp],
        make_window: WindowFactory) -> None:
    add_voters(ui_centre, tmp_path, [new_voter("Comptoir", "Yves") for _ in range(21)])
    services = make_kiosk()
    window = make_window(services, status_refresh_ms=60_000)
    sign_in(qtbot, window)
    screen = open_screen(qtbot, window, "lookup")
    assert isinstance(screen, LookupScreen)
    qtbot.keyClicks(screen.query, "comptoir")
    screen.search_button.click()
    qtbot.waitUntil(lambda: screen.results.count() == 20, timeout=WAIT_MS)
    assert "Seuls les 20 premiers électeurs trouvés sont affichés" in screen.message.text()
    # The focused list's first row is current, not chosen: no history until the agent picks.
    qtbot.wait(300)
    assert screen.history is None
    screen.results.setCurrentRow(3)
    qtbot.waitUntil(lambda: screen.history is not None, timeout=WAIT_MS)
    assert screen.history is not None
    assert screen.history.email == screen.voters[3].email
    screen.query.clear()
    qtbot.keyClicks(screen.query, "comptoirz")
    screen.search_button.click()
    qtbot.waitUntil(lambda: "Aucun électeur" in screen.message.text(), timeout=WAIT_MS)
    assert screen.results.count() == 0


def test_counter_lookup_shows_history_and_nothing_secret(
        qtbot: QtBot, ui_centre: Centre, tmp_path: Path, make_kiosk: Callable[..., KioskApp],
        make_window: WindowFactory) -> None:
    voter = new_voter("Guichet", "Anna")
    add_voters(ui_centre, tmp_path, [voter])
    services = make_kiosk()
    done = submit(services, voter, "06 55 44 33 22")
    window = make_window(services, status_refresh_ms=60_000)
    sign_in(qtbot, window)
    screen = open_screen(qtbot, window, "lookup")
    assert isinstance(screen, LookupScreen)
    qtbot.keyClicks(screen.query, voter.last_name)
    screen.search_button.click()
    qtbot.waitUntil(lambda: screen.history is not None, timeout=WAIT_MS)
    [row] = table_rows(screen.requests)
    assert row[1:] == ["SMS", "06xxxxxx22", "Envoyée", AGENT]
    assert "(heure de Paris)" in row[0]
    assert "1 demande(s) sur 3, encore 2 possible(s)" in screen.summary.text()
    shown = " ".join(screen_texts(window))
    for secret in (voter.numen, voter.birth, done.reference, "0655443322", "55 44 33"):
        assert secret not in shown
    screen.back.click()
    assert window.stack.currentWidget() is window.wizard and window.screens.current is None
