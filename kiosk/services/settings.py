"""The supervisor's settings: centre address, CA file, counter mode, idle delays.

Saved to ``config.json`` through :mod:`kiosk.services.paths` once every value is valid; a bad
value gets a French message naming the field and changes nothing. Only a supervisor may save
(the settings dialog is hidden from agents, and this module refuses them too). Pointing the
kiosk at another centre or another CA decides where NUMENs and birth dates are sent, so every
change is written to the kiosk's audit chain with who made it.
"""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.services.context import KioskContext
from kiosk.services.contracts import ServiceError
from kiosk.services.paths import KioskConfig, save_config, write_atomic
from kiosk.services.roles import require_supervisor
from kiosk.services.settings_model import MAX_DELAY, MIN_DELAY, KioskSettings
from kiosk.store import audit


def current(ctx: KioskContext) -> KioskSettings:
    config = ctx.config
    return KioskSettings(
        centre_url=config.centre_url or "", ca_file=config.ca_file or "",
        counter_mode=config.counter_mode, idle_lock_seconds=config.idle_lock_seconds,
        counter_reset_seconds=config.counter_reset_seconds, kiosk_id=config.kiosk_id,
        data_dir=str(ctx.data_dir))


BAD_CENTRE_URL = "L'adresse du centre doit être de la forme https://serveur ou https://serveur:port."
NO_CA_FILE = "Indiquez le fichier de l'autorité de certification du centre."
# "{}": the file's path, as the supervisor typed or picked it.
CA_NOT_FOUND = "Le fichier de certificat {} est introuvable."
CA_UNREADABLE = ("Le fichier {} ne contient pas de certificat d'autorité lisible "
                 "(format PEM attendu).")


def _invalid(message: str, field: str) -> ServiceError:
    return ServiceError(message, code="invalid_input", field=field)


def _centre_url(raw: str) -> str:
    url = (raw or "").strip().rstrip("/")
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme != "https" or not parts.hostname or not port_ok or parts.query \
            or parts.fragment or parts.username:
        raise _invalid(BAD_CENTRE_URL, "centre_url")
    return url


def _delay(value: int, label: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) \
            or not MIN_DELAY <= value <= MAX_DELAY:
        raise _invalid(f"Le {label} doit être compris entre {MIN_DELAY} secondes et 24 heures "
                       f"({MAX_DELAY} secondes).", field)
    return value


def _check_ca(path: Path) -> None:
    """A file holding at least one CA certificate in PEM form."""
    if not path.is_file():
        raise _invalid(CA_NOT_FOUND.format(path), "ca_file")
    try:
        context = ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError, ValueError):
        context = None
    if context is None or not context.get_ca_certs():
        raise _invalid(CA_UNREADABLE.format(path), "ca_file")


def _pin(ctx: KioskContext, source: Path) -> str:
    """Copy a new CA file into the data directory, as enrolment does: the kiosk trusts its own
    copy, not a file someone may change later where it was picked. The copy is named by its
    content, so the file the configuration names never changes under it: a crash before the
    configuration is saved leaves the old CA in force, never a mix of old and new."""
    data = source.read_bytes()
    pinned = ctx.data_dir / f"centre-ca-{hashlib.sha256(data).hexdigest()[:12]}.pem"
    if not pinned.exists():
        write_atomic(pinned, data.decode("latin-1"))  # PEM is ASCII; comments may not be
    return str(pinned)


def save(ctx: KioskContext, wanted: KioskSettings) -> bool:
    """Validate and save ``wanted``; True when the connection to the centre changed (address
    or CA), so the caller reopens it. Raises :class:`ServiceError` (French) and changes
    nothing on the first invalid value."""
    agent = require_supervisor(ctx)
    config = ctx.config
    url = _centre_url(wanted.centre_url)
    lock = _delay(wanted.idle_lock_seconds, "délai de verrouillage", "idle_lock_seconds")
    reset = _delay(wanted.counter_reset_seconds, "délai de retour à l'accueil",
                   "counter_reset_seconds")
    ca_text = (wanted.ca_file or "").strip()
    new_ca = bool(ca_text) and ca_text != (config.ca_file or "")
    if not ca_text:
        raise _invalid(NO_CA_FILE, "ca_file")
    if new_ca:
        _check_ca(Path(ca_text))
    changes = {"centre_url": url, "counter_mode": bool(wanted.counter_mode),
               "idle_lock_seconds": lock, "counter_reset_seconds": reset}
    changed = sorted(k for k, v in changes.items() if getattr(config, k) != v)
    if new_ca:
        changed.append("ca_file")
    if not changed:
        return False
    updated: KioskConfig = config.with_changes(
        **changes, ca_file=_pin(ctx, Path(ca_text)) if new_ca else config.ca_file)
    enrolled = ctx.require_enrolled()
    with enrolled.store.sessions.begin() as session:
        audit.append(session, actor=f"agent:{agent.username}", action="settings.changed",
                     subject="kiosk", details={
                         "fields": changed, "centre_url": url,
                         "counter_mode": updated.counter_mode,
                         "idle_lock_seconds": lock, "counter_reset_seconds": reset})
        # Inside the transaction: if the file cannot be written, the audit line goes too.
        save_config(ctx.data_dir, updated)
    ctx.config = updated
    return "centre_url" in changed or "ca_file" in changed
