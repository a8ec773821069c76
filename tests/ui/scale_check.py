"""Run in a child process by ``test_supervision_access.py``: the real main window at 200 % on a
Full HD screen (QT_SCALE_FACTOR=2 on a 1920x1080 offscreen screen, so 960x540 logical), driven
through sign-in, the wizard's main pages and the supervision screens. On each it lists every
visible control smaller than what its text needs (its size hint), and prints them as JSON.

Qt's scale factor is read once, when the application starts: hence a process of its own.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk.services.app import build_kiosk
from kiosk.ui.application import make_application
from kiosk.ui.pages.ids import PageId
from kiosk.ui.window import MainWindow


def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there")
        QTest.qWait(20)


def clipped(root: QWidget) -> list[str]:
    """Visible controls cut below their size hint (inside a scroll area, a control may be
    scrolled out of view: that is not cutting, so only its own size counts)."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or isinstance(widget, QAbstractScrollArea) \
                or isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # a control's own parts are sized by the control
        hint = widget.sizeHint()
        size = widget.size()
        name = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text:
                continue
            if widget.wordWrap():
                need = widget.heightForWidth(size.width())
                if need > size.height():
                    problems.append(f"{name} « {text[:40]} »: {size.height()} < {need} high")
            elif size.width() < hint.width() or size.height() < hint.height():
                problems.append(f"{name} « {text[:40]} »: {size.width()}x{size.height()} < "
                                f"{hint.width()}x{hint.height()}")
        elif isinstance(widget, QAbstractButton):
            if widget.text() and (size.width() < hint.width() or size.height() < hint.height()):
                problems.append(f"{name} « {widget.text()[:40]} »: {size.width()}x"
                                f"{size.height()} < {hint.width()}x{hint.height()}")
        elif isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox):
            least = widget.minimumSizeHint()
            if size.width() < least.width() or size.height() < hint.height():
                problems.append(f"{name}: {size.width()}x{size.height()} < "
                                f"{least.width()}x{hint.height()}")
    return problems


def main(args: dict[str, str]) -> dict[str, list[str]]:
    make_application([sys.argv[0]])
    services = build_kiosk(Path(args["data_dir"]), background=False)
    window = MainWindow(services, status_refresh_ms=60_000)
    window.showMaximized()
    window.start()
    found: dict[str, list[str]] = {}

    def check(step: str) -> None:
        QTest.qWait(50)  # let the layouts settle
        screen = window.screen().availableGeometry()
        problems = clipped(window)
        if window.width() > screen.width() or window.height() > screen.height():
            problems.append(f"window {window.width()}x{window.height()} larger than the "
                            f"screen {screen.width()}x{screen.height()}")
        found[step] = problems

    panel = window.sign_in
    wait(lambda: window.stack.currentWidget() is panel and panel.isEnabled())
    check("sign-in")
    panel.username.setText(args["username"])
    panel.password.setText(args["password"])
    panel.submit.click()
    wizard = window.wizard
    wait(lambda: window.stack.currentWidget() is wizard)
    page = wizard.voter_page
    page.query.setText(args["last_name"])
    page.search_button.click()
    wait(lambda: page.results.count() == 1)
    page.results.setCurrentRow(0)
    page.document.setCurrentIndex(0)
    check("wizard: voter")
    wizard.next()
    numen = wizard.numen_page
    numen.numen.edit.setText(args["numen"])
    numen.birth_date.edit.setText(args["birth"])
    check("wizard: numen")
    wizard.next()
    wait(lambda: wizard.currentId() == PageId.REQUEST
         and wizard.request_page._challenge is not None)
    wizard.request_page.phone.edit.setText("06 12 34 56 78")
    check("wizard: request")
    for name in ("register", "follow_up", "lookup", "report"):
        window.screens.buttons[name].click()
        screen = window.screens.current
        assert screen is not None, name
        wait(lambda s=screen: not s.busy)  # type: ignore[misc]
        check(f"screen: {name}")
    window.screens.buttons["home"].click()
    window.close()
    QCoreApplication.processEvents()
    services.close()
    return found


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1])), ensure_ascii=False))
