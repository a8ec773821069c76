"""Keyed hashes for look-up of secrets (NUMEN, phone, voter ID) without storing them in clear."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable


def keyed_hash(key: bytes, value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of ``value``.

    ``purpose`` separates domains, so a NUMEN never hashes like a phone.
    """
    if not key:
        raise ValueError("keyed_hash needs a non-empty key")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def keyed_hasher(key: bytes, *, purpose: str) -> Callable[[str], str]:
    """``keyed_hash`` with ``key`` and ``purpose`` fixed, for hashing many values (the register
    import): the HMAC state after the key and the purpose prefix is computed once and copied."""
    if not key:
        raise ValueError("keyed_hash needs a non-empty key")
    prefixed = hmac.new(key, purpose.encode("utf-8") + b"\x00", hashlib.sha256)

    def hash_one(value: str) -> str:
        state = prefixed.copy()
        state.update(value.encode("utf-8"))
        return state.hexdigest()

    return hash_one


def constant_time_equal(a: str, b: str) -> bool:
    """Compare two strings in time independent of where they differ."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
