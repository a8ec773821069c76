"""Consultation (the counter's look-up): find a voter, see their requests (date in their local
time, channel, masked phone, state), their sealed letters and how many requests are left.
Nothing secret is shown: the services send none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from kiosk.services.contracts import AgentSession, KioskServices, VoterMatches, VoterSummary
from kiosk.services.daily_contracts import DESTROYED, HANDED, HistoryEntry, VoterHistory
from kiosk.services.validation import MAX_REQUESTS, check_search_query
from kiosk.ui.screens.base import ToolScreen, fill_table, make_table
from kiosk.ui.screens.follow_up import reason_text
from kiosk.ui.service_texts import translated
from kiosk.ui.timefmt import when_text
from kiosk.ui.widgets import chosen_row, more_matches_text
from kiosk.ui.worker import Worker


class LookupScreen(ToolScreen):
    def __init__(self, services: KioskServices, worker: Worker, agent: AgentSession | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, agent, self.tr("Consultation d'un électeur"),
                         self.tr("Les demandes de l'électeur faites à cette borne et le nombre "
                                 "de demandes encore possibles. Aucune donnée confidentielle "
                                 "n'est affichée."), parent)
        self.voters: list[VoterSummary] = []
        self.history: VoterHistory | None = None
        self.query = QLineEdit(self)
        self.query.setAccessibleName(self.tr("Recherche d'électeur"))
        self.query.setPlaceholderText(self.tr("Nom, prénom ou adresse électronique"))
        self.query.setMaxLength(120)
        self.query.returnPressed.connect(self.search)
        query_label = QLabel(self.tr("Re&chercher :"), self)
        query_label.setBuddy(self.query)
        self.search_button = QPushButton(self.tr("&Rechercher"), self)
        self.search_button.setAccessibleName(self.tr("Rechercher l'électeur"))
        self.search_button.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(query_label)
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Électeurs trouvés"))
        self.results.setMaximumHeight(140)
        self.results.itemSelectionChanged.connect(self._on_voter_chosen)
        self.summary = QLabel(self)
        self.summary.setObjectName("quota")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.requests = make_table(self, self.tr("Demandes de l'électeur"), [
            self.tr("Date"), self.tr("Envoi"), self.tr("Téléphone"), self.tr("État"),
            self.tr("Agent")])
        self.letters = QLabel(self)
        self.letters.setWordWrap(True)
        self.letters.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addLayout(row)
        self.body.addWidget(self.results)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.requests, 1)
        self.body.addWidget(self.letters)
        self.setTabOrder(self.query, self.search_button)
        self.setTabOrder(self.search_button, self.results)
        self.setTabOrder(self.results, self.requests)

    def open(self) -> None:
        self.query.setFocus()

    def search(self) -> None:
        text = self.query.text()
        problem = check_search_query(text)
        if problem is not None:
            self.message.show_message(translated(problem), "error")
            return
        self.message.clear_message()
        services = self.services
        self.call(lambda: services.find_voters(text), self._on_found)

    def _on_found(self, found: VoterMatches) -> None:
        self.voters = list(found.voters)
        self.results.clear()
        self._show_history(None)
        for voter in self.voters:
            item = QListWidgetItem(f"{voter.last_name.upper()} {voter.first_name} — "
                                   f"{voter.email} — {voter.establishment}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text())
            self.results.addItem(item)
        if not self.voters:
            self.show_info(self.tr("Aucun électeur ne correspond à cette recherche."))
        elif len(self.voters) == 1:
            self.results.setCurrentRow(0)
        if found.more:
            self.show_info(more_matches_text(len(self.voters)))
        self.results.setFocus()

    def _on_voter_chosen(self) -> None:
        row = chosen_row(self.results)
        if not 0 <= row < len(self.voters):
            return
        ref, services = self.voters[row].ref, self.services
        self.call(lambda: services.voter_history(ref), self._show_history)

    def _show_history(self, history: VoterHistory | None) -> None:
        self.history = history
        if history is None:
            self.summary.clear()
            fill_table(self.requests, [])
            self.letters.clear()
            return
        self.summary.setText(self.tr("%1 (%2, %3) : %4 demande(s) sur %5, encore %6 possible(s).")
                             .replace("%1", history.voter_name)
                             .replace("%2", history.establishment)
                             .replace("%3", history.email)
                             .replace("%4", str(history.requests_used))
                             .replace("%5", str(MAX_REQUESTS))
                             .replace("%6", str(history.requests_left)))
        fill_table(self.requests, [self._row(e) for e in history.entries])
        if history.letters:
            states = {HANDED: self.tr("remis"), DESTROYED: self.tr("détruit")}
            self.letters.setText(self.tr("Plis confidentiels : ") + "; ".join(
                f"{letter.serial} ({states.get(letter.state, self.tr('non retiré'))})"
                for letter in history.letters))
        else:
            self.letters.setText(self.tr("Aucun pli confidentiel imprimé à cette borne."))

    def _row(self, entry: HistoryEntry) -> list[str]:
        states = {
            "pending": self.tr("En attente de synchronisation"),
            "sent": self.tr("Envoyée"),
            "handled": self.tr("À suivre : traitée"),
            "delivery_failed": self.tr("À suivre : envoi en échec"),
        }
        if entry.state in ("refused", "follow_up"):
            prefix = self.tr("Refusée") if entry.state == "refused" else self.tr("À suivre")
            state = f"{prefix} : {reason_text(entry.reason)}"
        else:
            state = states.get(entry.state, translated(entry.state))
        channel = self.tr("SMS") if entry.channel == "sms" else self.tr("Courriel")
        return [when_text(entry.created_at, entry.region), channel, entry.phone_masked or "—",
                state, entry.agent]
