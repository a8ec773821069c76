"""The main window's way to the About dialog (for everyone) and to the settings dialog (for a
signed-in supervisor only), as two buttons of its status bar.

Kept out of :mod:`kiosk.ui.window` so the window only creates it; the dialogs' modules are
imported when one is first opened, not before the first screen. The settings button shows
for a supervisor and hides for anyone else; asking anyway (a shortcut, a test) is refused with
a French message, and the services refuse a non-supervisor's save as well. An open settings
dialog closes when the session locks or the agent changes: it must not stay on top of the lock
screen for whoever comes next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    from kiosk.services.contracts import AgentSession
    from kiosk.services.settings_model import KioskSettings
    from kiosk.ui.about import AboutDialog
    from kiosk.ui.settings_dialog import SettingsDialog
    from kiosk.ui.window import MainWindow

SUPERVISOR = "supervisor"
MESSAGE_MS = 10_000


class SettingsAccess(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: SettingsDialog | None = None
        self.about: AboutDialog | None = None
        status = window.status
        self.about_button = self._button(self.tr("À &propos"),
                                         self.tr("À propos de la borne"), self.show_about)
        self.settings_button = self._button(self.tr("&Paramètres"),
                                            self.tr("Paramètres de la borne (superviseur)"),
                                            self.open_settings)
        status.addPermanentWidget(self.settings_button)
        status.addPermanentWidget(self.about_button)
        self.settings_button.setVisible(False)
        window.agent_changed.connect(self._on_agent_changed)
        window.lock_watch.idle.connect(self.close_settings)
        status.lock_requested.connect(self.close_settings)

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text, self.window.status)
        button.setObjectName("statusButton")
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    @staticmethod
    def allowed(agent: AgentSession | None) -> bool:
        return agent is not None and agent.role == SUPERVISOR

    def _on_agent_changed(self, agent: AgentSession | None) -> None:
        self.settings_button.setVisible(self.allowed(agent))
        if not self.allowed(agent):
            self.close_settings()

    def show_about(self) -> AboutDialog:
        if self.about is None:
            from kiosk.ui.about import AboutDialog  # on first use: not before the first screen

            self.about = AboutDialog(self.window.services, self.window)
        self.about.open()
        return self.about

    def open_settings(self) -> SettingsDialog | None:
        """The settings dialog, or None (with a message) when no supervisor is signed in."""
        if not self.allowed(self.window.agent):
            self.window.status.showMessage(
                self.tr("Les paramètres sont réservés aux superviseurs."), MESSAGE_MS)
            return None
        if self.dialog is None:
            from kiosk.ui.settings_dialog import SettingsDialog  # on first use, as About

            self.dialog = SettingsDialog(self.window.services, self.window)
            self.dialog.saved.connect(self._on_saved)
            self.dialog.finished.connect(self._on_finished)
        self.dialog.open()
        return self.dialog

    def close_settings(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    def _on_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()  # reopened fresh: what an earlier supervisor typed goes
            self.dialog = None

    def _on_saved(self, settings: KioskSettings) -> None:
        self.window.lock_watch.set_timeout(settings.idle_lock_seconds * 1000)
        self.window.counter_watch.set_timeout(settings.counter_reset_seconds * 1000)
        self.window.status.showMessage(self.tr("Paramètres enregistrés."), MESSAGE_MS)
