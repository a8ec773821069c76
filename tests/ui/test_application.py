"""The application carries the kiosk's icon and style sheet, found in resources/."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.ui.application import ICON, make_application, style_sheet


def test_icon_and_style_sheet_are_installed(qtbot: QtBot) -> None:
    app = make_application()
    assert ICON.exists() and not app.windowIcon().isNull()
    assert style_sheet() and app.styleSheet() == style_sheet()
