"""A page measured in millimetres, with the few drawing moves the printed documents need.

Kept apart from ``documents`` so the documents read as layouts, not as painter arithmetic.
Coordinates are millimetres from the paper's top-left corner, whatever the device resolution.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
)

# "Bleu France" and "rouge Marianne" of the State's visual identity, and two neutrals.
BLUE = QColor("#000091")
RED = QColor("#c9191e")
GREY = QColor("#555555")
LIGHT_BLUE = QColor("#ececfe")
_HATCH = QColor("#c8c8d8")
_TEXT = QColor("#161616")


class Sheet:
    """Draws on one paged device; ``new_page()`` moves on to the next sheet of paper."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        self.painter = painter
        self.device = device
        self.unit = device.logicalDpiX() / 25.4  # device pixels per millimetre
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def mm(self, value: float) -> float:
        return value * self.unit

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    def new_page(self) -> None:
        self.device.newPage()

    # --- text ------------------------------------------------------------------------------
    @staticmethod
    def font(size: float, *, bold: bool = False, mono: bool = False) -> QFont:
        if mono:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        else:
            font = QFont()
            font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(size)
        font.setBold(bold)
        # No "fi" ligature: the PDF's text must read back letter for letter (search, pypdf).
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def text(
        self, x: float, y: float, w: float, text: str, size: float, *, bold: bool = False,
        mono: bool = False, color: QColor = _TEXT,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, wrap: bool = True,
    ) -> float:
        """Draw ``text`` wrapped to width ``w`` (``wrap=False`` for identifiers, which must
        never break at a hyphen); return the y (mm) just below it."""
        self.painter.setFont(self.font(size, bold=bold, mono=mono))
        self.painter.setPen(color)
        area = self.rect(x, y, w, 400)
        flags = int(align | Qt.AlignmentFlag.AlignTop)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
        used = self.painter.boundingRect(area, flags, text)
        self.painter.drawText(area, flags, text)
        return y + used.height() / self.unit

    # --- lines and shapes ------------------------------------------------------------------
    def _pen(self, width: float, color: QColor, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(color)
        pen.setWidthF(self.mm(width))
        pen.setStyle(style)
        return pen

    def hline(self, x1: float, x2: float, y: float, *, color: QColor = BLUE,
              width: float = 0.3, dashed: bool = False) -> None:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        self.painter.setPen(self._pen(width, color, style))
        self.painter.drawLine(QLineF(self.mm(x1), self.mm(y), self.mm(x2), self.mm(y)))

    def box(self, x: float, y: float, w: float, h: float, *, width: float = 0.3,
            color: QColor = GREY) -> None:
        self.painter.setPen(self._pen(width, color))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self.rect(x, y, w, h))

    def fill(self, x: float, y: float, w: float, h: float, color: QColor) -> None:
        self.painter.fillRect(self.rect(x, y, w, h), color)

    def hatch(self, x: float, y: float, w: float, h: float, step: float = 1.2) -> None:
        """A dense diagonal pattern: it keeps the NUMEN unreadable through a closed envelope."""
        self.painter.save()
        self.painter.setClipRect(self.rect(x, y, w, h))
        self.painter.setPen(self._pen(0.25, _HATCH))
        offset = -h
        while offset < w:
            self.painter.drawLine(QLineF(self.mm(x + offset), self.mm(y + h),
                                         self.mm(x + offset + h), self.mm(y)))
            offset += step
        self.painter.restore()

    def fold_mark(self, y: float, page_width: float = 210.0) -> None:
        """Short ticks in both margins where the sheet is folded for the envelope."""
        for x1, x2 in ((4.0, 11.0), (page_width - 11.0, page_width - 4.0)):
            self.hline(x1, x2, y, color=GREY, width=0.3)

    def cut_line(self, y: float, label: str, page_width: float = 210.0) -> None:
        self.text(8, y - 3.4, 8, "✂", 13, color=GREY)
        self.hline(16, page_width - 8, y, color=GREY, width=0.3, dashed=True)
        self.text(20, y - 5.5, page_width - 40, label, 7, color=GREY,
                  align=Qt.AlignmentFlag.AlignHCenter)

    def letterhead(self, note: str, width: float = 210.0) -> None:
        """The State's header: a tricolour block, the ministry, the election; ``note`` right."""
        for index, color in enumerate((BLUE, QColor("white"), RED)):
            self.fill(20 + 4 * index, 15, 4, 10, color)
        self.box(20, 15, 12, 10, width=0.1, color=GREY)
        self.text(36, 14, 110, "RÉPUBLIQUE FRANÇAISE", 8, bold=True)
        self.text(36, 18.5, 120, "Ministère de l'Éducation nationale", 11, bold=True, color=BLUE)
        self.text(36, 24, 130, "Élections professionnelles — réassort de l'identifiant électeur",
                  8, color=GREY)
        self.text(width - 90, 24, 70, note, 8, color=GREY, align=Qt.AlignmentFlag.AlignRight)
        self.hline(20, width - 20, 33, color=BLUE, width=0.4)

    def qr(self, x: float, y: float, size: float, matrix: list[list[bool]]) -> None:
        """Vector QR code: one filled path of dark runs, so no seams show between modules."""
        module = size / len(matrix)
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for row, cells in enumerate(matrix):
            col = 0
            while col < len(cells):
                if not cells[col]:
                    col += 1
                    continue
                start = col
                while col < len(cells) and cells[col]:
                    col += 1
                path.addRect(self.rect(x + start * module, y + row * module,
                                       (col - start) * module, module))
        self.painter.fillPath(path, QColor("black"))
