"""The kiosk's disk fills up (or turns read-only): a clear French message, nothing half-written,
no earlier record lost, and the kiosk carries on by itself once there is room again.

The fault is SQLite's own: ``PRAGMA max_page_count`` pins the kiosk database at its current
size, so the next write that needs a page fails with "database or disk is full", exactly as on
a full disk; ``PRAGMA query_only`` makes a write fail the way a read-only medium does. Both are
set on every connection the kiosk's engine hands out while the fault lasts. The centre is a
real ``kiosk-central serve``; it is stopped for part of the first test so that some records are
still waiting in the outbox when the disk fills.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from kiosk.services import outbox
from kiosk.services.app import STORAGE_ERROR, KioskApp
from kiosk.services.contracts import Confirmation, ServiceError
from kiosk.services.requests import SENT, WAITING
from kiosk.store.models import OutboxRecord
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    centre_requests,
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    submit,
)


class DiskFault:
    """Turns the kiosk database full (or read-only) for every connection, then back."""

    def __init__(self, kiosk: KioskApp) -> None:
        self.engine = kiosk.ctx.require_enrolled().store.engine
        self.pragmas: list[str] = []
        event.listen(self.engine, "checkout", self._on_checkout)

    def _on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in self.pragmas or ["PRAGMA query_only=0", "PRAGMA max_page_count=4294967294"]:
            cursor.execute(pragma)
        cursor.close()

    def full(self) -> None:
        with self.engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        self.pragmas = [f"PRAGMA max_page_count={int(pages)}"]

    def read_only(self) -> None:
        self.pragmas = ["PRAGMA query_only=1"]

    def clear(self) -> None:
        self.pragmas = []

    def remove(self) -> None:
        self.clear()
        with self.engine.connect():
            pass  # one checkout resets the pooled connection
        event.remove(self.engine, "checkout", self._on_checkout)


@pytest.fixture
def kiosk_at(centre: Centre, tmp_path: Path) -> Iterator[Callable[[list[RegisterVoter]],
                                                                 KioskApp]]:
    kiosks: list[KioskApp] = []

    def make(voters: list[RegisterVoter]) -> KioskApp:
        prepare_centre(centre, tmp_path, voters)
        kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
        kiosks.append(kiosk)
        return kiosk

    yield make
    for kiosk in kiosks:
        kiosk.close()


def outbox_rows(kiosk: KioskApp) -> dict[str, str]:
    """reference -> state of every record in the kiosk's outbox."""
    store = kiosk.ctx.require_enrolled().store
    with store.sessions() as session:
        return {r.reference: r.state for r in session.scalars(select(OutboxRecord))}


def outbox_count(kiosk: KioskApp) -> int:
    store = kiosk.ctx.require_enrolled().store
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRecord)) or 0)


def test_a_full_disk_refuses_the_request_in_french_and_loses_nothing_before_it(
        centre: Centre, kiosk_at: Callable[[list[RegisterVoter]], KioskApp]) -> None:
    voters = [new_voter(f"Plein{letter}x", "Disque") for letter in "ABCDEFGHJKLM"]
    kiosk = kiosk_at(voters)
    sent = submit(kiosk, voters[0], new_phone())
    assert sent.state == SENT
    centre.kill()  # what follows waits in the outbox
    waiting = submit(kiosk, voters[1], new_phone())
    assert waiting.state == WAITING

    fault = DiskFault(kiosk)
    fault.full()
    confirmed: list[Confirmation] = [sent, waiting]
    refusal: ServiceError | None = None
    # The database is pinned at its size: requests fit in the pages' free room until one
    # needs a new page. Each voter asks at most 3 times (the quota).
    for voter, _ in itertools.product(voters[2:], range(3)):
        before = outbox_count(kiosk)
        try:
            confirmed.append(submit(kiosk, voter, new_phone()))
        except ServiceError as exc:
            refusal = exc
            assert outbox_count(kiosk) == before  # the failed request left nothing
            break
    assert refusal is not None, "the database never filled up"
    assert refusal.code == "storage_error" and refusal.message == STORAGE_ERROR
    assert "disque plein" in refusal.message and "rien n'a été enregistré" in refusal.message

    rows = outbox_rows(kiosk)
    assert set(rows) == {c.reference for c in confirmed}  # every confirmed request is kept
    assert rows[sent.reference] != outbox.PENDING

    # Room again, centre back: the kiosk catches up by itself, each request once.
    fault.remove()
    centre.start()
    status = kiosk.sync_now()
    assert (status.online, status.pending) == (True, 0)
    decided = [r for r in centre_requests(centre) if r["status"] == "accepted"]
    assert sorted(r["reference"] for r in decided) == sorted(c.reference for c in confirmed)
    after = submit(kiosk, voters[-1], new_phone())
    assert after.state == SENT


def test_a_disk_failing_after_the_record_is_written_does_not_say_nothing_was_recorded(
        centre: Centre, kiosk_at: Callable[[list[RegisterVoter]], KioskApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    voter = new_voter("Lecture", "Seule")
    kiosk = kiosk_at([voter])
    fault = DiskFault(kiosk)
    syncer = kiosk.ctx.require_enrolled().syncer
    push_now = syncer.push_now

    def push_on_a_failing_disk(record_ids: list[str], *, wait: float) -> list[outbox.Outcome]:
        fault.read_only()  # the record is committed; writing the centre's answer will fail
        return push_now(record_ids, wait=wait)

    monkeypatch.setattr(syncer, "push_now", push_on_a_failing_disk)
    confirmation = submit(kiosk, voter, new_phone())
    # The centre accepted it, the kiosk could not note that down: the receipt says it waits
    # for the sync, which is true, rather than that nothing was recorded, which is false.
    assert confirmation.state == WAITING
    fault.remove()
    assert outbox_rows(kiosk) == {confirmation.reference: outbox.PENDING}
    kiosk.sync_now()
    assert outbox_rows(kiosk)[confirmation.reference] != outbox.PENDING
    accepted = [r for r in centre_requests(centre) if r["status"] == "accepted"]
    assert [r["reference"] for r in accepted] == [confirmation.reference]  # once, not twice
