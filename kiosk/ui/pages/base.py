"""What every step of the wizard shares: service calls through the worker, a message line, and
a validation that may wait for a service before letting the wizard move on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from kiosk.services.contracts import ServiceError
from kiosk.ui.service_texts import translated
from kiosk.ui.state import PageContext
from kiosk.ui.widgets import MessageLabel


class KioskPage(QWizardPage):
    """A step. Subclasses put their widgets in ``self.body`` and may override:

    - ``clear()``: forget everything of the voter (called when the visit ends);
    - ``validation_call()``: a service call that must succeed before Next moves on (its result
      goes to ``on_validated``); None when the page's own checks are enough;
    - ``ready()``: the page's own completeness (Next stays disabled while False).
    """

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.ctx = context
        self._busy = 0
        self._approved = False
        # The step's content scrolls when the window is short (200 % on a small screen):
        # nothing is squeezed below its size, nothing is cut.
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        column.addLayout(self.body)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        self.message = MessageLabel(self)
        outer.addWidget(self.message)

    # --- service calls ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy > 0

    def call(self, service_call: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[ServiceError], None] | None = None,
             waiting: str | None = None) -> None:
        """Run ``service_call`` off the GUI thread; the page is busy (Next disabled) meanwhile."""
        self._set_busy(+1)
        if waiting:
            self.message.show_message(waiting, "info")

        def succeeded(result: Any) -> None:
            self._set_busy(-1)
            if waiting:
                self.message.clear_message()
            on_success(result)

        def failed(error: ServiceError) -> None:
            self._set_busy(-1)
            (on_failure or self.show_refusal)(error)

        self.ctx.worker.run(service_call, succeeded, failed)

    def _set_busy(self, delta: int) -> None:
        self._busy = max(0, self._busy + delta)
        self.completeChanged.emit()

    def show_refusal(self, error: ServiceError) -> None:
        self.message.show_message(translated(error.message), "error")

    # --- completeness and validation -------------------------------------------------------
    def ready(self) -> bool:
        return True

    def isComplete(self) -> bool:  # Qt override
        return not self.busy and self.ready()

    def validation_call(self) -> Callable[[], Any] | None:
        return None

    def on_validated(self, result: Any) -> None:
        """The validation call succeeded; store what it answered before the wizard moves on."""

    def validatePage(self) -> bool:  # Qt override
        if self._approved:
            self._approved = False
            return True
        if self.busy:
            return False
        service_call = self.validation_call()
        if service_call is None:
            return True
        self.message.clear_message()
        self.call(service_call, self._on_validation_succeeded, self.on_validation_failed,
                  waiting=self.waiting_text())
        return False

    def waiting_text(self) -> str:
        return self.tr("Vérification en cours…")

    def on_validation_failed(self, error: ServiceError) -> None:
        """The validation call was refused: the page shows why and stays."""
        self.show_refusal(error)

    def _on_validation_succeeded(self, result: Any) -> None:
        self.on_validated(result)
        self._approved = True
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()
        self._approved = False

    # --- end of visit ----------------------------------------------------------------------
    def clear(self) -> None:
        self.message.clear_message()
        self._approved = False
        self._busy = 0

    def cleanupPage(self) -> None:  # Qt override (going Back)
        self.message.clear_message()
