"""Step 3, Pli confidentiel: print the sealed letter carrying the NUMEN, then record the handover.

The date of birth is checked against the register before anything is printed: the identity
document checked in person and the date of birth stand in for the NUMEN the voter does not know.
The NUMEN itself never appears on screen, only inside the printed letter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.services import documents
from kiosk.services.contracts import HandoverRecord, SealedLetter, ServiceError
from kiosk.services.daily_contracts import sheet_records
from kiosk.services.validation import paris_today
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.state import PageContext
from kiosk.ui.timefmt import when_text


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the documents place everything from the paper's corner
    return printer


def show_modal(dialog: QDialog) -> None:
    """Window-modal and non-blocking (never exec()): the event loop, the status bar and the
    idle timers keep running while the dialog is open."""
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_save_path(parent: QWidget, title: str, file_name: str, file_filter: str,
                  on_chosen: Callable[[Path], None]) -> None:
    """A save dialog opened in the documents folder, the file's suffix added when left out."""
    dialog = QFileDialog(parent, title, str(documents_folder() / file_name), file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(Path(file_name).suffix.lstrip("."))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.fileSelected.connect(lambda name: on_chosen(Path(name)))
    show_modal(dialog)


class LetterPage(KioskPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Pli confidentiel"))
        self.setSubTitle(self.tr("Imprimez le pli qui contient le NUMEN, remettez-le à "
                                 "l'électeur en main propre et faites signer l'émargement."))
        self._printed = False
        self.status = QLabel(self)
        self.status.setObjectName("letterStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&Imprimer le pli…"), self)
        self.print_button.setAccessibleName(self.tr("Imprimer le pli confidentiel"))
        self.print_button.clicked.connect(self.print_letter)
        self.save_button = QPushButton(self.tr("&Enregistrer en PDF…"), self)
        self.save_button.setAccessibleName(self.tr("Enregistrer le pli confidentiel en PDF"))
        self.save_button.clicked.connect(self.choose_pdf_path)
        self.handover_button = QPushButton(self.tr("Pli &remis : enregistrer l'émargement"), self)
        self.handover_button.setObjectName("primary")
        self.handover_button.setAccessibleName(self.tr("Enregistrer la remise du pli"))
        self.handover_button.clicked.connect(self.record_handover)
        self.sheet_button = QPushButton(self.tr("Imprimer la &feuille d'émargement du jour…"),
                                        self)
        self.sheet_button.setAccessibleName(self.tr("Imprimer la feuille d'émargement du jour"))
        self.sheet_button.clicked.connect(self.print_day_sheet)
        self.handover = QLabel(self)
        self.handover.setObjectName("handoverStatus")
        self.handover.setTextFormat(Qt.TextFormat.PlainText)
        self.handover.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addLayout(buttons)
        self.body.addWidget(self.handover_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.handover)
        self.body.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._update_buttons()

    @property
    def letter(self) -> SealedLetter | None:
        return self.ctx.visit.letter

    def initializePage(self) -> None:  # Qt override
        visit = self.ctx.visit
        if visit.voter is None or visit.letter is not None:
            self._update_buttons()
            return
        ref, birth_date, services = visit.voter.ref, visit.birth_date, self.ctx.services

        def prepare() -> SealedLetter:
            letter = services.prepare_letter(ref)
            services.verify_identity(ref, letter.numen, birth_date)
            return letter

        self.message.clear_message()
        self.status.setText(self.tr("Vérification de la date de naissance…"))
        self.call(prepare, self._on_prepared, self._on_refused)

    def _on_prepared(self, letter: SealedLetter) -> None:
        self.ctx.visit.letter = letter
        self.ctx.visit.identity_verified = True
        self.status.setText(self.tr("Identité vérifiée. Pli n° %1 prêt à imprimer : le NUMEN "
                                    "figure seulement dans le pli, jamais à l'écran.")
                            .replace("%1", letter.serial))
        self._update_buttons()
        self.print_button.setFocus()

    def _on_refused(self, error: ServiceError) -> None:
        self.status.setText(self.tr("Aucun pli ne peut être imprimé."))
        self.show_refusal(error)
        self._update_buttons()

    # --- printing --------------------------------------------------------------------------
    def print_letter(self) -> None:
        if self.letter is None:
            return
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer le pli confidentiel"))
        dialog.accepted.connect(lambda: self._print_on(printer))
        show_modal(dialog)

    def _print_on(self, printer: QPrinter) -> None:
        letter, services = self.letter, self.ctx.services
        if letter is not None:
            def print_and_register() -> None:
                documents.print_letter(letter, printer)
                # The NUMEN now exists on paper: the register follows it until it is handed
                # over or destroyed.
                services.letter_printed(letter)

            self.call(print_and_register, self._on_printed,
                      waiting=self.tr("Impression en cours…"))

    def choose_pdf_path(self) -> None:
        if self.letter is None:
            return
        ask_save_path(self, self.tr("Enregistrer le pli confidentiel"),
                      f"pli-{self.letter.serial}.pdf", self.tr("Documents PDF (*.pdf)"),
                      self.save_pdf)

    def save_pdf(self, path: Path) -> None:
        letter, services = self.letter, self.ctx.services
        if letter is not None:
            def save_and_register() -> None:
                services.render_letter_pdf(letter, path)
                services.letter_printed(letter)

            self.call(save_and_register, self._on_printed,
                      waiting=self.tr("Enregistrement du PDF…"))

    def _on_printed(self, _result: object) -> None:
        self._printed = True
        self.message.show_message(self.tr("Pli imprimé. Fermez-le, remettez-le à l'électeur, "
                                          "puis enregistrez la remise."), "info")
        self._update_buttons()
        self.handover_button.setFocus()

    # --- handover --------------------------------------------------------------------------
    def record_handover(self) -> None:
        letter, services = self.letter, self.ctx.services
        if letter is not None and self._printed and self.ctx.visit.handover is None:
            self.call(lambda: services.record_handover(letter), self._on_handed_over)

    def _on_handed_over(self, record: HandoverRecord) -> None:
        self.ctx.visit.handover = record
        self.message.clear_message()
        self.handover.setText(self.tr("Pli n° %1 remis le %2 par %3. L'électeur signe la feuille "
                                      "d'émargement, ouvre son pli et poursuit sa demande.")
                              .replace("%1", record.serial)
                              .replace("%2", when_text(record.handed_at))
                              .replace("%3", record.agent))
        self._update_buttons()
        self.completeChanged.emit()

    def print_day_sheet(self) -> None:
        """The émargement sheet of today's letters, for the voters' signatures."""
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimer la feuille d'émargement"))
        services = self.ctx.services

        def print_sheet() -> None:
            # The whole register: letters still to collect get their line to sign too.
            day = paris_today()
            documents.print_handover_sheet(sheet_records(services.day_register(day)), day,
                                           printer)

        dialog.accepted.connect(lambda: self.call(print_sheet, self._on_sheet_printed,
                                                  waiting=self.tr("Impression en cours…")))
        show_modal(dialog)

    def _on_sheet_printed(self, _result: object) -> None:
        self.message.show_message(self.tr("Feuille d'émargement imprimée."), "info")

    def _update_buttons(self) -> None:
        has_letter = self.letter is not None
        done = self.ctx.visit.handover is not None
        self.print_button.setEnabled(has_letter)
        self.save_button.setEnabled(has_letter)
        self.handover_button.setEnabled(has_letter and self._printed and not done)

    def ready(self) -> bool:
        return self.ctx.visit.handover is not None

    def nextId(self) -> int:  # Qt override
        return int(PageId.REQUEST)

    def clear(self) -> None:
        super().clear()
        self._printed = False
        self.status.clear()
        self.handover.clear()
        self._update_buttons()
