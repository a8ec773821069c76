"""A strip of widgets on one line when there is room, on two when there is not.

At 200 % a Full HD screen is 960 logical pixels wide: the status bar's news and buttons no
longer fit on one line, and a layout that squeezed them would cut their texts. The strip goes
to two lines instead, and tells its parent (the status bar, which follows its size) so.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

SPACING = 6


class ReflowStrip(QWidget):
    def __init__(self, widgets: Sequence[QWidget], split: int, parent: QWidget | None = None
                 ) -> None:
        """``split``: how many widgets stay on the first line when there are two."""
        super().__init__(parent)
        self.widgets = list(widgets)
        self.split = split
        # Two independent lines (a grid would give both lines the same column widths).
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(2)
        self.lines = (QHBoxLayout(), QHBoxLayout())
        for line in self.lines:
            line.setSpacing(SPACING)
            self.column.addLayout(line)
        self.rows = 0
        for widget in self.widgets:
            widget.setParent(self)
        self._arrange(1)

    def _shown(self) -> list[QWidget]:
        return [w for w in self.widgets if not w.isHidden()]

    def _width(self, widgets: Sequence[QWidget]) -> int:
        return sum(w.sizeHint().width() for w in widgets) + SPACING * max(0, len(widgets) - 1)

    def _split(self) -> int:
        return self.split

    def one_line_width(self) -> int:
        return self._width(self._shown())

    def _arrange(self, rows: int) -> None:
        if rows == self.rows:
            return
        self.rows = rows
        for line in self.lines:
            while line.count():
                line.takeAt(0)
        first = len(self.widgets) if rows == 1 else self._split()
        for index, widget in enumerate(self.widgets):
            self.lines[0 if index < first else 1].addWidget(widget)
        for line in self.lines:
            line.addStretch(1)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # Qt override: as narrow as two lines allow
        split = self._split()
        top = [w for w in self.widgets[:split] if not w.isHidden()]
        bottom = [w for w in self.widgets[split:] if not w.isHidden()]
        return QSize(max(self._width(top), self._width(bottom)),
                     self.column.sizeHint().height())

    def refit(self) -> None:
        """A text changed: one line or two, for the present width."""
        self._arrange(1 if self.width() >= self.one_line_width() else 2)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        self._arrange(1 if event.size().width() >= self.one_line_width() else 2)
        super().resizeEvent(event)
