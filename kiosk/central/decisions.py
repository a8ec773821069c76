"""The centre's decision on one pushed re-issue request: authoritative, durable, idempotent.

One record, one transaction. In it: the idempotency check (the record's UUID is the primary key
of ``reissue_requests``), the voter read with a row lock (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``, which is the lock), the phone
binding read (locked too), ``kiosk.domain.decision.decide()`` on that state, then all the
decision implies: on acceptance the new voter ID (its keyed hash only), the previous one
invalidated, the phone bound, the counters and change sequence, the notifications queued, the
request stored, an audit entry; on refusal the request, the audit entry and the identity-failure
counters. A crash before commit leaves nothing; after commit, a replay gets the stored answer.

Idempotency and conflicts: the same UUID from the same kiosk with the same payload digest gets
the stored result. The same UUID with a different payload (or from another kiosk) gets a
per-record result ``{"status": "conflict", "reason": "conflict"}`` (409 semantics) inside a
200 batch answer, whatever the batch size: one answer shape for every batch keeps the kiosk's
sync loop simple, and the other records of the batch are still decided.

Two voters racing for one phone: on PostgreSQL both may find the number free; the unique
constraint on ``phone_hash`` stops the second insert. That transaction is rolled back and the
decision redone once, which now finds the number bound and refuses ``phone_taken``.

A kiosk may only act for voters of its establishments: any other voter is ``voter_unknown``,
exactly as a NUMEN absent from the register, so a kiosk learns nothing about other schools.

Malformed values (NUMEN form, impossible date, not a mobile) are refused ``invalid_input`` with
the parser's French message and are not stored: the answer depends on the payload alone, so a
replay gets the same answer, and bad input changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import cast

from pydantic import BaseModel
from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.central import agent_scope
from kiosk.central.admin import load_calendar
from kiosk.central.api_auth import KioskPrincipal
from kiosk.central.api_context import AppContext
from kiosk.central.api_errors import rate_limited
from kiosk.central.api_models import RecordResult, ReissueRecord
from kiosk.central.api_records import Delivery, result_with, stored_result
from kiosk.central.notify.messages import notifications_for
from kiosk.central.pull import next_change_seq
from kiosk.central.ratelimit import any_exceeded, hit
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.calendar import ElectionCalendar
from kiosk.domain.decision import Channel, Decision, Reason, ReissueRequest, VoterState, decide
from kiosk.domain.errors import InvalidInput
from kiosk.domain.numen import parse_numen
from kiosk.domain.phone import mask_phone, parse_phone
from kiosk.domain.voter_id import generate_reference, generate_voter_id, is_reference
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.models import Notification, PhoneBinding, Voter, VoterCredential
from kiosk.store.models import ReissueRequest as RequestRow

MAX_FAILED_CHECKS = 5
LOCK_DURATION = timedelta(minutes=30)
CALENDAR_NOT_SET = ("Le calendrier du scrutin n'est pas encore fixé au centre : aucune demande "
                    "ne peut être acceptée pour le moment.")
TOO_MANY_FAILURES = ("Trop de vérifications d'identité infructueuses depuis cette borne ou cette "
                     "adresse : réessayez dans quelques minutes.")
# Failures that count against a kiosk and an address: wrong identity, or a NUMEN probe.
_FAILURES = (Reason.IDENTITY_MISMATCH, Reason.VOTER_UNKNOWN)
# A calendar long over: decide() then still checks lock and identity first, as usual.
_NO_CALENDAR = ElectionCalendar(
    requests_open=datetime(2000, 1, 1, tzinfo=UTC), voting_opens=datetime(2000, 1, 2, tzinfo=UTC),
    voting_closes=datetime(2000, 1, 3, tzinfo=UTC), results=datetime(2000, 1, 4, tzinfo=UTC),
)


_INSERT_REQUEST = insert(cast(Table, RequestRow.__table__))
_INSERT_CREDENTIAL = insert(cast(Table, VoterCredential.__table__))
_INSERT_BINDING = insert(cast(Table, PhoneBinding.__table__))
_INSERT_NOTIFICATION = insert(cast(Table, Notification.__table__))


class BatchCalendar:
    """The election calendar, read in the first decision's transaction of a pushed batch and
    kept for the rest of it (a calendar changed meanwhile applies from the next batch)."""

    def __init__(self) -> None:
        self._read = False
        self._calendar: ElectionCalendar | None = None

    def get(self, session: Session) -> ElectionCalendar | None:
        if not self._read:
            self._calendar = load_calendar(session)
            self._read = True
        return self._calendar


@dataclass(frozen=True)
class ValidRequest:
    request: ReissueRequest
    phone: str | None
    reference: str | None
    agent: str
    identity_document: str


def payload_digest(record: BaseModel) -> str:
    """SHA-256 of the record's canonical JSON (kind, created_at, payload), without its id."""
    dump = record.model_dump(mode="json", exclude={"id"})
    canonical = json.dumps(dump, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validate(record: ReissueRecord, today: date) -> ValidRequest:
    """The payload through the domain parsers; ``InvalidInput`` (French) on the first fault."""
    p = record.payload
    try:
        channel = Channel(p.channel)
    except ValueError:
        raise InvalidInput("Canal d'envoi invalide : « sms » ou « email » est attendu.",
                           field="channel") from None
    numen = parse_numen(p.numen)
    birth_date = parse_birth_date(p.birth_date, on=today)
    if p.security_code_checked is False:
        raise InvalidInput("Le code de sécurité n'a pas été vérifié à la borne.",
                           field="security_code_checked")
    phone = parse_phone(p.phone) if p.phone else None
    if channel is Channel.SMS and phone is None:
        raise InvalidInput("Numéro de mobile obligatoire pour un envoi par SMS.", field="phone")
    request = ReissueRequest(numen=numen, birth_date=birth_date, phone=phone or "",
                             channel=channel, created_at=record.created_at)
    return ValidRequest(request, phone, p.reference, p.agent.strip(),
                        p.identity_document.strip())


def decide_record(context: AppContext, kiosk: KioskPrincipal, record: ReissueRecord,
                  address: str, now: datetime, *, calendar: BatchCalendar) -> RecordResult:
    digest = payload_digest(record)
    try:
        valid = validate(record, now.date())
    except InvalidInput as exc:
        with context.sessions() as session:  # a stored record keeps its answer (or conflict)
            stored = stored_result(session, str(record.id), kiosk.id, digest)
        return stored or RecordResult(id=str(record.id), status="refused", reason=exc.code,
                                      message=exc.message,
                                      created_at=record.created_at.isoformat())
    for attempt in (1, 2):
        try:
            with context.sessions.begin() as session:
                # A replay is answered from storage first thing in there: no decision again.
                return _decide_in(session, context, kiosk, record, valid, digest, address,
                                  calendar)
        except IntegrityError:
            # A racing transaction bound the phone, took the reference or stored this UUID
            # first: decide again on what it committed.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _decide_in(session: Session, context: AppContext, kiosk: KioskPrincipal,
               record: ReissueRecord, valid: ValidRequest, digest: str, address: str,
               calendar: BatchCalendar) -> RecordResult:
    record_id = str(record.id)
    now = utcnow()
    stored = stored_result(session, record_id, kiosk.id, digest)
    if stored is not None:
        return stored
    keys = (f"id-fail:kiosk:{kiosk.id}", f"id-fail:addr:{address}")
    limits = (context.limits.identity_failures_per_kiosk,
              context.limits.identity_failures_per_address)
    if any_exceeded(session, list(zip(keys, limits, strict=True)), now):
        raise rate_limited(TOO_MANY_FAILURES)

    postgres = session.get_bind().dialect.name == "postgresql"
    query = select(Voter).where(Voter.numen_hash == context.numen_hash(valid.request.numen))
    found = session.scalars(query.with_for_update() if postgres else query).one_or_none()
    voter = found if found is not None and found.establishment in kiosk.establishments else None
    if voter is not None and not agent_scope.may_act(session, valid.agent, voter.establishment,
                                                     kiosk.establishments):
        agent_scope.refuse(session, kiosk_id=kiosk.id, voter_id=voter.id, record_id=record_id,
                           kind="reissue_request")
        return RecordResult(id=record_id, status="refused", reason=Reason.INVALID_INPUT.value,
                            message=agent_scope.UNKNOWN_AGENT,
                            created_at=record.created_at.isoformat())
    now = utcnow()  # read again: the lock may have been waited for
    phone_hash = context.phone_hash(valid.phone) if valid.phone else None
    binding: PhoneBinding | None = None
    if phone_hash is not None:
        bquery = select(PhoneBinding).where(PhoneBinding.phone_hash == phone_hash)
        binding = session.scalars(bquery.with_for_update() if postgres else bquery).one_or_none()

    decision = _decision(session, context, valid, voter, binding, now, calendar)
    tripped: list[str] = []  # the limits this miss reaches: audited below, in lock order
    if decision.reason in _FAILURES:
        for key, limit in zip(keys, limits, strict=True):
            if hit(session, key, limit, now) == limit.count:
                tripped.append(key)
    # Lock order, the same on every path so PostgreSQL never deadlocks: voter row, phone
    # binding, rate counters, the request row, then the change-sequence and audit locks.
    row = _store_request(session, kiosk.id, record_id, digest, valid, found, decision, now)
    if voter is not None:
        _count_identity_check(session, kiosk.id, voter, decision, now)
    delivery: Delivery | None = None
    if decision.accepted:
        assert voter is not None
        delivery = _issue(session, context, voter, row, valid, binding, phone_hash, decision,
                          now)
    audit.append(session, actor=f"kiosk:{kiosk.id}", action=f"request.{row.status}",
                 subject=f"voter:{found.id}" if found is not None else "voter:unknown",
                 details={"request": record_id, "reason": row.reason,
                          "new_version": decision.new_version, "agent": valid.agent[:100]})
    for key in tripped:  # from now on this kiosk or address gets 429 until the window ends
        audit.append(session, actor=f"kiosk:{kiosk.id}", action="identity.rate_limited",
                     subject=key.removeprefix("id-fail:"), details={"request": record_id})
    return result_with(row, delivery)


