"""``kiosk doctor``, the centre's side: reachable, TLS certificate, clock, device token.

The connection is made step by step (TCP, then TLS against the pinned CA, then HTTP) rather
than through the kiosk's HTTP client, because each step failing needs a different fix: a
closed port is a network or centre problem, a certificate the pinned CA does not sign is a
configuration problem (or a look-alike server), and a wrong clock is this PC's problem.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import kiosk
from kiosk.services.central_client import (
    CentralClient,
    CentralRefused,
    CentralUnreachable,
    pinned_context,
)
from kiosk.services.doctor_model import Check, attention, error, ok

CENTRE, TLS, CLOCK, TOKEN = "Centre", "Certificat TLS", "Horloge", "Jeton de la borne"
MAX_SKEW_SECONDS = 120
CERT_WARN_DAYS = 30
_NEWEST_CURSOR = 2**62  # asks for no change: only whether the token is accepted
_FIX_NETWORK = ("Vérifiez le câble ou le Wi-Fi de ce poste et l'adresse du centre dans les "
                "paramètres ; si d'autres postes n'y arrivent pas non plus, prévenez "
                "l'assistance académique (le centre est peut-être arrêté).")
_FIX_CA = ("Demandez à l'administrateur du centre le fichier de son autorité de certification "
           "et indiquez-le dans les paramètres de la borne (superviseur) ; si l'adresse du "
           "centre est erronée, corrigez-la. Ne continuez pas tant que ce point est en erreur.")
# OpenSSL verification codes worth their own explanation (X509_V_ERR_*)
_VERIFY_REASONS = {
    9: "le certificat du centre n'est pas encore valide (l'horloge de ce poste est peut-être "
       "en retard)",
    10: "le certificat du centre a expiré",
    62: "le certificat du centre est émis pour un autre nom que cette adresse",
    64: "le certificat du centre est émis pour une autre adresse IP",
}

Clock = Callable[[], datetime]


def centre_checks(url: str, ca_file: Path, token: str | None, *, clock: Clock,
                  timeout: float = 5.0) -> list[Check]:
    """The centre's checks, in order; a step that fails ends the list (the next ones cannot
    be judged), except that a missing device token is only reported, not fatal."""
    parts = urlsplit(url)
    host = parts.hostname
    try:
        port = parts.port or 443
    except ValueError:
        host = None
    if parts.scheme != "https" or not host:
        return [error(CENTRE, f"l'adresse du centre « {url} » n'est pas une adresse https://.",
                      "Corrigez l'adresse du centre dans les paramètres de la borne.")]
    try:
        context = pinned_context(ca_file)
    except CentralUnreachable:
        return [error(TLS, f"le fichier de l'autorité de certification {ca_file} est absent "
                           "ou illisible.", _FIX_CA)]
    try:
        raw = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        return [error(CENTRE, _unreachable(url, exc), _FIX_NETWORK)]
    checks = [ok(CENTRE, f"{url} accepte les connexions.")]
    try:
        tls = context.wrap_socket(raw, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        raw.close()
        reason = _VERIFY_REASONS.get(exc.verify_code, "le certificat présenté n'est pas signé "
                                     "par l'autorité de certification configurée pour la borne")
        checks.append(error(TLS, f"connexion refusée : {reason}. Ce serveur n'est peut-être "
                                 "pas le centre.", _FIX_CA))
        return checks
    except (ssl.SSLError, OSError):
        raw.close()
        checks.append(error(TLS, "le serveur à cette adresse ne répond pas en HTTPS (TLS).",
                            "Vérifiez le port dans l'adresse du centre (paramètres)."))
        return checks
    checks.append(_certificate(tls))
    try:
        health, skew = _healthz(tls, host, clock)
    except (OSError, http.client.HTTPException):
        checks[0] = error(CENTRE, "la connexion a été coupée pendant la vérification.",
                          _FIX_NETWORK)
        return checks
    finally:
        tls.close()
    checks[0] = health  # the same line, now with what the centre said of itself
    checks.append(skew)
    if token is not None:
        checks.append(token_check(url, ca_file, token))
    return checks


def _unreachable(url: str, exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"le nom du serveur de {url} est inconnu (DNS)."
    if isinstance(exc, ConnectionRefusedError):
        return f"{url} refuse la connexion (aucun service sur ce port)."
    if isinstance(exc, TimeoutError):
        return f"{url} ne répond pas (délai dépassé)."
    return f"{url} est injoignable depuis ce poste."


def _certificate(tls: ssl.SSLSocket) -> Check:
    cert = tls.getpeercert()
    not_after = cert.get("notAfter") if cert else None
    if not isinstance(not_after, str):
        return ok(TLS, "certificat signé par l'autorité de certification de la borne.")
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)
    days = (expires - datetime.now(UTC)).days
    if days < CERT_WARN_DAYS:
        return attention(TLS, f"certificat valide mais il expire dans {days} jour(s) "
                              f"(le {expires:%d/%m/%Y}).",
                         "Prévenez l'administrateur du centre : il doit le renouveler avant "
                         "cette date, sinon les bornes ne pourront plus se synchroniser.")
    return ok(TLS, "certificat valide, signé par l'autorité de certification de la borne "
                   f"(expire le {expires:%d/%m/%Y}).")


def _healthz(tls: ssl.SSLSocket, host: str, clock: Clock) -> tuple[Check, Check]:
    """GET /healthz on the open TLS connection: the centre's health and its clock."""
    connection = http.client.HTTPConnection(host)
    connection.sock = tls  # already connected and verified: no second handshake
    before = clock()
    connection.request("GET", "/healthz", headers={
        "User-Agent": f"kiosk/{kiosk.__version__} (doctor)", "Connection": "close"})
    response = connection.getresponse()
    after = clock()
    response.read()
    if response.status == 200:
        health = ok(CENTRE, "le centre répond et sa base de données est disponible.")
    elif response.status == 503:
        health = error(CENTRE, "le centre répond mais sa base de données est indisponible.",
                       "Prévenez l'administrateur du centre ; les demandes restent en attente "
                       "sur la borne et partiront d'elles-mêmes ensuite.")
    else:
        health = error(CENTRE, f"le serveur a répondu « erreur {response.status} » : ce n'est "
                               "peut-être pas le centre.", "Vérifiez l'adresse du centre.")
    return health, _skew(response.getheader("Date"), before + (after - before) / 2)


