"""The dispatcher on a real database, a real SMTP server (aiosmtpd) and the SMS spool."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.keys import load_or_create_keyring
from kiosk.central.notify import spool
from kiosk.central.notify.dispatcher import (
    BEAT,
    LEASE,
    STALE,
    Dispatcher,
    backoff,
    dispatcher_engine,
)
from kiosk.central.notify.messages import CONFIRMATION_SUBJECT, notifications_for, sms_text
from kiosk.central.notify.sms import SpoolSmsGateway
from kiosk.central.settings import CentralSettings
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from kiosk.store.models import DispatcherBeat, Notification
from tests.fixtures.centre import Centre, SmsGatewaySink, SmtpSink, free_port
from tests.fixtures.postgres import backend_pid, terminate_backends

VOTER_ID = "68WMEUWD5AEJ"
EMAIL = "jean.dupont@ac-dijon.fr"
PHONE = "+33612345678"


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def queue_request(sessions: Callable[[], Session], keyring: KeyRing, *,
                  channel: str = "sms", email: str = EMAIL,
                  queued_at: datetime | None = None) -> list[str]:
    """What the decision code queues for one accepted request (same columns, encrypted), at
    ``queued_at`` by the queuing host's clock."""
    drafts = notifications_for(channel=channel, voter_id=VOTER_ID, phone=PHONE, email=email,
                               phone_masked="06xxxxxx78", reference="ABCDEFGH23456789")
    ids = []
    with sessions() as session, session.begin():
        for draft in drafts:
            row = Notification(
                id=str(uuid.uuid4()), request_id=None, kind=draft.kind,
                destination_enc=keyring.encrypt(draft.destination),
                body_enc=keyring.encrypt(draft.body), status="queued", attempts=0,
                next_attempt_at=queued_at or utcnow(), sent_at=None, last_error=None,
            )
            session.add(row)
            ids.append(row.id)
    return ids


def _rows(sessions: Callable[[], Session]) -> list[Notification]:
    with sessions() as session:
        return list(session.scalars(select(Notification)))


def _settings(tmp_path: Path, **changes: object) -> CentralSettings:
    return CentralSettings(data_dir=tmp_path, **changes)  # type: ignore[arg-type]


