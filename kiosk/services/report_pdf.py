"""The daily report as a PDF (A4 landscape): one table, establishments then agents then the
total, the refusals spelled out by reason. Drawn like the other documents (``document_sheet``),
through the same crash-safe writer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.domain.calendar import format_paris
from kiosk.domain.decision import REASON_LABELS
from kiosk.services.daily_contracts import DailyReport, ReportLine
from kiosk.services.document_sheet import BLUE, GREY, LIGHT_BLUE, Sheet
from kiosk.services.documents import _write_pdf
from kiosk.services.reports import SCOPE_LABELS

_COLUMNS = (("Niveau", 26.0), ("Établissement ou agent", 55.0), ("Acceptées", 22.0),
            ("En attente de synchronisation", 30.0), ("Refusées", 22.0),
            ("Motifs des refus", 80.0), ("Plis remis", 22.0))
_ROW_MM = 10.0
_ROWS_PER_PAGE = 12


def reasons_text(line: ReportLine) -> str:
    parts = [f"{label} : {line.refused[code]}" for code, label in REASON_LABELS.items()
             if line.refused.get(code)]
    return " ; ".join(parts) or "—"


def _cells(line: ReportLine) -> tuple[str, ...]:
    return (SCOPE_LABELS.get(line.scope, line.scope), line.key or "toutes les lignes",
            str(line.accepted), str(line.pending), str(line.refused_total), reasons_text(line),
            str(line.handed_over))


def _draw(report: DailyReport, sheet: Sheet) -> None:
    lines = [*report.lines, report.total]
    pages = [lines[i:i + _ROWS_PER_PAGE] for i in range(0, len(lines), _ROWS_PER_PAGE)]
    for number, page in enumerate(pages, start=1):
        if number > 1:
            sheet.new_page()
        sheet.letterhead(f"Journée du {report.day.strftime('%d/%m/%Y')}", width=297.0)
        sheet.text(20, 38, 257, "Rapport quotidien de la borne", 15, bold=True, color=BLUE)
        sheet.text(20, 46, 257, f"Borne {report.kiosk_id} — établissements : "
                   f"{', '.join(report.establishments)} — édité le "
                   f"{format_paris(report.generated_at)} par {report.generated_by}", 8,
                   color=GREY)
        x, y = 20.0, 54.0
        for title, width in _COLUMNS:
            sheet.fill(x, y, width, 10, BLUE)
            sheet.text(x + 1.5, y + 1, width - 3, title, 8, bold=True, color=QColor("white"))
            x += width
        y += 10
        for line in page:
            x = 20.0
            if line.scope == "total":
                sheet.fill(x, y, sum(w for _, w in _COLUMNS), _ROW_MM, LIGHT_BLUE)
            for (_, width), value in zip(_COLUMNS, _cells(line), strict=True):
                sheet.box(x, y, width, _ROW_MM, width=0.2, color=GREY)
                sheet.text(x + 1.5, y + 1.5, width - 3, value, 8,
                           bold=line.scope == "total")
                x += width
            y += _ROW_MM
        sheet.text(20, 190, 200, "Demandes acceptées : décidées par le centre. En attente : "
                   "acceptées par la borne, pas encore transmises. Heures de Paris.", 7,
                   color=GREY)
        sheet.text(227, 190, 50, f"Page {number}/{len(pages)}", 8, color=GREY,
                   align=Qt.AlignmentFlag.AlignRight)


def render_report_pdf(report: DailyReport, path: Path) -> Path:
    """Write ``report`` to ``path`` (A4 landscape); return ``path``."""
    return _write_pdf(Path(path), "Rapport quotidien", True, lambda s: _draw(report, s))
