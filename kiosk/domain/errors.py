"""Errors the rules raise: a code for machines and a French message for people.

Messages never contain the value that was refused: a NUMEN or a date of birth typed by a voter
must not end up in a log through an exception.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A refusal by the rules, with a stable code and a French message."""

    code: str = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """Malformed input: the message says what is wrong, in French."""

    code = "invalid_input"
