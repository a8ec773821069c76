"""The endpoints of issue 3's contract. Each one is thin: authenticate, hand over to the module
that knows the job, answer. They are plain functions (not ``async``): FastAPI runs them in its
thread pool, where blocking database work belongs. The push, the route every kiosk calls for
every request, is the exception: see ``sync_push``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import text

from kiosk.central import api_lookups, api_push, pull
from kiosk.central.api_auth import KioskAuth, PlatformAuth, enrol_request
from kiosk.central.api_context import client_address, get_context
from kiosk.central.api_errors import SERVICE_UNAVAILABLE, ApiError
from kiosk.central.api_models import (
    CredentialCheckIn,
    CredentialCheckOut,
    EnrolIn,
    EnrolOut,
    ErrorOut,
    HealthOut,
    PullOut,
    PushIn,
    PushOut,
    RequestStatusOut,
)
from kiosk.store.engine import read_only

router = APIRouter()
_ERROR_TEXTS = {
    400: "Requête mal formée (JSON illisible)",
    401: "Jeton absent, inconnu ou révoqué",
    403: "Jeton valable, mais pas pour cette adresse",
    404: "Référence inconnue",
    413: "Corps de requête trop volumineux",
    422: "Champ manquant, inconnu ou de mauvais type",
    429: "Trop de requêtes",
    503: "Base de données momentanément injoignable",
}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The refusals a route may answer, documented with their JSON shape so that clients (and
    the schema fuzzing of tests/security) can rely on them."""
    return {status: {"description": _ERROR_TEXTS[status], "model": ErrorOut}
            for status in statuses}


_ERRORS = _errors(400, 401, 413, 422, 429, 503)


@router.get("/healthz", response_model=HealthOut, responses=_errors(503))
def healthz(request: Request) -> HealthOut:
    try:
        with read_only(), get_context(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        raise ApiError(503, "service_unavailable", SERVICE_UNAVAILABLE) from None
    return HealthOut(status="ok")


@router.post("/v1/enrol", response_model=EnrolOut, responses=_ERRORS)
def enrol(body: EnrolIn, request: Request) -> EnrolOut:
    done = enrol_request(request, body.code)
    context = get_context(request)
    return EnrolOut(kiosk_id=done.kiosk_id, token=done.token,
                    establishment=done.establishments[0] if done.establishments else "",
                    establishments=done.establishments,
                    phone_hash_key=context.phone_hash_key_b64)


@router.post("/v1/sync/push", response_model=PushOut, responses=_ERRORS)
async def sync_push(body: PushIn, kiosk: KioskAuth, request: Request) -> PushOut:
    # A coroutine: its requests wait for their group's decision on the event loop, and the
    # group runs in one worker thread (``kiosk.central.group_commit``), instead of a thread
    # per push blocked until its group committed. FastAPI validates the answer against
    # ``response_model`` here too, on the loop, where it costs less than the body's. The
    # token check stays a dependency of its own, so that a caller without a valid token
    # learns nothing about the body (401 before 422).
    return await api_push.push(get_context(request), kiosk, body, client_address(request))


@router.get("/v1/sync/pull", response_model=PullOut, responses=_ERRORS)
def sync_pull(
    kiosk: KioskAuth, request: Request,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=pull.MAX_LIMIT)] = pull.DEFAULT_LIMIT,
) -> PullOut:
    return pull.pull(get_context(request), kiosk.establishments, cursor, limit)


@router.get("/v1/requests/{reference}", response_model=RequestStatusOut,
            responses={**_ERRORS, **_errors(404)})
def request_state(reference: str, request: Request) -> RequestStatusOut:
    return api_lookups.lookup_request(get_context(request), reference, client_address(request))


@router.post("/v1/credentials/check", response_model=CredentialCheckOut,
             responses={**_ERRORS, **_errors(403)})
def credentials_check(body: CredentialCheckIn, platform: PlatformAuth,
                      request: Request) -> CredentialCheckOut:
    return api_lookups.check_credential(get_context(request), platform, body.voter_id,
                                        client_address(request))
