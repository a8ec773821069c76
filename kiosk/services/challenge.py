"""The "Code de sécurité": 4 digits drawn as an image, typed back by the voter.

The code stays in the service object, keyed by an unguessable token; the UI only ever holds the
image and the token. A code is good for one check (right or wrong) and for a few minutes.

Digits are drawn as strokes with QPainterPath on a QImage rather than with a font: text needs a
QGuiApplication (Qt aborts without one) and fonts are not thread-safe to set up, whereas path
painting on a QImage works in any thread, even in a script with no application. Services may
use QtGui, never QtWidgets.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from kiosk.domain.security_code import check_security_code, generate_security_code

TTL_SECONDS = 600.0
MAX_OPEN = 64  # a kiosk serves one voter at a time; old tokens are dropped beyond this
WIDTH, HEIGHT = 240, 90


def _digit_path(digit: str) -> QPainterPath:
    """The glyph of ``digit`` in a unit box (x to the right, y downwards)."""
    p = QPainterPath()
    if digit == "0":
        p.addEllipse(QRectF(0.1, 0.0, 0.8, 1.0))
    elif digit == "1":
        p.moveTo(0.25, 0.22)
        p.lineTo(0.6, 0.0)
        p.lineTo(0.6, 1.0)
        p.moveTo(0.3, 1.0)
        p.lineTo(0.9, 1.0)
    elif digit == "2":
        p.moveTo(0.1, 0.25)
        p.cubicTo(0.1, -0.07, 0.9, -0.07, 0.9, 0.27)
        p.cubicTo(0.9, 0.5, 0.1, 0.75, 0.1, 1.0)
        p.lineTo(0.92, 1.0)
    elif digit == "3":
        p.moveTo(0.12, 0.12)
        p.cubicTo(0.45, -0.1, 0.95, 0.05, 0.82, 0.3)
        p.cubicTo(0.75, 0.45, 0.55, 0.5, 0.4, 0.5)
        p.cubicTo(0.8, 0.5, 0.98, 0.7, 0.85, 0.87)
        p.cubicTo(0.7, 1.06, 0.3, 1.05, 0.1, 0.9)
    elif digit == "4":
        p.moveTo(0.7, 1.0)
        p.lineTo(0.7, 0.0)
        p.lineTo(0.05, 0.7)
        p.lineTo(0.95, 0.7)
    elif digit == "5":
        p.moveTo(0.85, 0.0)
        p.lineTo(0.2, 0.0)
        p.lineTo(0.15, 0.45)
        p.cubicTo(0.5, 0.3, 0.97, 0.45, 0.9, 0.72)
        p.cubicTo(0.85, 1.05, 0.3, 1.05, 0.1, 0.9)
    elif digit == "6":
        p.moveTo(0.8, 0.05)
        p.cubicTo(0.3, -0.02, 0.1, 0.4, 0.1, 0.72)
        p.addEllipse(QRectF(0.1, 0.45, 0.8, 0.55))
    elif digit == "7":
        p.moveTo(0.08, 0.0)
        p.lineTo(0.92, 0.0)
        p.lineTo(0.38, 1.0)
    elif digit == "8":
        p.addEllipse(QRectF(0.17, 0.0, 0.66, 0.46))
        p.addEllipse(QRectF(0.1, 0.46, 0.8, 0.54))
    elif digit == "9":
        p.addEllipse(QRectF(0.1, 0.0, 0.8, 0.55))
        p.moveTo(0.9, 0.28)
        p.cubicTo(0.9, 0.7, 0.7, 1.0, 0.2, 0.95)
    else:
        raise ValueError("not a digit")
    return p


def render_code_png(code: str, *, rng: random.Random | None = None) -> bytes:
    """``code`` drawn on a light background with light noise, as PNG bytes."""
    rng = rng or random.Random()  # the noise needs no secrecy: the code itself is secret
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor(250, 250, 246))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for _ in range(160):  # speckles
            painter.setPen(QPen(QColor(rng.randint(170, 220), rng.randint(170, 220),
                                       rng.randint(170, 220)), rng.uniform(1.0, 2.0)))
            painter.drawPoint(QPointF(rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)))
        step = (WIDTH - 30) / max(len(code), 1)
        for index, digit in enumerate(code):
            size = rng.uniform(44.0, 52.0)
            transform = QTransform()
            transform.translate(18 + index * step + rng.uniform(-4, 4),
                                (HEIGHT - size) / 2 + rng.uniform(-6, 6))
            transform.rotate(rng.uniform(-12, 12))
            transform.scale(size * rng.uniform(0.62, 0.75), size)
            pen = QPen(QColor(rng.randint(20, 70), rng.randint(30, 80), rng.randint(80, 130)),
                       rng.uniform(4.0, 5.5))
            pen.setCapStyle(pen.capStyle().RoundCap)
            painter.setPen(pen)
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.drawPath(transform.map(_digit_path(digit)))
        for _ in range(5):  # thin lines across, light enough to keep the digits readable
            painter.setPen(QPen(QColor(120, 120, 140, 140), rng.uniform(1.0, 1.8)))
            painter.drawLine(QPointF(rng.uniform(0, WIDTH / 3), rng.uniform(0, HEIGHT)),
                             QPointF(rng.uniform(2 * WIDTH / 3, WIDTH), rng.uniform(0, HEIGHT)))
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 wants str
    buffer.close()
    return bytes(data.data())


class ChallengeBook:
    """Open challenges: token -> (code, expiry). Thread-safe; each code checks once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._open: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def issue(self) -> tuple[str, str]:
        """A new (token, code)."""
        token, code = secrets.token_urlsafe(18), generate_security_code()
        with self._lock:
            self._open[token] = (code, self._clock() + TTL_SECONDS)
            while len(self._open) > MAX_OPEN:
                self._open.popitem(last=False)
        return token, code

    def consume(self, token: str, typed: str) -> bool:
        """True when ``typed`` is the code of ``token``; the token is spent either way."""
        with self._lock:
            entry = self._open.pop(token, None)
        if entry is None:
            check_security_code("0000", typed)  # same work whether the token exists or not
            return False
        code, expires = entry
        return check_security_code(code, typed) and self._clock() <= expires

    def peek(self, token: str) -> str | None:
        """The code behind ``token`` without spending it: for tests and the offscreen demo
        driver only (a person reads the image)."""
        with self._lock:
            entry = self._open.get(token)
        return entry[0] if entry else None
