"""The kiosk's services, built on their first call rather than before the window.

Building them (:func:`kiosk.services.app.build`) imports SQLAlchemy, httpx, keyring and the
cryptography libraries, opens the secrets and the database: most of a second, while the window
itself needs only Qt. The window is shown first and its first service call (``is_enrolled``,
made off the GUI thread by ``MainWindow.start``) builds them; the sign-in panel stays disabled
until that call answers, so nothing can be asked of services that are not there yet.

This module imports nothing heavy: the window imports it before it is shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class DeferredServices:
    """Stands for the object ``factory()`` returns, which is made once, on the first method
    call, in whichever thread makes it (the others wait for it). A failure of ``factory`` is
    raised to that call and to the next ones, which try again."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._services: Any = None

    def _built(self) -> Any:
        with self._lock:
            if self._services is None:
                self._services = self._factory()
            return self._services

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        # The bound method is looked up at call time: ``worker.run(services.is_enrolled, ...)``
        # takes the attribute on the GUI thread, where building must not happen.
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._built(), name)(*args, **kwargs)

        call.__name__ = name
        return call

    def close(self) -> None:
        """Close the services if they were built; never builds them just to close them."""
        with self._lock:
            services, self._services = self._services, None
        close = getattr(services, "close", None)
        if callable(close):
            close()
