"""The 4-digit security code shown as an image and typed back."""

from __future__ import annotations

import hmac
import secrets

SECURITY_CODE_LENGTH = 4


def generate_security_code() -> str:
    return f"{secrets.randbelow(10 ** SECURITY_CODE_LENGTH):0{SECURITY_CODE_LENGTH}d}"


def check_security_code(expected: str, typed: object) -> bool:
    """Constant-time check, tolerant of surrounding spaces; anything malformed is simply wrong."""
    if not isinstance(typed, str) or len(typed) > 32:
        return False
    candidate = typed.strip().replace(" ", "")
    if len(candidate) != SECURITY_CODE_LENGTH or not candidate.isascii() \
            or not candidate.isdigit():
        return False
    return hmac.compare_digest(expected.encode("ascii"), candidate.encode("ascii"))
