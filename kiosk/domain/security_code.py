"""The 4-digit security code shown as an image and typed back."""

from __future__ import annotations

import hmac
import secrets

from kiosk.domain.typed import as_typed

SECURITY_CODE_LENGTH = 4


def generate_security_code() -> str:
    return f"{secrets.randbelow(10 ** SECURITY_CODE_LENGTH):0{SECURITY_CODE_LENGTH}d}"


def typed_code(typed: object) -> str | None:
    """The code's digits as typed (spaces and full-width digits allowed), None if it is not
    four digits."""
    if not isinstance(typed, str) or len(typed) > 32:
        return None
    candidate = as_typed(typed).strip().replace(" ", "")
    if len(candidate) != SECURITY_CODE_LENGTH or not candidate.isascii() \
            or not candidate.isdigit():
        return None
    return candidate


def check_security_code(expected: str, typed: object) -> bool:
    """Constant-time check, tolerant of spaces; anything malformed is simply wrong."""
    candidate = typed_code(typed)
    if candidate is None:
        return False
    return hmac.compare_digest(expected.encode("ascii"), candidate.encode("ascii"))
