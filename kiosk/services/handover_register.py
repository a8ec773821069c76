"""The day's register of sealed letters (« registre des plis »), printed as the émargement sheet.

A letter enters the register when it is printed (``letter_printed``: the NUMEN now exists on
paper) and becomes *handed* when the handover is recorded against signature. A printed letter
nobody collected stays *outstanding* until a supervisor records its destruction (who, when).

Where it is kept: printing and destruction are entries of the kiosk's hash-chained audit log
(``letter.printed``, ``letter.destroyed``; serial and agent only, never the NUMEN), handovers
are ``SealHandover`` rows. Destruction stays on the kiosk: the centre's ``seal_handover``
record kind carries handovers only (its payload admits no destruction), so it is audited
locally and shown on the sheet, not pushed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.calendar import PARIS
from kiosk.services.context import KioskContext
from kiosk.services.contracts import SealedLetter, ServiceError
from kiosk.services.daily_contracts import DESTROYED, HANDED, OUTSTANDING, LetterEntry
from kiosk.services.roles import require_supervisor
from kiosk.services.voters import load_voter
from kiosk.store import audit
from kiosk.store.models import AuditEntry, SealHandover, Voter

PRINTED_ACTION = "letter.printed"
DESTROYED_ACTION = "letter.destroyed"
UNKNOWN_LETTER = "Ce pli ne figure pas au registre de vos établissements."
ALREADY_HANDED = "Ce pli a été remis à l'électeur : il ne peut pas être déclaré détruit."
ALREADY_DESTROYED = "La destruction de ce pli est déjà enregistrée."


def paris_day(day: date) -> tuple[datetime, datetime]:
    """[start, end) of ``day`` in Paris time, as UTC instants (a day is 23 or 25 h at DST)."""
    start = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    return start, end


def voter_of_subject(subject: str) -> int | None:
    kind, _, value = subject.partition(":")
    return int(value) if kind == "voter" and value.isdigit() else None


def voter_by_subject(session: Session, subject: str) -> Voter | None:
    voter_id = voter_of_subject(subject)
    return session.get(Voter, voter_id) if voter_id is not None else None


def _details(entry: AuditEntry) -> dict[str, Any]:
    try:
        data = json.loads(entry.details_json)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def letter_printed(ctx: KioskContext, letter: SealedLetter) -> None:
    """The letter now exists on paper: it must end up handed over or destroyed."""
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    with enrolled.store.sessions.begin() as session:
        voter = load_voter(ctx, session, letter.voter_ref)
        audit.append(session, actor=ctx.actor(), action=PRINTED_ACTION,
                     subject=f"voter:{voter.id}",
                     details={"serial": letter.serial, "agent": agent.username})


def _printed(session: Session, start: datetime | None = None, end: datetime | None = None
             ) -> dict[str, tuple[AuditEntry, dict[str, Any]]]:
    """Printed letters by serial (the first printing counts: a reprint is the same letter)."""
    query = select(AuditEntry).where(AuditEntry.action == PRINTED_ACTION)
    if start is not None and end is not None:
        query = query.where(AuditEntry.at >= start, AuditEntry.at < end)
    found: dict[str, tuple[AuditEntry, dict[str, Any]]] = {}
    for entry in session.scalars(query.order_by(AuditEntry.seq)):
        details = _details(entry)
        serial = str(details.get("serial") or "")
        if serial and serial not in found:
            found[serial] = (entry, details)
    return found


def _destroyed(session: Session) -> dict[str, tuple[datetime, str]]:
    found: dict[str, tuple[datetime, str]] = {}
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.action == DESTROYED_ACTION)
                                 .order_by(AuditEntry.seq)):
        details = _details(entry)
        serial = str(details.get("serial") or "")
        if serial:
            found.setdefault(serial, (entry.at, str(details.get("destroyed_by") or "")))
    return found


def _entries(session: Session, establishments: Sequence[str], day: date
             ) -> list[tuple[int, LetterEntry]]:
    """(voter id, entry) for every letter of ``day``, in time order."""
    start, end = paris_day(day)
    allowed = set(establishments)
    destroyed = _destroyed(session)
    entries: dict[str, tuple[int, LetterEntry]] = {}
    for handover, voter in session.execute(
            select(SealHandover, Voter).join(Voter, Voter.id == SealHandover.voter_id)
            .where(SealHandover.handed_at >= start, SealHandover.handed_at < end)).all():
        if voter.establishment not in allowed:
            continue
        gone = handover.destroyed_at is not None
        entries[handover.serial] = (voter.id, LetterEntry(
            serial=handover.serial, voter_name=f"{voter.last_name} {voter.first_name}",
            establishment=voter.establishment, agent=handover.agent, at=handover.handed_at,
            state=DESTROYED if gone else HANDED, destroyed_at=handover.destroyed_at,
            destroyed_by=handover.destroyed_by))
    printed = _printed(session, start, end)
    handed_serials = _handed_serials(session, printed.keys())
    for serial, (entry, details) in printed.items():
        if serial in entries or serial in handed_serials:
            continue  # handed over (today or later): listed on the day it was handed
        owner = voter_by_subject(session, entry.subject)
        if owner is None or owner.establishment not in allowed:
            continue
        when, by = destroyed.get(serial, (None, None))
        entries[serial] = (owner.id, LetterEntry(
            serial=serial, voter_name=f"{owner.last_name} {owner.first_name}",
            establishment=owner.establishment, agent=str(details.get("agent") or ""),
            at=entry.at, state=DESTROYED if when is not None else OUTSTANDING,
            destroyed_at=when, destroyed_by=by))
    return sorted(entries.values(), key=lambda pair: (pair[1].at, pair[1].serial))


def _handed_serials(session: Session, serials: Iterable[str]) -> set[str]:
    wanted = list(serials)
    if not wanted:
        return set()
    return set(session.scalars(select(SealHandover.serial).where(
        SealHandover.serial.in_(wanted))))


def day_register(ctx: KioskContext, day: date) -> list[LetterEntry]:
    """Every sealed letter of ``day`` (Paris time) in the agent's establishments: handed over
    that day, or printed that day and not handed over (outstanding or destroyed)."""
    agent = ctx.require_agent()
    enrolled = ctx.require_enrolled()
    with enrolled.store.reading() as session:
        return [entry for _voter, entry in _entries(session, agent.establishments, day)]


def mark_destroyed(ctx: KioskContext, serial: str) -> LetterEntry:
    """Record that an uncollected letter was destroyed (supervisors only)."""
    supervisor = require_supervisor(ctx)
    enrolled = ctx.require_enrolled()
    serial = (serial or "").strip()
    with enrolled.store.sessions.begin() as session:
        printed = _printed(session).get(serial)
        voter = voter_by_subject(session, printed[0].subject) if printed else None
        if printed is None or voter is None \
                or voter.establishment not in supervisor.establishments:
            raise ServiceError(UNKNOWN_LETTER, code="not_found")
        if _handed_serials(session, [serial]):
            raise ServiceError(ALREADY_HANDED, code="already_handed")
        if serial in _destroyed(session):
            raise ServiceError(ALREADY_DESTROYED, code="already_destroyed")
        entry = audit.append(session, actor=ctx.actor(), action=DESTROYED_ACTION,
                             subject=f"voter:{voter.id}",
                             details={"serial": serial, "destroyed_by": supervisor.username})
        return LetterEntry(
            serial=serial, voter_name=f"{voter.last_name} {voter.first_name}",
            establishment=voter.establishment, agent=str(printed[1].get("agent") or ""),
            at=printed[0].at, state=DESTROYED, destroyed_at=entry.at,
            destroyed_by=supervisor.username)


def voter_letters(session: Session, voter: Voter) -> list[LetterEntry]:
    """Every letter printed or handed for ``voter`` on this kiosk (the counter's look-up)."""
    subject = f"voter:{voter.id}"
    days = {h.handed_at.astimezone(PARIS).date() for h in session.scalars(
        select(SealHandover).where(SealHandover.voter_id == voter.id))}
    days |= {e.at.astimezone(PARIS).date() for e in session.scalars(
        select(AuditEntry).where(AuditEntry.action == PRINTED_ACTION,
                                 AuditEntry.subject == subject))}
    return [entry for day in sorted(days)
            for owner, entry in _entries(session, [voter.establishment], day)
            if owner == voter.id]

