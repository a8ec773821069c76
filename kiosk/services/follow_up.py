"""The « À suivre » list: records the centre refused after the kiosk had accepted them offline
(quota used elsewhere meanwhile, phone taken, a record it could not read). Each stays in front
of an agent, with the reason and the voter's contact, until one marks it handled (audited).
"""

from __future__ import annotations

from kiosk.services import outbox
from kiosk.services.context import KioskContext
from kiosk.services.contracts import FollowUpItem, ServiceError
from kiosk.store import audit
from kiosk.store.models import Voter

NO_LONGER_LISTED = "Ce dossier n'est plus dans la liste « À suivre »."


def items(ctx: KioskContext) -> list[FollowUpItem]:
    """Open items of the signed-in agent's establishments (and any not tied to a voter)."""
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    found = []
    with enrolled.store.reading() as session:
        for row in outbox.follow_up_rows(session):
            voter = session.get(Voter, row.voter_id) if row.voter_id is not None else None
            if voter is not None and voter.establishment not in agent.establishments:
                continue
            result = outbox.result_of(row) or {}
            found.append(FollowUpItem(
                id=row.id, kind=row.kind, reference=row.reference,
                voter_name=f"{voter.last_name} {voter.first_name}" if voter else "",
                voter_email=voter.email if voter else "",
                establishment=voter.establishment if voter else "",
                reason=str(result.get("reason") or "refused"),
                message=str(result.get("message") or "Refusé par le centre."),
                created_at=row.created_at, agent=row.agent))
    return found


def mark_handled(ctx: KioskContext, item_id: str, agent: str | None = None) -> None:
    """Close an item; ``agent`` defaults to the signed-in agent."""
    signed_in = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    who = (agent or signed_in.username).strip()[:100] or signed_in.username
    with enrolled.store.sessions.begin() as session:
        row = outbox.mark_handled(session, item_id, who)
        if row is None:
            raise ServiceError(NO_LONGER_LISTED, code="not_found")
        audit.append(session, actor=ctx.actor(), action="follow_up.handled",
                     subject=f"record:{row.id}", details={"handled_by": who})
