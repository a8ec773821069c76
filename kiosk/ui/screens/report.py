"""Rapport du jour (supervisors): requests accepted, refused by reason, letters handed over and
requests waiting for the centre, per establishment and per agent; saved as PDF or CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.services.contracts import AgentSession, KioskServices
from kiosk.services.daily_contracts import DailyReport, ReportLine
from kiosk.services.validation import paris_today
from kiosk.ui.pages.letter import ask_save_path
from kiosk.ui.screens.base import ToolScreen, fill_table, make_table
from kiosk.ui.screens.follow_up import reason_text
from kiosk.ui.worker import Worker


class ReportScreen(ToolScreen):
    def __init__(self, services: KioskServices, worker: Worker, agent: AgentSession | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, agent, self.tr("Rapport du jour"), self.tr(
            "L'activité de la borne pour le jour choisi, par établissement et par agent. "
            "Réservé aux superviseurs."), parent)
        self.report: DailyReport | None = None
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = paris_today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setAccessibleName(self.tr("Jour du rapport"))
        day_label = QLabel(self.tr("&Jour :"), self)
        day_label.setBuddy(self.day)
        self.build_button = QPushButton(self.tr("Établir le &rapport"), self)
        self.build_button.setAccessibleName(self.tr("Établir le rapport de ce jour"))
        self.build_button.clicked.connect(self.build_report)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addWidget(self.build_button)
        top.addStretch(1)
        self.table = make_table(self, self.tr("Chiffres du jour"), [
            self.tr("Niveau"), self.tr("Établissement ou agent"), self.tr("Acceptées"),
            self.tr("En attente de synchronisation"), self.tr("Refusées"),
            self.tr("Motifs des refus"), self.tr("Plis remis")])
        self.pdf_button = QPushButton(self.tr("Enregistrer en &PDF…"), self)
        self.pdf_button.setAccessibleName(self.tr("Enregistrer le rapport en PDF"))
        self.pdf_button.clicked.connect(lambda: self._choose_path("pdf"))
        self.csv_button = QPushButton(self.tr("Enregistrer en &CSV…"), self)
        self.csv_button.setAccessibleName(self.tr("Enregistrer le rapport en CSV"))
        self.csv_button.clicked.connect(lambda: self._choose_path("csv"))
        actions = QHBoxLayout()
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.csv_button)
        actions.addStretch(1)
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(actions)
        self.setTabOrder(self.day, self.build_button)
        self.setTabOrder(self.build_button, self.table)
        self.setTabOrder(self.table, self.pdf_button)
        self.busy_changed()

    def chosen_day(self) -> date:
        value = self.day.date()
        return date(value.year(), value.month(), value.day())

    def open(self) -> None:
        self.build_report()
        self.day.setFocus()

    def build_report(self) -> None:
        day, services = self.chosen_day(), self.services
        self.call(lambda: services.daily_report(day), self._on_report)

    def _on_report(self, report: DailyReport) -> None:
        self.report = report
        fill_table(self.table, [self._row(line) for line in (*report.lines, report.total)])

    def _row(self, line: ReportLine) -> list[str]:
        scope = {"establishment": self.tr("Établissement"), "agent": self.tr("Agent"),
                 "total": self.tr("Total")}.get(line.scope, line.scope)
        reasons = "; ".join(self.tr("%1 : %2").replace("%1", reason_text(code))
                            .replace("%2", str(count))
                            for code, count in sorted(line.refused.items()) if count) or "—"
        return [scope, line.key, str(line.accepted), str(line.pending),
                str(line.refused_total), reasons, str(line.handed_over)]

    def busy_changed(self) -> None:
        ready = not self.busy and self.report is not None
        self.pdf_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)
        self.build_button.setEnabled(not self.busy)

    # --- saving ------------------------------------------------------------------------
    def _choose_path(self, kind: str) -> None:
        if self.report is None:
            return
        name = f"rapport-{self.report.day.isoformat()}.{kind}"
        ask_save_path(self, self.tr("Enregistrer le rapport"), name,
                      self.tr("Documents PDF (*.pdf)") if kind == "pdf"
                      else self.tr("Fichiers CSV (*.csv)"),
                      self.save_pdf if kind == "pdf" else self.save_csv)

    def save_pdf(self, path: Path) -> None:
        self._save(lambda report: self.services.render_report_pdf(report, path))

    def save_csv(self, path: Path) -> None:
        self._save(lambda report: self.services.write_report_csv(report, path))

    def _save(self, write: Callable[[DailyReport], Path]) -> None:
        report = self.report
        if report is not None:
            self.call(lambda: write(report), lambda written: self.show_info(
                self.tr("Rapport enregistré : %1").replace("%1", str(written))))
