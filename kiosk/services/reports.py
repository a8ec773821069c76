"""The daily report of a kiosk (supervisors only): requests accepted, refused by reason, letters
handed over and requests still waiting for the centre, per establishment and per agent, from
the kiosk's own store; saved as CSV here and as PDF by :mod:`kiosk.services.report_pdf`.

Where each figure comes from, for ``day`` in Paris time:
- a request the kiosk accepted is an outbox record: ``pending`` until the centre answers, then
  accepted or refused (with the centre's reason, including refusals found at sync);
- a request refused at the counter writes no record but an audit line ``request.refused``;
- a letter handed over is a ``SealHandover`` row.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kiosk.domain.decision import REASON_LABELS
from kiosk.services import outbox
from kiosk.services.context import KioskContext
from kiosk.services.contracts import ServiceError
from kiosk.services.daily_contracts import DailyReport, ReportLine
from kiosk.services.handover_register import paris_day, voter_by_subject
from kiosk.services.roles import require_supervisor
from kiosk.store.models import AuditEntry, OutboxRecord, SealHandover, Voter

REFUSED_ACTION = "request.refused"
SCOPE_LABELS = {"establishment": "établissement", "agent": "agent", "total": "total"}


@dataclass
class _Counts:
    accepted: int = 0
    pending: int = 0
    handed_over: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    def line(self, scope: str, key: str) -> ReportLine:
        return ReportLine(scope=scope, key=key, accepted=self.accepted,
                          refused=dict(self.refused), handed_over=self.handed_over,
                          pending=self.pending)


class _Tally:
    def __init__(self) -> None:
        self.establishments: defaultdict[str, _Counts] = defaultdict(_Counts)
        self.agents: defaultdict[str, _Counts] = defaultdict(_Counts)
        self.total = _Counts()

    def each(self, establishment: str, agent: str) -> tuple[_Counts, ...]:
        return self.establishments[establishment], self.agents[agent or "?"], self.total

    def refused(self, establishment: str, agent: str, reason: str) -> None:
        code = reason if reason in REASON_LABELS else "other"
        for counts in self.each(establishment, agent):
            counts.refused[code] += 1


def daily_report(ctx: KioskContext, day: date) -> DailyReport:
    supervisor = require_supervisor(ctx)
    enrolled = ctx.require_enrolled()
    start, end = paris_day(day)
    allowed = set(supervisor.establishments)
    tally = _Tally()
    with enrolled.store.reading() as session:
        for row, voter in session.execute(
                select(OutboxRecord, Voter).join(Voter, Voter.id == OutboxRecord.voter_id)
                .where(OutboxRecord.kind == outbox.REISSUE, OutboxRecord.created_at >= start,
                       OutboxRecord.created_at < end)).all():
            if voter.establishment not in allowed:
                continue
            result = outbox.result_of(row) or {}
            if row.state == outbox.PENDING:
                for counts in tally.each(voter.establishment, row.agent):
                    counts.pending += 1
            elif result.get("status") == "accepted":
                for counts in tally.each(voter.establishment, row.agent):
                    counts.accepted += 1
            else:
                tally.refused(voter.establishment, row.agent, str(result.get("reason") or ""))
        for entry in session.scalars(select(AuditEntry).where(
                AuditEntry.action == REFUSED_ACTION, AuditEntry.at >= start,
                AuditEntry.at < end)):
            refused_voter = voter_by_subject(session, entry.subject)
            if refused_voter is None or refused_voter.establishment not in allowed:
                continue
            details = _details(entry.details_json)
            agent = str(details.get("agent") or entry.actor.removeprefix("agent:"))
            tally.refused(refused_voter.establishment, agent, str(details.get("reason") or ""))
        for handover, voter in session.execute(
                select(SealHandover, Voter).join(Voter, Voter.id == SealHandover.voter_id)
                .where(SealHandover.handed_at >= start, SealHandover.handed_at < end)).all():
            if voter.establishment in allowed:
                for counts in tally.each(voter.establishment, handover.agent):
                    counts.handed_over += 1
    lines = [tally.establishments[uai].line("establishment", uai) for uai in sorted(allowed)]
    lines += [counts.line("agent", name) for name, counts in sorted(tally.agents.items())]
    return DailyReport(day=day, kiosk_id=enrolled.kiosk_id,
                       establishments=tuple(sorted(allowed)), generated_at=ctx.now(),
                       generated_by=supervisor.username, lines=tuple(lines),
                       total=tally.total.line("total", ""))


def _details(text: str) -> dict[str, object]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# --- CSV ---------------------------------------------------------------------------------
def csv_header() -> list[str]:
    return (["jour", "niveau", "établissement ou agent", "demandes acceptées",
             "en attente de synchronisation", "demandes refusées"]
            + [f"refus : {label}" for label in REASON_LABELS.values()] + ["plis remis"])


def csv_row(day: date, line: ReportLine) -> list[str]:
    return ([day.isoformat(), SCOPE_LABELS.get(line.scope, line.scope), safe_cell(line.key),
             str(line.accepted), str(line.pending), str(line.refused_total)]
            + [str(line.refused.get(code, 0)) for code in REASON_LABELS]
            + [str(line.handed_over)])


def safe_cell(text: str) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection): quote such text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(report: DailyReport, path: Path) -> Path:
    """``;``-separated UTF-8 with a BOM (what a French spreadsheet opens correctly), written
    through a temporary file so a crash never leaves half a report."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(csv_header())
            for line in (*report.lines, report.total):
                writer.writerow(csv_row(report.day, line))
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise ServiceError("Impossible d'écrire le rapport : vérifiez que le dossier existe et "
                           "qu'il est accessible en écriture.", code="document_not_written"
                           ) from None
    return path
