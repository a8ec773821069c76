"""What every supervision screen shares: a heading, a short explanation, its content, the
message line, service calls off the GUI thread, and tables read aloud properly.

A screen is built when it is opened and destroyed when it is closed: it always shows fresh
data in the current language, and nothing it showed stays in memory afterwards. A service
answer that arrives after the screen closed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.contracts import AgentSession, KioskServices, ServiceError
from kiosk.ui.service_texts import translated
from kiosk.ui.widgets import MessageLabel, heading
from kiosk.ui.worker import Worker


class ToolScreen(QWidget):
    """Subclasses fill ``self.body`` and call services through ``self.call``."""

    closed = Signal()

    def __init__(self, services: KioskServices, worker: Worker, agent: AgentSession | None,
                 title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.worker = worker
        self.agent = agent
        self._closed = False
        self._busy = 0
        self.title = heading(title, self)
        self.title.setWordWrap(True)
        self.explanation = QLabel(explanation, self)
        self.explanation.setObjectName("hint")
        self.explanation.setWordWrap(True)
        self.message = MessageLabel(self)
        content = QWidget(self)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)
        # At 200 % the content may be taller than the window: it scrolls, nothing is cut.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.back = QPushButton(self.tr("Retour à la &demande"), self)
        self.back.setAccessibleName(self.tr("Fermer cet écran et revenir à la demande"))
        self.back.clicked.connect(self.close_screen)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.back, 0, Qt.AlignmentFlag.AlignBottom)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.addWidget(self.title)
        outer.addWidget(self.explanation)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

    # --- life cycle --------------------------------------------------------------------
    def open(self) -> None:
        """Shown: load what the screen lists (subclasses)."""

    def close_screen(self) -> None:
        if not self._closed:
            self._closed = True
            self.closed.emit()

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> bool:
        return self._busy > 0

    # --- service calls -----------------------------------------------------------------
    def call(self, service_call: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[ServiceError], None] | None = None,
             waiting: str | None = None) -> None:
        self._busy += 1
        self.busy_changed()
        if waiting:
            self.message.show_message(waiting, "info")

        def succeeded(result: Any) -> None:
            if self._closed:
                return
            self._busy -= 1
            if waiting:
                self.message.clear_message()
            on_success(result)
            self.busy_changed()

        def failed(error: ServiceError) -> None:
            if self._closed:
                return
            self._busy -= 1
            (on_failure or self.show_error)(error)
            self.busy_changed()

        self.worker.run(service_call, succeeded, failed)

    def busy_changed(self) -> None:
        """Enable or disable the actions (subclasses)."""

    def show_error(self, error: ServiceError) -> None:
        self.message.show_message(translated(error.message), "error")

    def show_info(self, text: str) -> None:
        self.message.show_message(text, "info")


def make_table(parent: QWidget, accessible: str, headers: Sequence[str]) -> QTableWidget:
    """A read-only table, one row selected at a time, moved through with the keyboard."""
    table = QTableWidget(0, len(headers), parent)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setMinimumHeight(160)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    headers = [_text(table.horizontalHeaderItem(c)) for c in range(table.columnCount())]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            # A screen reader says "column: value", not a bare value.
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{headers[c]}: {value}")
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def table_rows(table: QTableWidget) -> list[list[str]]:
    """What the table shows, row by row (tests, and copying a line)."""
    return [[_text(table.item(r, c)) for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""
