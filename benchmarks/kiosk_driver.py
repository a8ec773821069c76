"""The measured kiosk process of bench_assisted_request and bench_memory: the real kiosk
(``kiosk.services.app.build()``, background sync loop included, and the real ``MainWindow``)
on an enrolled data directory, offscreen, driving whole assisted requests by code.

Two modes, one request per voter of the ``--voters`` JSON file
(``[{"email", "numen", "birth", "phone"}, ...]``; the agent searches by e-mail, which
is unique):

- ``ui``: the agent signs in on the sign-in screen; then per voter, the wizard from step 1 to
  the confirmation (search, identity document, NUMEN and date of birth, phone and security
  code, commit), the receipt PDF rendered from the confirmation page, "Terminer la visite",
  "Électeur suivant", back at step 1;
- ``services``: the same service calls in the same order, without any widget.

It prints one JSON line: per-request seconds, resident memory now and at its peak (KiB).
It imports nothing of tests/ nor of the benchmark harness, so its memory is the kiosk's.

Run by the benchmarks: ``python -m benchmarks.kiosk_driver --data-dir D --voters F --mode M
--out DIR --user U --password P``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCUMENT = "Carte nationale d'identité"
WAIT_S = 60.0


def memory_kib() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process, in KiB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    """Run Qt's event loop until ``predicate`` holds; it sleeps in the loop until an event
    arrives (a worker's answer is one), so no polling delay is added to the figures.

    ``processEvents()`` never runs the deletions that ``deleteLater()`` posts (Qt's own
    objects use it: a line edit's clear-button animations, four per visit), which the
    kiosk's ``exec()`` loop does: run them too, or they pile up as they never would."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + WAIT_S
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"kiosk_driver: waited {WAIT_S:.0f} s for {what}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


STEPS = ("search", "identity", "request step", "decision", "receipt", "next voter")


def run_ui(services: Any, voters: list[dict[str, str]], out: Path, user: str,
           password: str, steps: dict[str, list[float]]) -> list[float]:
    from PySide6.QtWidgets import QWizard

    from kiosk.ui.pages.ids import PageId
    from kiosk.ui.window import MainWindow

    window = MainWindow(services)
    window.resize(1180, 800)
    window.start()
    window.show()
    wizard = window.wizard
    wait_until(lambda: window.stack.currentWidget() is window.sign_in
               and window.sign_in.isEnabled(), "the sign-in screen")
    window.sign_in.username.setText(user)
    window.sign_in.password.setText(password)
    window.sign_in.submit.click()
    wait_until(lambda: window.stack.currentWidget() is wizard, "the agent's sign-in")

    def press(which: QWizard.WizardButton) -> None:
        button = wizard.button(which)
        if not button.isEnabled():
            shown = getattr(wizard.currentPage(), "message", None)
            raise SystemExit(f"kiosk_driver: {which.name} is disabled on page "
                             f"{wizard.currentId()}: {shown.text() if shown else ''}")
        button.click()

    page, numen, request = wizard.voter_page, wizard.numen_page, wizard.request_page
    confirmation = wizard.confirmation_page
    times = []
    for index, voter in enumerate(voters):
        start = time.perf_counter()
        marks = [start]
        page.query.setText(voter["email"])
        page.search_button.click()
        wait_until(lambda: page.results.count() == 1, "the search result")
        page.results.setCurrentRow(0)
        page.document.setCurrentIndex(0)
        marks.append(time.perf_counter())
        press(QWizard.WizardButton.NextButton)

        numen.numen.set_text(voter["numen"])
        numen.birth_date.set_text(voter["birth"])
        press(QWizard.WizardButton.NextButton)  # verify_identity, in the worker
        wait_until(lambda: wizard.currentId() == PageId.REQUEST, "the identity check")
        marks.append(time.perf_counter())
        wait_until(lambda: request._challenge is not None and bool(request.quota.text()),
                   "the request step")
        marks.append(time.perf_counter())
        request.phone.set_text(voter["phone"])
        challenge = request._challenge
        assert challenge is not None
        request.code.set_text(services.challenges.peek(challenge.token) or "")
        press(QWizard.WizardButton.CommitButton)  # submit_request, in the worker
        wait_until(lambda: wizard.currentId() == PageId.CONFIRMATION
                   or request.message.property("kind") == "error", "the decision")
        if wizard.currentId() != PageId.CONFIRMATION:
            raise SystemExit(f"kiosk_driver: request refused: {request.message.text()}")
        marks.append(time.perf_counter())

        receipt = out / f"recepisse-ui-{index}.pdf"
        confirmation.save_pdf(receipt)  # what the save dialog calls with the chosen path
        wait_until(lambda: "Récépissé prêt" in confirmation.message.text(), "the receipt PDF")
        marks.append(time.perf_counter())
        press(QWizard.WizardButton.CommitButton)  # Terminer la visite
        press(QWizard.WizardButton.FinishButton)  # Électeur suivant
        wait_until(lambda: wizard.currentId() == PageId.VOTER, "step 1 again")
        marks.append(time.perf_counter())
        times.append(marks[-1] - start)
        for name, (begin, end) in zip(STEPS, pairwise(marks), strict=True):
            steps.setdefault(name, []).append(end - begin)
        receipt.unlink()
    window.close()
    return times


def run_services(services: Any, voters: list[dict[str, str]], out: Path, user: str,
                 password: str, steps: dict[str, list[float]]) -> list[float]:
    from kiosk.services.contracts import RequestForm

    services.sign_in(user, password)
    times = []
    for index, voter in enumerate(voters):
        start = time.perf_counter()
        [found] = services.find_voters(voter["email"]).voters
        services.verify_identity(found.ref, voter["numen"], voter["birth"])
        services.requests_left(found.ref)
        challenge = services.new_security_challenge()
        done = services.submit_request(RequestForm(
            voter_ref=found.ref, numen=voter["numen"], birth_date=voter["birth"],
            phone=voter["phone"], channel="sms", identity_document=DOCUMENT,
            challenge_token=challenge.token,
            security_code=services.challenges.peek(challenge.token) or ""))
        receipt = out / f"recepisse-services-{index}.pdf"
        services.render_receipt_pdf(done, receipt)
        times.append(time.perf_counter() - start)
        receipt.unlink()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--voters", type=Path, required=True)
    parser.add_argument("--mode", choices=("ui", "services"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    from kiosk.services.app import build_kiosk
    from kiosk.ui.application import make_application

    make_application()  # the services render PDFs with Qt: an application must exist
    services = build_kiosk(args.data_dir)  # what build() makes, typed as itself
    voters = json.loads(args.voters.read_text(encoding="utf-8"))
    run = run_ui if args.mode == "ui" else run_services
    steps: dict[str, list[float]] = {}
    try:
        times = run(services, voters, args.out, args.user, args.password, steps)
    finally:
        services.close()
    rss, peak = memory_kib()
    print(json.dumps({"mode": args.mode, "times": times, "steps": steps, "rss_kib": rss,
                      "peak_kib": peak}), flush=True)


if __name__ == "__main__":
    main()
