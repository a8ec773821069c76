"""The QApplication as the kiosk wants it: Fusion style, its style sheet, French by default.

English is available when ``resources/kiosk_en.qm`` exists (built from ``kiosk_en.ts`` with
lrelease); Qt's own dialogs (print, save) follow the same language.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import kiosk
from kiosk.ui import pyside_import_hook

# Before anything else is imported after Qt: see the module's docstring.
pyside_import_hook.install()

RESOURCES = Path(kiosk.__file__).resolve().parent.parent / "resources"
STYLE_SHEET = RESOURCES / "kiosk.qss"
ICON = RESOURCES / "icons" / "kiosk.png"
FLAG = RESOURCES / "icons" / "flag.png"  # the header's tricolour, 30 x 20
LANGUAGES = {"fr": "Français", "en": "English"}

_translators: list[QTranslator] = []


def style_sheet() -> str:
    try:
        return STYLE_SHEET.read_text(encoding="utf-8")
    except OSError:
        return ""  # an unstyled kiosk still works


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        app.setStyle("Fusion")
    else:
        # Qt's own "-style" option rather than setStyle(): setStyle returns the QStyle, and
        # wrapping it makes PySide build the QStyle class with its large enums, ~10 ms of a
        # start that never uses them (benchmarks/bench_kiosk_start.py).
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "Fusion"])
    app.setApplicationName("kiosk")
    app.setOrganizationName("kiosk-reassort")
    app.setApplicationDisplayName("Borne de réassort")
    app.setApplicationVersion(kiosk.__version__)
    app.setStyleSheet(style_sheet())
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    set_language("fr")
    return app


def set_language(code: str) -> bool:
    """Install the translations for ``code`` ("fr" or "en"); False if they are missing."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    locale = QLocale(QLocale.Language.English if code == "en" else QLocale.Language.French,
                     QLocale.Country.UnitedKingdom if code == "en" else QLocale.Country.France)
    QLocale.setDefault(locale)
    found = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        _translators.append(qt_translator)
    if code == "en":
        ours = QTranslator(app)
        found = ours.load(str(RESOURCES / "kiosk_en.qm"))
        if found:
            app.installTranslator(ours)
            _translators.append(ours)
    return found
