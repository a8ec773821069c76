"""The navigation bar above the wizard and the screens it opens (registre, à suivre, rapport,
consultation), shown in the main window's stack in place of the wizard.

One screen at a time, built on opening, destroyed on closing. The bar shows only while an agent
works (the wizard or a screen is on display); when the window shows anything else (lock,
sign-in, supervisor exit) the open screen is closed, so no list of voters outlives the session.
Supervisor-only screens have no button for an agent, and the services refuse them anyway.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStackedWidget, QWidget

from kiosk.ui.worker import Worker

if TYPE_CHECKING:
    from kiosk.services.contracts import AgentSession, KioskServices
    from kiosk.ui.screens.base import ToolScreen

HOME = "home"
ScreenFactory = Callable[["KioskServices", Worker, "AgentSession | None", QWidget], "ToolScreen"]
# name -> (button text, "module:class" of the screen or None for the wizard, supervisors only,
# shortcut). The screens' modules are imported when one is first opened, not at start: the
# kiosk's first screen is the sign-in (benchmarks/bench_kiosk_start.py).
ENTRIES: dict[str, tuple[str, str | None, bool, str]] = {
    HOME: (str(QT_TRANSLATE_NOOP("ScreenHost", "Demande")), None, False, "Ctrl+1"),
    "register": (str(QT_TRANSLATE_NOOP("ScreenHost", "Registre des plis")),
                 "kiosk.ui.screens.register:RegisterScreen", False, "Ctrl+2"),
    "follow_up": (str(QT_TRANSLATE_NOOP("ScreenHost", "À suivre")),
                  "kiosk.ui.screens.follow_up:FollowUpScreen", False, "Ctrl+3"),
    "lookup": (str(QT_TRANSLATE_NOOP("ScreenHost", "Consultation")),
               "kiosk.ui.screens.lookup:LookupScreen", False, "Ctrl+4"),
    "report": (str(QT_TRANSLATE_NOOP("ScreenHost", "Rapport du jour")),
               "kiosk.ui.screens.report:ReportScreen", True, "Ctrl+5"),
}


def screen_factory(name: str) -> ScreenFactory:
    """The class of screen ``name`` (not HOME), its module imported on first use."""
    target = ENTRIES[name][1]
    if target is None:
        raise KeyError(name)
    module, _, attribute = target.partition(":")
    factory: ScreenFactory = getattr(importlib.import_module(module), attribute)
    return factory


class ScreenHost(QFrame):  # a QFrame paints its style-sheet background (see window.AppHeader)
    screen_changed = Signal(str)  # the name of the screen now shown (HOME: the wizard)

    def __init__(self, services: KioskServices, stack: QStackedWidget,
                 home: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenBar")
        self.services = services
        self.stack = stack
        self.home = home
        self.worker = Worker(self)  # its own thread: a slow list never delays the wizard
        self.agent: AgentSession | None = None
        self.current: ToolScreen | None = None
        self.current_name = HOME
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 16, 4)
        row.setSpacing(8)
        for name, (_text, _cls, _sup, keys) in ENTRIES.items():
            button = QPushButton(self)
            button.setObjectName("screenButton")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, n=name: self.show_screen(n))
            shortcut = QShortcut(QKeySequence(keys), self.window() or self)  # window-wide
            shortcut.activated.connect(lambda n=name: self._on_shortcut(n))
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        self._retranslate()
        self.stack.currentChanged.connect(self._on_stack_changed)
        self.set_agent(None)

    # --- role and language ---------------------------------------------------------------
    def set_agent(self, agent: AgentSession | None) -> None:
        self.agent = agent
        supervisor = agent is not None and agent.role == "supervisor"
        for name, (_t, _c, supervisors_only, _k) in ENTRIES.items():
            self.buttons[name].setVisible(supervisor or not supervisors_only)
        if agent is None:
            self.close_current()
        self._on_stack_changed()

    def allowed(self, name: str) -> bool:
        entry = ENTRIES.get(name)
        if entry is None or self.agent is None:
            return False
        return not entry[2] or self.agent.role == "supervisor"

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for name, (text, _c, _s, keys) in ENTRIES.items():
            label = QCoreApplication.translate("ScreenHost", text)
            button = self.buttons[name]
            button.setText(label)
            button.setAccessibleName(label)
            button.setToolTip(f"{label} ({keys})")

    # --- screens ---------------------------------------------------------------------------
    def show_screen(self, name: str) -> ToolScreen | None:
        """Open ``name`` (closing the screen shown), or go back to the wizard for HOME."""
        if name == HOME or not self.allowed(name):
            self.close_current()
            return None
        if self.current is not None and self.current_name == name:
            self._mark(name)
            return self.current
        self.close_current(go_home=False)
        screen = screen_factory(name)(self.services, self.worker, self.agent, self.stack)
        screen.closed.connect(lambda s=screen: self._on_screen_closed(s))
        self.current, self.current_name = screen, name
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._mark(name)
        screen.open()
        self.screen_changed.emit(name)
        return screen

    def close_current(self, *, go_home: bool = True) -> None:
        screen, self.current, self.current_name = self.current, None, HOME
        if screen is not None:
            screen.close_screen()  # late answers for it are dropped from now on
            if go_home and self.stack.currentWidget() is screen:
                self.stack.setCurrentWidget(self.home())
            self.stack.removeWidget(screen)
            screen.deleteLater()
            self.screen_changed.emit(HOME)
        elif go_home and self.isVisible() and self.stack.currentWidget() is not self.home():
            self.stack.setCurrentWidget(self.home())
        self._mark(HOME)

    def _on_screen_closed(self, screen: ToolScreen) -> None:
        if screen is self.current:
            self.close_current()

    def _on_shortcut(self, name: str) -> None:
        if self.isVisible() and self.buttons[name].isVisible():
            self.show_screen(name)

    def _mark(self, name: str) -> None:
        for key, button in self.buttons.items():
            button.setChecked(key == name)

    def _on_stack_changed(self, _index: int = -1) -> None:
        shown = self.stack.currentWidget()
        working = self.agent is not None and shown is not None and (
            shown is self.home() or shown is self.current)
        self.setVisible(working)
        if not working and self.current is not None and shown is not self.current:
            self.close_current(go_home=False)  # locked or signed out: the list goes