def _decision(session: Session, context: AppContext, valid: ValidRequest,
              voter: Voter | None, binding: PhoneBinding | None, now: datetime,
              batch_calendar: BatchCalendar) -> Decision:
    if voter is None:
        return decide(valid.request, None, _NO_CALENDAR, now)
    owner_key: str | None = None
    if binding is not None:
        owner = voter if binding.voter_id == voter.id else session.get(Voter, binding.voter_id)
        owner_key = owner.numen_hash if owner is not None else f"voter:{binding.voter_id}"
    ring = context.keyring
    state = VoterState(
        voter_key=voter.numen_hash, numen=ring.decrypt(voter.numen_enc),
        birth_date=date.fromisoformat(ring.decrypt(voter.birth_date_enc)),
        requests_used=voter.requests_used, id_version=voter.id_version,
        phone_owner_key=owner_key,
        locked=voter.locked_until is not None and voter.locked_until > now,
    )
    calendar = batch_calendar.get(session)
    decision = decide(valid.request, state, calendar or _NO_CALENDAR, now,
                      tolerance=context.settings.offline_tolerance)
    if calendar is None and decision.reason is Reason.OUTSIDE_WINDOW:
        return Decision(False, Reason.OUTSIDE_WINDOW, CALENDAR_NOT_SET,
                        decision.requests_left, None, None)
    return decision


