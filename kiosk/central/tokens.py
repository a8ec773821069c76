"""Bearer tokens and one-time codes of the centre.

Tokens are 32 random bytes, so a plain SHA-256 is enough to store them: nobody can brute-force
2**256 candidates, and a fast hash keeps every authenticated request cheap (no argon2 per call).
The centre keeps only the hash; the token itself is shown once.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh URL-safe bearer token (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 hex of a token, the only form the centre stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None when absent or malformed."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > 512:
        return None
    return value
