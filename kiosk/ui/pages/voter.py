"""Step 1, Électeur: find the voter in the register and record the identity document checked."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
)

from kiosk.services.contracts import VoterMatches, VoterSummary
from kiosk.services.validation import MAX_REQUESTS, check_search_query
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.service_texts import translated
from kiosk.ui.state import PageContext
from kiosk.ui.widgets import chosen_row, more_matches_text

# Sent to the centre as written here (French); shown in the session's language.
IDENTITY_DOCUMENTS = (str(QT_TRANSLATE_NOOP("VoterPage", "Carte nationale d'identité")),
                      str(QT_TRANSLATE_NOOP("VoterPage", "Passeport")),
                      str(QT_TRANSLATE_NOOP("VoterPage", "Permis de conduire")),
                      str(QT_TRANSLATE_NOOP("VoterPage", "Carte professionnelle")))
QUOTA_MESSAGE = (f"La demande d'envoi d'un nouvel identifiant ne peut être faite que "
                 f"{MAX_REQUESTS} fois.")


class VoterPage(KioskPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Électeur"))
        self.setSubTitle(self.tr("Recherchez l'électeur dans le registre, puis indiquez la "
                                 "pièce d'identité que vous avez vérifiée."))
        self._results: list[VoterSummary] = []
        self._search_note = ""

        self.query = QLineEdit(self)
        self.query.setAccessibleName(self.tr("Recherche d'électeur"))
        self.query.setAccessibleDescription(self.tr("Nom, prénom ou adresse électronique "
                                                    "professionnelle"))
        self.query.setPlaceholderText(self.tr("Nom, prénom ou adresse électronique "
                                              "professionnelle"))
        self.query.setMaxLength(120)
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("&Rechercher"), self)
        self.search_button.setAccessibleName(self.tr("Rechercher l'électeur"))
        self.search_button.clicked.connect(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.search_button)

        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Électeurs trouvés"))
        self.results.setMinimumHeight(150)
        self.results.itemSelectionChanged.connect(self._on_selection_changed)

        self.document = QComboBox(self)
        self.document.setAccessibleName(self.tr("Pièce d'identité vérifiée"))
        self.document.setPlaceholderText(self.tr("Choisissez la pièce présentée…"))
        self.document.addItems([self.tr(text) for text in IDENTITY_DOCUMENTS])
        self.document.setCurrentIndex(-1)
        self.document.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())

        self.selected = QLabel(self)
        self.selected.setObjectName("selectedVoter")
        self.selected.setTextFormat(Qt.TextFormat.PlainText)
        self.selected.setWordWrap(True)

        form = QFormLayout()
        search_label = QLabel(self.tr("Re&chercher :"), self)
        search_label.setBuddy(self.query)
        form.addRow(search_label, search_row)
        results_label = QLabel(self.tr("&Résultats :"), self)
        results_label.setBuddy(self.results)
        form.addRow(results_label, self.results)
        document_label = QLabel(self.tr("&Pièce d'identité :"), self)
        document_label.setBuddy(self.document)
        form.addRow(document_label, self.document)
        self.body.addLayout(form)
        self.body.addWidget(self.selected)
        self.setTabOrder(self.query, self.search_button)
        self.setTabOrder(self.search_button, self.results)
        self.setTabOrder(self.results, self.document)

    # --- search ----------------------------------------------------------------------------
    def search(self) -> None:
        text = self.query.text()
        problem = check_search_query(text)
        if problem is not None:
            self.message.show_message(translated(problem), "error")
            return
        self._search_note = ""
        self.message.clear_message()
        self.call(lambda: self.ctx.services.find_voters(text), self._on_found,
                  waiting=self.tr("Recherche en cours…"))

    def _on_found(self, found: VoterMatches) -> None:
        self._results = list(found.voters)
        # The voter sought may be further on: said until the next search, whichever voter of
        # the list is chosen meanwhile (a choice clears the page's other messages).
        self._search_note = more_matches_text(len(self._results)) if found.more else ""
        self.results.clear()
        for voter in self._results:
            left = voter.requests_left
            item = QListWidgetItem(
                f"{voter.last_name.upper()} {voter.first_name} — {voter.email} — "
                f"{voter.establishment} — " + self.tr("%n demande(s) possible(s)", "",
                                                      left).replace("%n", str(left)))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text())
            self.results.addItem(item)
        if not self._results:
            self.message.show_message(self.tr("Aucun électeur ne correspond à cette recherche "
                                              "dans les établissements de la borne."), "info")
        elif len(self._results) == 1:
            self.results.setCurrentRow(0)
        if self._search_note:
            self.message.show_message(self._search_note, "info")
        self.results.setFocus()

    def _show_search_note(self) -> None:
        if self._search_note:
            self.message.show_message(self._search_note, "info")
        else:
            self.message.clear_message()

    def selected_voter(self) -> VoterSummary | None:
        row = chosen_row(self.results)
        return self._results[row] if 0 <= row < len(self._results) else None

    def _on_selection_changed(self) -> None:
        voter = self.selected_voter()
        self._show_search_note()
        if voter is None:
            self.selected.clear()
        else:
            self.selected.setText(self.tr("Électeur choisi : ") + f"{voter.first_name} "
                                  f"{voter.last_name.upper()} ({voter.establishment})")
            if voter.requests_left <= 0:
                self.message.show_message(translated(QUOTA_MESSAGE), "error")
        self.completeChanged.emit()

    # --- step ------------------------------------------------------------------------------
    def ready(self) -> bool:
        voter = self.selected_voter()
        return voter is not None and voter.requests_left > 0 and self.document.currentIndex() >= 0

    def validatePage(self) -> bool:  # Qt override
        voter = self.selected_voter()
        if voter is None or not self.ready():
            return False
        visit = self.ctx.visit
        if visit.voter is not None and visit.voter.ref != voter.ref:
            visit.clear()  # another voter: nothing of the previous one may carry over
        visit.voter = voter
        visit.identity_document = IDENTITY_DOCUMENTS[self.document.currentIndex()]
        return True

    def nextId(self) -> int:  # Qt override
        return int(PageId.NUMEN)

    def clear(self) -> None:
        super().clear()
        self._results = []
        self._search_note = ""
        self.results.clear()
        self.query.clear()
        self.selected.clear()
        self.document.setCurrentIndex(-1)
