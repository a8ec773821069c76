"""A centre whose election does not take requests yet: the wizard shows the calendar refusal and
submits nothing. The same centre then goes down: the status bar says the kiosk is offline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.ui.pages.ids import PageId
from kiosk.ui.status import KioskStatusBar
from kiosk.ui.wizard import KioskWizard
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    centre_requests,
    cli_ok,
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    start_centre,
)
from tests.ui.conftest import (
    WAIT_MS,
    choose_voter,
    click_next,
    fill_request,
    type_identity,
    wait_request_page,
)

VOTER = new_voter("Noël", "Ambre")


@pytest.fixture(scope="module")
def closed_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Centre]:
    centre = start_centre(tmp_path_factory)
    prepare_centre(centre, tmp_path_factory.mktemp("register"), [VOTER])
    now = datetime.now(UTC)
    cli_ok(centre, "set-calendar",
           "--requests-open", (now + timedelta(days=2)).isoformat(),
           "--voting-opens", (now + timedelta(days=10)).isoformat(),
           "--voting-closes", (now + timedelta(days=20)).isoformat(),
           "--results", (now + timedelta(days=21)).isoformat())
    yield centre
    centre.close()


@pytest.fixture
def kiosk(closed_centre: Centre, tmp_path: Path) -> Iterator[KioskApp]:
    services = enrolled_kiosk(closed_centre, tmp_path / "kiosk")
    yield services
    services.close()


def test_request_outside_the_calendar_is_refused_and_nothing_is_submitted(
        qtbot: QtBot, closed_centre: Centre, kiosk: KioskApp) -> None:
    wizard = KioskWizard(kiosk)
    qtbot.addWidget(wizard)
    wizard.show()
    choose_voter(qtbot, wizard, VOTER)
    click_next(wizard)
    type_identity(qtbot, wizard, VOTER)
    click_next(wizard)
    wait_request_page(qtbot, wizard)
    fill_request(qtbot, wizard, kiosk, new_phone())
    click_next(wizard)
    message = wizard.request_page.message
    qtbot.waitUntil(lambda: message.property("kind") == "error", timeout=WAIT_MS)
    assert wizard.currentId() == PageId.REQUEST
    assert "demande" in message.text().lower()
    assert any(word in message.text().lower() for word in ("ouvert", "période", "calendrier",
                                                           "pas encore", "clos"))
    # Nothing accepted, no ID issued, nothing left waiting (the centre may keep a trace of the
    # refusal it decided, which is an audit record, not a request).
    assert [r for r in centre_requests(closed_centre) if r["status"] == "accepted"] == []
    assert kiosk.pending_records() == [] and kiosk.status().pending == 0
    wizard.worker.wait(10_000)


def test_status_bar_tells_online_then_offline(qtbot: QtBot, closed_centre: Centre,
                                             kiosk: KioskApp) -> None:
    bar = KioskStatusBar(kiosk, refresh_ms=200)
    qtbot.addWidget(bar)
    bar.show()
    bar.start()
    qtbot.waitUntil(lambda: bar.connection.text() == "● Centre joignable", timeout=WAIT_MS)
    assert bar.pending.text() == "0 en attente"
    assert bar.last_sync.text().startswith("Dernière synchronisation : ")
    closed_centre.kill()
    bar.sync_button.click()
    qtbot.waitUntil(lambda: bar.connection.text() == "● Hors ligne", timeout=WAIT_MS)
    qtbot.waitUntil(bar.sync_button.isEnabled, timeout=WAIT_MS)
    bar.stop()
    bar.worker.wait(10_000)
