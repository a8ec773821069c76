"""Issue 5: the kiosk keeps working with the centre down and reconciles later, under the same
rules. The module's centre is stopped and restarted by the tests (each leaves it running)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.services.app import KioskApp
from kiosk.services.contracts import RequestRefused, ServiceError
from kiosk.services.requests import SENT, WAITING
from kiosk.services.sync import SyncLoop, describe
from kiosk.store import audit
from kiosk.store.models import AuditEntry
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    add_voters,
    centre_requests,
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    ref_of,
    submit,
)


@pytest.fixture
def centre(ready_centre: Centre) -> Iterator[Centre]:
    yield ready_centre
    if not ready_centre.running:
        ready_centre.start()


def _records(kiosk: KioskApp) -> list[str]:
    from sqlalchemy import select

    from kiosk.store.models import OutboxRecord

    with kiosk.ctx.require_enrolled().store.sessions() as session:
        return list(session.scalars(select(OutboxRecord.id).where(
            OutboxRecord.kind == "reissue_request")))


def test_offline_acceptances_are_decided_once_after_the_centre_returns(
        centre: Centre, tmp_path: Path) -> None:
    first, second, third = new_voter(), new_voter(), new_voter()
    add_voters(centre, tmp_path, [first, second, third])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    phones = [new_phone() for _ in range(3)]
    try:
        refs = [ref_of(kiosk, v) for v in (first, second, third)]
        centre.kill()
        confirmations = [submit(kiosk, first, phones[0], ref=refs[0]),
                         submit(kiosk, first, phones[0], ref=refs[0]),
                         submit(kiosk, second, phones[1], ref=refs[1]),
                         submit(kiosk, third, phones[2], ref=refs[2]),
                         submit(kiosk, first, phones[0], ref=refs[0])]
        assert {c.state for c in confirmations} == {WAITING}
        assert [c.requests_left for c in confirmations] == [2, 1, 2, 2, 0]
        # The offline view counts the kiosk's own pending records...
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, first, phones[0], ref=refs[0])
        assert caught.value.code == "quota_exhausted"
        assert kiosk.requests_left(refs[0]) == 0
        # ...and the phones they claim.
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, second, phones[0], ref=refs[1])
        assert caught.value.code == "phone_taken"
        status = kiosk.status()
        assert (status.online, status.pending, status.follow_up) == (False, 5, 0)
        assert "Hors ligne" in describe(status)
        assert kiosk.sync_now().pending == 5  # still down: nothing lost, nothing decided

        centre.start()
        status = kiosk.sync_now()
        assert (status.online, status.pending, status.follow_up) == (True, 0, 0)
        kiosk.sync_now()  # a second sync sends nothing again
        at_centre = centre_requests(centre)
        ids = set(_records(kiosk))
        mine = [r for r in at_centre if r["id"] in ids]
        assert len(mine) == len(ids) == 5
        assert all(r["status"] == "accepted" for r in mine)
        # The receipts printed offline carry the references the centre kept.
        assert {r["reference"] for r in mine} == {c.reference for c in confirmations}
        client = kiosk.ctx.require_enrolled().client
        assert client.request_status(confirmations[0].reference)["status"] == "accepted"
        assert kiosk.requests_left(refs[0]) == 0  # the pull agrees with the offline view
        with kiosk.ctx.require_enrolled().store.sessions() as session:
            assert audit.verify(session) == []
    finally:
        kiosk.close()


def test_an_answer_counts_before_the_next_pull(centre: Centre, tmp_path: Path) -> None:
    """What the centre accepted online is applied to the kiosk's view at once (quota used,
    phone bound), so a request made offline before any pull cannot claim it again."""
    first, second = new_voter(), new_voter()
    add_voters(centre, tmp_path, [first, second])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    phone = new_phone()
    try:
        refs = [ref_of(kiosk, v) for v in (first, second)]
        assert submit(kiosk, first, phone, ref=refs[0]).state == SENT
        assert submit(kiosk, second, new_phone(), ref=refs[1]).state == SENT
        centre.kill()  # no pull between the answers and what follows
        assert kiosk.requests_left(refs[0]) == 2
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, second, phone, ref=refs[1])
        assert caught.value.code == "phone_taken"
        assert submit(kiosk, first, phone, ref=refs[0]).state == WAITING  # their own number
    finally:
        kiosk.close()


def test_two_kiosks_offline_five_requests_three_accepted(centre: Centre, tmp_path: Path) -> None:
    two_kiosks_offline(centre, tmp_path)


@pytest.mark.postgres
@pytest.mark.parametrize("centre_database_url", ["postgresql"], indirect=True)
def test_two_kiosks_offline_against_a_postgresql_centre(
        make_centre: Callable[..., Centre], tmp_path: Path) -> None:
    centre = make_centre()
    prepare_centre(centre, tmp_path, [])
    two_kiosks_offline(centre, tmp_path)


def two_kiosks_offline(centre: Centre, tmp_path: Path) -> None:
    voter = new_voter("Petit", "Anaïs")
    add_voters(centre, tmp_path, [voter])
    kiosk_a = enrolled_kiosk(centre, tmp_path / "a")
    kiosk_b = enrolled_kiosk(centre, tmp_path / "b")
    phone = new_phone()
    try:
        ref = ref_of(kiosk_a, voter)
        centre.kill()
        for _ in range(3):
            assert submit(kiosk_a, voter, phone, ref=ref).state == WAITING
        for _ in range(2):
            assert submit(kiosk_b, voter, phone, ref=ref).state == WAITING
        centre.start()
        # Both come back at once.
        threads = [threading.Thread(target=k.sync_now) for k in (kiosk_a, kiosk_b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        kiosk_a.sync_now()
        kiosk_b.sync_now()
        at_centre = [r for r in centre_requests(centre) if r["voter_id"] == int(ref)]
        assert sorted(r["status"] for r in at_centre) == ["accepted"] * 3 + ["refused"] * 2
        items = kiosk_a.follow_up_items() + kiosk_b.follow_up_items()
        assert len(items) == 2
        assert {i.reason for i in items} == {"quota_exhausted"}
        assert all(i.voter_email == voter.email and i.voter_name.startswith(voter.last_name)
                   for i in items)
        assert all("3 fois" in i.message for i in items)
        statuses = [kiosk_a.status(), kiosk_b.status()]
        assert sum(s.follow_up for s in statuses) == 2 and sum(s.pending for s in statuses) == 0
        owner = kiosk_a if kiosk_a.follow_up_items() else kiosk_b
        item = owner.follow_up_items()[0]
        owner.mark_handled(item.id)
        assert item.id not in {i.id for i in owner.follow_up_items()}
        with pytest.raises(ServiceError):
            owner.mark_handled(item.id)
        store = owner.ctx.require_enrolled().store
        with store.sessions() as session:
            assert audit.verify(session) == []
            assert "follow_up.handled" in session.scalars(select(AuditEntry.action)).all()
        assert kiosk_a.requests_left(ref) == kiosk_b.requests_left(ref) == 0
    finally:
        kiosk_a.close()
        kiosk_b.close()


def test_offline_acceptance_stops_when_the_window_closes_by_the_kiosk_clock(
        centre: Centre, tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    try:
        calendar = kiosk.ctx.require_enrolled().store.calendar()  # pulled from the centre
        assert calendar is not None
        centre.kill()
        assert submit(kiosk, voter, new_phone()).state == WAITING
        after_close = calendar.voting_closes + timedelta(minutes=1)
        kiosk.ctx.clock = lambda: after_close  # still offline, past the close
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, voter, new_phone())
        assert caught.value.code == "outside_window"
        assert kiosk.status().pending == 1
    finally:
        kiosk.close()


def test_the_background_loop_syncs_when_the_centre_returns(centre: Centre,
                                                           tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    enrolled = kiosk.ctx.require_enrolled()
    try:
        centre.kill()
        assert submit(kiosk, voter, new_phone()).state == WAITING
        enrolled.loop = SyncLoop(enrolled.syncer, interval=0.2, base=0.1, max_backoff=0.5)
        enrolled.loop.start()
        centre.start()
        enrolled.loop.wake()
        deadline = time.monotonic() + 60
        while kiosk.status().pending and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kiosk.status().pending == 0
        assert submit(kiosk, voter, new_phone()).state == SENT
    finally:
        kiosk.close()


def test_backoff_grows_with_failures_and_is_jittered() -> None:
    loop = SyncLoop(syncer=None, interval=20.0, base=2.0, max_backoff=300.0)  # type: ignore[arg-type]
    assert loop.next_delay() == 20.0
    loop.failures = 3
    delays = {loop.next_delay() for _ in range(200)}
    assert all(0.5 <= d <= 16.0 for d in delays) and len(delays) > 150
    loop.failures = 50
    assert all(d <= 300.0 for d in (loop.next_delay() for _ in range(200)))
