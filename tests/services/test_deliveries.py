"""Issue 9: a new ID the centre could not deliver lands in the kiosk's « À suivre » list, with
the reason and the voter's contact, and leaves it once handled (audited). The centre is real,
and so is its mail relay: an aiosmtpd server that refuses every recipient for good."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from kiosk.services.deliveries import DELIVERY_FAILED
from kiosk.store.models import AuditEntry
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import enrolled_kiosk, new_phone, new_voter, prepare_centre, submit


class _RefusingRelay:
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        return "550 5.1.1 Destinataire inconnu"


@pytest.fixture
def refusing_relay() -> Iterator[int]:
    port = free_port()
    controller = Controller(_RefusingRelay(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def test_failed_delivery_is_followed_up_then_handled(
        make_centre: Callable[..., Centre], refusing_relay: int, tmp_path: Path) -> None:
    centre = make_centre(smtp_host="127.0.0.1", smtp_port=refusing_relay)
    voter, fine = new_voter("Courriel"), new_voter("Texto")
    prepare_centre(centre, tmp_path, [voter, fine])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    try:
        submit(kiosk, voter, new_phone(), channel="email")
        submit(kiosk, fine, new_phone())  # SMS go to the spool: delivered
        deadline = time.monotonic() + 30
        while not kiosk.refresh_deliveries():  # the centre's dispatcher works in background
            assert time.monotonic() < deadline, "the centre never reported the failure"
            time.sleep(0.2)
        [item] = kiosk.follow_up_items()
        assert (item.reason, item.voter_email) == (DELIVERY_FAILED, voter.email)
        assert "contactez l'électeur" in item.message
        assert kiosk.status().follow_up == 1
        assert kiosk.refresh_deliveries() == 0  # settled records are not asked again
        history = kiosk.voter_history(kiosk.find_voters(voter.last_name).voters[0].ref)
        assert [e.state for e in history.entries] == ["delivery_failed"]

        kiosk.mark_handled(item.id)
        assert kiosk.follow_up_items() == []
        assert kiosk.status().follow_up == 0
        with kiosk.ctx.require_enrolled().store.sessions() as session:
            actions = session.scalars(select(AuditEntry.action)).all()
        assert "delivery.failed" in actions and "follow_up.handled" in actions
    finally:
        kiosk.close()
