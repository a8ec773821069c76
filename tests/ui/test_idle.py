"""The idle watcher behind the session lock and the counter reset: input restarts its quiet
period while it runs, and it watches nothing while it is stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.ui.idle import IdleWatcher

QUIET_MS = 1_000


def test_typing_postpones_idle_and_silence_brings_it(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    watcher = IdleWatcher(QUIET_MS)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    assert not watcher.watching
    watcher.start()
    assert watcher.watching
    for _ in range(25):  # 2.5 quiet periods of typing, a key every tenth of one
        qtbot.keyClick(edit, Qt.Key.Key_A)
        qtbot.wait(QUIET_MS // 10)
    assert not fired
    with qtbot.waitSignal(watcher.idle, timeout=10 * QUIET_MS):
        pass
    assert fired == [True]
    assert not watcher.watching  # until the next start()


def test_a_stopped_watcher_neither_fires_nor_watches(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    watcher = IdleWatcher(200)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    watcher.stop()
    assert not watcher.watching
    qtbot.keyClick(edit, Qt.Key.Key_A)  # activity while stopped starts nothing
    qtbot.wait(600)
    assert not fired and not watcher.timer.isActive()
