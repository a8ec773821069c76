"""Which agent a kiosk's record may name: the centre's check of what the kiosk enforces.

Agents sign in at the kiosk, offline, against the verifiers the pull hands out; the centre never
sees a password. What it can still enforce is that every pushed record (a re-issue request, a
sealed-letter handover) names an agent who could have signed in for that voter on that kiosk,
by the kiosk's own rule (``kiosk.services.agents.SignIn``): an ``agent`` bound to the voter's
establishment, or a ``supervisor`` bound to one of the kiosk's establishments. A kiosk that
names nobody, an unknown name or an agent of another school is refused, and the attempt is
audited; the record is not stored, so it changes nothing.

This does not stop a thief holding a kiosk's token (the pull gives them the agents' names);
revoking the kiosk does. It keeps the audit trail honest and catches a kiosk that acts outside
its agents' rights. A deactivated agent still passes: a record made offline before the
deactivation is legitimate, and the kiosk refuses that agent's sign-in from its next pull.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store import audit
from kiosk.store.models import Agent

UNKNOWN_AGENT = ("L'agent indiqué n'est pas habilité pour l'établissement de cet électeur : "
                 "enregistrement refusé (vérifiez les comptes d'agents au centre).")
SUPERVISOR = "supervisor"


def agent_key(username: str) -> str:
    """An agent's username as stored and compared (``admin.add_agent`` stores it so)."""
    return username.strip().lower()


def may_act(session: Session, username: str, establishment: str,
            kiosk_establishments: Sequence[str]) -> bool:
    name = agent_key(username)
    if not name:
        return False
    agent = session.scalars(select(Agent).where(Agent.username == name)).one_or_none()
    if agent is None:
        return False
    return entitled(agent.role, agent.establishments or (), establishment, kiosk_establishments)


def entitled(role: str, bound: Iterable[str], establishment: str,
             kiosk_establishments: Sequence[str]) -> bool:
    """The kiosk's sign-in rule for an agent of ``role`` bound to ``bound`` establishments."""
    if role == SUPERVISOR:
        return bool(set(bound) & set(kiosk_establishments))
    return establishment in set(bound)


def refuse(session: Session, *, kiosk_id: str, voter_id: int, record_id: str, kind: str
           ) -> None:
    """Audit the refused attempt (the record itself is not stored)."""
    audit.append(session, actor=f"kiosk:{kiosk_id}", action="record.agent_refused",
                 subject=f"voter:{voter_id}", details={"record": record_id, "kind": kind})
