"""``GET /v1/sync/pull``: what changed for a kiosk's establishments since its cursor.

Each change is a full voter snapshot (the kiosk keeps the one with the highest ``seq``), so a
change read twice is harmless and the kiosk never has to merge partial updates. Every pull also
carries the full agents snapshot for the kiosk's establishments (agents sign in offline) and the
election calendar (kiosks judge the request window offline with the centre's dates).

The known gap, and how it is closed. On PostgreSQL ``nextval`` hands out sequence numbers when
called, not when the transaction commits: a decision could take seq 104, a faster one 105 and
commit first; a pull in between would return 105, move the cursor past 104, and the kiosk would
never see 104. Decisions therefore allocate their sequence number under a transaction-scoped
advisory lock held until commit (``kiosk.store.models.next_change_seqs``, which the register
import uses too), so numbers become visible in the order they were handed out: whatever a pull
can see below its highest seq is already committed. On SQLite the write transaction
(``BEGIN IMMEDIATE``) serialises writers the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.admin import load_calendar
from kiosk.central.api_context import AppContext
from kiosk.central.api_models import (
    AgentSnapshot,
    CalendarSnapshot,
    Change,
    PullOut,
    VoterSnapshot,
)
from kiosk.store.engine import read_only
from kiosk.store.models import Agent, PhoneBinding, Voter, next_change_seqs

DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000


def next_change_seq(session: Session) -> int:
    return next_change_seqs(session, 1)[0]


@dataclass(frozen=True)
class PullPage:
    changes: list[Change]
    cursor: int
    more: bool


def changes_since(session: Session, context: AppContext, establishments: tuple[str, ...],
                  cursor: int, limit: int) -> PullPage:
    if not establishments:
        return PullPage([], cursor, False)
    voters = list(session.scalars(
        select(Voter)
        .where(Voter.establishment.in_(establishments), Voter.change_seq > cursor)
        .order_by(Voter.change_seq)
        .limit(limit + 1)
    ))
    more = len(voters) > limit
    voters = voters[:limit]
    phones: dict[int, list[str]] = defaultdict(list)
    if voters:
        for voter_id, phone_hash in session.execute(
            select(PhoneBinding.voter_id, PhoneBinding.phone_hash)
            .where(PhoneBinding.voter_id.in_([v.id for v in voters]))
            .order_by(PhoneBinding.id)
        ):
            phones[voter_id].append(phone_hash)
    ring = context.keyring
    changes = [
        Change(seq=v.change_seq, voter=VoterSnapshot(
            voter_id=v.id, numen=ring.decrypt(v.numen_enc),
            birth_date=date.fromisoformat(ring.decrypt(v.birth_date_enc)).isoformat(),
            last_name=v.last_name, first_name=v.first_name, email=v.email,
            establishment=v.establishment, requests_used=v.requests_used,
            id_version=v.id_version,
            locked_until=v.locked_until.isoformat() if v.locked_until else None,
            phone_hashes=phones.get(v.id, []),
        ))
        for v in voters
    ]
    return PullPage(changes, changes[-1].seq if changes else cursor, more)


def agents_for(session: Session, establishments: tuple[str, ...]) -> list[AgentSnapshot]:
    """Every agent (active or not: a deactivated one must stop working offline too) bound to
    one of the kiosk's establishments. The agents table is small: filtered here, not in SQL,
    because JSON containment differs between SQLite and PostgreSQL."""
    wanted = set(establishments)
    return [
        AgentSnapshot(username=a.username, display_name=a.display_name, role=a.role,
                      establishments=sorted(a.establishments or []),
                      password_hash=a.password_hash, active=bool(a.active))
        for a in session.scalars(select(Agent).order_by(Agent.username))
        if wanted.intersection(a.establishments or [])
    ]


def calendar_snapshot(session: Session) -> CalendarSnapshot | None:
    calendar = load_calendar(session)
    if calendar is None:
        return None
    return CalendarSnapshot(
        requests_open=calendar.requests_open.isoformat(),
        voting_opens=calendar.voting_opens.isoformat(),
        voting_closes=calendar.voting_closes.isoformat(),
        results=calendar.results.isoformat(),
    )


def pull(context: AppContext, establishments: tuple[str, ...], cursor: int, limit: int
         ) -> PullOut:
    with read_only(), context.sessions() as session:
        page = changes_since(session, context, establishments, cursor, limit)
        agents = agents_for(session, establishments)
        calendar = calendar_snapshot(session)
    return PullOut(changes=page.changes, cursor=page.cursor, more=page.more, agents=agents,
                   calendar=calendar)
