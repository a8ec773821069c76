"""PySide6 6.12.0 drops a reference to None on every call that returns nothing: on Python 3.11
the interpreter then aborts ("deallocating None") after a few thousand widget calls. The
project pins a version without the bug; this test fails on one that has it."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setVisible(False)
    assert sys.getrefcount(None) >= before - 50
