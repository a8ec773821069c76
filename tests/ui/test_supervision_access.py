"""Issue 9, accessibility of the main window with its supervision screens: everything by the
keyboard (shortcuts to the screens, Tab order, no trap), a visible focus on the new controls,
a name on every field for screen readers, and nothing cut at 200 % on a Full HD screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.ui.application import style_sheet
from kiosk.ui.screens.register import RegisterScreen
from kiosk.ui.window import MainWindow
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import add_voters, new_voter
from tests.ui.conftest import (
    SUPERVISOR,
    SUPERVISOR_PASSWORD,
    WAIT_MS,
    assert_focus_is_drawn,
    sign_in,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot: QtBot, make_kiosk: Callable[..., KioskApp]) -> Iterator[MainWindow]:
    made = MainWindow(make_kiosk(sign_in=False), status_refresh_ms=60_000)
    qtbot.addWidget(made)
    made.resize(1180, 800)
    made.show()
    made.start()
    yield made
    made.close()


def test_screens_open_from_the_keyboard_and_tab_follows_the_screen(
        qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens.current
    assert isinstance(screen, RegisterScreen)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    # (Tab inside the date field moves from day to month to year first: Qt's own way.)
    screen.refresh_button.setFocus()
    qtbot.waitUntil(screen.refresh_button.hasFocus)
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [screen.table, screen.print_button, screen.pdf_button]
    for keys, name in ((Qt.Key.Key_3, "follow_up"), (Qt.Key.Key_4, "lookup"),
                       (Qt.Key.Key_5, "report")):
        qtbot.keyClick(window, keys, Qt.KeyboardModifier.ControlModifier)
        assert window.screens.current_name == name
        current = window.screens.current
        assert current is not None
        qtbot.waitUntil(lambda c=current: not c.busy, timeout=WAIT_MS)  # type: ignore[misc]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.wizard and window.screens.current is None


def test_every_control_of_the_screens_has_a_name(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, SUPERVISOR, SUPERVISOR_PASSWORD)
    missing = []
    for name in ("register", "follow_up", "lookup", "report"):
        screen = window.screens.show_screen(name)
        assert screen is not None
        qtbot.waitUntil(lambda s=screen: not s.busy, timeout=WAIT_MS)  # type: ignore[misc]
        for widget in screen.findChildren(QWidget):
            if not isinstance(widget, QLineEdit | QComboBox | QAbstractItemView
                              | QAbstractButton | QAbstractSpinBox):
                continue
            if isinstance(widget.parent(), QLineEdit | QComboBox | QAbstractSpinBox
                          | QAbstractItemView) \
                    or type(widget).__name__ == "QTableCornerButton" \
                    or not widget.isVisibleTo(screen):
                continue  # Qt's own parts of a control: named by the control
            label = widget.accessibleName() or (
                widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else "")
            if not label:
                missing.append(f"{name}: {type(widget).__name__}")
    assert missing == []
    for button in window.screens.buttons.values():
        assert button.accessibleName() and "Ctrl+" in button.toolTip()


def test_focus_on_tables_and_dates_is_visible(qtbot: QtBot) -> None:
    host = QWidget()
    host.setStyleSheet(style_sheet())
    qtbot.addWidget(host)
    table, day, other = QTableWidget(2, 2, host), QDateEdit(host), QLineEdit(host)
    for index, widget in enumerate((table, day, other)):
        widget.setGeometry(10, 10 + 90 * index, 220, 80 if widget is table else 36)
    host.resize(260, 300)
    host.show()
    qtbot.waitExposed(host)
    assert_focus_is_drawn(qtbot, (table, day), other)


def test_nothing_is_cut_at_200_percent(ui_centre: Centre, tmp_path: Path,
                                       make_kiosk: Callable[..., KioskApp]) -> None:
    voter = new_voter("Lisible")
    add_voters(ui_centre, tmp_path, [voter])
    services = make_kiosk(sign_in=False)
    services.sync_now()
    directory = services.ctx.data_dir
    services.close()  # the child process opens the same kiosk
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{
        "name": "fullhd", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
        "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_SCALE_FACTOR": "2",
           "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    args = {"data_dir": str(directory), "username": SUPERVISOR, "password": SUPERVISOR_PASSWORD,
            "last_name": voter.last_name, "numen": voter.numen, "birth": voter.birth}
    done = subprocess.run([sys.executable, "-m", "tests.ui.scale_check", json.dumps(args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(found) >= {"sign-in", "wizard: voter", "wizard: numen", "wizard: request",
                          "screen: register", "screen: follow_up", "screen: lookup",
                          "screen: report"}
    cut = {step: problems for step, problems in found.items() if problems}
    assert cut == {}, json.dumps(cut, indent=1, ensure_ascii=False)
