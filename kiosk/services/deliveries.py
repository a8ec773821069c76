"""Failed deliveries join the « À suivre » list: the centre accepted the request but could not
deliver the new ID (the SMS gateway or the mail relay refused it for good).

The kiosk learns it by asking the centre for the state of its recent accepted requests
(``GET /v1/requests/{reference}``, the receipt's own look-up): only records whose delivery is
not yet known as sent, of the last days, a few at a time so the centre's per-address limit is
never reached. Best effort: with the centre unreachable nothing changes and the next call asks
again.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from sqlalchemy import select

from kiosk.services import outbox
from kiosk.services.central_client import CentralRefused, CentralUnreachable
from kiosk.services.context import KioskContext
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.models import OutboxRecord

log = logging.getLogger(__name__)

DELIVERY_FAILED = "delivery_failed"
FAILED_MESSAGE = ("Le centre n'a pas pu envoyer le nouvel identifiant (numéro ou adresse refusé "
                  "par l'opérateur) : contactez l'électeur pour une nouvelle demande.")
LOOKBACK = timedelta(days=3)
BATCH = 30
_SETTLED = ("sent", "failed")


def refresh_deliveries(ctx: KioskContext) -> int:
    """Ask the centre about recent deliveries; return how many failures were found."""
    ctx.require_agent()
    enrolled = ctx.require_enrolled()
    store = enrolled.store
    since = utcnow() - LOOKBACK
    with store.reading() as session:
        rows = session.scalars(select(OutboxRecord).where(
            OutboxRecord.kind == outbox.REISSUE, OutboxRecord.state == outbox.DECIDED,
            OutboxRecord.reference.is_not(None), OutboxRecord.created_at >= since)
            .order_by(OutboxRecord.created_at.desc())).all()
        candidates = [(row.id, row.reference) for row in rows
                      if (outbox.result_of(row) or {}).get("status") == "accepted"
                      and (outbox.result_of(row) or {}).get("state") not in _SETTLED][:BATCH]
    failures = 0
    for record_id, reference in candidates:
        if reference is None:
            continue
        try:
            answer = enrolled.client.request_status(reference)
        except (CentralUnreachable, CentralRefused) as exc:
            log.info("delivery check stopped: %s", exc.message)
            break
        delivery = answer.get("delivery")
        if delivery in _SETTLED and _record(ctx, record_id, str(delivery)):
            failures += delivery == "failed"
    return failures


def _record(ctx: KioskContext, record_id: str, delivery: str) -> bool:
    """Store what the centre said; a failure moves the record to À suivre (audited)."""
    enrolled = ctx.require_enrolled()
    with enrolled.store.sessions.begin() as session:
        row = session.get(OutboxRecord, record_id)
        if row is None or row.state != outbox.DECIDED:
            return False
        result = outbox.result_of(row) or {}
        result["state"] = delivery
        if delivery == "failed":
            result.update(reason=DELIVERY_FAILED, message=FAILED_MESSAGE)
            row.state = outbox.FOLLOW_UP
            audit.append(session, actor=ctx.actor(), action="delivery.failed",
                         subject=f"record:{row.id}", details={"reference": row.reference})
        row.result_json = json.dumps(result, ensure_ascii=False)
        return True
