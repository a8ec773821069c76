"""The outbox: every request and seal handover is written here, in one durable transaction,
before anything is sent. Online and offline take the same path (outbox, then push).

Each record carries its UUID (the centre's idempotency key) and its wire form, encrypted with
the kiosk's key ring (it holds the NUMEN, the birth date and the phone). The plain columns hold
only what the kiosk needs to decide offline and to list records: the voter's local id, the
phone's keyed hash, the reference, the agent.

States: ``pending`` -> ``decided`` (the centre answered as expected, or refused a request while
the voter was still at the counter) or ``follow_up`` (refused after an offline acceptance: an
agent must act) -> ``handled``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.driver_sql import compiled_insert, flushed_connection
from kiosk.store.models import OutboxRecord

REISSUE = "reissue_request"
SEAL_HANDOVER = "seal_handover"
PENDING, DECIDED, FOLLOW_UP, HANDLED = "pending", "decided", "follow_up", "handled"


@dataclass(frozen=True)
class Outcome:
    """What one pushed record became."""

    record_id: str
    state: str  # decided / follow_up
    result: dict[str, Any]

    @property
    def accepted(self) -> bool:
        return self.result.get("status") == "accepted"


@dataclass(frozen=True)
class Staged:
    """A record just written by :func:`add` (in the caller's transaction, not yet committed)."""

    id: str
    kind: str
    reference: str | None


# A plain INSERT rather than ``session.add``: the row is written once and never read back in
# the same transaction, and the ORM's unit of work (identity map, flush planning) cost more CPU
# than the commit's fsync (benchmarks/bench_outbox_write.py); it is compiled once and run as
# driver SQL (``kiosk.store.driver_sql``). Later changes of state go through the ORM as usual
# (``session.get`` reads the row back).
_TABLE = cast(Table, OutboxRecord.__table__)
_COLUMNS = ("id", "kind", "payload_enc", "created_at", "state", "voter_id", "phone_hash",
            "reference", "agent", "attempts")


def add(session: Session, ring: KeyRing, *, kind: str, payload: dict[str, Any],
        created_at: datetime, voter_id: int | None, phone_hash: str | None = None,
        reference: str | None = None, agent: str = "") -> Staged:
    """Write a new record in ``session``'s transaction (the caller commits, once, with its
    other writes)."""
    record_id = str(uuid.uuid4())
    wire = {"id": record_id, "kind": kind, "created_at": created_at.isoformat(),
            "payload": payload}
    values: dict[str, Any] = {
        "id": record_id, "kind": kind,
        "payload_enc": ring.encrypt(json.dumps(wire, ensure_ascii=False)),
        "created_at": created_at, "state": PENDING, "voter_id": voter_id,
        "phone_hash": phone_hash, "reference": reference, "agent": agent, "attempts": 0,
    }
    connection = flushed_connection(session)  # the caller's staged rows go before
    compiled_insert(_TABLE, _COLUMNS, connection.dialect).execute(connection, [values])
    return Staged(record_id, kind, reference)


def wire_form(ring: KeyRing, row: OutboxRecord) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ring.decrypt(row.payload_enc))
    return data


def pending_batch(session: Session, limit: int, *, ids: list[str] | None = None
                  ) -> list[OutboxRecord]:
    """The oldest pending records (or the pending ones among ``ids``)."""
    statement = select(OutboxRecord).where(OutboxRecord.state == PENDING)
    if ids is not None:
        statement = statement.where(OutboxRecord.id.in_(ids))
    return list(session.scalars(
        statement.order_by(OutboxRecord.created_at, OutboxRecord.id).limit(limit)))


def rows_by_id(session: Session, ids: list[str]) -> dict[str, OutboxRecord]:
    """The records among ``ids``, by id, in one query."""
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(
        select(OutboxRecord).where(OutboxRecord.id.in_(set(ids))))}


def apply_result(session: Session, row: OutboxRecord, result: dict[str, Any], *,
                 voter_present: bool) -> Outcome:
    """Record the centre's answer for ``row``. A refusal of a request the kiosk had accepted
    offline goes to the À suivre list; with the voter still at the counter it is shown at once
    instead (``voter_present``)."""
    status = result.get("status")
    # Refused later, or an answer we do not understand (409 conflict...): a person acts.
    answered_now = status == "accepted" or (status == "refused" and voter_present)
    state = DECIDED if answered_now else FOLLOW_UP
    if status not in ("accepted", "refused"):
        result = {**result, "status": "refused",
                  "reason": str(result.get("reason") or result.get("error") or "conflict")}
    row.state = state
    row.result_json = json.dumps(_safe_result(result), ensure_ascii=False)
    row.decided_at = utcnow()
    row.last_error = None
    if isinstance(result.get("reference"), str) and result["reference"]:
        row.reference = result["reference"]
    return Outcome(row.id, state, result)


def _safe_result(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "status", "reason", "message", "reference", "requests_left", "created_at",
            "decided_at", "phone_masked", "state", "serial")
    return {k: result[k] for k in keep if k in result}


def record_failure(session: Session, ids: list[str], message: str) -> None:
    """A push attempt that got no answer: counted, the records stay pending."""
    if ids:
        session.execute(update(OutboxRecord).where(OutboxRecord.id.in_(ids)).values(
            attempts=OutboxRecord.attempts + 1, last_error=message[:500]))


def result_of(row: OutboxRecord) -> dict[str, Any] | None:
    if not row.result_json:
        return None
    data: dict[str, Any] = json.loads(row.result_json)
    return data


# --- what the offline view needs --------------------------------------------------------
def pending_requests_for(session: Session, voter_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxRecord).where(
        OutboxRecord.kind == REISSUE, OutboxRecord.state == PENDING,
        OutboxRecord.voter_id == voter_id)) or 0)


def pending_phone_users(session: Session, phone_hash: str) -> set[int]:
    return {v for v in session.scalars(select(OutboxRecord.voter_id).where(
        OutboxRecord.kind == REISSUE, OutboxRecord.state == PENDING,
        OutboxRecord.phone_hash == phone_hash)) if v is not None}


def counts(session: Session) -> tuple[int, int]:
    """(pending, follow_up)."""
    rows = dict(session.execute(select(OutboxRecord.state, func.count()).where(
        OutboxRecord.state.in_((PENDING, FOLLOW_UP))).group_by(OutboxRecord.state)).all())
    return int(rows.get(PENDING, 0)), int(rows.get(FOLLOW_UP, 0))


def follow_up_rows(session: Session) -> list[OutboxRecord]:
    return list(session.scalars(select(OutboxRecord).where(OutboxRecord.state == FOLLOW_UP)
                                .order_by(OutboxRecord.created_at)))


def mark_handled(session: Session, record_id: str, agent: str) -> OutboxRecord | None:
    row = session.get(OutboxRecord, record_id)
    if row is None or row.state != FOLLOW_UP:
        return None
    row.state = HANDLED
    row.handled_at = utcnow()
    row.handled_by = agent
    return row
