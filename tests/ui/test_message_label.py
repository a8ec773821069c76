"""The page's message line takes the colours of its kind from the style sheet, whether its kind
is set before it is first shown (the first screen's "Chargement…") or changes afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.application import make_application
from kiosk.ui.widgets import MessageLabel

INFO_BACKGROUND, ERROR_BACKGROUND = QColor("#e8edff"), QColor("#ffe9e9")  # resources/kiosk.qss


def _background(label: MessageLabel) -> QColor:
    return label.grab().toImage().pixelColor(8, 2)  # inside the border, above the text


def test_the_kind_colours_the_message_before_and_after_it_is_shown(qtbot: QtBot) -> None:
    make_application()  # its style sheet
    host = QWidget()
    qtbot.addWidget(host)
    before, after = MessageLabel(host), MessageLabel(host)
    before.setGeometry(0, 0, 300, 40)
    after.setGeometry(0, 50, 300, 40)
    before.show_message("Chargement…", "info")  # not polished yet: styled when shown
    host.show()
    qtbot.waitExposed(host)
    assert _background(before) == INFO_BACKGROUND
    after.show_message("Réseau indisponible", "info")
    assert _background(after) == INFO_BACKGROUND
    after.show_message("Réseau indisponible", "error")  # polished already: styled again
    assert _background(after) == ERROR_BACKGROUND
    before.show_message("Chargement…", "error")
    assert _background(before) == ERROR_BACKGROUND
    after.show_message("Nouvelle tentative…", "info")  # and back
    assert _background(after) == INFO_BACKGROUND


def test_messages_show_as_typed_never_as_rich_text(qtbot: QtBot) -> None:
    label = MessageLabel()
    qtbot.addWidget(label)
    label.show_message("<b>Dupont</b> & <i>fils</i>", "error")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>Dupont</b> & <i>fils</i>"
