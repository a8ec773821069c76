"""Send what the decisions queued: Notification rows, status "queued", due now.

Claiming is a short transaction that pushes the row's ``next_attempt_at`` one lease ahead and
writes whose lease it is (on PostgreSQL under ``FOR UPDATE SKIP LOCKED`` so several
dispatchers never take the same row; on SQLite the write transaction is the lock). Sending
happens outside any transaction, so a slow relay never blocks the API's writers. While a
dispatcher holds leases it beats (``dispatcher_beats``) every second; if its process dies, the
beats stop and its rows are due again ``STALE`` after the last one, instead of when the
two-minute lease runs out. The row is then sent again: delivery is at least once, and a resend
carries the same text (the same voter ID) and the same reference, since the body is only wiped
once the message is marked sent.

Beats and leases are written and compared in the database's time (``Dispatcher.now``): the
dispatchers of several hosts share it, and their own clocks may differ by more than ``STALE``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, and_, delete, exists, or_, select, text, update
from sqlalchemy.orm import Session

from kiosk.central.notify.errors import SendError
from kiosk.central.notify.messages import EmailText, parse_body
from kiosk.central.notify.sms import SmsGateway, gateway_from_settings
from kiosk.central.notify.smtp import Mailer, build_email, mailer_from_settings
from kiosk.central.settings import CentralSettings
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import read_only
from kiosk.store.models import DispatcherBeat, Notification

log = logging.getLogger(__name__)

QUEUED, SENT, FAILED = "queued", "sent", "failed"
LEASE = timedelta(minutes=2)  # longer than any send can take (SMTP timeout 10 s)
BEAT = 1.0  # seconds between two beats of a dispatcher that holds leases
# A dispatcher silent this long is taken for dead. Ten beats: a busy database or a pause of
# the process does not make a live one look dead.
STALE = timedelta(seconds=10)
# How often a dispatcher reads the database's clock again to learn how far its host's is from
# it: a host's clock drifts slowly, and NTP or a person may set it at any time.
CLOCK_CHECK = 60.0
BATCH = 20
MAX_ATTEMPTS = 30  # with the backoff below: about two hours of trying
BACKOFF_BASE = timedelta(seconds=1)
BACKOFF_MAX = timedelta(minutes=5)

SessionFactory = Callable[[], Session]


def database_now(session: Session) -> datetime:
    """The database server's clock now, in UTC (on SQLite, this host's)."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(text("SELECT clock_timestamp()")).scalar_one()
        return value.astimezone(UTC)  # type: ignore[no-any-return]
    value = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed ones: 1 s, 2 s, 4 s ... 5 min."""
    return min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 20)), BACKOFF_MAX)


@dataclass(frozen=True)
class _Claimed:
    id: object
    kind: str
    destination_enc: str
    body_enc: str
    attempts: int


class Dispatcher:
    def __init__(
        self, session_factory: SessionFactory, keyring: KeyRing, settings: CentralSettings,
        *, mailer: Mailer | None = None, sms: SmsGateway | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.keyring = keyring
        self.settings = settings
        self.mailer = mailer or mailer_from_settings(settings)
        self.sms = sms or gateway_from_settings(settings)
        self.id = str(uuid.uuid4())
        self.clock = clock  # this host's
        self._offset = timedelta(0)
        self._offset_read: float | None = None  # time.monotonic() of the last reading

    def now(self, host_time: datetime | None = None) -> datetime:
        """``host_time`` (this host's clock by default) in the database's time."""
        return (host_time or self.clock()) + self._clock_offset()

    def _clock_offset(self) -> timedelta:
        read = self._offset_read
        if read is None or time.monotonic() - read >= CLOCK_CHECK:
            # A read: waiting for a writer's lock here would also skew the offset measured.
            with read_only(), self.session_factory() as session:
                before = self.clock()
                server = database_now(session)
                after = self.clock()
                session.rollback()
            self._offset = server - (before + (after - before) / 2)
            self._offset_read = time.monotonic()
        return self._offset

    def run_once(self, *, now: datetime | None = None) -> int:
        """Send every due notification (in batches); return how many were sent.

        ``now`` is a time of this host's clock (tests, ``--once``), like the default.
        Beats from the first claim until it returns. Its beat is then withdrawn, so a row it
        could not record (the database went away) is due again at once; a process killed
        here withdraws nothing, and its rows wait ``STALE`` after its last beat."""
        sent = 0
        heart: _Heart | None = None
        withdraw = False
        try:
            while True:
                at = self.now(now)
                claimed = self._claim(at)
                if not claimed:
                    break
                if heart is None:
                    heart = _Heart(self)
                for item in claimed:
                    sent += self._deliver(item, at)
            withdraw = True
        except Exception:
            withdraw = True
            raise
        finally:  # a BaseException stands for the kill here: the beats stop, nothing else
            if heart is not None:
                heart.stop()
                if withdraw:
                    self._withdraw()
        return sent

    def beat(self, at: datetime | None = None) -> None:
        """Beat at ``at``, a time of the database's clock (now by default)."""
        with self.session_factory() as session, session.begin():
            self._beat(session, at or self.now())

    def _beat(self, session: Session, at: datetime) -> None:
        done = session.execute(update(DispatcherBeat).where(DispatcherBeat.id == self.id)
                               .values(beat_at=at))
        if not done.rowcount:  # type: ignore[attr-defined]
            session.add(DispatcherBeat(id=self.id, beat_at=at))

    def _withdraw(self) -> None:
        try:
            with self.session_factory() as session, session.begin():
                session.execute(delete(DispatcherBeat).where(DispatcherBeat.id == self.id))
        except Exception as exc:  # the beat then goes stale by itself
            log.warning("dispatcher: beat not withdrawn: %s", type(exc).__name__)

    def _claim(self, now: datetime) -> list[_Claimed]:
        alive = exists().where(DispatcherBeat.id == Notification.claimed_by,
                               DispatcherBeat.beat_at > now - STALE)
        due = and_(
            Notification.status == QUEUED,
            # Never tried: due whatever its time. The API host that queued it wrote
            # next_attempt_at with its own clock, which may be ahead of the database's.
            or_(Notification.attempts == 0,
                Notification.next_attempt_at.is_(None),
                Notification.next_attempt_at <= now,
                and_(Notification.claimed_by.is_not(None), ~alive)))
        # Looked for first without a lock: on SQLite a claim takes the database's write lock,
        # and an idle poll (four a second) would hold up the decisions each time.
        with read_only(), self.session_factory() as session:
            if session.scalar(select(Notification.id).where(due).limit(1)) is None:
                return []
        with self.session_factory() as session, session.begin():
            query = (
                select(Notification).where(due)
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(BATCH)
            )
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(of=Notification, skip_locked=True)
            rows = list(session.scalars(query))
            claimed = []
            for row in rows:
                row.attempts = (row.attempts or 0) + 1
                row.next_attempt_at = now + LEASE
                row.claimed_by = self.id
                claimed.append(_Claimed(row.id, row.kind, row.destination_enc, row.body_enc,
                                        row.attempts))
            if claimed:  # in the claim's transaction: no one sees the lease without a beat
                self._beat(session, now)
            return claimed

    def _deliver(self, item: _Claimed, at: datetime) -> int:
        try:
            self._send(item)
        except SendError as exc:
            self._record_failure(item, str(exc), at, permanent=exc.permanent)
            return 0
        except Exception as exc:
            # A bug or undecryptable row: logged by type only (the text could hold data).
            log.error("notification %s: unexpected %s", item.id, type(exc).__name__)
            self._record_failure(item, f"Erreur interne ({type(exc).__name__}).", at,
                                 permanent=False)
            return 0
        self._record_sent(item)
        return 1

    def _send(self, item: _Claimed) -> None:
        key = f"notification-{item.id}"
        destination = self.keyring.decrypt(item.destination_enc)
        body = parse_body(item.kind, self.keyring.decrypt(item.body_enc))
        if item.kind == "sms":
            assert isinstance(body, str)
            self.sms.send(destination, body, key=key)
        else:
            assert isinstance(body, EmailText)
            message = build_email(sender=self.settings.smtp_from, to=destination, text=body,
                                  key=key)
            self.mailer.send(message, key=key)

    def _record_sent(self, item: _Claimed) -> None:
        with self.session_factory() as session, session.begin():
            row = session.get(Notification, item.id)
            if row is None:
                return
            row.status = SENT
            row.sent_at = self.now()
            row.last_error = None
            row.claimed_by = None
            row.body_enc = ""  # the voter ID must not outlive its delivery

    def _record_failure(self, item: _Claimed, error: str, at: datetime, *,
                        permanent: bool) -> None:
        log.warning("notification %s: attempt %d failed: %s", item.id, item.attempts, error)
        with self.session_factory() as session, session.begin():
            row = session.get(Notification, item.id)
            if row is None or row.status != QUEUED:
                return
            row.last_error = error[:500]
            row.claimed_by = None
            if permanent or item.attempts >= MAX_ATTEMPTS:
                row.status = FAILED
            else:
                # From the later of the claim's clock and now: with a clock given (tests,
                # --once) a failed row is never due again within the same run.
                row.next_attempt_at = max(at, self.now()) + backoff(item.attempts)


class _Heart:
    """Beats for its dispatcher every ``BEAT`` seconds, in a thread of its own: a send may
    take up to its relay's timeout, and a batch many of them."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dispatcher-beat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(BEAT):
            try:
                self._dispatcher.beat()
            except Exception as exc:  # database away: the next beat tries again
                log.warning("dispatcher: beat failed: %s", type(exc).__name__)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


def run_once(session_factory: SessionFactory, keyring: KeyRing, settings: CentralSettings) -> int:
    return Dispatcher(session_factory, keyring, settings).run_once()


def dispatcher_engine(settings: CentralSettings) -> Engine:
    """The worker loop's engine. Its connections are pinged at every checkout, as SQLAlchemy
    does by default: at four polls a second the round trip costs nothing, and the first poll
    after the database dropped its sessions (a restart, a failover) finds a live connection
    instead of failing and backing off (the API pings only idle connections)."""
    from kiosk.store.engine import make_engine

    return make_engine(settings.database_url, pool_pre_ping=True)


def run_forever(settings: CentralSettings, stop: threading.Event) -> None:
    """The worker loop of ``serve`` and ``kiosk-central dispatch``: never dies of an error."""
    from kiosk.central.keys import load_or_create_keyring
    from kiosk.store.engine import make_sessionmaker

    engine = dispatcher_engine(settings)
    try:
        dispatcher = Dispatcher(make_sessionmaker(engine), load_or_create_keyring(settings),
                                settings)
        pause = settings.dispatch_interval
        while not stop.is_set():
            try:
                dispatcher.run_once()
                pause = settings.dispatch_interval
            except Exception as exc:
                # Database down, say: keep trying, more slowly.
                log.error("dispatcher: %s", type(exc).__name__)
                pause = min(max(pause * 2, 1.0), 30.0)
            stop.wait(pause)
    finally:
        engine.dispose()
        log.info("dispatcher stopped")
