"""Idle detection: no key, click or touch for a while emits ``idle`` (lock, counter reset)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
}


class IdleWatcher(QObject):
    """Watches every input event of the application while it runs (``start`` to ``stop`` or
    ``idle``); ``idle`` fires once per quiet period.

    Its application-wide event filter is installed only while it runs: a Python filter is
    called for every event of every object, and the first event of an object of a Qt-private
    class (an animation timer...) makes PySide load every class of QtCore, QtGui and QtWidgets
    to find its type, tens of milliseconds that the first screen, before any sign-in, would
    otherwise wait for (benchmarks/bench_kiosk_start.py).
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self._on_timeout)
        self._watching = False

    @property
    def watching(self) -> bool:
        """Whether input events restart the quiet period now."""
        return self._watching

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        self.timer.start()
        self._watch(True)

    def stop(self) -> None:
        self.timer.stop()
        self._watch(False)

    def _on_timeout(self) -> None:
        self._watch(False)  # the next quiet period begins at the next start()
        self.idle.emit()

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart the quiet period
        return False
