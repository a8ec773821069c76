"""What a batch of decisions reads, read once per batch in its transaction, then kept current in
memory as the batch decides record after record.

A record decided earlier in the batch must weigh on the next ones exactly as a committed one
would (a fourth request for the same voter is refused, a phone just bound is taken), so every
read here is of rows the batch then updates in memory: voters, phone bindings, rate counters,
references. Lock order, the same for every batch so PostgreSQL never deadlocks on rows: voter
rows (``FOR UPDATE``, by id), phone bindings (``FOR UPDATE``, by hash), then the writes of
``decision_writes`` (rate counters, rows, change-sequence lock, audit lock). On SQLite the
``BEGIN IMMEDIATE`` write transaction is the lock.

On PostgreSQL every "one of these keys" read is ``= ANY(one array parameter)``, not ``IN``
with a parameter per key: psycopg prepares a statement it sees again, and PostgreSQL's
generic plan for ``IN ($1, ..., $100)`` was a sequential scan comparing each row with the
hundred parameters one by one. The stored requests, the references and the phone bindings
grow with every batch, so each batch read them all (20-40 ms a query at 10,000 requests, most
of the server's time per decision). The generic plan for one array parameter is an index scan,
and the statement's text no longer depends on how many keys a batch has. SQLite keeps ``IN``
(it always probes the index).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ARRAY, Column, Connection, Table, any_, bindparam, select
from sqlalchemy.orm import Session

from kiosk.central.admin import load_calendar
from kiosk.central.agent_scope import agent_key, entitled
from kiosk.central.api_records import Delivery, delivery_of
from kiosk.central.ratelimit import Limit, window_start
from kiosk.domain.calendar import ElectionCalendar
from kiosk.store.crypto import KeyRing
from kiosk.store.models import Agent, Notification, PhoneBinding, RateCounter, Voter
from kiosk.store.models import ReissueRequest as RequestRow

VOTERS = cast(Table, Voter.__table__)
BINDINGS = cast(Table, PhoneBinding.__table__)
REQUESTS = cast(Table, RequestRow.__table__)
NOTIFICATIONS = cast(Table, Notification.__table__)
AGENTS = cast(Table, Agent.__table__)
COUNTERS = cast(Table, RateCounter.__table__)


@dataclass
class VoterRow:
    """A voter as the batch sees it; ``changed`` ones are written back at the end."""

    id: int
    numen_hash: str
    numen_enc: str
    birth_date_enc: str
    email: str
    establishment: str
    requests_used: int
    id_version: int
    failed_checks: int
    locked_until: datetime | None
    updated_at: datetime | None = None  # set when kiosks must see the change
    changed: bool = False
    new_seq: bool = False  # kiosks must see the change: it takes a change sequence number

    def identity(self, ring: KeyRing) -> tuple[str, date]:
        return ring.decrypt(self.numen_enc), date.fromisoformat(ring.decrypt(self.birth_date_enc))


@dataclass
class BindingRow:
    """A phone binding: ``id`` None until the batch's insert."""

    id: int | None
    phone_hash: str
    voter_id: int
    owner_key: str  # the owner's numen hash, what decide() compares


@dataclass
class Counter:
    key: str
    limit: Limit
    count: int  # in the current window, this batch's misses included
    added: int = 0


