"""The one way the UI calls a service: off the GUI thread, with the answer back on it.

A service call may touch the database, the network or the printer, so it runs in a QThreadPool;
its result comes back through a queued signal and the caller's ``on_success`` or ``on_failure``
runs on the GUI thread, where widgets may be touched. Expected refusals (``ServiceError``) carry
their French message to the page as is; anything else is a bug: it is logged with its type and
stack (never its message, which could hold a NUMEN or a phone number) and the page gets a
generic French message.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kiosk.services.errors import ServiceError

log = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = (
    "Une erreur inattendue s'est produite : l'opération n'a pas abouti. Réessayez ; si le "
    "problème persiste, prévenez l'assistance académique."
)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[ServiceError], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signals cross back from the pool's threads (queued)."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, call: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._job_id = job_id
        self._call = call
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # every failure must reach the GUI thread
            self._relay.failed.emit(self._job_id, exc)
        else:
            self._relay.done.emit(self._job_id, result)


@dataclass
class _Pending:
    generation: int
    on_success: SuccessCallback
    on_failure: FailureCallback | None


def describe_bug(exc: BaseException) -> str:
    """Type and stack of an unexpected exception, without its message (it may hold data)."""
    frames = "".join(traceback.format_tb(exc.__traceback__)) if exc.__traceback__ else ""
    return f"{type(exc).__module__}.{type(exc).__qualname__}\n{frames}"


class Worker(QObject):
    """Runs service calls in its own thread pool (one thread by default: calls keep their order).

    ``forget_pending()`` drops the answers of calls still running: after the screen is cleared
    for the next voter, a late answer about the previous one must not reappear.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._generation = 0

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(self, call: Callable[[], Any], on_success: SuccessCallback,
            on_failure: FailureCallback | None = None) -> None:
        job_id = next(self._ids)
        was_busy = self.busy
        self._pending[job_id] = _Pending(self._generation, on_success, on_failure)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Job(job_id, call, self._relay))

    def forget_pending(self) -> None:
        self._generation += 1

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown only: it freezes the window meanwhile)."""
        return bool(self._pool.waitForDone(msecs))

    def _finish(self, job_id: int) -> _Pending | None:
        pending = self._pending.pop(job_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if pending is None or pending.generation != self._generation:
            return None
        return pending

    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        pending = self._finish(job_id)
        if pending is not None:
            pending.on_success(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            error = exc
        else:
            log.error("service call failed: %s", describe_bug(exc))
            error = ServiceError(UNEXPECTED_MESSAGE, code="unexpected")
        pending = self._finish(job_id)
        if pending is not None and pending.on_failure is not None:
            pending.on_failure(error)