def _skew(date_header: str | None, local: datetime) -> Check:
    try:
        remote = parsedate_to_datetime(date_header) if date_header else None
    except (TypeError, ValueError):
        remote = None
    if remote is None or remote.tzinfo is None:
        return attention(CLOCK, "le centre n'a pas indiqué son heure : écart non mesuré.",
                         "Vérifiez que l'heure de ce poste est réglée automatiquement.")
    # The header has a one-second resolution: half a second of it is not a real difference.
    seconds = (remote - local).total_seconds()
    drift = abs(seconds) - 0.5
    if drift <= MAX_SKEW_SECONDS:
        return ok(CLOCK, f"l'heure de ce poste et celle du centre concordent "
                         f"(écart inférieur à {MAX_SKEW_SECONDS // 60} minutes).")
    minutes = round(abs(seconds) / 60)
    way = "en retard" if seconds > 0 else "en avance"
    return attention(CLOCK, f"l'horloge de ce poste est {way} d'environ {minutes} minute(s) "
                            "sur celle du centre. Les demandes faites hors ligne sont datées "
                            "par ce poste : une heure fausse peut les faire refuser.",
                     "Réglez la date et l'heure de ce poste et activez leur synchronisation "
                     "automatique (NTP).")


def token_check(url: str, ca_file: Path, token: str) -> Check:
    """Is this kiosk's device token still accepted (not revoked)? A pull asking for nothing."""
    try:
        with CentralClient(url, ca_file, token) as client:
            client.pull(_NEWEST_CURSOR, limit=1)
    except CentralRefused as exc:
        if exc.status in (401, 403):
            return error(TOKEN, "le centre ne reconnaît plus cette borne (enrôlement révoqué "
                                "ou remplacé).",
                         "Demandez un nouveau code d'enrôlement à l'administrateur du centre, "
                         "puis enrôlez à nouveau la borne.")
        return attention(TOKEN, f"le centre a refusé la vérification : {exc.message}",
                         "Réessayez dans un instant ; si cela persiste, prévenez l'assistance.")
    except CentralUnreachable as exc:
        return attention(TOKEN, f"vérification impossible : {exc.message}", _FIX_NETWORK)
    return ok(TOKEN, "le centre reconnaît cette borne.")
