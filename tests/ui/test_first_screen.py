"""The kiosk's first screen comes before its services: the window imports none of the heavy
libraries, shows the sign-in panel disabled with "Chargement…" while the services are built off
the GUI thread (kiosk.services.deferred), and accepts a sign-in only once they have answered."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.services.contracts import ServiceError
from kiosk.services.deferred import DeferredServices
from kiosk.ui.panels import EnrolmentPanel, SupervisorPanel
from kiosk.ui.screens.base import ToolScreen
from kiosk.ui.screens.host import ENTRIES, screen_factory
from kiosk.ui.wizard import KioskWizard
from tests.fixtures.imports import modules_loaded_after
from tests.fixtures.leaks import collect_file
from tests.ui.conftest import WAIT_MS, WindowFactory

# What the services need and the first screen does not: loaded after the window is shown.
LATE = ("sqlalchemy", "alembic", "httpx", "keyring", "keyrings", "cryptography", "Crypto",
        "argon2", "phonenumbers", "qrcode", "PIL", "pypdf", "kiosk.store", "kiosk.services.app",
        # ... and what an agent needs only once signed in: the wizard's pages, the screens.
        "kiosk.ui.wizard", "kiosk.ui.pages", "kiosk.ui.screens.register",
        "kiosk.ui.screens.follow_up", "kiosk.ui.screens.lookup", "kiosk.ui.screens.report",
        # ... and what opens later still: the screens' base, the dialogs, the time format
        # (with the validation rules behind it).
        "kiosk.ui.screens.base", "kiosk.ui.about", "kiosk.ui.settings_dialog",
        "kiosk.ui.timefmt", "kiosk.services.validation", "kiosk.domain",
        # ... and the contracts' data types, which arrive with the services' answers.
        "kiosk.services.contracts")


def test_the_window_imports_none_of_the_services_libraries() -> None:
    code = ("import kiosk.ui.main, kiosk.ui.window, kiosk.ui.application, "
            "kiosk.services.deferred, kiosk.services.logs, kiosk.services.paths")
    assert modules_loaded_after(code, LATE) == []


def test_the_first_screen_does_without_the_qt_namespace() -> None:
    """PySide builds the 94 enums of ``Qt`` on its first use (kiosk.ui.widgets.plain_text):
    the window up to its first screen must not need it."""
    code = ("import os, threading, PySide6.QtCore as core\n"
            "from kiosk.services.deferred import DeferredServices\n"
            "from kiosk.ui.application import make_application\n"
            "from kiosk.ui.window import MainWindow\n"
            "app = make_application()\n"
            "gate = threading.Event()\n"  # the services never answer: the first screen stays
            "window = MainWindow(DeferredServices(lambda: gate.wait(30)))\n"
            "window.resize(1180, 800)\n"
            "window.start()\n"
            "window.show()\n"
            "app.processEvents()\n"
            "print('Qt' in vars(core), window.sign_in.message.text(), flush=True)\n"
            "os._exit(0)\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    assert done.stdout.strip() == "False Chargement…", done.stdout + done.stderr


def _gated(services: KioskApp) -> tuple[DeferredServices, threading.Event]:
    gate = threading.Event()

    def build() -> KioskApp:
        gate.wait(30)  # the libraries loading, the database opening...
        return services

    return DeferredServices(build), gate


def test_sign_in_waits_for_the_services(qtbot: QtBot, make_kiosk: Callable[..., KioskApp],
                                        make_window: WindowFactory) -> None:
    deferred, gate = _gated(make_kiosk(sign_in=False))
    try:
        window = make_window(deferred)
        panel = window.sign_in
        assert window.stack.currentWidget() is panel
        assert not panel.isEnabled() and not panel.submit.isEnabled()
        assert panel.message.text() == "Chargement…" and not panel.message.isHidden()
        qtbot.wait(50)  # the first call is under way, still nothing to sign in to
        assert window.worker.busy and not panel.isEnabled()
        assert window.findChild(KioskWizard) is None  # not before the first screen
        gate.set()
        qtbot.waitUntil(panel.isEnabled, timeout=WAIT_MS)
        assert window.stack.currentWidget() is panel and panel.message.isHidden()
        # Built while the agent types the password, so signing in does not wait for it.
        qtbot.waitUntil(lambda: window.findChild(KioskWizard) is not None, timeout=WAIT_MS)
        assert window.stack.indexOf(window.findChild(KioskWizard)) >= 0
        assert window.stack.currentWidget() is panel
        # An enrolled kiosk out of counter mode never builds the other two panels.
        assert window.findChild(EnrolmentPanel) is None
        assert window.findChild(SupervisorPanel) is None
    finally:
        gate.set()


def test_services_that_cannot_be_opened_say_so(qtbot: QtBot, make_window: WindowFactory) -> None:
    def build() -> Any:
        raise ServiceError("Les secrets de la borne ne s'ouvrent pas sur cette machine.",
                           code="secrets_error")

    window = make_window(DeferredServices(build))
    failures: list[ServiceError] = []
    window.start_failed.connect(failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert failures[0].code == "secrets_error"
    assert "ne s'ouvrent pas" in window.sign_in.message.text()
    assert not window.sign_in.isEnabled()


def test_the_program_still_stops_with_a_french_message(tmp_path: Path) -> None:
    """As when the services were built before the window: exit status 2 and the message."""
    (tmp_path / "secrets.pepper").write_bytes(b"short")  # a damaged pepper file
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    collect_file(tmp_path / "logs" / "kiosk.log")
    done = subprocess.run([sys.executable, "-m", "kiosk.ui.main", "--data-dir", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Erreur : Le fichier" in done.stderr and "endommagé" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_screen_of_the_bar_loads_when_opened() -> None:
    """The screens are named by module, imported on first opening: each name must resolve."""
    for name, (_text, target, _supervisors, _keys) in ENTRIES.items():
        if target is None:
            continue
        factory = screen_factory(name)
        assert isinstance(factory, type) and issubclass(factory, ToolScreen), target
