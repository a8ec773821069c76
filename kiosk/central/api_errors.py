"""Every error of the API is JSON ``{"error": code, "message": French text}`` with a 4xx status.

Validation messages name the field that is wrong and what was expected, never the value sent:
a NUMEN or a date of birth in a malformed request must not come back in an answer or a log.
Unexpected exceptions are logged by type only (their text could hold data) and answered with
a generic JSON message; they never reach the client as a trace.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An expected refusal: status, stable code, French message (no secret in it)."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, str]:
    return {"error": code, "message": message}


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def unauthorized(message: str = "Authentification requise : jeton absent, inconnu ou révoqué."
                 ) -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


def rate_limited(message: str) -> ApiError:
    return ApiError(429, "rate_limited", message, {"Retry-After": "60"})


SERVICE_UNAVAILABLE = (
    "Service momentanément indisponible (base de données injoignable) : réessayez plus tard."
)
INTERNAL_ERROR = "Erreur interne du centre : la demande n'a pas été traitée. Réessayez plus tard."

# --- validation messages -------------------------------------------------------------------
_EXPECTED = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (non accepté)",
    "string_type": "texte attendu",
    "string_too_long": "texte trop long",
    "string_too_short": "texte vide ou trop court",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "greater_than_equal": "nombre trop petit",
    "less_than_equal": "nombre trop grand",
    "bool_type": "booléen (true/false) attendu",
    "list_type": "liste attendue",
    "too_long": "liste trop longue",
    "too_short": "liste vide",
    "dict_type": "objet JSON attendu",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "literal_error": "valeur non permise",
    "union_tag_invalid": "type d'enregistrement inconnu",
    "union_tag_not_found": "champ « kind » manquant",
    "uuid_type": "identifiant UUID attendu",
    "uuid_parsing": "identifiant UUID attendu",
    "datetime_type": "date et heure ISO 8601 attendues",
    "datetime_parsing": "date et heure ISO 8601 attendues",
    "datetime_from_date_parsing": "date et heure ISO 8601 attendues",
    "timezone_aware": "date et heure avec fuseau horaire attendues (par exemple +01:00)",
    "string_pattern_mismatch": "forme invalide",
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
_TAGS = frozenset({"reissue_request", "seal_handover"})
MAX_LISTED = 5


def _field_path(loc: Sequence[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if item in ("body", "query", "path", "header") and not parts:
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(item, str) and item in _TAGS:
            continue  # the discriminator's branch, not a field the client wrote
        elif isinstance(item, str) and _NAME.match(item):
            parts.append(("." if parts else "") + item)
        else:
            parts.append(("." if parts else "") + "?")  # a client-made key: not echoed
    return "".join(parts).lstrip(".") or "corps de la requête"


def validation_message(errors: Sequence[Any]) -> str:
    described: list[str] = []
    for error in errors:
        kind = str(error.get("type", ""))
        text = _EXPECTED.get(kind, "valeur invalide")
        item = f"{_field_path(error.get('loc', ()))} : {text}"
        if item not in described:
            described.append(item)
    more = len(described) - MAX_LISTED
    listed = " ; ".join(described[:MAX_LISTED])
    if more > 0:
        listed += f" ; et {more} autre(s) erreur(s)"
    return f"Requête invalide : {listed}."


def _is_json_error(errors: Sequence[Any]) -> bool:
    return any(str(e.get("type")) == "json_invalid" for e in errors)


# --- handlers ------------------------------------------------------------------------------
async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if _is_json_error(errors):
        return error_response(400, "malformed_json",
                              "Corps de requête illisible : du JSON valide est attendu.")
    return error_response(422, "invalid_request", validation_message(errors))


_HTTP_MESSAGES = {
    # FastAPI raises a bare 400 only when it cannot parse the body (nesting too deep...).
    400: ("malformed_json", "Corps de requête illisible : du JSON valide est attendu."),
    401: ("unauthorized", "Authentification requise."),
    403: ("forbidden", "Accès refusé."),
    404: ("not_found", "Adresse inconnue sur ce centre."),
    405: ("method_not_allowed", "Méthode non permise pour cette adresse."),
    413: ("too_large", "Requête trop volumineuse."),
}


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_MESSAGES.get(exc.status_code, ("http_error", "Requête refusée."))
    return error_response(exc.status_code, code, message, getattr(exc, "headers", None))


async def _on_operational(request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable: %s", type(exc).__name__)
    return error_response(503, "service_unavailable", SERVICE_UNAVAILABLE,
                          {"Retry-After": "5"})


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises after answering; the guard middleware logs the type and place.
    return error_response(500, "internal_error", INTERNAL_ERROR)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(OperationalError, _on_operational)
    app.add_exception_handler(Exception, _on_unexpected)


def json_bytes(code: str, message: str) -> bytes:
    return json.dumps(error_body(code, message), ensure_ascii=False).encode("utf-8")
