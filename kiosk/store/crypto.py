"""Data keys: AES-256-GCM encryption of personal data and keyed hashes for look-up.

A ``KeyRing`` is not the OS keyring: it is the set of keys one store uses. Every ciphertext
starts with the id of the key that made it, so a rotation adds a key and keeps the old ones for
reading. The hash key never rotates (look-ups by hash would break); it is separate from the
encryption keys so that a leaked hash never helps decrypt.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.domain.hashing import keyed_hash, keyed_hasher

_NONCE = 12
_URLSAFE = bytes.maketrans(b"+/", b"-_")


class DecryptionError(ValueError):
    """A ciphertext that this key ring cannot open (unknown key, tampered, not ours)."""


def _b64(data: bytes) -> str:
    # urlsafe_b64encode without its Python wrappers: a decision encrypts five values.
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).decode("ascii") \
        .rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]  # key id -> 32-byte AES key
    current: str
    hash_key: bytes = field(repr=False, default=b"")

    def __repr__(self) -> str:  # never print key material
        return f"KeyRing(current={self.current!r}, keys={len(self.keys)})"

    # A centre decision encrypts five values and hashes three: building a cipher (its key
    # schedule) or an HMAC (its keyed state) for each was a tenth of the decision's own
    # code. Both are kept per key ring, built on first use (the HMAC states for ``hasher``).
    @cached_property
    def _ciphers(self) -> dict[str, AESGCM]:
        return {}

    @cached_property
    def _hashers(self) -> dict[str, Callable[[str], str]]:
        return {}

    def __getstate__(self) -> dict[str, Any]:
        # Pickled to the register import's workers: the caches do not pickle, and rebuild.
        return {k: v for k, v in self.__dict__.items() if k not in ("_ciphers", "_hashers")}

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            cipher = self._ciphers[key_id] = AESGCM(self.keys[key_id])
        return cipher

    @classmethod
    def generate(cls) -> KeyRing:
        key_id = secrets.token_hex(4)
        return cls(keys={key_id: AESGCM.generate_key(bit_length=256)}, current=key_id,
                   hash_key=os.urandom(32))

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        data = json.loads(text)
        keys = {str(k): _unb64(v) for k, v in data["keys"].items()}
        current = str(data["current"])
        hash_key = _unb64(data["hash_key"])
        if current not in keys or any(len(k) != 32 for k in keys.values()) or len(hash_key) < 16:
            raise ValueError("malformed key ring")
        return cls(keys=keys, current=current, hash_key=hash_key)

    def to_json(self) -> str:
        return json.dumps({
            "current": self.current,
            "keys": {k: _b64(v) for k, v in self.keys.items()},
            "hash_key": _b64(self.hash_key),
        })

    def rotate(self) -> KeyRing:
        key_id = secrets.token_hex(4)
        while key_id in self.keys:
            key_id = secrets.token_hex(4)
        keys = dict(self.keys)
        keys[key_id] = AESGCM.generate_key(bit_length=256)
        return KeyRing(keys=keys, current=key_id, hash_key=self.hash_key)

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(_NONCE)
        sealed = self._cipher(self.current).encrypt(
            nonce, text.encode("utf-8"), self.current.encode("ascii"))
        return f"{self.current}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str) -> str:
        key_id, _, body = token.partition(":")
        if key_id not in self.keys or not body:
            raise DecryptionError("unknown key or malformed ciphertext")
        try:
            raw = _unb64(body)
            plain = self._cipher(key_id).decrypt(raw[:_NONCE], raw[_NONCE:], key_id.encode("ascii"))
        except (InvalidTag, ValueError):
            raise DecryptionError("ciphertext does not open with this key") from None
        return plain.decode("utf-8")

    def key_id_of(self, token: str) -> str:
        return token.partition(":")[0]

    def hash(self, value: str, purpose: str) -> str:
        return keyed_hash(self.hash_key, value, purpose=purpose)

    # The same outputs as ``hash`` and ``encrypt``, for the register import (a million rows)
    # and the centre's decisions, without rebuilding the HMAC and AES-GCM key schedules for
    # every value. ``hash`` itself keeps a fresh HMAC per value: the kiosk's identity check
    # must make the same keyed hashes whichever part is wrong, and a state built on first
    # use would make its first check differ (tests/security/test_constant_time.py).
    def hasher(self, purpose: str) -> Callable[[str], str]:
        hasher = self._hashers.get(purpose)
        if hasher is None:
            hasher = self._hashers[purpose] = keyed_hasher(self.hash_key, purpose=purpose)
        return hasher

    def encrypt_many(self, texts: Sequence[str]) -> list[str]:
        """``[encrypt(t) for t in texts]``: one cipher object, the nonces in one read of
        ``os.urandom`` (random 96-bit nonces either way)."""
        cipher = self._cipher(self.current)
        key_id = self.current.encode("ascii")
        prefix = f"{self.current}:"
        nonces = os.urandom(_NONCE * len(texts))
        sealed: list[str] = []
        for index, text in enumerate(texts):
            nonce = nonces[index * _NONCE:(index + 1) * _NONCE]
            raw = nonce + cipher.encrypt(nonce, text.encode("utf-8"), key_id)
            sealed.append(prefix + _b64(raw))
        return sealed
