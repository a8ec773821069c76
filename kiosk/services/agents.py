"""Agent sign-in against the agents snapshot the kiosk pulls (argon2 verifiers), so it works
offline. One French message for every failure: it never tells whether the user name or the
password was wrong. Repeated failures for a name pause its sign-in for a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from argon2 import PasswordHasher
from argon2.exceptions import Argon2Error, InvalidHashError

from kiosk.services.contracts import AgentSession, NotSignedIn
from kiosk.services.local_store import PulledAgent

FAILED = "Identifiant ou mot de passe incorrect."
NO_AGENTS = ("Aucun compte d'agent n'est encore connu de cette borne : connectez-la au centre "
             "puis synchronisez-la.")
THROTTLED = "Trop d'essais de connexion : patientez une minute avant de réessayer."
MAX_FAILURES = 5
PAUSE_SECONDS = 60.0

_hasher = PasswordHasher()
_dummy_hash: str | None = None


def _dummy() -> str:
    # Verifying against a real hash when the name is unknown takes as long as a wrong password.
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("Mot-de-passe-fictif-1")
    return _dummy_hash


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (Argon2Error, InvalidHashError, ValueError):
        return False


def _allowed(agent: PulledAgent, kiosk_establishments: Sequence[str]) -> bool:
    # Agents and supervisors alike sign in on the kiosks of their own establishments only
    # (the centre refuses records naming anyone else: kiosk.central.agent_scope).
    return agent.active and (not kiosk_establishments
                             or bool(set(agent.establishments) & set(kiosk_establishments)))


def still_allowed(agents: Sequence[PulledAgent], kiosk_establishments: Sequence[str],
                  username: str) -> bool:
    """Whether a signed-in agent could still sign in, by the agents the kiosk last pulled."""
    agent = next((a for a in agents if a.username == username), None)
    return agent is not None and _allowed(agent, kiosk_establishments)


class SignIn:
    """Checks credentials; keeps the failure counters (in memory: a restart is no shortcut for
    an attacker at the counter, who would have to restart the program, signed out, each time)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def check(self, agents: Sequence[PulledAgent], kiosk_establishments: Sequence[str],
              username: str, password: str) -> AgentSession:
        name = (username or "").strip().lower()
        if not agents:
            raise NotSignedIn(NO_AGENTS)
        with self._lock:
            count, until = self._failures.get(name, (0, 0.0))
            if count >= MAX_FAILURES and self._clock() < until:
                raise NotSignedIn(THROTTLED)
        agent = next((a for a in agents if a.username == name), None)
        ok = _verify(agent.password_hash if agent else _dummy(), password or "")
        if not (ok and agent is not None and _allowed(agent, kiosk_establishments)):
            with self._lock:
                count = self._failures.get(name, (0, 0.0))[0] + 1
                self._failures[name] = (count, self._clock() + PAUSE_SECONDS)
            raise NotSignedIn(FAILED)
        with self._lock:
            self._failures.pop(name, None)
        scope = tuple(sorted(set(agent.establishments) & set(kiosk_establishments))) \
            if kiosk_establishments else agent.establishments
        return AgentSession(username=agent.username, display_name=agent.display_name,
                            role=agent.role, establishments=scope)
