"""« À propos »: the program's version and what the helpdesk asks first (kiosk id, centre,
data folder, Qt and Python versions). The text can be selected and copied into an e-mail; it
holds nothing secret nor personal."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

import kiosk
from kiosk.services.contracts import KioskServices, ServiceError
from kiosk.services.settings_model import KioskSettings
from kiosk.ui.service_texts import translated
from kiosk.ui.worker import Worker


class AboutDialog(QDialog):
    def __init__(self, services: KioskServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("À propos de la borne"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        title = QLabel(self.tr("Borne de réassort des identifiants électeurs"), self)
        title.setObjectName("cardTitle")
        self.version = QLabel(self.tr("Version %1").replace("%1", kiosk.__version__), self)
        self.version.setObjectName("aboutVersion")
        self.details = QLabel(self)
        self.details.setObjectName("aboutDetails")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self._show(None)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("&Fermer"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.clicked.connect(self.accept)
        column = QVBoxLayout(self)
        for widget in (title, self.version, self.details, buttons):
            column.addWidget(widget)
        for label in (self.version, self.details):
            label.setAccessibleName(label.text())
        self.worker = Worker(self)
        self.worker.run(services.kiosk_settings, self._show, self._on_failed)

    def _show(self, settings: KioskSettings | None) -> None:
        unknown = self.tr("inconnu")
        lines = [
            self.tr("Borne : %1").replace(
                "%1", (settings.kiosk_id if settings else None) or self.tr("non enrôlée")),
            self.tr("Centre : %1").replace("%1", (settings.centre_url if settings else "")
                                           or unknown),
            self.tr("Dossier des données : %1").replace(
                "%1", (settings.data_dir if settings else "") or unknown),
            f"Qt {qVersion()} — PySide6 {PySide6.__version__} — Python "
            f"{platform.python_version()} — {platform.system()} {platform.release()}",
        ]
        self.details.setText("\n".join(lines))
        self.details.setAccessibleName(self.details.text())

    def _on_failed(self, error: ServiceError) -> None:
        self.details.setText(self.details.text() + "\n" + translated(error.message))
