"""The audit chain: every state change appends an entry whose hash covers the previous one.

Appends are serialised so the chain stays a line: on PostgreSQL by a transaction-scoped
advisory lock, on SQLite by the write transaction itself (``BEGIN IMMEDIATE``). ``verify``
finds an edited, deleted or reordered entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Table, select
from sqlalchemy.orm import Session

from kiosk.store.base import utcnow
from kiosk.store.driver_sql import compiled_insert, flushed_connection
from kiosk.store.models import AuditEntry

GENESIS = "0" * 64
_ADVISORY_KEY = 0x6B696F736B  # "kiosk"
# Words that must never be audit detail keys: the details are read by operators.
FORBIDDEN_KEYS = frozenset({"numen", "birth_date", "phone", "voter_id", "token", "password",
                            "code", "security_code"})
_TABLE = cast(Table, AuditEntry.__table__)
_COLUMNS = ("seq", "at", "actor", "action", "subject", "details_json", "prev_hash", "hash")
_LAST = select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) and json.dumps(...,
# ensure_ascii=False, sort_keys=True, default=str) build on every call, built once: the
# same text (the chain's hashes depend on it), without a new encoder per entry.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_DETAILS = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(seq: int, at: datetime, actor: str, action: str, subject: str,
               details_json: str, prev_hash: str) -> str:
    canonical = _CANONICAL.encode([seq, at.isoformat(), actor, action, subject, details_json,
                                   prev_hash])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Draft:
    """An entry to append, for a caller that appends several at once (``append_many``)."""

    actor: str
    action: str
    subject: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Appended:
    """Where and when :func:`append` wrote its entry (an ORM copy of the whole entry cost a
    fifth of a kiosk request's durable write, for callers that read at most its time)."""

    seq: int
    at: datetime
    hash: str


def append(session: Session, *, actor: str, action: str, subject: str,
           details: Mapping[str, Any] | None = None) -> Appended:
    """Append one entry."""
    row = _write(session, [Draft(actor, action, subject, dict(details or {}))])[0]
    return Appended(row["seq"], row["at"], row["hash"])


def append_many(session: Session, drafts: Sequence[Draft]) -> None:
    """Append ``drafts`` in order: one lock, one read of the chain's end, one INSERT. Nothing
    is given back: an ORM copy of each entry cost as much as hashing it (a centre batch
    appends one entry per decision)."""
    _write(session, drafts)


def _write(session: Session, drafts: Sequence[Draft]) -> list[dict[str, Any]]:
    for draft in drafts:
        leaked = FORBIDDEN_KEYS.intersection(draft.details)
        if leaked:
            raise ValueError(f"audit details must not carry secrets: {sorted(leaked)}")
    if not drafts:
        return []
    # Driver SQL, compiled once (``kiosk.store.driver_sql``): entries are written once and never
    # changed, and building, caching and processing the statements on every append cost more
    # than the rest of it, on every kiosk request (benchmarks/bench_outbox_write.py).
    connection = flushed_connection(session)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_KEY})")
    last = _last(connection)
    seq = last.seq if last else 0
    prev_hash = last.hash if last else GENESIS
    at = utcnow()
    rows = []
    for draft in drafts:
        seq += 1
        actor, action, subject = draft.actor[:200], draft.action[:64], draft.subject[:200]
        details_json = _DETAILS.encode(dict(draft.details))
        digest = entry_hash(seq, at, actor, action, subject, details_json, prev_hash)
        rows.append({"seq": seq, "at": at, "actor": actor, "action": action,
                     "subject": subject, "details_json": details_json,
                     "prev_hash": prev_hash, "hash": digest})
        prev_hash = digest
    compiled_insert(_TABLE, _COLUMNS, connection.dialect).execute(connection, rows)
    return rows


@dataclass(frozen=True)
class Anchor:
    """An entry's number and hash, kept away from the database (``verify-audit`` prints the
    last one): a chain rewritten from before it, or cut below it, no longer holds it. The chain
    alone cannot tell, since whoever rewrites an entry can rewrite every hash after it."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


_ANCHOR = re.compile(r"^([1-9][0-9]{0,17}):([0-9a-f]{64})$")
BAD_ANCHOR = ("Ancre invalide : la forme attendue est NUMÉRO:EMPREINTE (64 caractères "
              "hexadécimaux), telle que verify-audit l'imprime.")


def parse_anchor(text: str) -> Anchor:
    found = _ANCHOR.match(text.strip().lower())
    if found is None:
        raise ValueError(BAD_ANCHOR)
    return Anchor(int(found.group(1)), found.group(2))


def last_anchor(session: Session) -> Anchor | None:
    """The chain's end: what the next entry follows, and what ``verify-audit`` prints."""
    return _last(session.connection())


def _last(connection: Connection) -> Anchor | None:
    last = connection.exec_driver_sql(_last_sql(connection.dialect)).first()
    return Anchor(int(last[0]), str(last[1])) if last else None


@functools.lru_cache(maxsize=8)
def _last_sql(dialect: Dialect) -> str:
    return str(_LAST.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


@dataclass(frozen=True)
class Verification:
    """What a walk of the chain found: its problems (empty when whole), how many entries it
    read, and the last of them, the anchor to keep. Entries appended while it walked are in
    none of these, so the anchor printed is always one that was checked."""

    problems: list[str]
    count: int
    last: Anchor | None


def check(session: Session, anchors: Sequence[Anchor] = ()) -> Verification:
    """Walk the chain in order, then look for each anchor kept elsewhere."""
    walked = _walk(session)
    for anchor in anchors:
        stored = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == anchor.seq))
        if stored is None:
            walked.problems.append(f"entrée {anchor.seq} de l'ancre absente : le journal a été "
                                   "tronqué ou vidé")
        elif stored != anchor.hash:
            walked.problems.append(f"entrée {anchor.seq} : empreinte différente de l'ancre : le "
                                   "journal a été réécrit")
    return walked


def verify(session: Session, anchors: Sequence[Anchor] = ()) -> list[str]:
    """Problems found walking the chain in order, and with each anchor kept elsewhere; empty
    when it is whole."""
    return check(session, anchors).problems


def _walk(session: Session) -> Verification:
    problems: list[str] = []
    expected_seq = 1
    prev_hash = GENESIS
    count, last = 0, None
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    for entry in rows.yield_per(1000):
        if entry.seq != expected_seq:
            problems.append(f"entrée {expected_seq} manquante (suivante : {entry.seq})")
        if entry.prev_hash != prev_hash:
            problems.append(f"entrée {entry.seq} : chaînage rompu avec l'entrée précédente")
        recomputed = entry_hash(entry.seq, entry.at, entry.actor, entry.action, entry.subject,
                                entry.details_json, entry.prev_hash)
        if recomputed != entry.hash:
            problems.append(f"entrée {entry.seq} : contenu modifié")
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
        count, last = count + 1, Anchor(entry.seq, entry.hash)
    return Verification(problems, count, last)
