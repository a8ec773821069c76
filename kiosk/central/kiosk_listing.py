"""``kiosk-central list-kiosks``: the enrolled kiosks, for an operator who must find one.

A stolen or retired kiosk is revoked by its id (``revoke-kiosk``), which nobody can read off a
PC that is gone: this lists every kiosk with its establishments, when it was enrolled, whether
it is revoked, and what it did (requests decided, the last one), so the operator picks the
right one and sees whether it was used after it went missing. Nothing secret is shown: no
token, not even its hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.central.admin import parse_uai
from kiosk.domain.calendar import PARIS
from kiosk.store.models import Kiosk, ReissueRequest


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
              if not wanted or wanted & set(k.establishments or ())]
    activity: dict[str, tuple[int, datetime | None]] = {}
    if kiosks:
        activity = {str(kiosk_id): (int(count), last) for kiosk_id, count, last in session.execute(
            select(ReissueRequest.kiosk_id, func.count(), func.max(ReissueRequest.decided_at))
            .where(ReissueRequest.kiosk_id.in_([k.id for k in kiosks]))
            .group_by(ReissueRequest.kiosk_id))}
    return [KioskLine(k.id, tuple(sorted(k.establishments or ())), k.enrolled_at, k.revoked_at,
                      *activity.get(k.id, (0, None)))
            for k in kiosks]


def _when(moment: datetime | None) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if moment else "—"


HEADER = ("Borne", "État", "Enrôlée le", "Demandes", "Dernière demande", "Établissements")


def render(lines: Sequence[KioskLine], *, filtered: bool) -> str:
    """A table for a terminal (times in Paris time), then a count."""
    if not lines:
        return ("Aucune borne enrôlée pour ces établissements." if filtered
                else "Aucune borne enrôlée.")
    rows = [HEADER] + [
        (line.id, f"révoquée le {_when(line.revoked_at)}" if line.revoked_at else "active",
         _when(line.enrolled_at), str(line.requests), _when(line.last_request_at),
         ", ".join(line.establishments))
        for line in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER) - 1)]
    text = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                       row[-1]]).rstrip() for row in rows]
    revoked = sum(1 for line in lines if line.revoked_at)
    text.append(f"{len(lines)} borne(s), dont {revoked} révoquée(s) ; heures de Paris.")
    return "\n".join(text)
