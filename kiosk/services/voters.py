"""Use cases around one voter: find them, check their identity, the sealed letter and its
handover against signature (émargement).

Identity is checked by keyed hash, in constant time, for the NUMEN and the birth date together
(the time taken never tells which one was wrong). Five misses lock the voter for fifteen
minutes; misses and locks are stored and audited in the kiosk's own audit chain.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import kiosk
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.calendar import PARIS
from kiosk.domain.decision import MAX_REQUESTS
from kiosk.domain.errors import DomainError
from kiosk.domain.hashing import constant_time_equal
from kiosk.domain.numen import parse_numen
from kiosk.domain.voter_id import VOTER_ID_ALPHABET
from kiosk.services import outbox
from kiosk.services.context import KioskContext, field_error
from kiosk.services.contracts import (
    HandoverRecord,
    IdentityRefused,
    SealedLetter,
    ServiceError,
    VoterMatches,
    VoterSummary,
)
from kiosk.services.local_store import BIRTH_PURPOSE, NUMEN_PURPOSE, SEARCH_LIMIT
from kiosk.store import audit
from kiosk.store.models import SealHandover, Voter

MAX_MISSES = 5
LOCKOUT = timedelta(minutes=15)
UNKNOWN_VOTER = "Électeur introuvable dans le registre de vos établissements."
MISMATCH = "Le NUMEN ou la date de naissance ne correspond pas au registre."


def load_voter(ctx: KioskContext, session: Session, voter_ref: str) -> Voter:
    """The voter behind ``voter_ref``, if it is in the signed-in agent's establishments."""
    agent = ctx.require_agent()
    voter = session.get(Voter, int(voter_ref)) if voter_ref.isdigit() else None
    if voter is None or voter.establishment not in agent.establishments:
        raise ServiceError(UNKNOWN_VOTER, code="voter_unknown")
    return voter


def used_requests(session: Session, voter: Voter) -> int:
    """Accepted re-issues as this kiosk sees them: the last pull plus its own pending ones."""
    return voter.requests_used + outbox.pending_requests_for(session, voter.id)


def find_voters(ctx: KioskContext, query: str) -> VoterMatches:
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    with enrolled.store.reading() as session:
        # One more than a page, to tell the agent that the voter sought may be further on.
        rows = enrolled.store.search(session, query or "", agent.establishments,
                                     limit=SEARCH_LIMIT + 1)
        return VoterMatches(tuple(VoterSummary(
            ref=str(v.id), last_name=v.last_name, first_name=v.first_name, email=v.email,
            establishment=v.establishment,
            requests_left=max(0, MAX_REQUESTS - used_requests(session, v)),
        ) for v in rows[:SEARCH_LIMIT]), more=len(rows) > SEARCH_LIMIT)


def requests_left(ctx: KioskContext, voter_ref: str) -> int:
    enrolled = ctx.require_enrolled()
    with enrolled.store.reading() as session:
        voter = load_voter(ctx, session, voter_ref)
        return max(0, MAX_REQUESTS - used_requests(session, voter))


def locked_message(until: datetime) -> str:
    return ("Trop d'essais infructueux : la vérification de cet électeur est suspendue "
            f"jusqu'à {until.astimezone(PARIS).strftime('%H:%M')} (heure de Paris).")


def check_identity(ctx: KioskContext, session: Session, voter: Voter, numen: str,
                   birth: date) -> IdentityRefused | None:
    """Compare within the caller's transaction; a miss is counted (and a lock set) there, so
    the caller must commit before raising the refusal returned. Used by both the NUMEN step
    and the submission, so no path gets round the lockout."""
    enrolled = ctx.require_enrolled()
    ring = enrolled.store.ring
    now = ctx.now()
    if voter.locked_until is not None and voter.locked_until > now:
        return IdentityRefused(locked_message(voter.locked_until), code="voter_locked")
    stored_birth = enrolled.store.birth_date_of(voter).isoformat()
    numen_ok = constant_time_equal(ring.hash(numen, NUMEN_PURPOSE), voter.numen_hash)
    birth_ok = constant_time_equal(ring.hash(birth.isoformat(), BIRTH_PURPOSE),
                                   ring.hash(stored_birth, BIRTH_PURPOSE))
    subject = f"voter:{voter.id}"
    if numen_ok & birth_ok:
        voter.failed_checks = 0
        audit.append(session, actor=ctx.actor(), action="identity.verified", subject=subject,
                     details={"kiosk": enrolled.kiosk_id})
        return None
    voter.failed_checks += 1
    if voter.failed_checks >= MAX_MISSES:
        voter.locked_until = now + LOCKOUT
        voter.failed_checks = 0
        audit.append(session, actor=ctx.actor(), action="identity.locked", subject=subject,
                     details={"kiosk": enrolled.kiosk_id, "misses": MAX_MISSES,
                              "until": voter.locked_until.isoformat()})
        return IdentityRefused(locked_message(voter.locked_until), code="voter_locked")
    audit.append(session, actor=ctx.actor(), action="identity.mismatch", subject=subject,
                 details={"kiosk": enrolled.kiosk_id, "misses": voter.failed_checks})
    left = MAX_MISSES - voter.failed_checks
    return IdentityRefused(f"{MISMATCH} Encore {left} essai(s) avant suspension.",
                           field="numen")


