"""One schema for both sides: the centre fills every table; a kiosk keeps its copy of the
register (``voters``, ``phone_bindings``), its outbox and its own sync state, and leaves the
centre-only tables empty.

Secrets are never stored in clear: NUMEN, birth date, phone and notification bodies are
encrypted with the store's ``KeyRing``; NUMEN, phone and voter IDs are looked up by keyed hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk.store.base import Base, UTCDateTime, utcnow

HASH = 64  # hex SHA-256 / HMAC-SHA256
UUID_LEN = 36
UAI = 8

# The kiosk's search walks this index in its own order and stops at the first page of
# matches. Partial, so the centre, whose rows have no key, neither stores nor maintains it.
# Revision 0004 makes it partial on PostgreSQL too; a ``postgresql_where`` here would import
# SQLAlchemy's PostgreSQL dialect into every kiosk (+3 MiB resident, bench_memory), and
# Alembic's comparison of models and migrations reads no index predicate anyway.
_SEARCH_KEY_SET = text("search_key IS NOT NULL")


class Voter(Base):
    __tablename__ = "voters"
    __table_args__ = (Index("ix_voters_search_key", "search_key", sqlite_where=_SEARCH_KEY_SET),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    numen_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    numen_enc: Mapped[str] = mapped_column(Text)
    birth_date_enc: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    establishment: Mapped[str] = mapped_column(String(UAI), index=True)
    requests_used: Mapped[int] = mapped_column(Integer, default=0)
    id_version: Mapped[int] = mapped_column(Integer, default=0)
    failed_checks: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kiosk only: fold("last first email"), what the agent's search matches (none at the centre).
    search_key: Mapped[str | None] = mapped_column(Text, default=None)

class VoterCredential(Base):
    """One issued voter ID (its hash only). Version 0 is the paper notice's ID."""

    __tablename__ = "voter_credentials"
    __table_args__ = (UniqueConstraint("voter_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    id_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invalidated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    request_id: Mapped[str | None] = mapped_column(String(UUID_LEN), default=None)

class PhoneBinding(Base):
    """A mobile number serves one voter only. ``phone_hash`` is keyed with the phone hash key
    that kiosks share, so an offline kiosk can tell a taken number without knowing it."""

    __tablename__ = "phone_bindings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    phone_enc: Mapped[str | None] = mapped_column(Text, default=None)  # None on kiosks
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

class ReissueRequest(Base):
    """A decided re-issue request. ``id`` is the kiosk's UUID, the idempotency key."""

    __tablename__ = "reissue_requests"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("voters.id"), index=True,
                                                 default=None)
    payload_digest: Mapped[str] = mapped_column(String(HASH))
    status: Mapped[str] = mapped_column(String(16))  # accepted / refused
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    message: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str | None] = mapped_column(String(24), unique=True, default=None)
    channel: Mapped[str] = mapped_column(String(8), default="sms")
    phone_masked: Mapped[str] = mapped_column(String(32), default="")
    requests_left: Mapped[int] = mapped_column(Integer, default=0)
    new_version: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agent: Mapped[str] = mapped_column(String(100), default="")
    identity_document: Mapped[str] = mapped_column(String(50), default="")

class SealHandover(Base):
    """A confidential letter (NUMEN under seal) handed to a voter against signature."""

    __tablename__ = "seal_handovers"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    agent: Mapped[str] = mapped_column(String(100))
    handed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kiosk_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payload_digest: Mapped[str] = mapped_column(String(HASH), default="")
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    destroyed_by: Mapped[str | None] = mapped_column(String(100), default=None)

class OutboxRecord(Base):
    """Kiosk side: a record written durably before anything is sent.

    States: ``pending`` (not yet decided by the centre), ``decided`` (the centre answered as the
    kiosk expected), ``follow_up`` (refused after an offline acceptance: an agent must act),
    ``handled`` (an agent acted on it).
    """

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(16), index=True, default="pending")
    voter_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    phone_hash: Mapped[str | None] = mapped_column(String(HASH), default=None)
    reference: Mapped[str | None] = mapped_column(String(24), index=True, default=None)
    agent: Mapped[str] = mapped_column(String(100), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    result_json: Mapped[str | None] = mapped_column(Text, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    handled_by: Mapped[str | None] = mapped_column(String(100), default=None)

class AuditEntry(Base):
    """Hash-chained: ``hash`` covers the entry and ``prev_hash``; details never hold a secret."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    details_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH))
    hash: Mapped[str] = mapped_column(String(HASH), unique=True)

class Kiosk(Base):
    __tablename__ = "kiosks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    establishments: Mapped[list[str]] = mapped_column(JSON)
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    establishments: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    kiosk_id: Mapped[str | None] = mapped_column(String(64), default=None)

class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), default="agent")
    establishments: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

class CalendarRow(Base):
    __tablename__ = "election_calendar"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requests_open: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_opens: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_closes: Mapped[datetime] = mapped_column(UTCDateTime)
    results: Mapped[datetime] = mapped_column(UTCDateTime)

class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("reissue_requests.id"),
                                                   index=True, default=None)
    kind: Mapped[str] = mapped_column(String(16))  # sms / email / confirmation
    destination_enc: Mapped[str] = mapped_column(Text)
    body_enc: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True,
                                                             default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # The dispatcher whose lease this is (a DispatcherBeat id); None once sent, failed or
    # waiting out a backoff.
    claimed_by: Mapped[str | None] = mapped_column(String(UUID_LEN), default=None)

class DispatcherBeat(Base):
    """Centre side: each dispatcher sending right now, and when it last said so. A lease whose
    dispatcher stopped beating is over at once, not when its two minutes run out."""

    __tablename__ = "dispatcher_beats"

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)

class PlatformToken(Base):
    __tablename__ = "platform_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(HASH), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

class RateCounter(Base):
    """Fixed-window counters for brute-force limits (per voter, kiosk, source address)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(Integer, default=0)

class SyncState(Base):
    """Kiosk side, one row: where the pull stands."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    agents_json: Mapped[str | None] = mapped_column(Text, default=None)

class ChangeCounter(Base):
    """The change sequence on databases without sequences (SQLite); one row."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)

CHANGE_LOCK_KEY = 0x6B696F736B5351  # "kioskSQ": distinct from the audit chain's key


def next_change_seqs(session: Session, count: int) -> list[int]:
    """``count`` fresh, increasing change sequence numbers (what kiosks pull by).

    On PostgreSQL ``nextval`` hands numbers out when called, not at commit: a transaction holding
    104 could commit after one holding 105, and a pull in between would move its cursor past
    104 for good. The numbers are therefore taken under a transaction-scoped advisory lock held
    until commit, so they become visible in the order they were handed out. On SQLite the write
    transaction (``BEGIN IMMEDIATE``) already serialises writers.
    """
    if count <= 0:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": CHANGE_LOCK_KEY})
        rows = connection.execute(
            text("SELECT nextval('voter_change_seq') FROM generate_series(1, :n)"),
            {"n": count},
        )
        return sorted(int(r[0]) for r in rows)
    top = connection.execute(
        text("UPDATE change_counter SET value = value + :n WHERE id = 1 RETURNING value"),
        {"n": count},
    ).scalar_one()
    return list(range(int(top) - count + 1, int(top) + 1))

def as_dict(row: Base) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}
