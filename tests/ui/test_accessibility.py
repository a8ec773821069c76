"""Accessibility of the wizard: every control has a name a screen reader can say, the keyboard
order follows the screen, and the focus is visible."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.ui.application import style_sheet
from kiosk.ui.wizard import KioskWizard
from tests.ui.conftest import assert_focus_is_drawn


def test_every_control_has_an_accessible_name(qtbot: QtBot, wizard: KioskWizard) -> None:
    missing = []
    for page in wizard.pages().values():
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, QLineEdit | QComboBox | QListWidget | QAbstractButton):
                continue
            if isinstance(widget.parent(), QLineEdit | QComboBox):
                continue  # Qt's own parts of a field (the clear button): named by the field
            name = widget.accessibleName() or (
                widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else "")
            if not name:
                missing.append(f"{type(page).__name__}: {type(widget).__name__}")
    assert missing == []


def test_keyboard_order_of_the_first_step_follows_the_screen(
        qtbot: QtBot, wizard: KioskWizard) -> None:
    page = wizard.voter_page
    page.query.setFocus()
    qtbot.waitUntil(page.query.hasFocus)
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [page.search_button, page.results, page.document]


def test_focus_is_visible(qtbot: QtBot) -> None:
    host = QWidget()
    host.setStyleSheet(style_sheet())
    qtbot.addWidget(host)
    edit, button, other = QLineEdit(host), QPushButton("Rechercher", host), QLineEdit(host)
    for index, widget in enumerate((edit, button, other)):
        widget.setGeometry(10, 10 + 50 * index, 200, 36)
    host.resize(240, 180)
    host.show()
    qtbot.waitExposed(host)
    assert_focus_is_drawn(qtbot, (edit, button), other)
