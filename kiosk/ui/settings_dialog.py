"""The supervisor's settings dialog: centre address, CA file, counter mode, idle delays.

Opened by the main window only for a signed-in supervisor (the services refuse anyone else
too). It never blocks the event loop (``open()``, not ``exec()``): reading and saving go
through a worker, and a refusal shows its message in the dialog (in the chosen language),
which stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.contracts import KioskServices, ServiceError
from kiosk.services.settings_model import MAX_DELAY, MIN_DELAY, KioskSettings
from kiosk.ui.service_texts import translated
from kiosk.ui.widgets import MessageLabel
from kiosk.ui.worker import Worker


class SettingsDialog(QDialog):
    saved = Signal(object)  # KioskSettings, as saved

    def __init__(self, services: KioskServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Paramètres de la borne"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.services = services
        # Its own worker: clearing the wizard for the next voter drops the answers pending on
        # the window's worker, and this dialog's answer must not be among them.
        self.worker = Worker(self)
        self.loaded: KioskSettings | None = None

        self.url = QLineEdit(self)
        self.url.setAccessibleName(self.tr("Adresse du centre"))
        self.url.setPlaceholderText("https://centre.ac-academie.fr:8443")
        self.url.setMaxLength(300)
        self.ca_file = QLineEdit(self)
        self.ca_file.setAccessibleName(self.tr("Fichier du certificat de l'autorité"))
        self.ca_file.setMaxLength(1000)
        browse = QPushButton(self.tr("&Parcourir…"), self)
        browse.setAccessibleName(self.tr("Choisir le fichier du certificat"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        self.counter = QCheckBox(self.tr("&Mode guichet (plein écran, retour à l'accueil après "
                                         "inactivité)"), self)
        self.idle_lock = self._seconds(self.tr("Délai de verrouillage de la session"))
        self.counter_reset = self._seconds(self.tr("Délai de retour à l'accueil au guichet"))
        note = QLabel(self.tr("Les délais s'appliquent dès l'enregistrement ; le mode guichet, "
                              "au prochain démarrage de la borne. Tout changement est inscrit "
                              "au journal d'audit."), self)
        note.setWordWrap(True)
        note.setObjectName("hint")

        form = QFormLayout()
        form.addRow(self._caption(self.tr("&Adresse du centre :"), self.url), self.url)
        form.addRow(self._caption(self.tr("&Certificat (CA) :"), self.ca_file), ca_row)
        form.addRow("", self.counter)
        form.addRow(self._caption(self.tr("&Verrouillage après :"), self.idle_lock),
                    self.idle_lock)
        form.addRow(self._caption(self.tr("&Retour à l'accueil après :"), self.counter_reset),
                    self.counter_reset)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("&Enregistrer"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)  # until the current settings are shown
        cancel = self.buttons.addButton(self.tr("&Annuler"),
                                        QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(note)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.worker.run(self.services.kiosk_settings, self._fill, self._on_failed)

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        caption = QLabel(text, self)
        caption.setBuddy(buddy)
        return caption

    def _seconds(self, accessible: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(MIN_DELAY, MAX_DELAY)
        box.setSuffix(self.tr(" s"))
        box.setAccessibleName(accessible)
        return box

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Certificat du centre"), "",
                             self.tr("Certificats (*.pem *.crt);;Tous les fichiers (*)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_file.setText)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _fill(self, settings: KioskSettings) -> None:
        self.loaded = settings
        self.url.setText(settings.centre_url)
        self.ca_file.setText(settings.ca_file)
        self.counter.setChecked(settings.counter_mode)
        self.idle_lock.setValue(settings.idle_lock_seconds)
        self.counter_reset.setValue(settings.counter_reset_seconds)
        self.save_button.setEnabled(True)
        self.url.setFocus()

    def wanted(self) -> KioskSettings:
        return KioskSettings(
            centre_url=self.url.text().strip(), ca_file=self.ca_file.text().strip(),
            counter_mode=self.counter.isChecked(), idle_lock_seconds=self.idle_lock.value(),
            counter_reset_seconds=self.counter_reset.value())

    def save(self) -> None:
        wanted, services = self.wanted(), self.services
        self.save_button.setEnabled(False)
        self.message.show_message(self.tr("Enregistrement…"), "info")
        self.worker.run(lambda: services.save_settings(wanted), self._on_saved,
                        self._on_failed)

    def _on_saved(self, settings: KioskSettings) -> None:
        self.message.clear_message()
        self.saved.emit(settings)
        self.accept()

    def _on_failed(self, error: ServiceError) -> None:
        self.save_button.setEnabled(self.loaded is not None)
        self.message.show_message(translated(error.message), "error")
        focus = {"centre_url": self.url, "ca_file": self.ca_file,
                 "idle_lock_seconds": self.idle_lock,
                 "counter_reset_seconds": self.counter_reset}.get(error.field or "")
        if focus is not None:
            focus.setFocus()
