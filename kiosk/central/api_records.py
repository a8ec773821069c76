"""Stored requests as the API shows them: push results, replays, conflicts, delivery state.

A push result is rebuilt from the ``reissue_requests`` row every time (first answer and every
replay alike), so a replay can never answer differently from what was decided; only the
delivery state moves on (queued, then sent or failed).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.api_models import RecordResult, RequestStatusOut
from kiosk.store.models import Notification, SealHandover
from kiosk.store.models import ReissueRequest as RequestRow

CONFLICT = ("Cet identifiant d'enregistrement a déjà servi pour un contenu différent : "
            "enregistrement refusé (conflit).")
HANDOVER_RECORDED = "Remise du pli confidentiel enregistrée."
Delivery = Literal["queued", "sent", "failed"]


def conflict_result(record_id: str) -> RecordResult:
    return RecordResult(id=record_id, status="conflict", reason="conflict", message=CONFLICT)


def delivery_state(session: Session, request_id: str) -> Delivery | None:
    """Where the new ID's message stands (the confirmation e-mail aside); None if none."""
    statuses = set(session.scalars(
        select(Notification.status).where(Notification.request_id == request_id,
                                          Notification.kind.in_(("sms", "email")))
    ))
    return delivery_of(statuses)


def delivery_of(statuses: set[str]) -> Delivery | None:
    """The delivery state from the statuses of a request's sms/email notifications."""
    if not statuses:
        return None
    if "failed" in statuses:
        return "failed"
    if statuses == {"sent"}:
        return "sent"
    return "queued"


def result_of(session: Session, row: RequestRow) -> RecordResult:
    return result_with(row, delivery_state(session, row.id))


def result_with(row: RequestRow, delivery: Delivery | None) -> RecordResult:
    """The result for ``row`` when its delivery state is already known (a decision that has
    just queued its notifications need not read them back)."""
    return RecordResult(
        id=row.id, status="accepted" if row.status == "accepted" else "refused",
        reason=row.reason, message=row.message, reference=row.reference,
        requests_left=row.requests_left, created_at=row.created_at.isoformat(),
        decided_at=row.decided_at.isoformat(), phone_masked=row.phone_masked or None,
        channel=row.channel, state=delivery,
    )


def stored_result(session: Session, record_id: str, kiosk_id: str, digest: str
                  ) -> RecordResult | None:
    """The stored answer to a replay, a conflict, or None if the UUID is new."""
    row = session.get(RequestRow, record_id)
    if row is None:
        return None
    if row.kiosk_id != kiosk_id or row.payload_digest != digest:
        return conflict_result(record_id)
    return result_of(session, row)


def handover_result(row: SealHandover) -> RecordResult:
    return RecordResult(id=row.id, status="accepted", reason=None, message=HANDOVER_RECORDED,
                        created_at=row.handed_at.isoformat())


def stored_handover(session: Session, record_id: str, kiosk_id: str, digest: str
                    ) -> RecordResult | None:
    row = session.get(SealHandover, record_id)
    if row is None:
        return None
    if row.kiosk_id != kiosk_id or row.payload_digest != digest:
        return conflict_result(record_id)
    return handover_result(row)


def request_status(session: Session, reference: str) -> RequestStatusOut | None:
    row = session.scalars(select(RequestRow).where(RequestRow.reference == reference)
                          ).one_or_none()
    if row is None:
        return None
    return RequestStatusOut(
        reference=reference, status=row.status, reason=row.reason, message=row.message,
        phone_masked=row.phone_masked or None, channel=row.channel,
        created_at=row.created_at.isoformat(), decided_at=row.decided_at.isoformat(),
        requests_left=row.requests_left, delivery=delivery_state(session, row.id),
    )
