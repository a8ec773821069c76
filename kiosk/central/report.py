"""``kiosk-central report``: one day's work per académie, as CSV.

For ``day`` (Paris time): requests accepted and refused by reason (``reissue_requests``, by
their creation time at the kiosk), sealed letters handed over (``seal_handovers``), and new IDs
the centre failed to deliver. The académie is the establishment's (from its UAI, see
:mod:`kiosk.central.academies`); a request for a voter the register does not know counts for
the académie of the kiosk that sent it. Requests still waiting on a kiosk are not known here:
each kiosk's own daily report counts them.
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.academies import UNKNOWN, academy_of
from kiosk.domain.calendar import PARIS
from kiosk.domain.decision import REASON_LABELS
from kiosk.store.models import Kiosk, Notification, SealHandover, Voter
from kiosk.store.models import ReissueRequest as RequestRow


@dataclass
class AcademyLine:
    academy: str
    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    handed_over: int = 0
    delivery_failed: int = 0

    @property
    def refused_total(self) -> int:
        return sum(self.refused.values())


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValueError("Jour invalide : la forme AAAA-MM-JJ est attendue "
                         "(exemple : 2026-11-05).") from None


def _bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    return start, end


def academy_report(session: Session, day: date) -> list[AcademyLine]:
    """One line per académie with activity that day, sorted by name."""
    start, end = _bounds(day)
    lines: defaultdict[str, AcademyLine] = defaultdict(lambda: AcademyLine(""))
    kiosk_academy: dict[str, str] = {}

    def of_kiosk(kiosk_id: str | None) -> str:
        if kiosk_id is None:
            return UNKNOWN
        if kiosk_id not in kiosk_academy:
            kiosk = session.get(Kiosk, kiosk_id)
            academies = {academy_of(uai) for uai in (kiosk.establishments if kiosk else [])}
            kiosk_academy[kiosk_id] = academies.pop() if len(academies) == 1 else UNKNOWN
        return kiosk_academy[kiosk_id]

    for row, uai in session.execute(
            select(RequestRow, Voter.establishment)
            .outerjoin(Voter, Voter.id == RequestRow.voter_id)
            .where(RequestRow.created_at >= start, RequestRow.created_at < end)).all():
        line = lines[academy_of(uai) if uai else of_kiosk(row.kiosk_id)]
        if row.status == "accepted":
            line.accepted += 1
        else:
            reason = row.reason or "other"
            line.refused[reason if reason in REASON_LABELS else "other"] += 1
    for uai in session.scalars(
            select(Voter.establishment).join(SealHandover, SealHandover.voter_id == Voter.id)
            .where(SealHandover.handed_at >= start, SealHandover.handed_at < end)):
        lines[academy_of(uai)].handed_over += 1
    for uai in session.scalars(
            select(Voter.establishment)
            .join(RequestRow, RequestRow.voter_id == Voter.id)
            .join(Notification, Notification.request_id == RequestRow.id)
            .where(RequestRow.created_at >= start, RequestRow.created_at < end,
                   Notification.status == "failed", Notification.kind.in_(("sms", "email")))):
        lines[academy_of(uai)].delivery_failed += 1
    for name, line in lines.items():
        line.academy = name
    return sorted(lines.values(), key=lambda line: line.academy)


def header() -> list[str]:
    return (["jour", "académie", "demandes acceptées", "demandes refusées"]
            + [f"refus : {label}" for label in REASON_LABELS.values()]
            + ["plis remis", "envois en échec"])


def row_of(day: date, line: AcademyLine) -> list[str]:
    return ([day.isoformat(), line.academy, str(line.accepted), str(line.refused_total)]
            + [str(line.refused.get(code, 0)) for code in REASON_LABELS]
            + [str(line.handed_over), str(line.delivery_failed)])


def write_report(lines: list[AcademyLine], day: date, path: Path) -> int:
    """``;``-separated UTF-8 with a BOM (French spreadsheets), written through a temporary
    file so a crash never leaves half a file; a total line closes it. Returns the line count."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    total = AcademyLine("total")
    for line in lines:
        total.accepted += line.accepted
        total.refused.update(line.refused)
        total.handed_over += line.handed_over
        total.delivery_failed += line.delivery_failed
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header())
            for line in [*lines, total]:
                writer.writerow(row_of(day, line))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return len(lines)
