"""The window's services built on their first call (kiosk.services.deferred): once, in the
calling thread, never on a mere attribute look-up nor to be closed."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from kiosk.services.contracts import ServiceError
from kiosk.services.deferred import DeferredServices


class _Made:
    def __init__(self) -> None:
        self.closed = 0

    def is_enrolled(self) -> bool:
        return True

    def echo(self, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return args, kwargs

    def close(self) -> None:
        self.closed += 1


def test_built_once_at_the_first_call_not_at_the_look_up() -> None:
    made: list[_Made] = []

    def factory() -> _Made:
        made.append(_Made())
        return made[-1]

    services = DeferredServices(factory)
    call = services.is_enrolled  # the window takes the method on the GUI thread
    assert made == []
    assert call() is True and len(made) == 1
    assert services.echo(1, key="v") == ((1,), {"key": "v"})
    assert len(made) == 1
    services.close()
    assert made[0].closed == 1
    services.close()  # already closed: not twice
    assert made[0].closed == 1


def test_closing_services_never_built_builds_nothing() -> None:
    def factory() -> _Made:
        raise AssertionError("built only to be closed")

    DeferredServices(factory).close()


def test_a_failed_build_is_raised_to_the_caller_and_tried_again() -> None:
    attempts: list[int] = []

    def factory() -> _Made:
        attempts.append(1)
        if len(attempts) == 1:
            raise ServiceError("Les secrets de la borne ne s'ouvrent pas.", code="secrets_error")
        return _Made()

    services = DeferredServices(factory)
    with pytest.raises(ServiceError):
        services.is_enrolled()
    assert services.is_enrolled() is True and len(attempts) == 2


def test_callers_in_two_threads_share_one_build() -> None:
    release = threading.Event()
    made: list[_Made] = []

    def factory() -> _Made:
        release.wait(10)
        made.append(_Made())
        return made[-1]

    services = DeferredServices(factory)
    answers: list[bool] = []
    threads = [threading.Thread(target=lambda: answers.append(services.is_enrolled()))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(10)
    assert answers == [True, True] and len(made) == 1


def test_private_names_are_not_forwarded() -> None:
    with pytest.raises(AttributeError):
        getattr(DeferredServices(_Made), "_secret")  # noqa: B009 - the look-up is the test