def test_sms_to_the_spool_and_confirmation_through_real_smtp(
        sessions: sessionmaker[Session], smtp_server: SmtpSink, tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    settings = _settings(tmp_path, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    queue_request(sessions, keyring)
    assert Dispatcher(sessions, keyring, settings).run_once() == 2

    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == [EMAIL] and mail.message["To"] == EMAIL
    assert mail.subject == CONFIRMATION_SUBJECT
    assert "06xxxxxx78" in mail.body and VOTER_ID not in mail.body
    [sms] = spool.list_sms(settings.spool_dir)
    assert (sms.sender, sms.destination, sms.text) == ("36001", PHONE, sms_text(VOTER_ID))

    for row in _rows(sessions):
        assert row.status == "sent" and row.sent_at is not None
        assert row.body_enc == ""  # the clear text (the voter ID) is gone
    assert Dispatcher(sessions, keyring, settings).run_once() == 0
    assert len(smtp_server.messages) == 1


def test_email_channel_without_relay_goes_to_the_mail_spool(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    settings = _settings(tmp_path)
    queue_request(sessions, keyring, channel="email")
    assert Dispatcher(sessions, keyring, settings).run_once() == 2
    mails = spool.list_mail(settings.spool_dir)
    assert sorted(str(m["Subject"]) for m in mails) == sorted(
        [CONFIRMATION_SUBJECT, "MEN - Votre nouvel identifiant du portail de vote"])
    assert all(m["To"] == EMAIL for m in mails)
    assert any(VOTER_ID in m.get_body().get_content() for m in mails)  # type: ignore[union-attr]


def test_smtp_down_then_up_is_retried_and_delivered_once(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    sink = SmtpSink(free_port())  # not started: the relay is down
    settings = _settings(tmp_path, smtp_host=sink.host, smtp_port=sink.port, smtp_timeout=3.0)
    queue_request(sessions, keyring, channel="email")
    dispatcher = Dispatcher(sessions, keyring, settings)
    before = utcnow()
    assert dispatcher.run_once() == 0
    for row in _rows(sessions):
        assert (row.status, row.attempts) == ("queued", 1)
        assert row.next_attempt_at is not None and row.next_attempt_at > before
        assert row.last_error and EMAIL not in row.last_error
    assert dispatcher.run_once() == 0  # not due yet: no hammering of a dead relay
    assert {r.attempts for r in _rows(sessions)} == {1}

    sink.start()
    try:
        assert dispatcher.run_once(now=utcnow() + backoff(1) + timedelta(seconds=1)) == 2
        received = sink.wait_for(2)
        time.sleep(0.2)
        assert len(sink.messages) == 2 == len(received)
        assert dispatcher.run_once(now=utcnow() + timedelta(hours=1)) == 0
        assert len(sink.messages) == 2
        assert {r.status for r in _rows(sessions)} == {"sent"}
    finally:
        sink.stop()


def test_backoff_grows_and_is_capped() -> None:
    delays = [backoff(n) for n in range(1, 15)]
    assert delays[:4] == [timedelta(seconds=s) for s in (1, 2, 4, 8)]
    assert delays == sorted(delays) and delays[-1] == timedelta(minutes=5)


def test_two_dispatchers_never_send_a_message_twice(
        sessions: sessionmaker[Session], smtp_server: SmtpSink, tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    settings = _settings(tmp_path, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    for i in range(10):
        queue_request(sessions, keyring, channel="email", email=f"agent{i}@ac-dijon.fr")
    counts: list[int] = []
    workers = [threading.Thread(
        target=lambda: counts.append(Dispatcher(sessions, keyring, settings).run_once()))
        for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(counts) == 20
    smtp_server.wait_for(20)
    time.sleep(0.3)
    ids = [m.message["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == len(set(ids)) == 20


def test_undecryptable_row_is_kept_and_others_still_go(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    queue_request(sessions, KeyRing.generate())  # another deployment's keys
    queue_request(sessions, keyring)
    assert Dispatcher(sessions, keyring, _settings(tmp_path)).run_once() == 2
    states = sorted((r.status, r.attempts) for r in _rows(sessions))
    assert states == [("queued", 1), ("queued", 1), ("sent", 1), ("sent", 1)]


class _ProcessDied(BaseException):
    """Escapes every ``except Exception``, as a kill leaves no handler to run."""


class _DyingSpool(SpoolSmsGateway):
    """Writes the SMS, then the process "dies" before the dispatcher can record it sent."""

    def send(self, destination: str, text: str, *, key: str) -> None:
        super().send(destination, text, key=key)
        raise _ProcessDied


def _beats(sessions: Callable[[], Session]) -> dict[str, datetime]:
    with sessions() as session:
        return {b.id: b.beat_at for b in session.scalars(select(DispatcherBeat))}


def test_death_between_send_and_record_resends_the_same_sms_once_its_beats_stop(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    settings = _settings(tmp_path)
    queue_request(sessions, keyring)
    claimed_at = utcnow()
    dead = Dispatcher(sessions, keyring, settings, sms=_DyingSpool(settings.spool_dir))
    with pytest.raises(_ProcessDied):
        dead.run_once(now=claimed_at)
    [first] = spool.list_sms(settings.spool_dir)
    # Both rows of the request were claimed in one batch; neither was recorded.
    assert {(r.status, r.attempts, r.claimed_by) for r in _rows(sessions)} == {
        ("queued", 1, dead.id)}
    assert all(r.body_enc for r in _rows(sessions))
    last_beat = _beats(sessions)[dead.id]  # a kill withdraws nothing

    restarted = Dispatcher(sessions, keyring, settings)
    assert restarted.run_once(now=last_beat + STALE - timedelta(seconds=1)) == 0
    assert restarted.run_once(now=last_beat + STALE + timedelta(seconds=1)) == 2
    assert STALE + timedelta(seconds=1) < LEASE  # long before the lease would have run out
    [again] = spool.list_sms(settings.spool_dir)  # the same file, rewritten: one message
    assert (again.path, again.text) == (first.path, sms_text(VOTER_ID))
    assert len(spool.list_mail(settings.spool_dir)) == 1
    assert {(r.status, r.attempts, r.body_enc, r.claimed_by) for r in _rows(sessions)} == {
        ("sent", 2, "", None)}
    assert list(_beats(sessions)) == [dead.id]  # the restarted one withdrew its own beat


def test_a_lease_without_a_dispatcher_waits_out_its_two_minutes(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """Rows claimed before dispatchers beat (claimed_by NULL) keep the plain lease."""
    keyring = KeyRing.generate()
    queue_request(sessions, keyring)
    claimed_at = utcnow()
    with sessions() as session, session.begin():
        for row in session.scalars(select(Notification)):
            row.attempts, row.next_attempt_at = 1, claimed_at + LEASE
    dispatcher = Dispatcher(sessions, keyring, _settings(tmp_path))
    assert dispatcher.run_once(now=claimed_at + STALE + timedelta(seconds=1)) == 0
    assert dispatcher.run_once(now=claimed_at + LEASE + timedelta(seconds=1)) == 2


class _HeldSpool(SpoolSmsGateway):
    """A relay slower than ``STALE``: holds the send until the test lets it go."""

    def __init__(self, spool_dir: Path) -> None:
        super().__init__(spool_dir)
        self.entered, self.release = threading.Event(), threading.Event()

    def send(self, destination: str, text: str, *, key: str) -> None:
        self.entered.set()
        assert self.release.wait(30)
        super().send(destination, text, key=key)


def test_a_dispatcher_still_sending_keeps_its_leases_by_beating(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    keyring = KeyRing.generate()
    settings = _settings(tmp_path)
    queue_request(sessions, keyring)
    held = _HeldSpool(settings.spool_dir)
    busy = Dispatcher(sessions, keyring, settings, sms=held)
    counts: list[int] = []
    worker = threading.Thread(target=lambda: counts.append(busy.run_once()))
    worker.start()
    try:
        assert held.entered.wait(10)
        first_beat = _beats(sessions)[busy.id]
        time.sleep(2.5 * BEAT)
        later_beat = _beats(sessions)[busy.id]
        assert later_beat >= first_beat + timedelta(seconds=2 * BEAT) - timedelta(seconds=0.2)
        other = Dispatcher(sessions, keyring, settings)
        # Past the first beat's staleness but within the latest one's: still busy's rows.
        assert other.run_once(now=first_beat + STALE + timedelta(seconds=1)) == 0
        assert {r.claimed_by for r in _rows(sessions)} == {busy.id}
    finally:
        held.release.set()
        worker.join(30)
    assert counts == [2]
    assert {(r.status, r.attempts) for r in _rows(sessions)} == {("sent", 1)}
    assert _beats(sessions) == {}  # withdrawn once its run was over
    assert len(spool.list_sms(settings.spool_dir)) == 1


def test_dispatchers_on_hosts_whose_clocks_differ_agree_on_who_is_alive(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """One host's clock 30 s behind, another's 30 s ahead: both beat and lease in the
    database's time, so the second does not take the first, still sending, for dead (its beats
    looked a minute old, past ``STALE``, and its SMS went twice)."""
    keyring = KeyRing.generate()
    settings = _settings(tmp_path)
    queue_request(sessions, keyring)
    held = _HeldSpool(settings.spool_dir)
    behind = Dispatcher(sessions, keyring, settings, sms=held,
                        clock=lambda: utcnow() - timedelta(seconds=30))
    ahead = Dispatcher(sessions, keyring, settings, clock=lambda: utcnow() + timedelta(seconds=30))
    counts: list[int] = []
    worker = threading.Thread(target=lambda: counts.append(behind.run_once()))
    worker.start()
    try:
        assert held.entered.wait(10)
        beat = _beats(sessions)[behind.id]
        assert abs(beat - utcnow()) < timedelta(seconds=5)  # the database's time, not its host's
        assert abs(ahead.now() - utcnow()) < timedelta(seconds=5)
        assert ahead.run_once() == 0
        assert {r.claimed_by for r in _rows(sessions)} == {behind.id}
    finally:
        held.release.set()
        worker.join(30)
    assert counts == [2]
    assert len(spool.list_sms(settings.spool_dir)) == 1
    assert {(r.status, r.attempts) for r in _rows(sessions)} == {("sent", 1)}
    assert all(abs(r.sent_at - utcnow()) < timedelta(seconds=5) for r in _rows(sessions))


def test_a_message_queued_by_a_host_whose_clock_is_ahead_goes_at_once(
        sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """The API host writes a new message's time with its own clock; ten minutes ahead of the
    database, its voter's SMS and e-mail waited those ten minutes."""
    keyring = KeyRing.generate()
    settings = _settings(tmp_path, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout=1.0)
    queue_request(sessions, keyring, queued_at=utcnow() + timedelta(minutes=10))
    dispatcher = Dispatcher(sessions, keyring, settings)
    assert dispatcher.run_once() == 1  # the SMS to the spool; no relay listens for the e-mail
    assert len(spool.list_sms(settings.spool_dir)) == 1
    assert sorted((r.kind, r.status, r.attempts) for r in _rows(sessions)) == [
        ("confirmation", "queued", 1), ("sms", "sent", 1)]
    assert dispatcher.run_once() == 0  # a failed one still waits out its backoff
    assert {r.attempts for r in _rows(sessions)} == {1}


# --- inside the real server -----------------------------------------------------------------
def _queue_in(centre: Centre, channel: str = "sms") -> None:
    engine = make_engine(centre.database_url)
    try:
        queue_request(make_sessionmaker(engine), load_or_create_keyring(centre.settings),
                      channel=channel)
    finally:
        engine.dispose()


def test_serve_sends_within_seconds(make_centre: Callable[..., Centre],
                                    smtp_server: SmtpSink) -> None:
    centre = make_centre(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    started = time.monotonic()
    _queue_in(centre)
    [mail] = smtp_server.wait_for(1, timeout=10)
    assert mail.subject == CONFIRMATION_SUBJECT
    deadline = time.monotonic() + 10
    while not spool.list_sms(centre.spool_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert spool.list_sms(centre.spool_dir)[0].text == sms_text(VOTER_ID)
    assert time.monotonic() - started < 5


def test_no_dispatch_leaves_it_to_the_worker_command(make_centre: Callable[..., Centre]) -> None:
    centre = make_centre(dispatch=False)
    _queue_in(centre)
    time.sleep(1.5)
    assert spool.list_sms(centre.spool_dir) == []
    code, out, err = centre.cli("dispatch", "--once")
    assert code == 0, err
    assert out.strip().startswith("2 ")
    assert spool.list_sms(centre.spool_dir)[0].destination == PHONE


@pytest.fixture
def held_gateway() -> Iterator[SmsGatewaySink]:
    gateway = SmsGatewaySink(hold_first=True)
    gateway.start()
    yield gateway
    gateway.stop()


def test_a_dispatch_worker_killed_mid_send_has_its_sms_resent_once_its_beats_go_stale(
        make_centre: Callable[..., Centre], held_gateway: SmsGatewaySink) -> None:
    centre = make_centre(dispatch=False)
    _queue_in(centre)
    worker = subprocess.Popen(
        [sys.executable, "-m", "kiosk.central.cli", "dispatch"],
        env={**centre.env, "KIOSK_CENTRAL_SMS_GATEWAY_URL": held_gateway.url},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert held_gateway.entered.wait(60), "the worker never reached the gateway"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    engine = make_engine(centre.database_url)
    try:
        sessions = make_sessionmaker(engine)
        [(owner, last_beat)] = _beats(sessions).items()
        [sms_row] = [r for r in _rows(sessions) if r.kind == "sms"]
        assert (sms_row.status, sms_row.claimed_by) == ("queued", owner)
        assert [post.body for post in held_gateway.posts] == [
            {"from": held_gateway.posts[0].body["from"], "to": PHONE, "text": sms_text(VOTER_ID),
             "reference": f"notification-{sms_row.id}"}]
        pending = [r.id for r in _rows(sessions) if r.status == "queued"]

        # The restarted worker (here, to the spool) takes the rows ten seconds after the
        # dead one's last beat, not two minutes after its claim.
        restarted = Dispatcher(sessions, load_or_create_keyring(centre.settings),
                               centre.settings)
        assert restarted.run_once(now=last_beat + STALE - timedelta(seconds=1)) == 0
        assert restarted.run_once(now=last_beat + STALE + timedelta(seconds=1)) == len(pending)
        [resent] = spool.list_sms(centre.spool_dir)
        assert (resent.destination, resent.text) == (PHONE, sms_text(VOTER_ID))
        assert {(r.status, r.body_enc) for r in _rows(sessions)} == {("sent", "")}
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_worker_loop_reconnects_before_a_poll_after_its_session_was_dropped(
        postgres_url: str, tmp_path: Path) -> None:
    """The database ended the worker's session (a restart, a failover) a moment after a poll:
    the next poll still gets a live connection, with no error and no back-off."""
    upgrade(postgres_url)
    engine = dispatcher_engine(_settings(tmp_path, database_url=postgres_url))
    try:
        with engine.connect() as connection:
            pid = backend_pid(connection)
        terminate_backends(postgres_url, pid)
        with engine.connect() as connection:
            assert backend_pid(connection) != pid
    finally:
        engine.dispose()


@pytest.mark.timeout(60)  # with the write lock wanted, the poll would wait 30 s and fail
def test_an_idle_poll_does_not_wait_for_or_take_the_sqlite_write_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    keyring = KeyRing.generate()
    dispatcher = Dispatcher(sessions, keyring, _settings(tmp_path))
    writer = sqlite3.connect(tmp_path / "centre.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a decision in progress on the SQLite centre
        assert dispatcher.run_once() == 0  # nothing due: answered without the lock
        writer.execute("ROLLBACK")
        queue_request(sessions, keyring)
        assert dispatcher.run_once() == 2  # something due: claimed and sent as before
        assert {row.status for row in _rows(sessions)} == {"sent"}
    finally:
        writer.close()
        engine.dispose()
