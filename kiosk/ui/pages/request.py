"""Step 4, Demande: mobile number, channel, security code; the one step that commits.

The services decide (quota, phone of another voter, calendar, security code) and either accept
the request or refuse it with a French message; a refusal leaves nothing submitted, shows why,
and draws a fresh security code (a code is good for one try).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWizard,
)

from kiosk.services.contracts import (
    Confirmation,
    RequestForm,
    SecurityChallenge,
    ServiceError,
)
from kiosk.services.validation import (
    INVALIDATION_WARNING,
    MAX_REQUESTS,
    PHONE_HINT,
    check_phone,
    check_security_code,
    masked_phone,
)
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.pages.voter import QUOTA_MESSAGE
from kiosk.ui.service_texts import translated
from kiosk.ui.state import PageContext
from kiosk.ui.widgets import CheckedField


class RequestPage(KioskPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Demande d'un nouvel identifiant"))
        self.setSubTitle(self.tr("Le nouvel identifiant électeur est envoyé par SMS ou par "
                                 "courriel ; une confirmation part toujours vers l'adresse "
                                 "professionnelle."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Envoyer la demande"))
        self._challenge: SecurityChallenge | None = None
        self._left: int | None = None

        self.voter_line = QLabel(self)
        self.voter_line.setObjectName("voterLine")
        self.voter_line.setTextFormat(Qt.TextFormat.PlainText)
        self.quota = QLabel(self)
        self.quota.setObjectName("quota")
        self.quota.setTextFormat(Qt.TextFormat.PlainText)

        self.phone = CheckedField(self.tr("Téléphone mobile"), check_phone,
                                  placeholder=self.tr("06 12 34 56 78 ou +262 692 12 34 56"),
                                  max_length=30, hint=translated(PHONE_HINT), parent=self)
        self.phone.validity_changed.connect(self._on_phone_changed)

        self.sms = QRadioButton(self.tr("&SMS (expéditeur 36001)"), self)
        self.sms.setAccessibleName(self.tr("Envoi par SMS"))
        self.email = QRadioButton(self.tr("&Courriel"), self)
        self.email.setAccessibleName(self.tr("Envoi par courriel"))
        self.channel = QButtonGroup(self)
        self.channel.addButton(self.sms)
        self.channel.addButton(self.email)
        self.sms.setChecked(True)
        channels = QHBoxLayout()
        channels.addWidget(self.sms)
        channels.addWidget(self.email)
        channels.addStretch(1)

        self.code_image = QLabel(self)
        self.code_image.setObjectName("securityCode")
        self.code_image.setMinimumSize(240, 90)
        self.code_image.setAccessibleName(self.tr("Image du code de sécurité"))
        self.new_code = QPushButton(self.tr("Autre &code"), self)
        self.new_code.setAccessibleName(self.tr("Afficher un autre code de sécurité"))
        self.new_code.clicked.connect(self.load_challenge)
        self.code = CheckedField(self.tr("Code de sécurité"), check_security_code,
                                 placeholder=self.tr("4 chiffres"), max_length=4, parent=self)
        self.code.validity_changed.connect(lambda _v: self.completeChanged.emit())
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_image)
        code_row.addWidget(self.new_code, 0, Qt.AlignmentFlag.AlignBottom)
        code_row.addStretch(1)

        self.warning = QLabel(translated(INVALIDATION_WARNING), self)
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)

        form = QFormLayout()
        phone_label = QLabel(self.tr("&Téléphone mobile :"), self)
        phone_label.setBuddy(self.phone.edit)
        form.addRow(phone_label, self.phone)
        form.addRow(self.tr("Envoi :"), channels)
        form.addRow(self.tr("Code affiché :"), code_row)
        code_label = QLabel(self.tr("Code de s&écurité :"), self)
        code_label.setBuddy(self.code.edit)
        form.addRow(code_label, self.code)
        self.body.addWidget(self.voter_line)
        self.body.addWidget(self.quota)
        self.body.addLayout(form)
        self.body.addWidget(self.warning)
        self.setTabOrder(self.phone.edit, self.sms)
        self.setTabOrder(self.sms, self.email)
        self.setTabOrder(self.email, self.code.edit)
        self.setTabOrder(self.code.edit, self.new_code)

    def initializePage(self) -> None:  # Qt override
        visit = self.ctx.visit
        if visit.voter is None:
            return
        voter = visit.voter
        self.voter_line.setText(self.tr("Électeur : ") + f"{voter.first_name} "
                                f"{voter.last_name.upper()} — {voter.establishment}")
        self.email.setText(self.tr("&Courriel (%1)").replace("%1", voter.email))
        ref, services = voter.ref, self.ctx.services
        self.call(lambda: services.requests_left(ref), self._on_requests_left)
        self.load_challenge()
        self.phone.setFocus()

    def _on_requests_left(self, left: int) -> None:
        self._left = left
        self.quota.setText(self.tr("Demandes encore possibles pour ce scrutin : %1 sur %2")
                           .replace("%1", str(left)).replace("%2", str(MAX_REQUESTS)))
        if left <= 0:
            self.message.show_message(translated(QUOTA_MESSAGE), "error")
        self.completeChanged.emit()

    def load_challenge(self) -> None:
        self.code.clear()
        self.call(self.ctx.services.new_security_challenge, self._on_challenge)

    def _on_challenge(self, challenge: SecurityChallenge) -> None:
        self._challenge = challenge
        pixmap = QPixmap()
        pixmap.loadFromData(challenge.png)
        self.code_image.setPixmap(pixmap)
        self.completeChanged.emit()

    def _on_phone_changed(self, valid: bool) -> None:
        masked = masked_phone(self.phone.text()) if valid else None
        self.phone.set_preview(
            self.tr("Le récépissé affichera : %1").replace("%1", masked) if masked else "")
        self.completeChanged.emit()

    def ready(self) -> bool:
        return (self.phone.valid and self.code.valid and self._challenge is not None
                and (self._left is None or self._left > 0))

    def channel_value(self) -> str:
        return "email" if self.email.isChecked() else "sms"

    def validation_call(self) -> Callable[[], Any] | None:
        visit = self.ctx.visit
        if visit.voter is None or self._challenge is None:
            return None
        form = RequestForm(
            voter_ref=visit.voter.ref, numen=visit.request_numen(),
            birth_date=visit.birth_date, phone=self.phone.text(),
            channel=self.channel_value(), identity_document=visit.identity_document,
            challenge_token=self._challenge.token, security_code=self.code.text())
        services = self.ctx.services
        visit.phone = form.phone
        return lambda: services.submit_request(form)

    def waiting_text(self) -> str:
        return self.tr("Envoi de la demande…")

    def on_validated(self, result: Any) -> None:
        assert isinstance(result, Confirmation)
        self.ctx.visit.confirmation = result

    def on_validation_failed(self, error: ServiceError) -> None:
        self.show_refusal(error)
        if error.field == "phone":
            self.phone.show_error(error.message)  # translated by the field
        self.load_challenge()  # a code is good for one try, right or wrong

    def nextId(self) -> int:  # Qt override
        return int(PageId.CONFIRMATION)

    def cleanupPage(self) -> None:  # Qt override (going Back)
        super().cleanupPage()
        self.code.clear()

    def clear(self) -> None:
        super().clear()
        self._challenge = None
        self._left = None
        self.phone.clear()
        self.code.clear()
        self.code_image.clear()
        self.sms.setChecked(True)
        self.email.setText(self.tr("&Courriel"))
        for label in (self.voter_line, self.quota):
            label.clear()
