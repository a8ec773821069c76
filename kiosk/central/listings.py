"""``kiosk-central list-kiosks`` and ``list-agents``: what an operator must find to act.

A stolen or retired kiosk is revoked by its id (``revoke-kiosk``), which nobody can read off a
PC that is gone: ``list-kiosks`` shows every kiosk with its establishments, when it was
enrolled, whether it is revoked, and what it did (requests decided, the last one), so the
operator picks the right one and sees whether it was used after it went missing.
``list-agents`` shows the accounts of an establishment before one is changed or deactivated.
Nothing secret is shown: no token, no password hash, not even a token's hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.central.admin import parse_uai
from kiosk.domain.calendar import PARIS
from kiosk.store.models import Agent, Kiosk, ReissueRequest


@dataclass(frozen=True)
class KioskLine:
    id: str
    establishments: tuple[str, ...]
    enrolled_at: datetime
    revoked_at: datetime | None
    requests: int
    last_request_at: datetime | None


def list_kiosks(session: Session, establishments: Sequence[str] = ()) -> list[KioskLine]:
    """Every kiosk (of one of ``establishments`` when given), the oldest enrolled first."""
    wanted = {parse_uai(raw) for raw in establishments}
    kiosks = [k for k in session.scalars(select(Kiosk).order_by(Kiosk.enrolled_at, Kiosk.id))
              if _serves(k.establishments, wanted)]
    activity: dict[str, tuple[int, datetime | None]] = {}
    if kiosks:
        activity = {str(kiosk_id): (int(count), last) for kiosk_id, count, last in session.execute(
            select(ReissueRequest.kiosk_id, func.count(), func.max(ReissueRequest.decided_at))
            .where(ReissueRequest.kiosk_id.in_([k.id for k in kiosks]))
            .group_by(ReissueRequest.kiosk_id))}
    return [KioskLine(k.id, tuple(sorted(k.establishments or ())), k.enrolled_at, k.revoked_at,
                      *activity.get(k.id, (0, None)))
            for k in kiosks]


@dataclass(frozen=True)
class AgentLine:
    username: str
    display_name: str
    role: str
    active: bool
    establishments: tuple[str, ...]


def list_agents(session: Session, establishments: Sequence[str] = ()) -> list[AgentLine]:
    """Every agent account (bound to one of ``establishments`` when given), by user name."""
    wanted = {parse_uai(raw) for raw in establishments}
    return [AgentLine(a.username, a.display_name, a.role, bool(a.active),
                      tuple(sorted(a.establishments or ())))
            for a in session.scalars(select(Agent).order_by(Agent.username))
            if _serves(a.establishments, wanted)]


def _serves(bound: Sequence[str] | None, wanted: set[str]) -> bool:
    # JSON lists, filtered here rather than in SQL: containment differs between the databases.
    return not wanted or bool(wanted & set(bound or ()))


def _when(moment: datetime | None) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if moment else "—"


KIOSK_HEADER = ("Borne", "État", "Enrôlée le", "Demandes", "Dernière demande",
                "Établissements")
AGENT_HEADER = ("Identifiant", "Nom", "Rôle", "État", "Établissements")
ROLE_NAMES = {"agent": "agent", "supervisor": "superviseur"}


def render_kiosks(lines: Sequence[KioskLine], *, filtered: bool) -> str:
    """A table for a terminal (times in Paris time), then a count."""
    if not lines:
        return ("Aucune borne enrôlée pour ces établissements." if filtered
                else "Aucune borne enrôlée.")
    revoked = sum(1 for line in lines if line.revoked_at)
    return text_table(KIOSK_HEADER, [
        (line.id, f"révoquée le {_when(line.revoked_at)}" if line.revoked_at else "active",
         _when(line.enrolled_at), str(line.requests), _when(line.last_request_at),
         ", ".join(line.establishments))
        for line in lines]) + (f"\n{len(lines)} borne(s), dont {revoked} révoquée(s) ; "
                                "heures de Paris.")


def render_agents(lines: Sequence[AgentLine], *, filtered: bool) -> str:
    if not lines:
        return ("Aucun agent pour ces établissements." if filtered
                else "Aucun compte d'agent.")
    inactive = sum(1 for line in lines if not line.active)
    return text_table(AGENT_HEADER, [
        (line.username, line.display_name, ROLE_NAMES.get(line.role, line.role),
         "actif" if line.active else "désactivé", ", ".join(line.establishments))
        for line in lines]) + f"\n{len(lines)} agent(s), dont {inactive} désactivé(s)."


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, the last one left ragged."""
    table = [tuple(header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                                 row[-1]]).rstrip() for row in table)


def kiosks_text(session: Session, establishments: Sequence[str]) -> str:
    """What ``list-kiosks`` prints."""
    return render_kiosks(list_kiosks(session, establishments), filtered=bool(establishments))


def agents_text(session: Session, establishments: Sequence[str]) -> str:
    """What ``list-agents`` prints."""
    return render_agents(list_agents(session, establishments), filtered=bool(establishments))
