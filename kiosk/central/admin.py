"""Administration of the centre: what ``kiosk-central`` commands do to the store.

Each function works in the caller's session and appends one audit entry; the caller commits
once (so the change and its audit entry land together or not at all). Expected refusals raise
``AdminError`` with a French message that never repeats a secret.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.agent_scope import agent_key
from kiosk.central.tokens import new_token, token_hash
from kiosk.domain.calendar import ElectionCalendar
from kiosk.domain.typed import as_typed
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.models import Agent, CalendarRow, EnrolmentCode, Kiosk, PlatformToken

ROLES = ("agent", "supervisor")
_UAI = re.compile(r"^\d{7}[A-Z]$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
# Enrolment codes are typed by a person: an alphabet without look-alikes, in groups of four.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 5  # 20 characters, 100 bits


class AdminError(ValueError):
    """An administration request refused; ``str()`` is the French message."""


# --- establishments -------------------------------------------------------------------------
def parse_uai(raw: str) -> str:
    """UAI code of an establishment: 7 digits and a letter (``0211234C``)."""
    code = raw.strip().upper()
    if not _UAI.match(code):
        raise AdminError(
            "Code d'établissement (UAI) invalide : 7 chiffres suivis d'une lettre sont attendus "
            "(exemple : 0211234C)."
        )
    return code


def parse_uais(raws: Iterable[str]) -> list[str]:
    codes = sorted({parse_uai(raw) for raw in raws})
    if not codes:
        raise AdminError("Indiquez au moins un établissement (--establishment).")
    return codes


# --- enrolment ------------------------------------------------------------------------------
def normalise_enrolment_code(raw: str) -> str:
    """What a person typed or pasted from a message (no-break spaces, typographic dashes) ->
    the canonical code (upper case, groups joined by dashes)."""
    compact = re.sub(r"[\s-]", "", as_typed(raw)).upper()
    # Folded again once the separators are out: a spacing accent ("u¨") folds to a space and
    # a combining one, which once next to the letter compose ("Ü"); so a code normalises to
    # itself. (A real code is ASCII: this only keeps garbage deterministic.)
    compact = unicodedata.normalize("NFKC", compact)
    return "-".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def enrolment_code_hash(raw: str) -> str:
    """The stored form of an enrolment code; the enrol endpoint looks codes up by this."""
    return token_hash(normalise_enrolment_code(raw))


def create_enrolment_code(
    session: Session, establishments: Sequence[str], *, ttl: timedelta, actor: str,
    now: datetime | None = None,
) -> tuple[str, datetime]:
    """A one-time code for a kiosk (several establishments: a supervisor counter)."""
    codes = parse_uais(establishments)
    now = now or utcnow()
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * CODE_GROUPS))
    code = normalise_enrolment_code(raw)
    expires_at = now + ttl
    session.add(EnrolmentCode(
        code_hash=enrolment_code_hash(code), establishments=codes, expires_at=expires_at,
        used_at=None,
    ))
    audit.append(session, actor=actor, action="enrolment_code.created", subject=",".join(codes),
                 details={"establishments": codes, "expires_at": expires_at.isoformat()})
    return code, expires_at


def revoke_kiosk(session: Session, kiosk_id: str, *, actor: str) -> Kiosk:
    kiosk = session.get(Kiosk, kiosk_id.strip())
    if kiosk is None:
        raise AdminError("Aucune borne ne porte cet identifiant (kiosk-central list-kiosks "
                         "affiche celui de chaque borne).")
    if kiosk.revoked_at is not None:
        raise AdminError("Cette borne est déjà révoquée.")
    kiosk.revoked_at = utcnow()
    audit.append(session, actor=actor, action="kiosk.revoked", subject=kiosk.id, details={})
    return kiosk


def issue_platform_token(session: Session, *, actor: str) -> str:
    """A token for the voting platform (``/v1/credentials/check``); only its hash is kept."""
    token = new_token()
    row = PlatformToken(token_hash=token_hash(token), created_at=utcnow(), revoked_at=None)
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, action="platform_token.issued",
                 subject=token_hash(token)[:12], details={})
    return token


# --- agents ---------------------------------------------------------------------------------
def check_password_policy(password: str, *, username: str, email: str | None = None) -> None:
    """DESIGN.md: 8 to 24 characters, a lower-case letter, an upper-case letter, a digit,
    different from the professional e-mail (and, here, from the user name)."""
    problems = []
    if not 8 <= len(password) <= 24:
        problems.append("entre 8 et 24 caractères")
    if not re.search(r"[a-zà-ÿ]", password):
        problems.append("au moins une lettre minuscule")
    if not re.search(r"[A-ZÀ-Þ]", password):
        problems.append("au moins une lettre majuscule")
    if not re.search(r"\d", password):
        problems.append("au moins un chiffre")
    if problems:
        raise AdminError("Mot de passe refusé : il faut " + ", ".join(problems) + ".")
    folded = password.casefold()
    if folded == username.casefold() or (email and folded == email.strip().casefold()):
        raise AdminError(
            "Mot de passe refusé : il doit être différent de l'adresse électronique "
            "professionnelle et de l'identifiant."
        )


def add_agent(
    session: Session, username: str, *, display_name: str, role: str,
    establishments: Sequence[str], password: str, email: str | None = None, actor: str,
    update: bool = False,
) -> Agent:
    name = agent_key(username)
    if not _USERNAME.match(name):
        raise AdminError(
            "Identifiant d'agent invalide : 2 à 100 caractères parmi lettres minuscules, "
            "chiffres et . _ @ -."
        )
    display = display_name.strip()
    if not display or len(display) > 200 or any(ord(c) < 32 for c in display):
        raise AdminError("Nom affiché invalide : 1 à 200 caractères, sans caractère de contrôle.")
    if role not in ROLES:
        raise AdminError("Rôle invalide : « agent » ou « supervisor » est attendu.")
    codes = parse_uais(establishments)
    check_password_policy(password, username=name, email=email)
    agent = session.scalars(select(Agent).where(Agent.username == name)).one_or_none()
    if agent is not None and not update:
        raise AdminError("Cet agent existe déjà (utilisez --update pour le modifier).")
    if agent is None:
        agent = Agent(username=name)
        session.add(agent)
    agent.display_name = display
    agent.role = role
    agent.establishments = codes
    agent.password_hash = PasswordHasher().hash(password)
    agent.active = True
    session.flush()
    audit.append(session, actor=actor, action="agent.updated" if update else "agent.added",
                 subject=name, details={"role": role, "establishments": codes})
    return agent


def deactivate_agent(session: Session, username: str, *, actor: str) -> Agent:
    """An agent who left, or whose password got out: every kiosk refuses their sign-in from
    its next pull, offline too (``add-agent --update`` with a new password brings them back).
    Records they made before stay valid (``agent_scope``)."""
    name = agent_key(username)
    agent = session.scalars(select(Agent).where(Agent.username == name)).one_or_none()
    if agent is None:
        raise AdminError("Aucun agent ne porte cet identifiant.")
    if not agent.active:
        raise AdminError("Cet agent est déjà désactivé.")
    agent.active = False
    session.flush()
    audit.append(session, actor=actor, action="agent.deactivated", subject=name, details={})
    return agent


# --- calendar -------------------------------------------------------------------------------
def set_calendar(session: Session, calendar: ElectionCalendar, *, actor: str) -> None:
    row = session.scalars(select(CalendarRow)).first()
    if row is None:
        row = CalendarRow()
        session.add(row)
    row.requests_open = calendar.requests_open
    row.voting_opens = calendar.voting_opens
    row.voting_closes = calendar.voting_closes
    row.results = calendar.results
    session.flush()
    audit.append(session, actor=actor, action="calendar.set", subject="election", details={
        "requests_open": calendar.requests_open.isoformat(),
        "voting_opens": calendar.voting_opens.isoformat(),
        "voting_closes": calendar.voting_closes.isoformat(),
        "results": calendar.results.isoformat(),
    })


def load_calendar(session: Session) -> ElectionCalendar | None:
    """The election calendar set by ``kiosk-central set-calendar``, or None if never set."""
    row = session.scalars(select(CalendarRow)).first()
    if row is None:
        return None
    return ElectionCalendar(
        requests_open=row.requests_open, voting_opens=row.voting_opens,
        voting_closes=row.voting_closes, results=row.results,
    )
