"""Registre des plis: the day's sealed letters (serial, voter, agent, time, signature column),
printed as the émargement sheet; a supervisor records the destruction of an uncollected one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.services import documents
from kiosk.services.contracts import AgentSession, KioskServices
from kiosk.services.daily_contracts import DESTROYED, HANDED, LetterEntry, sheet_records
from kiosk.services.validation import paris_hour, paris_today
from kiosk.ui.pages.letter import ask_save_path, new_printer, show_modal
from kiosk.ui.screens.base import ToolScreen, fill_table, make_table
from kiosk.ui.timefmt import when_text
from kiosk.ui.worker import Worker


class RegisterScreen(ToolScreen):
    def __init__(self, services: KioskServices, worker: Worker, agent: AgentSession | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, agent, self.tr("Registre des plis confidentiels"),
                         self.tr("Les plis du jour : remis contre signature, ou imprimés et pas "
                                 "encore retirés. Imprimez la feuille d'émargement pour les "
                                 "signatures."), parent)
        self.entries: list[LetterEntry] = []
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = paris_today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setAccessibleName(self.tr("Jour du registre"))
        day_label = QLabel(self.tr("&Jour :"), self)
        day_label.setBuddy(self.day)
        self.refresh_button = QPushButton(self.tr("&Afficher"), self)
        self.refresh_button.setAccessibleName(self.tr("Afficher le registre de ce jour"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        self.table = make_table(self, self.tr("Plis du jour"), [
            self.tr("N° de pli"), self.tr("Électeur"), self.tr("Établissement"),
            self.tr("Agent"), self.tr("Heure"), self.tr("État"), self.tr("Signature")])
        self.table.itemSelectionChanged.connect(self.busy_changed)
        self.summary = QLabel(self)
        self.summary.setObjectName("quota")
        self.summary.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&Imprimer la feuille d'émargement…"), self)
        self.print_button.setAccessibleName(self.tr("Imprimer la feuille d'émargement"))
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = QPushButton(self.tr("Enregistrer en &PDF…"), self)
        self.pdf_button.setAccessibleName(self.tr("Enregistrer la feuille d'émargement en PDF"))
        self.pdf_button.clicked.connect(self.choose_pdf_path)
        self.destroy_button = QPushButton(self.tr("Déclarer le pli dé&truit"), self)
        self.destroy_button.setAccessibleName(self.tr("Déclarer détruit le pli non retiré "
                                                      "sélectionné"))
        self.destroy_button.clicked.connect(self.ask_destroy)
        self.confirm_button = QPushButton(self)
        self.confirm_button.setObjectName("primary")
        self.confirm_button.clicked.connect(self.destroy_selected)
        self.confirm_button.hide()
        actions = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.destroy_button,
                       self.confirm_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.summary)
        self.body.addLayout(actions)
        # Destruction is a supervisor's act: an agent does not even see the button.
        self.destroy_button.setVisible(agent is not None and agent.role == "supervisor")
        self.setTabOrder(self.day, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.setTabOrder(self.table, self.print_button)

    def chosen_day(self) -> date:
        value = self.day.date()
        return date(value.year(), value.month(), value.day())

    def open(self) -> None:
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        day, services = self.chosen_day(), self.services
        self.call(lambda: services.day_register(day), self._on_loaded)

    def _on_loaded(self, entries: list[LetterEntry]) -> None:
        self.entries = list(entries)
        fill_table(self.table, [self._row(e) for e in self.entries])
        outstanding = sum(1 for e in self.entries if e.outstanding)
        self.summary.setText(self.tr("%1 pli(s) ce jour, dont %2 non retiré(s).")
                             .replace("%1", str(len(self.entries)))
                             .replace("%2", str(outstanding)))
        self.confirm_button.hide()

    def _row(self, entry: LetterEntry) -> list[str]:
        if entry.state == HANDED:
            state = self.tr("Remis")
        elif entry.state == DESTROYED:
            state = self.tr("Détruit le %1 par %2").replace(
                "%1", when_text(entry.destroyed_at) if entry.destroyed_at else "") \
                .replace("%2", entry.destroyed_by or "")
        else:
            state = self.tr("Non retiré")
        return [entry.serial, entry.voter_name, entry.establishment, entry.agent,
                paris_hour(entry.at), state, ""]

    def selected(self) -> LetterEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        row = rows[0].row() if rows else -1
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def busy_changed(self) -> None:
        chosen = self.selected()
        self.destroy_button.setEnabled(not self.busy and chosen is not None
                                       and chosen.outstanding)
        for button in (self.refresh_button, self.print_button, self.pdf_button):
            button.setEnabled(not self.busy)

    # --- destruction -------------------------------------------------------------------
    def ask_destroy(self) -> None:
        chosen = self.selected()
        if chosen is None or not chosen.outstanding:
            return
        self.confirm_button.setText(self.tr("&Confirmer : le pli n° %1 a été détruit")
                                    .replace("%1", chosen.serial))
        self.confirm_button.setAccessibleName(self.confirm_button.text().replace("&", ""))
        self.confirm_button.show()
        self.confirm_button.setFocus()

    def destroy_selected(self) -> None:
        chosen, services = self.selected(), self.services
        self.confirm_button.hide()
        if chosen is not None and chosen.outstanding:
            serial = chosen.serial
            self.call(lambda: services.mark_destroyed(serial), self._on_destroyed)

    def _on_destroyed(self, entry: LetterEntry) -> None:
        self.show_info(self.tr("Destruction du pli n° %1 enregistrée.").replace("%1",
                                                                               entry.serial))
        self.refresh()

    # --- printing ----------------------------------------------------------------------
    def print_sheet(self) -> None:
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer la feuille d'émargement"))
        records, day = sheet_records(self.entries), self.chosen_day()
        dialog.accepted.connect(lambda: self.call(
            lambda: documents.print_handover_sheet(records, day, printer),
            lambda _r: self.show_info(self.tr("Feuille d'émargement imprimée."))))
        show_modal(dialog)

    def choose_pdf_path(self) -> None:
        day = self.chosen_day()
        ask_save_path(self, self.tr("Enregistrer la feuille d'émargement"),
                      f"emargement-{day.isoformat()}.pdf", self.tr("Documents PDF (*.pdf)"),
                      self.save_pdf)

    def save_pdf(self, path: Path) -> None:
        day, services = self.chosen_day(), self.services
        self.call(lambda: services.render_register_pdf(day, path),
                  lambda _r: self.show_info(self.tr("Feuille d'émargement enregistrée.")))
