"""The wizard against a real centre (``kiosk-central serve`` over TLS on loopback) and the real
kiosk services; pages are driven through their widgets, as an agent would.

One centre per test module (each test has its own voters and its own kiosk data directory).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from kiosk.services.app import KioskApp
from kiosk.ui.pages.ids import PageId
from kiosk.ui.window import MainWindow
from kiosk.ui.wizard import KioskWizard
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    UAI,
    RegisterVoter,
    cli_ok,
    enrolled_kiosk,
    prepare_centre,
    start_centre,
)

SUPERVISOR = "chef.guichet"
SUPERVISOR_PASSWORD = "Superviseur2026"
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def ui_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Centre]:
    centre = start_centre(tmp_path_factory)
    prepare_centre(centre, tmp_path_factory.mktemp("register"), [])
    cli_ok(centre, "add-agent", SUPERVISOR, "--name", "Marc Lefort", "--role", "supervisor",
           "--establishment", UAI, env={"KIOSK_CENTRAL_AGENT_PASSWORD": SUPERVISOR_PASSWORD})
    yield centre
    centre.close()


@pytest.fixture
def make_kiosk(ui_centre: Centre, tmp_path: Path) -> Iterator[Callable[..., KioskApp]]:
    """Enrolled kiosks (signed in by default); closed at the end of the test."""
    made: list[KioskApp] = []

    def factory(sign_in: bool = True) -> KioskApp:
        directory = tmp_path / f"kiosk-{len(made)}"
        directory.mkdir()
        kiosk = enrolled_kiosk(ui_centre, directory, sign_in=sign_in)
        made.append(kiosk)
        return kiosk

    yield factory
    for kiosk in made:
        kiosk.close()


@pytest.fixture
def services(make_kiosk: Callable[..., KioskApp]) -> KioskApp:
    return make_kiosk()


@pytest.fixture
def wizard(qtbot: QtBot, services: KioskApp) -> Iterator[KioskWizard]:
    wizard = KioskWizard(services)
    qtbot.addWidget(wizard)
    wizard.resize(1100, 760)
    wizard.show()
    yield wizard
    wizard.worker.wait(15_000)


# --- driving the pages ------------------------------------------------------------------------
def click_next(wizard: KioskWizard) -> None:
    button = wizard.button(QWizard.WizardButton.CommitButton) \
        if wizard.currentPage().isCommitPage() else wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), "Next is disabled"
    button.click()


def choose_voter(qtbot: QtBot, wizard: KioskWizard, voter: RegisterVoter) -> None:
    page = wizard.voter_page
    page.query.setText(voter.last_name)  # QTest cannot type non-ASCII letters (ë, é)
    qtbot.mouseClick(page.search_button, _left())
    qtbot.waitUntil(lambda: page.results.count() == 1, timeout=WAIT_MS)
    page.results.setCurrentRow(0)
    page.document.setCurrentIndex(1)  # Passeport


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def type_identity(qtbot: QtBot, wizard: KioskWizard, voter: RegisterVoter, *,
                  knows_numen: bool = True, birth: str | None = None) -> None:
    page = wizard.numen_page
    if knows_numen:
        qtbot.keyClicks(page.numen.edit, voter.numen.lower())  # as a person may type it
    else:
        page.unknown.setChecked(True)
    qtbot.keyClicks(page.birth_date.edit, birth or voter.birth)


def wait_request_page(qtbot: QtBot, wizard: KioskWizard) -> None:
    page = wizard.request_page
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.REQUEST, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page._challenge is not None and bool(page.quota.text()),
                    timeout=WAIT_MS)


def fill_request(qtbot: QtBot, wizard: KioskWizard, services: KioskApp, phone: str, *,
                 code: str | None = None) -> str:
    """Type the phone and the security code (the right one unless ``code`` is given)."""
    page = wizard.request_page
    page.phone.edit.clear()
    qtbot.keyClicks(page.phone.edit, phone)
    challenge = page._challenge
    assert challenge is not None
    right = services.ctx.challenges.peek(challenge.token)
    assert right is not None
    page.code.edit.clear()
    qtbot.keyClicks(page.code.edit, code or right)
    return right


def screen_texts(root: Any) -> list[str]:
    """Every text a person could read (or a screen reader say) in ``root``'s widgets."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget

    texts: list[str] = []
    for label in root.findChildren(QLabel):
        texts.append(label.text())
    for edit in root.findChildren(QLineEdit):
        texts += [edit.text(), edit.displayText()]
    for button in root.findChildren(QAbstractButton):
        texts.append(button.text())
    for box in root.findChildren(QListWidget):
        texts += [box.item(i).text() for i in range(box.count())]
    for combo in root.findChildren(QComboBox):
        texts.append(combo.currentText())
    for widget in root.findChildren(object):
        if hasattr(widget, "accessibleName"):
            texts += [widget.accessibleName(), widget.accessibleDescription()]
    return [t for t in texts if t]


def assert_focus_is_drawn(qtbot: QtBot, widgets: tuple[Any, ...], elsewhere: Any) -> None:
    """Each of ``widgets`` looks different with the keyboard focus than without it (focus
    taken from ``elsewhere``): a keyboard user sees where they are."""
    for widget in widgets:
        elsewhere.setFocus()
        qtbot.waitUntil(elsewhere.hasFocus)
        plain = widget.grab().toImage()
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert widget.grab().toImage() != plain, type(widget).__name__


WindowFactory = Callable[..., MainWindow]


def sign_in(qtbot: QtBot, window: MainWindow, username: str = AGENT,
            password: str = PASSWORD) -> None:
    """Sign in on ``window``'s panel, as an agent types it, and wait for the wizard."""
    panel = window.sign_in
    qtbot.waitUntil(lambda: window.stack.currentWidget() is panel and panel.isEnabled(),
                    timeout=WAIT_MS)
    panel.username.setText(username)
    qtbot.keyClicks(panel.password, password)
    panel.submit.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wizard, timeout=WAIT_MS)


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Main windows shown and started on given services; closed at the end of the test (a
    counter-mode window too)."""
    windows: list[MainWindow] = []

    def factory(services: KioskApp, *, status_refresh_ms: int = 500,
                **options: object) -> MainWindow:
        window = MainWindow(services, status_refresh_ms=status_refresh_ms,
                            **options)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(1180, 800)
        window.show()
        window.start()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window._leaving = True
        window.close()
