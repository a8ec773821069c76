"""The refusals the services raise to the UI: each carries a French message to show as is.

A module of its own, without the contracts' data types: the window needs these classes before
its first screen (the worker tells a refusal from a bug by them), the data types only once the
services answer (benchmarks/bench_kiosk_start.py).
"""

from __future__ import annotations


class ServiceError(Exception):
    """An expected refusal: ``message`` is French, safe to show, and holds no secret."""

    code: str = "service_error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotSignedIn(ServiceError):
    code = "not_signed_in"


class IdentityRefused(ServiceError):
    """NUMEN or date of birth does not match, or the voter is locked after repeated misses."""

    code = "identity_mismatch"


class RequestRefused(ServiceError):
    """``decide()`` said no (quota, phone of another voter, calendar...); ``code`` is the reason."""


class CentreUnavailable(ServiceError):
    code = "centre_unavailable"
