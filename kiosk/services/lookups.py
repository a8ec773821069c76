"""The counter's look-up: a voter's requests as this kiosk knows them, and how many are left.

Nothing secret comes out: no NUMEN, no birth date, no reference, only the masked phone. Each
request carries the territory of the voter's clock (``validation.voter_region``) so the screen
shows the voter's local time, Paris time stated, for DROM-COM voters. Requests made elsewhere
(other kiosks, the portal) are known here only through the count the centre sends with each
pull, which ``requests_used`` includes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiosk.domain.decision import MAX_REQUESTS
from kiosk.domain.phone import mask_phone
from kiosk.services import outbox
from kiosk.services.context import KioskContext
from kiosk.services.daily_contracts import HistoryEntry, VoterHistory
from kiosk.services.handover_register import voter_letters
from kiosk.services.validation import voter_region
from kiosk.services.voters import load_voter, used_requests
from kiosk.store.models import OutboxRecord


def history_state(row: OutboxRecord, result: dict[str, Any]) -> str:
    """One of ``daily_contracts.HISTORY_STATES``."""
    if row.state == outbox.PENDING:
        return "pending"
    if row.state == outbox.HANDLED:
        return "handled"
    if row.state == outbox.FOLLOW_UP:
        return "delivery_failed" if result.get("status") == "accepted" else "follow_up"
    return "sent" if result.get("status") == "accepted" else "refused"


def voter_history(ctx: KioskContext, voter_ref: str) -> VoterHistory:
    ctx.require_agent()
    enrolled = ctx.require_enrolled()
    store = enrolled.store
    with store.reading() as session:
        voter = load_voter(ctx, session, voter_ref)
        entries = []
        for row in session.scalars(select(OutboxRecord).where(
                OutboxRecord.kind == outbox.REISSUE, OutboxRecord.voter_id == voter.id)
                .order_by(OutboxRecord.created_at.desc())):
            payload = outbox.wire_form(store.ring, row).get("payload") or {}
            phone = str(payload.get("phone") or "") or None
            result = outbox.result_of(row) or {}
            state = history_state(row, result)
            entries.append(HistoryEntry(
                created_at=row.created_at, region=voter_region(voter.establishment, phone),
                channel=str(payload.get("channel") or "sms"),
                phone_masked=mask_phone(phone) if phone else "",
                state=state,
                reason=str(result.get("reason") or "") if state in ("refused", "follow_up")
                else "",
                agent=row.agent))
        used = used_requests(session, voter)
        return VoterHistory(
            voter_name=f"{voter.last_name} {voter.first_name}",
            establishment=voter.establishment, email=voter.email, requests_used=used,
            requests_left=max(0, MAX_REQUESTS - used), entries=tuple(entries),
            letters=tuple(voter_letters(session, voter)))