def _count_identity_check(session: Session, kiosk_id: str, voter: Voter, decision: Decision,
                          now: datetime) -> None:
    """Five misses in a row lock the voter for 30 minutes; a matching identity resets."""
    if decision.reason is Reason.VOTER_LOCKED:
        return
    if decision.reason is not Reason.IDENTITY_MISMATCH:
        if voter.failed_checks:
            voter.failed_checks = 0
        return
    voter.failed_checks = (voter.failed_checks or 0) + 1
    if voter.failed_checks >= MAX_FAILED_CHECKS:
        voter.failed_checks = 0
        voter.locked_until = now + LOCK_DURATION
        voter.change_seq = next_change_seq(session)  # kiosks must refuse offline too
        voter.updated_at = now
        audit.append(session, actor=f"kiosk:{kiosk_id}", action="voter.locked",
                     subject=f"voter:{voter.id}",
                     details={"until": voter.locked_until.isoformat(),
                              "misses": MAX_FAILED_CHECKS})


def _reference(session: Session, wanted: str | None) -> str:
    """The kiosk's reference (already printed on its receipt) when well-formed and free."""
    if wanted is not None and is_reference(wanted) and session.scalar(
            select(RequestRow.id).where(RequestRow.reference == wanted)) is None:
        return wanted
    return generate_reference()


