"""The screens around the wizard: enrolment (first run), sign-in, lock, supervisor exit.

They are panels of the main window rather than modal dialogs: nothing blocks the event loop
(tests and timers keep running), and in counter mode there is no other window to escape to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.application import LANGUAGES
from kiosk.ui.service_texts import translated
from kiosk.ui.widgets import MessageLabel
from kiosk.ui.worker import Worker

if TYPE_CHECKING:  # the contracts' data types load with the services, after the first screen
    from kiosk.services.contracts import AgentSession, KioskServices
    from kiosk.services.errors import ServiceError


class Panel(QWidget):
    """A centred card: title, explanation, a form, the message line, the action buttons."""

    def __init__(self, services: KioskServices, worker: Worker, title: str, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.worker = worker
        card = QFrame(self)
        card.setObjectName("card")
        card.setMaximumWidth(560)
        self.title = QLabel(title, card)
        self.title.setObjectName("cardTitle")
        self.text = QLabel(text, card)
        self.text.setWordWrap(True)
        self.text.setObjectName("hint")
        self.form = QFormLayout()
        self.message = MessageLabel(card)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        for widget in (self.title, self.text):
            inner.addWidget(widget)
        inner.addLayout(self.form)
        inner.addWidget(self.message)
        inner.addLayout(self.buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def field(self, label: str, accessible: str, *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(300)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        caption = QLabel(label, self)
        caption.setBuddy(edit)
        self.form.addRow(caption, edit)
        return edit

    def button(self, text: str, accessible: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        if primary:
            button.setObjectName("primary")
            button.setDefault(True)
        self.buttons.addWidget(button)
        return button

    def run(self, call: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self.message.show_message(self.tr("Veuillez patienter…"), "info")
        self.setEnabled(False)

        def done(result: object) -> None:
            self.setEnabled(True)
            self.message.clear_message()
            on_success(result)

        def failed(error: ServiceError) -> None:
            self.setEnabled(True)
            self.message.show_message(translated(error.message), "error")

        self.worker.run(call, done, failed)


class EnrolmentPanel(Panel):
    """First run: trade the centre's one-time code for a device token (kept in the keyring)."""

    enrolled = Signal()

    def __init__(self, services: KioskServices, worker: Worker,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, self.tr("Enrôlement de la borne"), self.tr(
            "Cette borne n'est pas encore reliée au centre. Saisissez l'adresse du centre, le "
            "fichier de son autorité de certification et le code d'enrôlement à usage unique "
            "fourni par l'administrateur."), parent)
        self.url = self.field(self.tr("&Adresse du centre :"), self.tr("Adresse du centre"))
        self.url.setPlaceholderText("https://centre.ac-academie.fr:8443")
        self.ca_file = self.field(self.tr("&Certificat (CA) :"),
                                  self.tr("Fichier du certificat de l'autorité"))
        browse = QPushButton(self.tr("&Parcourir…"), self)
        browse.setAccessibleName(self.tr("Choisir le fichier du certificat"))
        browse.clicked.connect(self._browse)
        self.form.addRow("", browse)
        self.code = self.field(self.tr("C&ode d'enrôlement :"), self.tr("Code d'enrôlement"),
                               secret=True)
        self.submit = self.button(self.tr("&Enrôler la borne"), self.tr("Enrôler la borne"),
                                  primary=True)
        self.submit.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)

    def _browse(self) -> None:
        from PySide6.QtCore import Qt  # as QFileDialog: on first use (widgets.plain_text)
        from PySide6.QtWidgets import QFileDialog  # its class and enums load on first use

        dialog = QFileDialog(self, self.tr("Certificat du centre"), "",
                             self.tr("Certificats (*.pem *.crt);;Tous les fichiers (*)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_file.setText)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def enrol(self) -> None:
        url, ca, code = self.url.text().strip(), Path(self.ca_file.text().strip()), \
            self.code.text().strip()
        services = self.services
        self.run(lambda: services.enrol(url, ca, code), lambda _r: self._on_enrolled())

    def _on_enrolled(self) -> None:
        self.code.clear()
        self.enrolled.emit()


class SignInPanel(Panel):
    """Agent sign-in, with the language of the session; in ``locked`` mode the same agent (or
    another) unlocks the session (the language stays: the visit in progress goes on in it)."""

    signed_in = Signal(object)  # AgentSession
    language_chosen = Signal(str)  # "fr" or "en"

    def __init__(self, services: KioskServices, worker: Worker,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, "", "", parent)
        self._locked: AgentSession | None = None
        self.username = self.field("", "")
        self.password = self.field("", "", secret=True)
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():  # each language named in itself
            self.language.addItem(name, code)
        self.language_caption = QLabel(self)
        self.language_caption.setBuddy(self.language)
        self.form.addRow(self.language_caption, self.language)
        self.submit = self.button("", "", primary=True)
        self.submit.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every text of the panel, in the current language (built and on LanguageChange)."""
        self._caption(self.username, self.tr("&Identifiant :"), self.tr("Identifiant de l'agent"))
        self._caption(self.password, self.tr("&Mot de passe :"), self.tr("Mot de passe"))
        self.language_caption.setText(self.tr("&Langue (language) :"))
        self.language.setAccessibleName(self.tr("Langue de la session"))
        self.submit.setText(self.tr("Se &connecter"))
        self.submit.setAccessibleName(self.tr("Se connecter"))
        self._show_mode()

    def _caption(self, edit: QLineEdit, label: str, accessible: str) -> None:
        caption = self.form.labelForField(edit)
        if isinstance(caption, QLabel):
            caption.setText(label)
        edit.setAccessibleName(accessible)

    def _show_mode(self) -> None:
        if self._locked is None:
            self.title.setText(self.tr("Connexion de l'agent"))
            self.text.setText(self.tr("Identifiez-vous avec votre compte d'agent du "
                                      "secrétariat. La connexion fonctionne aussi hors ligne."))
        else:
            self.title.setText(self.tr("Session verrouillée"))
            self.text.setText(self.tr("La session de %1 a été verrouillée. Saisissez le mot de "
                                      "passe pour reprendre.")
                              .replace("%1", self._locked.display_name))
        # The language is chosen when a session starts, not in the middle of a visit.
        for widget in (self.language, self.language_caption):
            widget.setVisible(self._locked is None)

    def _on_language_changed(self, _index: int) -> None:
        code = self.language.currentData()
        if isinstance(code, str):
            self.language_chosen.emit(code)

    def set_locked(self, agent: AgentSession | None) -> None:
        """Locked: the screen is hidden until an agent signs in again."""
        self._locked = agent
        if agent is None:
            self.username.setReadOnly(False)
            self.username.clear()
        else:
            self.username.setText(agent.username)
        self._show_mode()
        self.password.clear()
        self.message.clear_message()
        (self.password if agent else self.username).setFocus()

    def sign_in(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        services = self.services
        self.run(lambda: services.sign_in(username, password), self.signed_in.emit)


class SupervisorPanel(SignInPanel):
    """Leaving counter mode: a supervisor signs in; an agent account is not enough."""

    leave_confirmed = Signal()
    cancelled = Signal()

    def __init__(self, services: KioskServices, worker: Worker,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, worker, parent)
        self.back = self.button("", "")
        self.back.clicked.connect(self.cancelled.emit)
        self.signed_in.connect(self._on_signed_in)
        self.retranslate()

    def _show_mode(self) -> None:
        self.title.setText(self.tr("Quitter le mode guichet"))
        self.text.setText(self.tr("Un superviseur doit s'identifier pour quitter le mode "
                                  "guichet."))
        self.submit.setText(self.tr("&Quitter le mode guichet"))
        self.submit.setAccessibleName(self.tr("Quitter le mode guichet"))
        back = getattr(self, "back", None)  # not there yet while the base class builds
        if isinstance(back, QPushButton):
            back.setText(self.tr("&Retour"))
            back.setAccessibleName(self.tr("Revenir au guichet"))
        for widget in (self.language, self.language_caption):
            widget.hide()

    def _on_signed_in(self, agent: AgentSession) -> None:
        if agent.role == "supervisor":
            self.leave_confirmed.emit()
        else:
            self.message.show_message(self.tr("Seul un superviseur peut quitter le mode "
                                              "guichet."), "error")
