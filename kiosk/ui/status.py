"""The status bar: is the centre reachable, how many records wait, when the last sync was.

It asks the services on a timer, through its own worker (its own thread), so a slow network
never delays the wizard's calls, and the wizard's calls never delay it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from kiosk.ui.reflow import ReflowStrip
from kiosk.ui.service_texts import translated
from kiosk.ui.widgets import plain_text
from kiosk.ui.worker import Worker

if TYPE_CHECKING:  # the contracts' data types load with the services, after the first screen
    from kiosk.services.contracts import AgentSession, KioskServices, SyncStatus
    from kiosk.services.errors import ServiceError

REFRESH_MS = 10_000


class KioskStatusBar(QStatusBar):
    lock_requested = Signal()
    sign_out_requested = Signal()
    status_changed = Signal(object)  # SyncStatus

    def __init__(self, services: KioskServices, parent: QWidget | None = None, *,
                 refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.setObjectName("kioskStatus")
        self.setSizeGripEnabled(False)
        self.services = services
        self.worker = Worker(self)
        self.last: SyncStatus | None = None
        self.connection = self._label("connection", self.tr("Centre : état inconnu"))
        self.pending = self._label("pending", "")
        self.last_sync = self._label("lastSync", "")
        self.agent = self._label("agent", "")
        self.sync_button = self._button("", "", self.sync_now)
        self.lock_button = self._button("", "", self.lock_requested.emit)
        self.sign_out_button = self._button("", "", self.sign_out_requested.emit)
        self._agent: AgentSession | None = None
        self.retranslate()
        # One line when there is room, two at 200 % (nothing squeezed, nothing cut).
        self.strip = ReflowStrip((self.connection, self.pending, self.last_sync, self.agent,
                                  self.sync_button, self.lock_button, self.sign_out_button),
                                 3, self)
        self.addWidget(self.strip, 1)
        self.set_agent(None)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)

    def retranslate(self) -> None:
        """The buttons' texts and the last status, in the current language."""
        for button, text, accessible in (
                (self.sync_button, self.tr("S&ynchroniser"),
                 self.tr("Synchroniser maintenant avec le centre")),
                (self.lock_button, self.tr("&Verrouiller"), self.tr("Verrouiller la session")),
                (self.sign_out_button, self.tr("Se &déconnecter"), self.tr("Se déconnecter"))):
            button.setText(text)
            button.setAccessibleName(accessible)
        if self.last is not None:
            self.show_status(self.last)
        else:
            self.connection.setText(self.tr("Centre : état inconnu"))

    def changeEvent(self, event: QEvent) -> None:  # Qt override: the language chosen changed
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.set_agent(self._agent)
        super().changeEvent(event)

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        plain_text(label)
        label.setAccessibleName(text or name)
        return label

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName("statusButton")
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    def start(self) -> None:
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if not self.worker.busy:  # one question at a time; the next tick asks again
            self.worker.run(self.services.status, self.show_status, self._on_failed)

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)
        self.showMessage(self.tr("Synchronisation en cours…"))
        self.worker.run(self.services.sync_now, self._on_synced, self._on_failed)

    def _on_synced(self, status: SyncStatus) -> None:
        self.sync_button.setEnabled(True)
        self.clearMessage()
        self.show_status(status)

    def _on_failed(self, error: ServiceError) -> None:
        self.sync_button.setEnabled(True)
        self.showMessage(translated(error.message), 15_000)

    def show_status(self, status: SyncStatus) -> None:
        self.last = status
        online = status.online
        self.connection.setText(self.tr("● Centre joignable") if online
                                else self.tr("● Hors ligne"))
        self.connection.setProperty("online", online)
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        from kiosk.ui.timefmt import when_text  # with the first status, after the first screen

        pending = self.tr("%1 en attente").replace("%1", str(status.pending))
        if status.follow_up:
            pending += self.tr(" — %1 à suivre").replace("%1", str(status.follow_up))
        self.pending.setText(pending)
        self.last_sync.setText(
            self.tr("Dernière synchronisation : %1").replace("%1", when_text(status.last_sync))
            if status.last_sync else self.tr("Jamais synchronisée"))
        for label in (self.connection, self.pending, self.last_sync):
            label.setAccessibleName(label.text())
        self.strip.refit()
        self.status_changed.emit(status)

    def set_agent(self, agent: AgentSession | None) -> None:
        self._agent = agent
        self.agent.setText(self.tr("Agent : %1").replace("%1", agent.display_name)
                           if agent else "")
        for button in (self.lock_button, self.sign_out_button):
            button.setVisible(agent is not None)
        self.strip.refit()
