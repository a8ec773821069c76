"""``kiosk demo``: one whole assisted request through the real wizard, against a local centre.

``--out DIR`` (no screen needed): the voter does not know the NUMEN, so the kiosk prints the
sealed letter, records the handover, submits the request and prints the receipt; DIR receives
``letter.pdf``, ``receipt.pdf`` and a ``page-<n>-<name>.png`` screenshot of each screen.
``--interactive``: the same set-up, then the real window for a person to try.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget, QWizard

from kiosk.services.app import build
from kiosk.services.contracts import KioskServices
from kiosk.ui.application import make_application
from kiosk.ui.demo_centre import AGENT, SUPERVISOR, LocalCentre
from kiosk.ui.pages.ids import PageId
from kiosk.ui.window import MainWindow

DEMO_PHONE = "06 12 34 56 78"
WINDOW_SIZE = (1180, 800)


class DemoError(RuntimeError):
    pass


# Qt's offscreen platform says this each time a window is shown: true (it has no window
# manager to pass size hints to) and harmless, and nine of them buried the demo's own lines.
OFFSCREEN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


def quiet_offscreen_noise() -> Any:
    """Drop :data:`OFFSCREEN_NOISE`; every other Qt message goes where it went before. Returns
    the handler it replaced."""
    previous: Any = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message in OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(kind, context, message)
        else:  # Qt's own handler: the message on standard error
            print(message, file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(handler)
    return previous


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let Qt run (workers answer through the event loop) until ``predicate`` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise DemoError(f"La démonstration attend depuis trop longtemps : {what}.")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def save_through_dialog(owner: QWidget, click: Callable[[], None], path: Path) -> None:
    """Press a "save as PDF" button and answer its file dialog as a person would."""
    click()
    wait_until(lambda: owner.findChild(QFileDialog) is not None, "la fenêtre d'enregistrement")
    dialog = owner.findChild(QFileDialog)
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(path))
    dialog.accept()
    dialog.deleteLater()
    wait_until(path.exists, f"l'écriture de {path.name}")


class Driver:
    def __init__(self, window: MainWindow, services: KioskServices, out: Path) -> None:
        self.window = window
        self.wizard = window.wizard
        self.services = services
        self.out = out
        self.shots: list[Path] = []

    def shot(self, number: int, name: str) -> None:
        settle()
        path = self.out / f"page-{number}-{name}.png"
        if not self.window.grab().save(str(path)):
            raise DemoError(f"Impossible d'écrire {path}.")
        self.shots.append(path)

    def next(self) -> None:
        self.wizard.button(QWizard.WizardButton.NextButton).click()
        settle()

    def run(self, voter_name: str, birth_date: str) -> None:
        window, wizard = self.window, self.wizard
        wait_until(lambda: window.stack.currentWidget() is window.sign_in
                   and window.sign_in.isEnabled(), "l'écran de connexion")
        window.sign_in.username.setText(AGENT[0])
        window.sign_in.password.setText(AGENT[2])
        self.shot(0, "connexion")
        window.sign_in.submit.click()
        wait_until(lambda: window.stack.currentWidget() is wizard, "la connexion de l'agent")
        wait_until(lambda: window.status.last is not None, "l'état de la synchronisation")

        voter = wizard.voter_page
        voter.query.setText(voter_name)
        voter.search_button.click()
        wait_until(lambda: voter.results.count() > 0, "le résultat de la recherche")
        voter.results.setCurrentRow(0)
        voter.document.setCurrentIndex(0)
        self.shot(1, "electeur")
        self.next()

        numen = wizard.numen_page
        numen.unknown.setChecked(True)
        numen.birth_date.set_text(birth_date)
        self.shot(2, "numen")
        self.next()

        letter = wizard.letter_page
        wait_until(lambda: letter.save_button.isEnabled() or letter.message.isVisible(),
                   "la préparation du pli")
        if wizard.visit.letter is None:
            raise DemoError(f"Pli refusé : {letter.message.text()}")
        save_through_dialog(letter, letter.save_button.click, self.out / "letter.pdf")
        wait_until(letter.handover_button.isEnabled, "le bouton de remise")
        letter.handover_button.click()
        wait_until(lambda: wizard.visit.handover is not None, "l'enregistrement de la remise")
        self.shot(3, "pli")
        self.next()

        request = wizard.request_page
        wait_until(lambda: request._challenge is not None and bool(request.quota.text()),
                   "le code de sécurité")
        request.phone.set_text(DEMO_PHONE)
        challenge = request._challenge
        assert challenge is not None
        book = getattr(self.services, "challenges", None)
        code = book.peek(challenge.token) if book is not None else None
        if not code:
            raise DemoError("Le code de sécurité n'est pas lisible par la démonstration.")
        request.code.set_text(code)
        self.shot(4, "demande")
        wizard.button(QWizard.WizardButton.CommitButton).click()
        wait_until(lambda: wizard.currentId() == PageId.CONFIRMATION
                   or request.message.property("kind") == "error", "la décision")
        if wizard.currentId() != PageId.CONFIRMATION:
            raise DemoError(f"Demande refusée : {request.message.text()}")

        confirmation = wizard.confirmation_page
        confirmation.qr_button.click()
        wait_until(confirmation.qr.isVisible, "le QR code")
        save_through_dialog(confirmation, confirmation.save_button.click,
                            self.out / "receipt.pdf")
        self.shot(5, "confirmation")
        wizard.button(QWizard.WizardButton.CommitButton).click()
        settle()
        self.shot(6, "fin")
        wizard.button(QWizard.WizardButton.FinishButton).click()
        wait_until(lambda: wizard.currentId() == PageId.VOTER, "le retour à l'étape 1")


def _print_demo_accounts(centre: LocalCentre) -> None:
    print(f"Centre de démonstration : {centre.base_url}")
    print(f"Agent : {AGENT[0]} / mot de passe {AGENT[2]}")
    print(f"Superviseur : {SUPERVISOR[0]} / mot de passe {SUPERVISOR[2]}")
    print("Électeurs fictifs (NUMEN ; date de naissance) :")
    for voter in centre.voters:
        print(f"  {voter.last_name.upper():10} {voter.first_name:10} {voter.numen}  "
              f"{voter.birth_date}  {voter.email}")


def run_demo(out: Path | None, *, interactive: bool = False, counter: bool = False) -> int:
    quiet_offscreen_noise()
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as temp:
        print("Démarrage d'un centre local de démonstration…", flush=True)
        with LocalCentre(Path(temp) / "centre") as centre:
            services = build(Path(temp) / "kiosk")
            try:
                services.enrol(centre.base_url, centre.ca_file, centre.enrolment_code)
                window = MainWindow(services, counter=counter, status_refresh_ms=3000)
                window.resize(*WINDOW_SIZE)
                if interactive:
                    _print_demo_accounts(centre)
                    window.start()
                    if counter:
                        window.showFullScreen()
                    else:
                        window.show()
                    return int(app.exec())
                assert out is not None
                out.mkdir(parents=True, exist_ok=True)
                window.show()
                window.start()
                driver = Driver(window, services, out)
                first = centre.voters[0]
                driver.run(first.last_name, first.birth_date)
                window.close()
                for path in [out / "letter.pdf", out / "receipt.pdf", *driver.shots]:
                    print(f"écrit : {path}")
                return 0
            finally:
                close = getattr(services, "close", None)
                if callable(close):
                    close()
