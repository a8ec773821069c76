"""Fixed-window rate limits kept in the database (``RateCounter``), so every API process behind
a load balancer counts against the same numbers.

A hit is one atomic upsert (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, on SQLite and
PostgreSQL alike): no read-then-write race lets two processes both see "one under the limit".
Windows are aligned on multiples of their length, so a counter row is simply reset when a hit
arrives in a later window; rows never accumulate beyond one per key.

Limits can be tuned per deployment with ``KIOSK_CENTRAL_RATE_<NAME>`` variables (``N`` or
``N/SECONDS``), e.g. ``KIOSK_CENTRAL_RATE_STATUS_PER_ADDRESS=120/60``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.store.models import RateCounter

ENV_PREFIX = "KIOSK_CENTRAL_RATE_"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta

    @classmethod
    def parse(cls, text: str, default: Limit) -> Limit:
        count, _, seconds = text.strip().partition("/")
        try:
            window = timedelta(seconds=float(seconds)) if seconds else default.window
        except OverflowError:  # "inf", "1e400": beyond any window timedelta can hold
            raise ValueError("rate limit window out of range") from None
        value = cls(int(count), window)
        if value.count < 1 or value.window <= timedelta(0):
            raise ValueError("rate limit must be positive")
        return value


@dataclass(frozen=True)
class RateLimits:
    """Every limit of the API. Identity limits count failed identity checks only (a
    legitimate kiosk rarely fails one: it checks identity offline first)."""

    identity_failures_per_kiosk: Limit = Limit(30, timedelta(minutes=15))
    identity_failures_per_address: Limit = Limit(60, timedelta(minutes=15))
    enrol_failures_per_address: Limit = Limit(20, timedelta(minutes=15))
    status_per_address: Limit = Limit(120, timedelta(minutes=1))
    checks_per_token: Limit = Limit(6000, timedelta(minutes=1))
    checks_per_address: Limit = Limit(6000, timedelta(minutes=1))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RateLimits:
        source = os.environ if env is None else env
        limits = cls()
        for f in fields(cls):
            raw = source.get(ENV_PREFIX + f.name.upper())
            if raw:
                try:
                    value = Limit.parse(raw, getattr(limits, f.name))
                except ValueError:
                    continue  # a typo must not take the API down: keep the safe default
                limits = replace(limits, **{f.name: value})
        return limits


def window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds()) or 1
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


def hit(session: Session, key: str, limit: Limit, now: datetime, *, events: int = 1) -> int:
    """Count ``events`` (one by default) under ``key``; returns the count in the current
    window (these included). The caller compares it with ``limit.count``."""
    start = window_start(now, limit.window)
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = RateCounter.__table__
    base = insert(RateCounter).values(key=key[:128], window_start=start, count=events)
    stale = table.c.window_start < base.excluded.window_start
    stmt = base.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case((stale, base.excluded.count),
                          else_=table.c.count + base.excluded.count),
            "window_start": case((stale, base.excluded.window_start),
                                 else_=table.c.window_start),
        },
    ).returning(table.c.count)
    return int(session.execute(stmt).scalar_one())


def current(session: Session, key: str, limit: Limit, now: datetime) -> int:
    """The count under ``key`` in the current window, without counting anything."""
    row = session.execute(
        select(RateCounter.window_start, RateCounter.count).where(RateCounter.key == key[:128])
    ).first()
    if row is None:
        return 0
    started, count = row  # not row.count: that is tuple.count
    return 0 if started < window_start(now, limit.window) else int(count)


def exceeded(session: Session, key: str, limit: Limit, now: datetime) -> bool:
    return current(session, key, limit, now) >= limit.count


def any_exceeded(session: Session, checks: Sequence[tuple[str, Limit]], now: datetime) -> bool:
    """``exceeded`` for several keys in one query (a pushed record checks two limits)."""
    wanted = {key[:128]: limit for key, limit in checks}
    rows = session.execute(select(RateCounter.key, RateCounter.window_start, RateCounter.count)
                           .where(RateCounter.key.in_(list(wanted))))
    for key, started, count in rows:
        limit = wanted[key]
        if started >= window_start(now, limit.window) and count >= limit.count:
            return True
    return False
