"""Keyed hashes for look-up of secrets (NUMEN, phone, voter ID) without storing them in clear."""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(key: bytes, value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of ``value``.

    ``purpose`` separates domains, so a NUMEN never hashes like a phone.
    """
    if not key:
        raise ValueError("keyed_hash needs a non-empty key")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    """Compare two strings in time independent of where they differ."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