def _store_request(session: Session, kiosk_id: str, record_id: str, digest: str,
                   valid: ValidRequest, voter: Voter | None, decision: Decision,
                   now: datetime) -> RequestRow:
    values = {
        "id": record_id, "kiosk_id": kiosk_id, "voter_id": voter.id if voter is not None else None,
        "payload_digest": digest, "status": "accepted" if decision.accepted else "refused",
        "reason": decision.reason.value if decision.reason else None,
        "message": decision.message, "reference": _reference(session, valid.reference),
        "channel": valid.request.channel.value,
        "phone_masked": mask_phone(valid.phone) if valid.phone else "",
        "requests_left": decision.requests_left, "new_version": decision.new_version,
        "created_at": valid.request.created_at, "decided_at": now, "agent": valid.agent[:100],
        "identity_document": valid.identity_document[:50],
    }
    session.execute(_INSERT_REQUEST, values)  # a replay of this UUID fails here, not later
    return RequestRow(**values)  # a copy of what was written (not in the session)


def _issue(session: Session, context: AppContext, voter: Voter, row: RequestRow,
           valid: ValidRequest, binding: PhoneBinding | None, phone_hash: str | None,
           decision: Decision, now: datetime) -> Delivery | None:
    """The accepted request's effects, in the decision's transaction. Returns the delivery
    state of what it queued."""
    assert decision.new_version is not None and row.reference is not None
    new_id = generate_voter_id()
    session.execute(
        update(VoterCredential)
        .where(VoterCredential.voter_id == voter.id, VoterCredential.invalidated_at.is_(None))
        .values(invalidated_at=now)
        # No credential is loaded in this session: nothing to keep in step.
        .execution_options(synchronize_session=False)
    )
    # Rows written once go in as plain INSERTs: the unit of work cost more than the SQL.
    session.execute(_INSERT_CREDENTIAL, {
        "voter_id": voter.id, "version": decision.new_version,
        "id_hash": context.voter_id_hash(new_id), "issued_at": now, "invalidated_at": None,
        "request_id": row.id})
    ring = context.keyring
    if phone_hash is not None and valid.phone is not None:
        if binding is None:
            session.execute(_INSERT_BINDING, {
                "phone_hash": phone_hash, "phone_enc": ring.encrypt(valid.phone),
                "voter_id": voter.id, "bound_at": now})
        else:
            binding.bound_at = now
    drafts = notifications_for(
        channel=valid.request.channel.value, voter_id=new_id, phone=valid.phone,
        email=voter.email, phone_masked=row.phone_masked or None, reference=row.reference,
    )
    if drafts:
        session.execute(_INSERT_NOTIFICATION, [{
            "id": str(uuid.uuid4()), "request_id": row.id, "kind": draft.kind,
            "destination_enc": ring.encrypt(draft.destination),
            "body_enc": ring.encrypt(draft.body), "status": "queued", "attempts": 0,
            "next_attempt_at": now, "created_at": now,
        } for draft in drafts])
    # The voter last: on PostgreSQL the change-sequence lock is held until commit and every
    # accepting decision waits for it, so as little as possible comes after it.
    voter.requests_used += 1
    voter.id_version = decision.new_version
    voter.failed_checks = 0
    voter.change_seq = next_change_seq(session)
    voter.updated_at = now
    session.flush()
    # What api_records.delivery_state would read back: the new ID's message is queued.
    return "queued" if any(d.kind in ("sms", "email") for d in drafts) else None
