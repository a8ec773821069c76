"""The one helper that runs service calls off the GUI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.contracts import RequestRefused, ServiceError
from kiosk.ui.worker import UNEXPECTED_MESSAGE, Worker

SECRET = "01E9501234ABC"


def test_result_comes_back_on_the_gui_thread(qtbot: QtBot) -> None:
    worker = Worker()
    seen: list[tuple[object, bool, bool]] = []
    gui = threading.current_thread()

    def call() -> str:
        return f"ran in GUI thread: {threading.current_thread() is gui}"

    worker.run(call, lambda r: seen.append((r, threading.current_thread() is gui, worker.busy)))
    assert worker.busy
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("ran in GUI thread: False", True, False)]


def test_expected_refusal_reaches_the_page_as_is(qtbot: QtBot) -> None:
    worker = Worker()
    failures: list[ServiceError] = []

    def call() -> None:
        raise RequestRefused("La demande d'envoi d'un nouvel identifiant ne peut être faite "
                             "que 3 fois.", code="quota_exhausted")

    worker.run(call, lambda _r: pytest.fail("no success expected"), failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert failures[0].code == "quota_exhausted"
    assert failures[0].message.startswith("La demande d'envoi")


def test_a_bug_is_logged_without_its_message_and_shown_as_a_generic_french_text(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker()
    failures: list[ServiceError] = []

    def call() -> None:
        raise KeyError(f"numen={SECRET}")

    with caplog.at_level(logging.ERROR, logger="kiosk.ui.worker"):
        worker.run(call, lambda _r: None, failures.append)
        qtbot.waitUntil(lambda: bool(failures))
    assert failures[0].message == UNEXPECTED_MESSAGE and failures[0].code == "unexpected"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "KeyError" in logged and "call" in logged  # type and where
    assert SECRET not in logged


def test_answers_of_a_forgotten_visit_are_dropped(qtbot: QtBot) -> None:
    worker = Worker()
    release = threading.Event()
    answers: list[object] = []
    worker.run(lambda: release.wait(10) and "previous voter", answers.append)
    worker.forget_pending()
    worker.run(lambda: "next voter", answers.append)
    release.set()
    qtbot.waitUntil(lambda: not worker.busy)
    assert answers == ["next voter"]
