"""Submitting a re-issue request: validate, check the security code, decide on the kiosk's view,
write the outbox record durably, then try to push it at once.

The kiosk's view is its last pull plus its own pending records (requests counted, phones
claimed), so a kiosk offline for a day never accepts a fourth request for one voter by itself;
what other kiosks did meanwhile is settled at sync (the À suivre list). A local refusal writes
nothing: the stale view can only under-count, so a refusal here is a refusal at the centre.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

import kiosk
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.calendar import PARIS, ElectionCalendar
from kiosk.domain.decision import Channel, Decision, ReissueRequest, VoterState, decide
from kiosk.domain.errors import DomainError
from kiosk.domain.numen import parse_numen
from kiosk.domain.phone import mask_phone, parse_phone
from kiosk.domain.voter_id import generate_reference, is_reference
from kiosk.services import outbox
from kiosk.services.context import Enrolled, KioskContext, field_error
from kiosk.services.contracts import (
    Confirmation,
    IdentityRefused,
    RequestForm,
    RequestRefused,
    ServiceError,
)
from kiosk.services.voters import check_identity, load_voter, used_requests
from kiosk.store import audit
from kiosk.store.models import Voter

SENT = "envoyée"
WAITING = "en attente de synchronisation"
WAITING_MESSAGE = ("Votre demande est enregistrée. Elle sera transmise au centre dès le retour "
                   "de la connexion ; le nouvel identifiant sera alors envoyé.")
BAD_CODE = ("Le code de sécurité saisi ne correspond pas à l'image. Un nouveau code va être "
            "affiché : recopiez-le.")
# Until the centre sends its calendar with the pull, the kiosk cannot tell the window itself:
# it lets the centre judge (a request accepted here outside the window ends in À suivre).
UNKNOWN_CALENDAR = ElectionCalendar(
    requests_open=datetime(2000, 1, 1, tzinfo=UTC), voting_opens=datetime(2000, 1, 2, tzinfo=UTC),
    voting_closes=datetime(9999, 1, 1, tzinfo=UTC), results=datetime(9999, 1, 2, tzinfo=UTC))
PUSH_WAIT = 3.0  # seconds to wait for a sync in progress before leaving the record queued
FIELD_OF_REASON = {"phone_taken": "phone", "identity_mismatch": "numen"}


def _validated(ctx: KioskContext, form: RequestForm) -> tuple[ReissueRequest, str]:
    """(the domain request, identity document) or a ServiceError naming the field."""
    now = ctx.now()
    try:
        numen = parse_numen(form.numen)
    except DomainError as exc:
        raise field_error(exc, "numen") from None
    try:
        birth = parse_birth_date(form.birth_date, on=now.astimezone(PARIS).date())
    except DomainError as exc:
        raise field_error(exc, "birth_date") from None
    try:
        phone = parse_phone(form.phone)
    except DomainError as exc:
        raise field_error(exc, "phone") from None
    try:
        channel = Channel(form.channel)
    except ValueError:
        raise ServiceError("Choisissez l'envoi par SMS ou par courriel.", code="invalid_input",
                           field="channel") from None
    document = (form.identity_document or "").strip()
    if not document or len(document) > 50:
        raise ServiceError("Indiquez la pièce d'identité vérifiée (50 caractères au plus).",
                           code="invalid_input", field="identity_document")
    return ReissueRequest(numen, birth, phone, channel, now), document


def _view(ctx: KioskContext, enrolled: Enrolled, session: Session, voter: Voter,
          phone_hash: str) -> VoterState:
    store = enrolled.store
    owner = store.phone_owner(session, phone_hash)
    claimants = outbox.pending_phone_users(session, phone_hash)
    others = ({owner} if owner is not None else set()) | claimants
    others.discard(voter.id)
    if others:
        owner_key: str | None = str(min(others))
    elif owner == voter.id or voter.id in claimants:
        owner_key = str(voter.id)
    else:
        owner_key = None
    pending = used_requests(session, voter) - voter.requests_used
    return VoterState(
        voter_key=str(voter.id), numen=store.numen_of(voter),
        birth_date=store.birth_date_of(voter), requests_used=voter.requests_used + pending,
        id_version=voter.id_version + pending, phone_owner_key=owner_key,
        locked=voter.locked_until is not None and voter.locked_until > ctx.now(),
    )


def reissue_payload(request: ReissueRequest, agent: str, document: str, reference: str
                    ) -> dict[str, Any]:
    """The record's payload as the centre's push expects it (issue 3, Wire details)."""
    return {
        "numen": request.numen, "birth_date": request.birth_date.isoformat(),
        "phone": request.phone, "channel": request.channel.value, "agent": agent,
        "identity_document": document, "reference": reference,
        "security_code_checked": True, "kiosk_version": kiosk.__version__,
    }


def _refused(decision: Decision) -> RequestRefused:
    code = decision.reason.value if decision.reason else "refused"
    return RequestRefused(decision.message, code=code, field=FIELD_OF_REASON.get(code))


def _decide_and_record(ctx: KioskContext, enrolled: Enrolled, voter_ref: str,
                       request: ReissueRequest, document: str, phone_hash: str, reference: str,
                       calendar: ElectionCalendar
                       ) -> tuple[Decision | IdentityRefused, str | None]:
    """Decide on the kiosk's view and, on acceptance, write the outbox record, in one
    transaction (BEGIN IMMEDIATE: one decider at a time on this kiosk). Returns the outcome
    and the record id (None when nothing was recorded). A missed identity check is counted
    and committed like on the NUMEN step."""
    agent = ctx.require_agent()
    with enrolled.store.sessions.begin() as session:
        voter = load_voter(ctx, session, voter_ref)
        identity = check_identity(ctx, session, voter, request.numen, request.birth_date)
        if identity is not None:
            return identity, None
        view = _view(ctx, enrolled, session, voter, phone_hash)
        decision = decide(request, view, calendar, ctx.now())
        if not decision.accepted:
            # No record, but a line in the audit: the daily report counts refusals by reason.
            audit.append(session, actor=ctx.actor(), action="request.refused",
                         subject=f"voter:{voter.id}",
                         details={"reason": decision.reason.value if decision.reason
                                  else "refused", "agent": agent.username})
            return decision, None
        row = outbox.add(
            session, enrolled.store.ring, kind=outbox.REISSUE, created_at=request.created_at,
            voter_id=voter.id, phone_hash=phone_hash, reference=reference,
            agent=agent.username,
            payload=reissue_payload(request, agent.username, document, reference))
        audit.append(session, actor=ctx.actor(), action="request.recorded",
                     subject=f"voter:{voter.id}",
                     details={"record": row.id, "reference": reference,
                              "channel": request.channel.value})
        return decision, row.id


def submit_request(ctx: KioskContext, form: RequestForm) -> Confirmation:
    ctx.require_agent()
    enrolled = ctx.require_enrolled()
    request, document = _validated(ctx, form)
    if not ctx.challenges.consume(form.challenge_token, form.security_code):
        raise ServiceError(BAD_CODE, code="bad_security_code", field="security_code")
    phone_hash = ctx.phone_hash(request.phone)
    reference = generate_reference()
    # Read before the write transaction: another session inside it would wait for its lock.
    calendar = enrolled.store.calendar() or UNKNOWN_CALENDAR
    outcome, record_id = _decide_and_record(ctx, enrolled, form.voter_ref, request, document,
                                            phone_hash, reference, calendar)
    if isinstance(outcome, IdentityRefused):
        raise outcome
    decision = outcome
    if record_id is None:
        raise _refused(decision)
    # The record is on disk: from here on, nothing the network does can lose it.
    outcomes = enrolled.syncer.push_now([record_id], wait=PUSH_WAIT)
    masked = mask_phone(request.phone)
    confirmation = Confirmation(
        reference=reference, phone_masked=masked, channel=request.channel.value,
        created_at=request.created_at, requests_left=decision.requests_left, state=WAITING,
        message=WAITING_MESSAGE, status_url=enrolled.client.status_url(reference))
    if not outcomes:
        if enrolled.loop is not None:
            enrolled.loop.wake()
        return confirmation
    result = outcomes[0].result
    if not outcomes[0].accepted:
        if enrolled.loop is not None:
            enrolled.loop.wake()  # our view was behind the centre's: pull it now
        raise RequestRefused(str(result.get("message") or "Demande refusée par le centre."),
                             code=str(result.get("reason") or "refused"),
                             field=FIELD_OF_REASON.get(str(result.get("reason"))))
    final = result.get("reference")
    final_reference = final if isinstance(final, str) and is_reference(final) else reference
    left = result.get("requests_left")
    return Confirmation(
        reference=final_reference, phone_masked=masked, channel=request.channel.value,
        created_at=request.created_at,
        requests_left=left if isinstance(left, int) else decision.requests_left,
        state=SENT, message=str(result.get("message") or decision.message),
        status_url=enrolled.client.status_url(final_reference))
