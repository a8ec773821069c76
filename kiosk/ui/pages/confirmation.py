"""Step 5, Confirmation: what was done, printed as a receipt or shown as a QR code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWizard

from kiosk.services import documents
from kiosk.services.contracts import Confirmation
from kiosk.services.validation import MAX_REQUESTS
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.pages.letter import ask_save_path, new_printer, show_modal
from kiosk.ui.service_texts import translated
from kiosk.ui.state import PageContext
from kiosk.ui.timefmt import voter_region, when_text

CHANNELS = {"sms": str(QT_TRANSLATE_NOOP("ConfirmationPage", "SMS")),
            "email": str(QT_TRANSLATE_NOOP("ConfirmationPage", "courriel"))}


class ConfirmationPage(KioskPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Confirmation"))
        self.setSubTitle(self.tr("Remettez le récépissé à l'électeur, ou laissez-le "
                                 "photographier le QR code pour suivre sa demande."))
        # Committed: once the visit is over, Back cannot bring this voter's data back.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Terminer la visite >"))
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, title in (("reference", self.tr("Référence :")),
                           ("phone", self.tr("Téléphone :")),
                           ("channel", self.tr("Envoi :")),
                           ("time", self.tr("Date et heure :")),
                           ("left", self.tr("Demandes encore possibles :")),
                           ("state", self.tr("État :"))):
            value = QLabel(self)
            value.setObjectName("value")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(title.rstrip(" :"))
            self.values[key] = value
            form.addRow(title, value)
        self.print_button = QPushButton(self.tr("&Imprimer le récépissé…"), self)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button = QPushButton(self.tr("&Enregistrer le récépissé en PDF…"), self)
        self.save_button.clicked.connect(self.choose_pdf_path)
        self.qr_button = QPushButton(self.tr("Afficher le &QR code"), self)
        self.qr_button.setCheckable(True)
        self.qr_button.toggled.connect(self._on_qr_toggled)
        for button in (self.print_button, self.save_button, self.qr_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.qr_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.qr = QLabel(self)
        self.qr.setObjectName("qrCode")
        self.qr.setAccessibleName(self.tr("QR code de suivi de la demande"))
        self.qr.hide()
        self.qr_caption = QLabel(self)
        self.qr_caption.setObjectName("hint")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.hide()
        details = QHBoxLayout()
        details.addLayout(form, 1)
        qr_column = QHBoxLayout()
        qr_column.addWidget(self.qr)
        details.addLayout(qr_column)
        self.body.addWidget(self.banner)
        self.body.addLayout(details)
        self.body.addLayout(buttons)
        self.body.addWidget(self.qr_caption)

    @property
    def confirmation(self) -> Confirmation | None:
        return self.ctx.visit.confirmation

    def initializePage(self) -> None:  # Qt override
        done = self.confirmation
        if done is None:
            return
        self.banner.setText(translated(done.message))
        self.values["reference"].setText(done.reference)
        self.values["phone"].setText(done.phone_masked)
        self.values["channel"].setText(self.tr(CHANNELS.get(done.channel, done.channel)))
        voter = self.ctx.visit.voter
        # The voter's own clock for DROM-COM (Paris time stated too), Paris time otherwise.
        region = voter_region(voter.establishment if voter else "", self.ctx.visit.phone)
        self.values["time"].setText(when_text(done.created_at, region))
        self.values["left"].setText(f"{done.requests_left} / {MAX_REQUESTS}")
        self.values["state"].setText(translated(done.state))
        self.print_button.setFocus()

    # --- receipt ---------------------------------------------------------------------------
    def print_receipt(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        done = self.confirmation
        if done is None:
            return
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer le récépissé"))
        dialog.accepted.connect(lambda: self.call(
            lambda: documents.print_receipt(done, printer), self._on_saved,
            waiting=self.tr("Impression en cours…")))
        show_modal(dialog)

    def choose_pdf_path(self) -> None:
        done = self.confirmation
        if done is None:
            return
        ask_save_path(self, self.tr("Enregistrer le récépissé"),
                      f"recepisse-{done.reference}.pdf", self.tr("Documents PDF (*.pdf)"),
                      self.save_pdf)

    def save_pdf(self, path: Path) -> None:
        done, services = self.confirmation, self.ctx.services
        if done is not None:
            self.call(lambda: services.render_receipt_pdf(done, path), self._on_saved,
                      waiting=self.tr("Enregistrement du PDF…"))

    def _on_saved(self, _result: object) -> None:
        self.message.show_message(self.tr("Récépissé prêt : remettez-le à l'électeur."), "info")

    # --- QR code ---------------------------------------------------------------------------
    def _on_qr_toggled(self, shown: bool) -> None:
        done = self.confirmation
        if not shown or done is None:
            self.qr.hide()
            self.qr_caption.hide()
            self.qr_button.setText(self.tr("Afficher le &QR code"))
            return
        self.qr_button.setText(self.tr("Masquer le &QR code"))
        url, services = done.status_url, self.ctx.services
        self.call(lambda: services.qr_png(url), self._on_qr_ready)

    def _on_qr_ready(self, png: bytes) -> None:
        done = self.confirmation
        if done is None or not self.qr_button.isChecked():
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png)
        self.qr.setPixmap(pixmap.scaled(220, 220, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.FastTransformation))
        self.qr_caption.setText(self.tr("Suivi de la demande : %1").replace("%1", done.status_url))
        self.qr.show()
        self.qr_caption.show()

    def nextId(self) -> int:  # Qt override
        return int(PageId.END)

    def clear(self) -> None:
        super().clear()
        self.banner.clear()
        for value in self.values.values():
            value.clear()
        self.qr_button.setChecked(False)
        self.qr.clear()
        self.qr_caption.clear()
