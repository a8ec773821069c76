"""À suivre: requests the centre refused after the kiosk had accepted them offline, and new IDs
the centre could not deliver; with the reason and the voter's contact. An agent contacts the
voter, then marks the item handled (audited); it leaves the list."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.services.contracts import AgentSession, FollowUpItem, KioskServices, ServiceError
from kiosk.ui.screens.base import ToolScreen, fill_table, make_table
from kiosk.ui.service_texts import translated
from kiosk.ui.timefmt import voter_region, when_text
from kiosk.ui.worker import Worker

# Refusal and failure codes, worded for the list (the full message is the row's tooltip).
REASONS = {
    "quota_exhausted": str(QT_TRANSLATE_NOOP("Reason", "Quota de 3 demandes atteint")),
    "phone_taken": str(QT_TRANSLATE_NOOP("Reason", "Mobile déjà associé à un autre électeur")),
    "identity_mismatch": str(QT_TRANSLATE_NOOP("Reason",
                                               "NUMEN ou date de naissance non conforme")),
    "voter_locked": str(QT_TRANSLATE_NOOP("Reason", "Vérification de l'électeur suspendue")),
    "voter_unknown": str(QT_TRANSLATE_NOOP("Reason", "Électeur inconnu du centre")),
    "outside_window": str(QT_TRANSLATE_NOOP("Reason", "Demande hors calendrier")),
    "invalid_input": str(QT_TRANSLATE_NOOP("Reason", "Demande incomplète ou mal formée")),
    "conflict": str(QT_TRANSLATE_NOOP("Reason", "Enregistrement en conflit")),
    "delivery_failed": str(QT_TRANSLATE_NOOP("Reason", "Envoi du nouvel identifiant en échec")),
}


def reason_text(code: str) -> str:
    label = REASONS.get(code)
    if label is None:
        return QCoreApplication.translate("Reason", "Refusé par le centre (%1)").replace("%1",
                                                                                       code)
    return QCoreApplication.translate("Reason", label)


class FollowUpScreen(ToolScreen):
    def __init__(self, services: KioskServices, worker: Worker, agent: AgentSession | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, agent, self.tr("À suivre"), self.tr(
            "Demandes refusées par le centre après avoir été acceptées hors ligne, et nouveaux "
            "identifiants que le centre n'a pas pu envoyer. Contactez l'électeur, puis marquez "
            "le dossier comme traité."), parent)
        self.items: list[FollowUpItem] = []
        self.table = make_table(self, self.tr("Dossiers à suivre"), [
            self.tr("Date"), self.tr("Électeur"), self.tr("Contact"), self.tr("Établissement"),
            self.tr("Motif"), self.tr("Agent")])
        self.table.itemSelectionChanged.connect(self.busy_changed)
        self.count = QLabel(self)
        self.count.setObjectName("quota")
        self.refresh_button = QPushButton(self.tr("&Actualiser"), self)
        self.refresh_button.setAccessibleName(self.tr("Actualiser la liste à suivre"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.handle_button = QPushButton(self.tr("&Marquer comme traité"), self)
        self.handle_button.setObjectName("primary")
        self.handle_button.setAccessibleName(self.tr("Marquer le dossier sélectionné comme "
                                                     "traité"))
        self.handle_button.clicked.connect(self.mark_handled)
        actions = QHBoxLayout()
        actions.addWidget(self.refresh_button)
        actions.addWidget(self.handle_button)
        actions.addStretch(1)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.count)
        self.body.addLayout(actions)
        self.setTabOrder(self.table, self.handle_button)
        self.setTabOrder(self.handle_button, self.refresh_button)

    def open(self) -> None:
        self.refresh()
        self.table.setFocus()

    def refresh(self, announce: bool = True) -> None:
        services = self.services

        def load() -> list[FollowUpItem]:
            # Ask the centre about failed deliveries first; offline, the list still shows
            # what the kiosk knows.
            with contextlib.suppress(ServiceError):
                services.refresh_deliveries()
            return services.follow_up_items()

        self.call(load, self._on_loaded,
                  waiting=self.tr("Chargement de la liste…") if announce else None)

    def _on_loaded(self, items: list[FollowUpItem]) -> None:
        self.items = list(items)
        fill_table(self.table, [
            [when_text(i.created_at, voter_region(i.establishment)), i.voter_name,
             i.voter_email, i.establishment, reason_text(i.reason), i.agent]
            for i in self.items])
        for row, item in enumerate(self.items):
            cell = self.table.item(row, 4)
            if cell is not None:
                cell.setToolTip(translated(item.message))
        self.count.setText(self.tr("%1 dossier(s) à suivre.").replace("%1",
                                                                      str(len(self.items))))
        if self.items:
            self.table.selectRow(0)

    def selected(self) -> FollowUpItem | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        row = rows[0].row() if rows else -1
        return self.items[row] if 0 <= row < len(self.items) else None

    def busy_changed(self) -> None:
        self.handle_button.setEnabled(not self.busy and self.selected() is not None)
        self.refresh_button.setEnabled(not self.busy)

    def mark_handled(self) -> None:
        chosen, services = self.selected(), self.services
        if chosen is None:
            return
        item_id = chosen.id
        self.call(lambda: services.mark_handled(item_id), lambda _r: self._on_handled(chosen))

    def _on_handled(self, item: FollowUpItem) -> None:
        self.show_info(self.tr("Dossier de %1 marqué comme traité.").replace("%1",
                                                                             item.voter_name))
        self.refresh(announce=False)
