"""The main window: enrolment, sign-in, the wizard, the lock, and counter mode, in one window.

Counter mode (``--counter``): full screen without window chrome, back to step 1 after a short
idle time, and leaving needs a supervisor. In both modes the session locks after a longer idle
time; the lock hides the screen without losing the visit in progress.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.errors import ServiceError
from kiosk.ui.application import FLAG
from kiosk.ui.application import set_language as install_language
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.panels import EnrolmentPanel, SignInPanel, SupervisorPanel
from kiosk.ui.screens.host import ScreenHost
from kiosk.ui.service_texts import translated
from kiosk.ui.settings_access import SettingsAccess
from kiosk.ui.status import REFRESH_MS, KioskStatusBar
from kiosk.ui.worker import Worker

if TYPE_CHECKING:
    from kiosk.services.contracts import AgentSession, KioskServices, SyncStatus
    from kiosk.ui.wizard import KioskWizard

LOCK_AFTER_MS = 300_000
COUNTER_RESET_MS = 90_000


class AppHeader(QFrame):
    """Who this program belongs to, on every screen: the State's mark and the service's name.
    A QFrame, which paints its style-sheet background itself (see kiosk.ui.widgets.plain_text
    for why the window's start-up code avoids the ``Qt`` namespace)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appHeader")
        flag = QLabel(self)
        # A picture rather than painted at each start: QPainter.fillRect's overloads would build
        # the Qt namespace (kiosk.ui.widgets.plain_text says why the start avoids it).
        flag.setPixmap(QPixmap(str(FLAG)))
        self.flag = flag
        self.ministry = ministry = QLabel(self)
        ministry.setObjectName("appMinistry")
        self.service = service = QLabel(self)
        service.setObjectName("appService")
        self.retranslate()
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(12)
        row.addWidget(flag)
        row.addWidget(ministry)
        row.addWidget(service, 1)

    def retranslate(self) -> None:
        self.flag.setAccessibleName(self.tr("République française"))
        self.ministry.setText(self.tr("Ministère de l'Éducation nationale"))
        self.service.setText(self.tr("Élections professionnelles — réassort des identifiants "
                                     "électeurs"))

    def changeEvent(self, event: QEvent) -> None:  # Qt override: the language chosen changed
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    agent_changed = Signal(object)  # AgentSession | None
    start_failed = Signal(object)  # ServiceError: the services could not be opened

    def __init__(self, services: KioskServices, *, counter: bool = False,
                 lock_after_ms: int = LOCK_AFTER_MS, counter_reset_ms: int = COUNTER_RESET_MS,
                 status_refresh_ms: int = REFRESH_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(self.tr("Borne de réassort — élections professionnelles"))
        self.services = services
        self.counter = counter
        self.agent: AgentSession | None = None
        self.language = "fr"
        self._leaving = False
        self.worker = Worker(self)
        self._wizard: KioskWizard | None = None  # built after the first screen (``wizard``)
        self._enrolment: EnrolmentPanel | None = None  # built when shown (``enrolment``)
        self._supervisor: SupervisorPanel | None = None  # likewise (``supervisor``)
        self.sign_in = SignInPanel(services, self.worker, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.sign_in)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(AppHeader(central))
        # Registre des plis, À suivre, Consultation, Rapport du jour (issue 9).
        self.screens = ScreenHost(services, self.stack, lambda: self.wizard, self)
        column.addWidget(self.screens)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = KioskStatusBar(services, self, refresh_ms=status_refresh_ms)
        self.setStatusBar(self.status)

        self.lock_watch = IdleWatcher(lock_after_ms, self)
        self.lock_watch.idle.connect(self.lock)
        self.counter_watch = IdleWatcher(counter_reset_ms, self)
        self.counter_watch.idle.connect(self.reset_counter)

        self.sign_in.signed_in.connect(self._on_signed_in)
        self.status.lock_requested.connect(self.lock)
        self.status.sign_out_requested.connect(self.sign_out)
        self.status.status_changed.connect(self._on_status)
        self.agent_changed.connect(self.screens.set_agent)
        self.sign_in.language_chosen.connect(self.set_language)
        self.settings_access = SettingsAccess(self)  # « À propos », and settings (supervisor)
        if counter:
            from PySide6.QtCore import Qt

            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            leave = QShortcut(QKeySequence("Ctrl+Shift+Q"), self)
            leave.activated.connect(self.ask_to_leave)

    @property
    def wizard(self) -> KioskWizard:
        """The request wizard, built on first use rather than before the first screen: its
        pages are most of the window's widgets and modules, and nobody needs them before an
        agent has signed in (benchmarks/bench_kiosk_start.py). ``_prepare_wizard`` builds it
        while the agent types the password."""
        if self._wizard is None:
            from kiosk.ui.wizard import KioskWizard

            self._wizard = KioskWizard(self.services, self.worker, self)
            self._wizard.set_agent(self.agent)
            self.stack.addWidget(self._wizard)
        return self._wizard

    def _prepare_wizard(self) -> None:
        _ = self.wizard

    @property
    def enrolment(self) -> EnrolmentPanel:
        """The enrolment panel, built when first asked for: only a kiosk's first run shows it,
        and every panel in the stack is built and styled before the first screen otherwise."""
        if self._enrolment is None:
            self._enrolment = EnrolmentPanel(self.services, self.worker, self)
            self._enrolment.enrolled.connect(self._on_enrolled)
            self.stack.addWidget(self._enrolment)
        return self._enrolment

    @property
    def supervisor(self) -> SupervisorPanel:
        """The supervisor's exit from counter mode, built when first asked for, as enrolment."""
        if self._supervisor is None:
            self._supervisor = SupervisorPanel(self.services, self.worker, self)
            self._supervisor.signed_in.connect(self._on_supervisor_signed_in)
            self._supervisor.leave_confirmed.connect(self._on_leave_confirmed)
            self._supervisor.cancelled.connect(self._show_wizard)
            self.stack.addWidget(self._supervisor)
        return self._supervisor

    # --- start -----------------------------------------------------------------------------
    def start(self) -> None:
        """First screen: enrolment on a new kiosk, sign-in otherwise. The sign-in panel shows
        at once, disabled, while the first call (which may also build the services: see
        :mod:`kiosk.services.deferred`) runs; nobody can sign in before it answers."""
        self.stack.setCurrentWidget(self.sign_in)
        self.sign_in.setEnabled(False)
        self.sign_in.message.show_message(self.tr("Chargement…"), "info")
        # Asked after one turn of the event loop: the window is painted first, without the
        # worker (busy loading the libraries) competing with it for the interpreter.
        QTimer.singleShot(0, self._ask_enrolment)

    def _ask_enrolment(self) -> None:
        self.worker.run(self.services.is_enrolled, self._on_enrolment_known,
                        self._on_start_failed)

    def _on_start_failed(self, error: ServiceError) -> None:
        self.sign_in.message.show_message(translated(error.message), "error")
        self.start_failed.emit(error)

    def _on_enrolment_known(self, enrolled: bool) -> None:
        self.sign_in.message.clear_message()
        self.sign_in.setEnabled(True)
        QTimer.singleShot(0, self._prepare_wizard)
        if enrolled:
            self._show_sign_in()
        else:
            self.stack.setCurrentWidget(self.enrolment)
            self.enrolment.url.setFocus()

    def _on_enrolled(self) -> None:
        self.status.start()
        self._show_sign_in()

    def _show_sign_in(self) -> None:
        self.sign_in.set_locked(None)
        self.stack.setCurrentWidget(self.sign_in)
        self.sign_in.username.setFocus()
        self.status.start()

    # --- session ---------------------------------------------------------------------------
    def _on_signed_in(self, agent: AgentSession) -> None:
        if self.agent is not None and agent.username != self.agent.username:
            self.wizard.new_visit()  # another agent does not inherit a visit in progress
        self._set_agent(agent)
        self._show_wizard()

    def _set_agent(self, agent: AgentSession | None) -> None:
        self.agent = agent
        if self._wizard is not None:  # otherwise it takes the agent when it is built
            self._wizard.set_agent(agent)
        self.status.set_agent(agent)
        self.agent_changed.emit(agent)

    def _show_wizard(self) -> None:
        self.stack.setCurrentWidget(self.wizard)
        self.lock_watch.start()
        if self.counter:
            self.counter_watch.start()
        current = self.wizard.currentPage()
        if current is not None:
            current.setFocus()

    def lock(self) -> None:
        shown = self.stack.currentWidget()
        if self.agent is None or (shown is not self._wizard
                                  and shown is not self.screens.current):
            return
        self.lock_watch.stop()
        self.counter_watch.stop()
        self.sign_in.set_locked(self.agent)
        self.stack.setCurrentWidget(self.sign_in)

    def sign_out(self) -> None:
        self.lock_watch.stop()
        self.counter_watch.stop()
        if self._wizard is not None:
            self._wizard.new_visit()
        self.worker.run(self.services.sign_out, lambda _r: None)
        self._set_agent(None)
        self._show_sign_in()

    def _on_status(self, status: SyncStatus) -> None:
        if status.agent_withdrawn and self.agent is not None:
            # The services already ended the session: the visit goes, as at a sign-out.
            self.sign_out()
            self.sign_in.message.show_message(self.tr(
                "Ce compte d'agent n'est plus autorisé sur cette borne (modifié ou désactivé "
                "au centre) : la session a été fermée."), "error")

    def reset_counter(self) -> None:
        """Counter mode, nobody there for a while: forget the visit, back to step 1."""
        self.screens.close_current()  # a list or a look-up must not stay on screen either
        if self._wizard is not None and self.stack.currentWidget() is self._wizard:
            self._wizard.new_visit()
            self.counter_watch.start()

    # --- language --------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """The session's language, chosen at sign-in. Panels, bars and screens retranslate
        themselves; the wizard's pages take their texts when built, so it is rebuilt (there is
        no visit in progress at sign-in)."""
        if code == self.language:
            return
        if not install_language(code):
            self.sign_in.message.show_message(self.tr("Cette langue n'est pas disponible sur "
                                                      "cette borne."), "error")
        self.language = code
        old, self._wizard = self._wizard, None  # the next one is built in the new language
        if old is not None:
            old.clear_visit()
            self.stack.removeWidget(old)
            old.deleteLater()
        self.setWindowTitle(self.tr("Borne de réassort — élections professionnelles"))

    # --- leaving ---------------------------------------------------------------------------
    def ask_to_leave(self) -> None:
        self.lock_watch.stop()
        self.counter_watch.stop()
        self.supervisor.set_locked(None)
        self.stack.setCurrentWidget(self.supervisor)

    def _on_supervisor_signed_in(self, agent: AgentSession) -> None:
        self._set_agent(agent)  # the services now act for whoever signed in

    def _on_leave_confirmed(self) -> None:
        self._leaving = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.counter and not self._leaving:
            event.ignore()
            self.ask_to_leave()
            return
        self.lock_watch.stop()
        self.counter_watch.stop()
        self.status.stop()
        if self._wizard is not None:
            self._wizard.clear_visit()
        self.worker.wait(10_000)
        self.status.worker.wait(10_000)
        self.screens.worker.wait(10_000)
        event.accept()