def verify_identity(ctx: KioskContext, voter_ref: str, numen: str, birth_date: str) -> None:
    ctx.require_agent()
    enrolled = ctx.require_enrolled()
    now = ctx.now()
    try:
        typed_numen = parse_numen(numen)
    except DomainError as exc:
        raise field_error(exc, "numen") from None
    try:
        typed_birth = parse_birth_date(birth_date, on=now.astimezone(PARIS).date())
    except DomainError as exc:
        raise field_error(exc, "birth_date") from None
    with enrolled.store.sessions.begin() as session:
        voter = load_voter(ctx, session, voter_ref)
        refusal = check_identity(ctx, session, voter, typed_numen, typed_birth)
    if refusal is not None:
        raise refusal  # after the commit: the miss is stored whatever the caller does next


def new_serial(establishment: str, on: date) -> str:
    suffix = "".join(secrets.choice(VOTER_ID_ALPHABET) for _ in range(6))
    return f"{establishment}-{on:%Y%m%d}-{suffix}"


def prepare_letter(ctx: KioskContext, voter_ref: str) -> SealedLetter:
    ctx.require_agent()
    enrolled = ctx.require_enrolled()
    now = ctx.now()
    with enrolled.store.sessions.begin() as session:
        voter = load_voter(ctx, session, voter_ref)
        serial = new_serial(voter.establishment, now.astimezone(PARIS).date())
        while session.scalar(select(SealHandover.id).where(SealHandover.serial == serial)):
            serial = new_serial(voter.establishment, now.astimezone(PARIS).date())
        # Printing a NUMEN is a disclosure: it leaves a trace even if the letter is not handed.
        audit.append(session, actor=ctx.actor(), action="letter.prepared",
                     subject=f"voter:{voter.id}", details={"serial": serial})
        return SealedLetter(voter_ref=str(voter.id), serial=serial, last_name=voter.last_name,
                            first_name=voter.first_name, establishment=voter.establishment,
                            numen=enrolled.store.numen_of(voter), created_at=now)


def record_handover(ctx: KioskContext, letter: SealedLetter) -> HandoverRecord:
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    now = ctx.now()
    try:
        with enrolled.store.sessions.begin() as session:
            voter = load_voter(ctx, session, letter.voter_ref)
            row = outbox.add(
                session, enrolled.store.ring, kind=outbox.SEAL_HANDOVER, created_at=now,
                voter_id=voter.id, agent=agent.username,
                payload={"voter_id": voter.id, "serial": letter.serial,
                         "agent": agent.username, "handed_at": now.isoformat(),
                         "kiosk_version": kiosk.__version__},
            )
            session.add(SealHandover(id=row.id, voter_id=voter.id, serial=letter.serial,
                                     agent=agent.username, handed_at=now,
                                     kiosk_id=enrolled.kiosk_id))
            audit.append(session, actor=ctx.actor(), action="seal.handed_over",
                         subject=f"voter:{voter.id}", details={"serial": letter.serial})
            name = f"{voter.last_name} {voter.first_name}"
    except IntegrityError:
        raise ServiceError("Ce pli a déjà été enregistré comme remis.",
                           code="serial_used") from None
    if enrolled.loop is not None:
        enrolled.loop.wake()
    return HandoverRecord(id=row.id, serial=letter.serial, voter_name=name,
                          agent=agent.username, handed_at=now)


def day_handovers(ctx: KioskContext, day: date) -> list[HandoverRecord]:
    """Letters handed on ``day`` (Paris time) in the agent's establishments, for the
    émargement sheet."""
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    start = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    with enrolled.store.reading() as session:
        rows = session.execute(
            select(SealHandover, Voter).join(Voter, Voter.id == SealHandover.voter_id)
            .where(SealHandover.handed_at >= start, SealHandover.handed_at < end,
                   Voter.establishment.in_(list(agent.establishments)))
            .order_by(SealHandover.handed_at)).all()
        return [HandoverRecord(id=h.id, serial=h.serial,
                               voter_name=f"{v.last_name} {v.first_name}", agent=h.agent,
                               handed_at=h.handed_at, destroyed_at=h.destroyed_at)
                for h, v in rows]
