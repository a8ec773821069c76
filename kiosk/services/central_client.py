"""HTTPS client of the centre's API (issue 3 + docs/architecture.md "Wire details").

TLS is verified against the CA file pinned in the kiosk's configuration and nothing else (not
the system's trust store: a kiosk must not talk to a look-alike with a public certificate),
TLS 1.2 at least. Errors come out as two kinds, both with French messages that never carry the
token nor any personal data: :class:`CentralUnreachable` (network, TLS, timeouts, 5xx: retry
later) and :class:`CentralRefused` (a 4xx answer: retrying the same call will not help).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

import kiosk
from kiosk.services.contracts import CentreUnavailable, ServiceError

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0  # a push of a full batch is decided record by record at the centre
PULL_LIMIT = 1000
USER_AGENT = f"kiosk/{kiosk.__version__}"  # every call says which kiosk version made it


class CentralUnreachable(CentreUnavailable):
    """The centre cannot be reached now (network, TLS, timeout, server error)."""


class CentralRefused(ServiceError):
    """The centre answered with a refusal (4xx): ``status`` and its French ``message``."""

    code = "centre_refused"

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code or self.code)
        self.status = status


@dataclass(frozen=True)
class Enrolment:
    kiosk_id: str
    token: str
    establishments: tuple[str, ...]
    phone_hash_key: str  # base64 of 32 bytes

    def __repr__(self) -> str:  # the token must not end up in a log through a repr
        return f"Enrolment(kiosk_id={self.kiosk_id!r}, establishments={self.establishments!r})"


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    cursor: int
    more: bool
    agents: list[dict[str, Any]] | None
    calendar: dict[str, Any] | None = None


def pinned_context(ca_file: Path) -> ssl.SSLContext:
    """An SSL context trusting ``ca_file`` only, TLS 1.2 minimum, host names checked."""
    try:
        context = ssl.create_default_context(cafile=str(ca_file))
    except (OSError, ssl.SSLError):
        raise CentralUnreachable(
            f"Le fichier de l'autorité de certification {ca_file} est absent ou illisible."
        ) from None
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _error_message(exc: Exception) -> str:
    text = repr(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return ("Le certificat présenté par le centre n'est pas reconnu par l'autorité de "
                "certification configurée : connexion refusée. Vérifiez l'adresse du centre "
                "et le fichier de l'autorité de certification.")
    if "WRONG_VERSION_NUMBER" in text or "wrong version number" in text:
        return "Le centre ne répond pas en HTTPS à cette adresse."
    if isinstance(exc, httpx.TimeoutException):
        return "Le centre ne répond pas (délai dépassé)."
    if isinstance(exc, httpx.ConnectError):
        return "Centre injoignable : vérifiez la connexion réseau."
    return "La connexion avec le centre a été interrompue."


class CentralClient:
    """One kiosk's connection to the centre. Thread-safe for sequential calls (httpx pools)."""

    def __init__(self, base_url: str, ca_file: Path, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.ca_file = Path(ca_file)
        self.token = token
        self._client = httpx.Client(
            base_url=self.base_url,
            verify=pinned_context(self.ca_file),
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            trust_env=False,  # no proxy from the environment between the kiosk and its centre
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def status_url(self, reference: str) -> str:
        return f"{self.base_url}/v1/requests/{reference}"

    # --- calls ---------------------------------------------------------------------------
    def health(self) -> bool:
        """True when the centre answers and its database too; False otherwise (no raise)."""
        try:
            return self._client.get("/healthz", timeout=CONNECT_TIMEOUT).status_code == 200
        except httpx.HTTPError:
            return False

    def enrol(self, code: str) -> Enrolment:
        data = self._call("POST", "/v1/enrol", json={"code": code.strip()}, auth=False)
        try:
            establishments = data.get("establishments") or [data["establishment"]]
            return Enrolment(
                kiosk_id=str(data["kiosk_id"]), token=str(data["token"]),
                establishments=tuple(str(e) for e in establishments),
                phone_hash_key=str(data["phone_hash_key"]),
            )
        except (KeyError, TypeError):
            raise CentralUnreachable("Réponse d'enrôlement du centre incomplète.") from None

    def push(self, records: list[dict[str, Any]], *, timeout: float | None = None
             ) -> list[dict[str, Any]]:
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))
        data = self._call("POST", "/v1/sync/push", json={"records": records}, **extra)
        results = data.get("results")
        if not isinstance(results, list):
            raise CentralUnreachable("Réponse du centre incomplète (résultats absents).")
        return results

    def pull(self, cursor: int, limit: int = PULL_LIMIT) -> PullPage:
        data = self._call("GET", "/v1/sync/pull", params={"cursor": cursor, "limit": limit})
        try:
            changes = data["changes"]
            new_cursor = int(data["cursor"])
        except (KeyError, TypeError, ValueError):
            raise CentralUnreachable("Réponse du centre incomplète (curseur absent).") from None
        agents = data.get("agents")
        calendar = data.get("calendar")
        return PullPage(changes=list(changes), cursor=new_cursor, more=bool(data.get("more")),
                        agents=list(agents) if isinstance(agents, list) else None,
                        calendar=calendar if isinstance(calendar, dict) else None)

    def request_status(self, reference: str) -> dict[str, Any]:
        data: dict[str, Any] = self._call("GET", f"/v1/requests/{reference}", auth=False)
        return data

    # --- plumbing ------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Any:
        headers: dict[str, str] = {}
        if auth:
            if not self.token:
                raise CentralRefused(401, "La borne n'est pas enrôlée auprès du centre.",
                                     code="not_enrolled")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise CentralUnreachable(_error_message(exc)) from None
        except ssl.SSLError as exc:
            raise CentralUnreachable(_error_message(exc)) from None
        if response.status_code >= 500:
            raise CentralUnreachable(
                f"Le centre rencontre une difficulté (erreur {response.status_code}) ; "
                "nouvel essai plus tard."
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            message, code = _refusal(response.status_code, body)
            raise CentralRefused(response.status_code, message, code=code)
        if not isinstance(body, dict):
            raise CentralUnreachable("Réponse du centre illisible.")
        return body


def _refusal(status: int, body: Any) -> tuple[str, str | None]:
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        code = body.get("error")
        return body["message"], code if isinstance(code, str) else None
    if status == 401:
        return "Le centre ne reconnaît pas cette borne (jeton refusé ou révoqué).", "unauthorized"
    if status == 429:
        return "Trop de demandes envoyées au centre ; réessayez dans un instant.", "rate_limited"
    return f"Le centre a refusé l'opération (erreur {status}).", None
