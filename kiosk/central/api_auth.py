"""Who is calling: enrolled kiosks and the voting platform, by bearer token; enrolment itself.

Tokens are looked up by their SHA-256 (``tokens.token_hash``), so the database never holds one
usable token. A revoked kiosk, a platform token on a kiosk route or a kiosk token on the
platform's route all get 401/403 with the same French wording whatever the reason, so a caller
learns nothing about which tokens exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import bindparam, select, update

from kiosk.central import ratelimit
from kiosk.central.admin import enrolment_code_hash
from kiosk.central.api_context import AppContext, client_address, get_context
from kiosk.central.api_errors import ApiError, rate_limited, unauthorized
from kiosk.central.tokens import new_token, parse_bearer, token_hash
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.engine import read_only
from kiosk.store.models import EnrolmentCode, Kiosk, PlatformToken

NOT_PLATFORM = "Ce jeton n'est pas celui de la plateforme de vote : accès refusé."
BAD_CODE = "Code d'enrôlement inconnu, expiré ou déjà utilisé."
TOO_MANY_CODES = ("Trop de codes d'enrôlement erronés depuis cette adresse : réessayez dans "
                  "quelques minutes.")


@dataclass(frozen=True)
class KioskPrincipal:
    id: str
    establishments: tuple[str, ...]


@dataclass(frozen=True)
class PlatformPrincipal:
    token_id: int


def _bearer_hash(request: Request) -> str:
    token = parse_bearer(request.headers.get("authorization"))
    if token is None:
        raise unauthorized()
    return token_hash(token)


# Every kiosk call starts here, so it is one statement on a pooled connection: no ORM
# session and no entity to load, and on PostgreSQL, in autocommit, no BEGIN and ROLLBACK round
# trips around a single read. Under 50 concurrent kiosks the ORM version took a quarter of the
# API process's interpreter time (py-spy --gil, benchmarks/bench_contention.py).
_ACTIVE_KIOSK = select(Kiosk.id, Kiosk.establishments).where(
    Kiosk.token_hash == bindparam("token_hash"), Kiosk.revoked_at.is_(None))


def require_kiosk(request: Request) -> KioskPrincipal:
    context = get_context(request)
    hashed = _bearer_hash(request)
    with read_only(), context.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # Not on SQLite: its connections already run in the driver's autocommit mode with
            # our own BEGIN (kiosk.store.engine), which resetting a level would undo.
            connection.execution_options(isolation_level="AUTOCOMMIT")
        row = connection.execute(_ACTIVE_KIOSK, {"token_hash": hashed}).first()
    if row is None:
        raise unauthorized()
    return KioskPrincipal(row.id, tuple(row.establishments or ()))


def require_platform(request: Request) -> PlatformPrincipal:
    context = get_context(request)
    hashed = _bearer_hash(request)
    with read_only(), context.sessions() as session:
        token_id = session.scalar(
            select(PlatformToken.id).where(PlatformToken.token_hash == hashed,
                                           PlatformToken.revoked_at.is_(None)))
        if token_id is not None:
            return PlatformPrincipal(int(token_id))
        kiosk = session.scalar(select(Kiosk.id).where(Kiosk.token_hash == hashed,
                                                      Kiosk.revoked_at.is_(None)))
    if kiosk is not None:
        raise ApiError(403, "forbidden", NOT_PLATFORM)
    raise unauthorized()


KioskAuth = Annotated[KioskPrincipal, Depends(require_kiosk)]
PlatformAuth = Annotated[PlatformPrincipal, Depends(require_platform)]


# --- enrolment -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Enrolment:
    kiosk_id: str
    token: str
    establishments: list[str]


def new_kiosk_id() -> str:
    return "borne-" + secrets.token_hex(6)


def enrol(context: AppContext, code: str, address: str, now: datetime | None = None
          ) -> Enrolment:
    """Trade a one-time code for a kiosk and its token, in one transaction. The code is spent
    by a conditional UPDATE, so two kiosks racing with one code cannot both win."""
    now = now or utcnow()
    limit = context.limits.enrol_failures_per_address
    with context.sessions.begin() as session:
        if ratelimit.exceeded(session, f"enrol-fail:{address}", limit, now):
            raise rate_limited(TOO_MANY_CODES)
    hashed = enrolment_code_hash(code) if len(code) <= 64 else ""
    token = new_token()
    kiosk_id = new_kiosk_id()
    with context.sessions.begin() as session:
        row = session.scalars(
            select(EnrolmentCode).where(EnrolmentCode.code_hash == hashed)
        ).one_or_none()
        spent = 0
        if row is not None:
            spent = session.execute(  # type: ignore[attr-defined]
                update(EnrolmentCode)
                .where(EnrolmentCode.id == row.id, EnrolmentCode.used_at.is_(None),
                       EnrolmentCode.expires_at > now)
                .values(used_at=now, kiosk_id=kiosk_id)
            ).rowcount
        if spent == 1 and row is not None:
            establishments = sorted(row.establishments or [])
            session.add(Kiosk(id=kiosk_id, establishments=establishments,
                              token_hash=token_hash(token), enrolled_at=now, revoked_at=None))
            session.flush()
            audit.append(session, actor=f"kiosk:{kiosk_id}", action="kiosk.enrolled",
                         subject=kiosk_id, details={"establishments": establishments})
            return Enrolment(kiosk_id, token, establishments)
    with context.sessions.begin() as session:
        ratelimit.hit(session, f"enrol-fail:{address}", limit, now)
        audit.append(session, actor=f"address:{address}", action="enrolment.refused",
                     subject="enrolment", details={})
    raise ApiError(401, "invalid_code", BAD_CODE)


def enrol_request(request: Request, code: str) -> Enrolment:
    return enrol(get_context(request), code, client_address(request))
