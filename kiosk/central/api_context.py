"""What every request handler shares: one engine and sessionmaker per app, the data keys, the
phone hash key that every kiosk of the deployment receives, and the rate limits."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.group_commit import GroupCommit
from kiosk.central.keys import load_or_create_keyring
from kiosk.central.ratelimit import RateLimits
from kiosk.central.register_import import NUMEN_PURPOSE
from kiosk.central.settings import CentralSettings
from kiosk.domain.hashing import keyed_hash, keyed_hasher
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker

PHONE_PURPOSE = "phone"
VOTER_ID_PURPOSE = "voter_id"


def derive_phone_hash_key(keyring: KeyRing) -> bytes:
    """Deterministic from the deployment's hash key, so every kiosk (and every API process)
    gets the same key, and nothing new has to be stored or backed up."""
    return bytes.fromhex(keyed_hash(keyring.hash_key, "phone-hash-key", purpose="derive"))


@dataclass(frozen=True)
class AppContext:
    settings: CentralSettings
    engine: Engine
    sessions: sessionmaker[Session]
    keyring: KeyRing = field(repr=False)
    phone_hash_key: bytes = field(repr=False)
    limits: RateLimits
    # Concurrent pushes of this process decided together (kiosk.central.group_commit).
    decisions: GroupCommit[Any] = field(default_factory=GroupCommit, repr=False)

    @classmethod
    def build(cls, settings: CentralSettings, limits: RateLimits | None = None) -> AppContext:
        # Each of ``--workers`` processes keeps its own pool: share the 40 connections one
        # process keeps among them, so N workers do not ask PostgreSQL for N times as many.
        engine = make_engine(settings.database_url,
                             pool_size=max(5, 40 // settings.workers))
        keyring = load_or_create_keyring(settings)
        return cls(
            settings=settings, engine=engine, sessions=make_sessionmaker(engine),
            keyring=keyring, phone_hash_key=derive_phone_hash_key(keyring),
            limits=limits or RateLimits.from_env(),
        )

    @property
    def phone_hash_key_b64(self) -> str:
        return base64.b64encode(self.phone_hash_key).decode("ascii")

    @cached_property
    def _phone_hasher(self) -> Callable[[str], str]:
        # Keyed once: every decision hashes a phone (as KeyRing.hasher does the NUMEN).
        return keyed_hasher(self.phone_hash_key, purpose=PHONE_PURPOSE)

    def phone_hash(self, e164: str) -> str:
        return self._phone_hasher(e164)

    def numen_hash(self, numen: str) -> str:
        return self.keyring.hasher(NUMEN_PURPOSE)(numen)

    def voter_id_hash(self, voter_id: str) -> str:
        return self.keyring.hasher(VOTER_ID_PURPOSE)(voter_id)


def get_context(request: Request) -> AppContext:
    context = request.app.state.context
    assert isinstance(context, AppContext)
    return context


def client_address(request: Request) -> str:
    # proxy_headers is off in server.py: this is the TCP peer, not a header anyone can forge.
    return request.client.host if request.client else "unknown"
