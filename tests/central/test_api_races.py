"""Races through the real server, on SQLite and on PostgreSQL: concurrent pushes for one voter
from several kiosks never exceed the quota; two voters racing for one phone never both get it;
the same record sent twice at once is decided once. Also with two API processes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text, update

from kiosk.store.models import (
    Notification,
    PhoneBinding,
    ReissueRequest,
    Voter,
    VoterCredential,
)
from tests.fixtures.centre import assert_tls_floor

from .test_api_support import (
    DB_PARAMS,
    ApiCentre,
    EnrolledKiosk,
    module_centre,
    new_phone,
    pull_all,
    reissue,
)

# The same races against ``serve --workers 2``: two processes deciding at once, so only the
# database's locks and constraints can keep the rules.
WORKERS = pytest.param("postgresql-2-workers", marks=pytest.mark.postgres)


@pytest.fixture(scope="module", params=[*DB_PARAMS, WORKERS])
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    kind, _, workers = str(request.param).partition("-")
    for started in module_centre(request, tmp_path_factory, kind, dispatch=False,
                                 workers=int(workers.split("-")[0] or 1)):
        started.set_calendar()
        yield started


def concurrently(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; results in the calls' order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def push_one(api: ApiCentre, kiosk: EnrolledKiosk, record: dict[str, Any]
             ) -> Callable[[], dict[str, Any]]:
    def call() -> dict[str, Any]:
        with api.centre.https_client(timeout=60) as client:
            answer = client.post("/v1/sync/push", json={"records": [record]},
                                 headers=kiosk.headers)
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()["results"][0]
        return result
    return call


def test_twenty_pushes_for_one_voter_from_four_kiosks_accept_exactly_three(
        api: ApiCentre) -> None:
    kiosks = [api.enrol() for _ in range(4)]
    [voter] = api.add_voters(1)
    phone = new_phone()
    results = concurrently([push_one(api, kiosks[i % 4], reissue(voter, phone))
                            for i in range(20)])
    statuses = [r["status"] for r in results]
    assert statuses.count("accepted") == 3
    assert {r["reason"] for r in results if r["status"] != "accepted"} == {"quota_exhausted"}
    assert sorted(r["requests_left"] for r in results if r["status"] == "accepted") == [0, 1, 2]
    row = api.voter_row(voter)
    assert (row.requests_used, row.id_version) == (3, 3)
    with api.session() as session:
        credentials = list(session.scalars(select(VoterCredential).where(
            VoterCredential.voter_id == row.id).order_by(VoterCredential.version)))
        queued = session.scalar(select(func.count()).select_from(Notification).join(
            ReissueRequest, ReissueRequest.id == Notification.request_id).where(
            ReissueRequest.voter_id == row.id))
    assert [c.version for c in credentials] == [1, 2, 3]
    assert [c.invalidated_at is None for c in credentials] == [False, False, True]
    assert queued == 6  # per accepted request: the SMS and the confirmation e-mail


def test_two_voters_racing_for_one_phone_only_one_gets_it(api: ApiCentre) -> None:
    kiosk_a, kiosk_b = api.enrol(), api.enrol()
    voters = api.add_voters(10)
    for first, second in zip(voters[::2], voters[1::2], strict=True):
        phone = new_phone()
        results = concurrently([push_one(api, kiosk_a, reissue(first, phone)),
                                push_one(api, kiosk_b, reissue(second, phone))])
        assert sorted(r["status"] for r in results) == ["accepted", "refused"]
        [loser] = [r for r in results if r["status"] == "refused"]
        assert loser["reason"] == "phone_taken"
        with api.session() as session:
            owners = list(session.scalars(select(PhoneBinding.voter_id).where(
                PhoneBinding.voter_id.in_([api.voter_row(first).id,
                                           api.voter_row(second).id]))))
        assert len(owners) == 1
        used = [api.voter_row(v).requests_used for v in (first, second)]
        assert sorted(used) == [0, 1]


def test_the_same_record_sent_twice_at_once_is_decided_once(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    record = reissue(voter)
    results = concurrently([push_one(api, kiosk, record) for _ in range(6)])
    assert all(r == results[0] for r in results)
    assert results[0]["status"] == "accepted"
    assert api.voter_row(voter).requests_used == 1


def test_two_worker_processes_answer_on_one_port(api: ApiCentre) -> None:
    if api.centre.settings.workers == 1:
        pytest.skip("one process")
    children = Path(f"/proc/{api.centre.process.pid}/task/{api.centre.process.pid}/children")
    pids = children.read_text().split()
    # The supervisor's children: the two spawned API workers (beside any helper process).
    workers = [p for p in pids if "spawn_main" in _cmdline(p)]
    assert len(workers) == 2, [_cmdline(p) for p in pids]
    # Each worker builds its own TLS context: the floor holds there too (several
    # connections, so more than one worker is likely to answer the handshakes).
    for _ in range(4):
        assert_tls_floor(api.centre)
    kiosk = api.enrol()
    voters = api.add_voters(6)
    results = concurrently([push_one(api, kiosk, reissue(v)) for v in voters])
    assert [r["status"] for r in results] == ["accepted"] * 6


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_push_waiting_on_the_database_leaves_the_server_answering(api: ApiCentre) -> None:
    """The decisions run in the thread pool, not on the event loop: while one push waits for a
    lock another transaction holds (the voter's row; on SQLite the write lock), the same
    process still answers (a push decided on the loop would stall every connection behind it).
    The question asked needs no database: an unknown address, answered by the router."""
    if api.centre.settings.workers != 1:
        pytest.skip("with two processes the other one could answer")
    engine = api.engine()
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    voter_id = api.voter_row(voter).id
    pushed: list[dict[str, Any]] = []
    with engine.begin() as holder:  # on SQLite, BEGIN IMMEDIATE
        holder.execute(select(Voter.id).where(Voter.id == voter_id).with_for_update())
        pusher = threading.Thread(target=lambda: pushed.append(
            push_one(api, kiosk, reissue(voter))()))
        pusher.start()
        _wait_for_a_lock_waiter(engine)
        with api.centre.https_client(timeout=20) as client:
            assert client.get("/v1/no-such-route").status_code == 404
        assert pusher.is_alive() and not pushed  # still waiting for the lock
    pusher.join(timeout=60)
    assert [r["status"] for r in pushed] == ["accepted"]


def _wait_for_a_lock_waiter(engine: Engine) -> None:
    """On PostgreSQL, until a server process waits for a lock. SQLite cannot tell: a pause
    long enough for the push to pass its token check and reach its BEGIN IMMEDIATE."""
    if engine.dialect.name != "postgresql":
        time.sleep(1.0)
        return
    deadline = time.monotonic() + 20
    with engine.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"))
            watcher.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the push never waited for the voter's row")


def test_reads_do_not_wait_for_a_writer(api: ApiCentre) -> None:
    """The token check, /healthz and a pull only read: while another transaction holds the
    write lock (SQLite) or has written a voter's row (PostgreSQL), they answer from what is
    committed instead of waiting for it."""
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    voter_id = api.voter_row(voter).id
    with api.engine().begin() as writer:  # on SQLite, BEGIN IMMEDIATE
        writer.execute(update(Voter).where(Voter.id == voter_id).values(last_name="Verrou"))
        with api.centre.https_client(timeout=20) as client:
            assert client.get("/healthz").status_code == 200
        names = {change["voter"]["last_name"] for change in pull_all(api, kiosk)[0]}
        assert voter.last_name in names and "Verrou" not in names
        writer.rollback()

