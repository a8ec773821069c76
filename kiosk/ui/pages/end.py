"""Step 6, Fin: everything of this voter is forgotten; the next voter starts at step 1."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWizard

from kiosk.ui.pages.base import KioskPage
from kiosk.ui.state import PageContext


class EndPage(KioskPage):
    visit_ended = Signal()

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setTitle(self.tr("Fin"))
        self.setSubTitle(self.tr("La visite est terminée."))
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("É&lecteur suivant"))
        text = QLabel(self.tr("Les informations de l'électeur ont été effacées de l'écran et de "
                              "la mémoire de la borne. La demande reste enregistrée et sera "
                              "transmise au centre si ce n'est pas déjà fait.\n\n"
                              "Cliquez sur « Électeur suivant » pour accueillir la personne "
                              "suivante."), self)
        text.setWordWrap(True)
        text.setObjectName("endText")
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(text)

    def initializePage(self) -> None:  # Qt override
        self.visit_ended.emit()

    def nextId(self) -> int:  # Qt override
        return -1
