"""What every kiosk use case needs: files, secrets, the local store, the sync, the signed-in
agent. One :class:`KioskContext` per running kiosk; the use case modules take it as argument.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.domain.errors import DomainError
from kiosk.domain.hashing import keyed_hash
from kiosk.services.agents import SignIn
from kiosk.services.central_client import CentralClient
from kiosk.services.challenge import ChallengeBook
from kiosk.services.contracts import AgentSession, NotSignedIn, ServiceError
from kiosk.services.local_store import LocalStore
from kiosk.services.paths import KioskConfig
from kiosk.services.secrets_store import SecretsStore
from kiosk.services.sync import Syncer, SyncLoop
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing

NOT_ENROLLED = ("Cette borne n'est pas encore enrôlée : saisissez l'adresse du centre, son "
                "certificat et le code d'enrôlement.")
NOT_SIGNED_IN = "Connectez-vous avec votre compte d'agent pour continuer."
PHONE_PURPOSE = "phone"


@dataclass
class Enrolled:
    """The parts that exist once the kiosk is enrolled."""

    kiosk_id: str
    establishments: tuple[str, ...]
    centre_url: str
    ring: KeyRing
    phone_key: bytes
    store: LocalStore
    client: CentralClient
    syncer: Syncer
    loop: SyncLoop | None = None

    def close(self) -> None:
        if self.loop is not None:
            self.loop.stop()
        self.client.close()
        self.store.close()


@dataclass
class KioskContext:
    data_dir: Path
    config: KioskConfig
    secrets: SecretsStore
    clock: Callable[[], datetime] = utcnow
    challenges: ChallengeBook = field(default_factory=ChallengeBook)
    signin: SignIn = field(default_factory=SignIn)
    enrolled: Enrolled | None = None
    agent: AgentSession | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def now(self) -> datetime:
        return self.clock()

    def require_enrolled(self) -> Enrolled:
        if self.enrolled is None:
            raise ServiceError(NOT_ENROLLED, code="not_enrolled")
        return self.enrolled

    def require_agent(self) -> AgentSession:
        if self.agent is None:
            raise NotSignedIn(NOT_SIGNED_IN)
        return self.agent

    def actor(self) -> str:
        return f"agent:{self.agent.username}" if self.agent else "kiosk"

    def phone_hash(self, e164: str) -> str:
        """The phone's keyed hash, as the centre and every kiosk compute it."""
        return keyed_hash(self.require_enrolled().phone_key, e164, purpose=PHONE_PURPOSE)


def decode_phone_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_"
                               if "-" in text or "_" in text else None)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ServiceError("Le centre a transmis une clé de hachage des numéros invalide.",
                           code="bad_enrolment")
    return key


def field_error(exc: DomainError, field_name: str) -> ServiceError:
    """A domain refusal as a service error naming the form field."""
    return ServiceError(exc.message, code=exc.code, field=field_name)
