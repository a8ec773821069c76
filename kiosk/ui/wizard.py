"""The assisted request as a QWizard: one page per step, branching in the pages' ``nextId()``.

The wizard lives inside the main window (it is never a dialog that closes): Finish starts the
next visit, and Escape does nothing, so a stray key cannot throw away a voter's progress.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard

from kiosk.services.contracts import AgentSession, KioskServices
from kiosk.ui.pages.base import KioskPage
from kiosk.ui.pages.confirmation import ConfirmationPage
from kiosk.ui.pages.end import EndPage
from kiosk.ui.pages.ids import PageId
from kiosk.ui.pages.letter import LetterPage
from kiosk.ui.pages.numen import NumenPage
from kiosk.ui.pages.request import RequestPage
from kiosk.ui.pages.voter import VoterPage
from kiosk.ui.state import PageContext, Visit
from kiosk.ui.worker import Worker

__all__ = ["KioskWizard", "PageId"]

STEP_TITLES = {
    PageId.VOTER: str(QT_TRANSLATE_NOOP("StepsPanel", "Électeur")),
    PageId.NUMEN: str(QT_TRANSLATE_NOOP("StepsPanel", "NUMEN")),
    PageId.LETTER: str(QT_TRANSLATE_NOOP("StepsPanel", "Pli confidentiel")),
    PageId.REQUEST: str(QT_TRANSLATE_NOOP("StepsPanel", "Demande")),
    PageId.CONFIRMATION: str(QT_TRANSLATE_NOOP("StepsPanel", "Confirmation")),
    PageId.END: str(QT_TRANSLATE_NOOP("StepsPanel", "Fin")),
}


class StepsPanel(QWidget):
    """The steps down the side, the current one highlighted: where am I, what is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 16, 12, 16)
        self.labels: dict[PageId, QLabel] = {}
        for number, (page_id, title) in enumerate(STEP_TITLES.items(), start=1):
            label = QLabel(f"{number}. {self.tr(title)}", self)
            label.setObjectName("step")
            self.labels[page_id] = label
            layout.addWidget(label)
        layout.addStretch(1)
        self.setMinimumWidth(220)

    def show_current(self, current: int, visited: list[int]) -> None:
        for page_id, label in self.labels.items():
            state = "current" if page_id == current else (
                "done" if page_id in visited else "todo")
            label.setProperty("state", state)
            label.setAccessibleName(label.text() + (self.tr(" (étape en cours)")
                                                    if state == "current" else ""))
            label.style().unpolish(label)
            label.style().polish(label)


class KioskWizard(QWizard):
    visit_cleared = Signal()

    def __init__(self, services: KioskServices, worker: Worker | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWizard")
        self.setWindowTitle(self.tr("Réassort des identifiants électeurs"))
        self.worker = worker or Worker(self)
        self.context = PageContext(services=services, worker=self.worker)
        self.voter_page = VoterPage(self.context)
        self.numen_page = NumenPage(self.context)
        self.letter_page = LetterPage(self.context)
        self.request_page = RequestPage(self.context)
        self.confirmation_page = ConfirmationPage(self.context)
        self.end_page = EndPage(self.context)
        for page_id, page in self.pages().items():
            self.setPage(int(page_id), page)
        self.setStartId(int(PageId.VOTER))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Abandonner la visite"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Précédent"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Suivant >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("É&lecteur suivant"))
        self.button(QWizard.WizardButton.CustomButton1).setAccessibleName(
            self.tr("Abandonner la visite et effacer l'écran"))
        self.customButtonClicked.connect(lambda _which: self.new_visit())
        self.steps = StepsPanel(self)
        self.setSideWidget(self.steps)
        self.currentIdChanged.connect(self._on_current_id_changed)
        self.end_page.visit_ended.connect(self.clear_visit)

    def pages(self) -> dict[PageId, KioskPage]:
        return {PageId.VOTER: self.voter_page, PageId.NUMEN: self.numen_page,
                PageId.LETTER: self.letter_page, PageId.REQUEST: self.request_page,
                PageId.CONFIRMATION: self.confirmation_page, PageId.END: self.end_page}

    @property
    def visit(self) -> Visit:
        return self.context.visit

    def set_agent(self, agent: AgentSession | None) -> None:
        self.context.agent = agent

    # --- visits ----------------------------------------------------------------------------
    def clear_visit(self) -> None:
        """Forget the voter: late answers dropped, state emptied, every page's fields wiped."""
        self.worker.forget_pending()
        self.visit.clear()
        for page in self.pages().values():
            page.clear()
        # A QLabel keeps each pixmap it has painted in Qt's pixmap cache: the voter's QR code
        # (their request's address) and the security code would stay in memory after them,
        # and a new code per visit filled the cache's 10 MiB with images never shown again
        # (benchmarks/bench_memory.py).
        QPixmapCache.clear()
        self.visit_cleared.emit()

    def new_visit(self) -> None:
        self.clear_visit()
        self.restart()

    def accept(self) -> None:  # Finish on the last page: the next voter
        self.new_visit()

    def reject(self) -> None:  # Escape: ignored on purpose (see module docstring)
        return

    def _on_current_id_changed(self, page_id: int) -> None:
        self.steps.show_current(page_id, list(self.visitedIds()))
        self.button(QWizard.WizardButton.CustomButton1).setVisible(
            page_id in (int(PageId.NUMEN), int(PageId.LETTER), int(PageId.REQUEST)))