class BatchState:
    def __init__(self, session: Session, *, numen_hashes: Iterable[str],
                 phone_hashes: Iterable[str], record_ids: Sequence[str],
                 references: Iterable[str], agents: Iterable[str],
                 counters: Sequence[tuple[str, Limit]], now: datetime) -> None:
        self.session = session
        self.connection: Connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.stored = self._stored(record_ids)
        self.voters = self._voters(sorted(set(numen_hashes)))
        self.bindings = self._bindings(sorted(set(phone_hashes)))
        self.taken_references = self._taken(set(references))
        self._agents = self._load_agents({agent_key(a) for a in agents} - {""})
        self.counters = self._counters(counters, now)
        self._calendar_read = False
        self._calendar: ElectionCalendar | None = None

    def _rows(self, query: Any) -> list[Any]:
        return list(self.connection.execute(query))

    def _among(self, column: Column[Any], values: Iterable[Any]) -> Any:
        """``column IN values``, as ``= ANY(:array)`` on PostgreSQL (see the module's text)."""
        values = list(values)
        if self.postgres:
            return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
        return column.in_(values)

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[Any, Delivery | None]]:
        """Rows already decided for these UUIDs (replays, conflicts) with their delivery."""
        query = select(REQUESTS).where(self._among(REQUESTS.c.id, ids))
        rows = {row.id: row for row in self._rows(query)}
        if not rows:
            return {}
        statuses: dict[str, set[str]] = {}
        for request_id, status in self._rows(
                select(NOTIFICATIONS.c.request_id, NOTIFICATIONS.c.status)
                .where(self._among(NOTIFICATIONS.c.request_id, rows),
                       NOTIFICATIONS.c.kind.in_(("sms", "email")))):
            statuses.setdefault(request_id, set()).add(status)
        return {rid: (row, delivery_of(statuses.get(rid, set()))) for rid, row in rows.items()}

    def _voters(self, hashes: list[str]) -> dict[str, VoterRow]:
        if not hashes:
            return {}
        c = VOTERS.c
        query = (select(c.id, c.numen_hash, c.numen_enc, c.birth_date_enc, c.email,
                        c.establishment, c.requests_used, c.id_version, c.failed_checks,
                        c.locked_until)
                 .where(self._among(c.numen_hash, hashes)).order_by(c.id))
        if self.postgres:
            query = query.with_for_update()
        return {row.numen_hash: VoterRow(row.id, row.numen_hash, row.numen_enc,
                                         row.birth_date_enc, row.email, row.establishment,
                                         row.requests_used or 0, row.id_version or 0,
                                         row.failed_checks or 0, row.locked_until)
                for row in self._rows(query)}

    def _bindings(self, hashes: list[str]) -> dict[str, BindingRow]:
        if not hashes:
            return {}
        c = BINDINGS.c
        query = (select(c.id, c.phone_hash, c.voter_id).where(self._among(c.phone_hash, hashes))
                 .order_by(c.phone_hash))
        if self.postgres:
            query = query.with_for_update()
        rows = self._rows(query)
        known = {v.id: v.numen_hash for v in self.voters.values()}
        missing = {row.voter_id for row in rows} - set(known)
        if missing:
            known.update(self._rows(select(VOTERS.c.id, VOTERS.c.numen_hash)
                                    .where(self._among(VOTERS.c.id, missing))))
        return {row.phone_hash: BindingRow(row.id, row.phone_hash, row.voter_id,
                                           known.get(row.voter_id, f"voter:{row.voter_id}"))
                for row in rows}

    def _taken(self, references: set[str]) -> set[str]:
        if not references:
            return set()
        return {r for (r,) in self._rows(select(REQUESTS.c.reference)
                                         .where(self._among(REQUESTS.c.reference, references)))}

    def _load_agents(self, names: set[str]) -> dict[str, tuple[str, frozenset[str]]]:
        if not names:
            return {}
        c = AGENTS.c
        return {row.username: (row.role, frozenset(row.establishments or ()))
                for row in self._rows(select(c.username, c.role, c.establishments)
                                      .where(self._among(c.username, names)))}

    def _counters(self, wanted: Sequence[tuple[str, Limit]], now: datetime
                  ) -> dict[str, Counter]:
        keys = {key[:128]: limit for key, limit in wanted}
        counters = {key: Counter(key, limit, 0) for key, limit in keys.items()}
        for key, started, count in self._rows(
                select(COUNTERS.c.key, COUNTERS.c.window_start, COUNTERS.c.count)
                .where(self._among(COUNTERS.c.key, keys))):
            if started >= window_start(now, keys[key].window):
                counters[key].count = int(count)
        return counters

    def may_act(self, username: str, establishment: str,
                kiosk_establishments: Sequence[str]) -> bool:
        """``kiosk.central.agent_scope.may_act`` on the agents read for the batch."""
        agent = self._agents.get(agent_key(username))
        if agent is None:
            return False
        role, bound = agent
        return entitled(role, bound, establishment, kiosk_establishments)

    def calendar(self) -> ElectionCalendar | None:
        """Read once per batch: a calendar changed meanwhile applies from the next batch."""
        if not self._calendar_read:
            self._calendar = load_calendar(self.session)
            self._calendar_read = True
        return self._calendar

    def limit_reached(self, keys: Sequence[str]) -> bool:
        return any(self.counters[k].count >= self.counters[k].limit.count for k in keys)

    def count_miss(self, keys: Sequence[str]) -> list[str]:
        """One more failed identity check on the counters of ``keys``; the keys it makes
        reach their limit (audited by the caller)."""
        tripped = []
        for counter in (self.counters[k] for k in keys):
            counter.count += 1
            counter.added += 1
            if counter.count == counter.limit.count:
                tripped.append(counter.key)
        return tripped

