"""``kiosk doctor``: what a support person checks first on a kiosk that misbehaves, in French,
with the fix for each line. It reads what the kiosk keeps and changes none of it (on a new
kiosk it creates the data folder and the empty keyring file, as a first start would).

Checks, in order: configuration (enrolled or not), the centre (:mod:`doctor_centre`: reachable,
TLS certificate against the pinned CA, clock skew, device token), the keyring, the printer, the
local database (schema, records waiting for the centre, « À suivre » items) and free disk.
The exit status is the worst level: 0 all OK, 1 something needs attention, 2 an error.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from keyring.backend import KeyringBackend

from kiosk.services.contracts import ServiceError
from kiosk.services.doctor_centre import centre_checks
from kiosk.services.doctor_model import Check, attention, error, ok
from kiosk.services.doctor_records import records_checks
from kiosk.services.paths import CONFIG_NAME, KioskConfig, load_config
from kiosk.services.secrets_store import DEVICE_TOKEN, SecretsStore
from kiosk.store.base import utcnow

CONFIG, KEYRING, PRINTER, DISK = "Configuration", "Trousseau de clés", "Imprimante", \
    "Espace disque"
DISK_ERROR_BYTES = 200 * 1024 * 1024
DISK_WARN_BYTES = 1024 * 1024 * 1024
_ENROL_FIX = ("Lancez « kiosk » et saisissez l'adresse du centre, le fichier de son autorité "
              "de certification et le code d'enrôlement donné par l'administrateur.")


def qt_printers() -> list[str]:
    """The printers Qt sees (CUPS, Windows spooler), default first."""
    from PySide6.QtPrintSupport import QPrinterInfo

    names = [str(n) for n in QPrinterInfo.availablePrinterNames()]
    default = str(QPrinterInfo.defaultPrinterName())
    return sorted(names, key=lambda n: n != default)


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


@dataclass(frozen=True)
class Probes:
    """What the checks read from this machine; tests give their own."""

    printers: Callable[[], list[str]] = qt_printers
    free_bytes: Callable[[Path], int] = free_bytes
    clock: Callable[[], datetime] = utcnow
    backend: KeyringBackend | None = None  # None: the OS keyring, as the kiosk picks it
    timeout: float = 5.0


def run_checks(directory: Path, probes: Probes | None = None, *,
               centre_url: str | None = None, ca_file: Path | None = None) -> list[Check]:
    """Every check for the kiosk in ``directory``. ``centre_url``/``ca_file`` override the
    configuration (to test a centre before enrolling)."""
    probes = probes or Probes()
    checks: list[Check] = []
    config = _config(directory, checks)
    secrets, token = _keyring(directory, probes, checks)
    url = centre_url or (config.centre_url if config else None)
    ca = ca_file or (Path(config.ca_file) if config and config.ca_file else None)
    enrolled = bool(config and config.kiosk_id and token)
    if config is not None and config.kiosk_id and secrets is not None and token is None:
        checks.append(error(KEYRING, "le jeton de la borne est absent du trousseau : la borne "
                                     "ne peut plus se synchroniser.", "Enrôlez à nouveau la "
                                     "borne avec un nouveau code donné par l'administrateur."))
    if url and ca:
        checks += centre_checks(url, ca, token if enrolled and not centre_url else None,
                                clock=probes.clock, timeout=probes.timeout)
    checks.append(_printer(probes, config))
    if enrolled:
        checks += records_checks(directory)
    checks.append(_disk(directory, probes))
    return checks


def _config(directory: Path, checks: list[Check]) -> KioskConfig | None:
    try:
        config = load_config(directory)
    except ServiceError as exc:
        checks.append(error(CONFIG, exc.message, "Corrigez le fichier, ou supprimez-le puis "
                                                 "enrôlez à nouveau la borne."))
        return None
    if not config.kiosk_id:
        checks.append(attention(CONFIG, f"la borne n'est pas encore enrôlée (dossier "
                                        f"{directory}) : le centre n'est pas vérifié.",
                                _ENROL_FIX + " Pour vérifier un centre avant l'enrôlement : "
                                "kiosk doctor --centre ADRESSE --ca FICHIER."))
    else:
        mode = "mode guichet" if config.counter_mode else "mode secrétariat"
        checks.append(ok(CONFIG, f"borne enrôlée (identifiant {config.kiosk_id}) auprès de "
                                 f"{config.centre_url}, {mode} ({directory / CONFIG_NAME})."))
    return config


def _keyring(directory: Path, probes: Probes, checks: list[Check]
             ) -> tuple[SecretsStore | None, str | None]:
    """The secrets store and the device token (None when absent), reporting the backend."""
    try:
        secrets = SecretsStore(directory, probes.backend)
        token = secrets.get(DEVICE_TOKEN)
    except ServiceError as exc:
        checks.append(error(KEYRING, exc.message, "Déverrouillez le trousseau de la session "
                                                  "ou enrôlez à nouveau la borne."))
        return None, None
    backend = type(secrets.backend)
    if secrets.uses_fallback:
        checks.append(ok(KEYRING, "fichier chiffré de la borne (secrets.cfg), faute de "
                                  "trousseau du système ; il ne s'ouvre que sur ce poste et "
                                  "pour ce compte."))
    else:
        name = getattr(secrets.backend, "name", None) or backend.__qualname__
        checks.append(ok(KEYRING, f"trousseau du système « {name} » "
                                  f"({backend.__module__})."))
    return secrets, token


def _printer(probes: Probes, config: KioskConfig | None) -> Check:
    try:
        printers = probes.printers()
    except Exception:  # a broken print system is reported, never fatal to the diagnosis
        printers = []
    if printers:
        others = f" (et {len(printers) - 1} autre(s))" if len(printers) > 1 else ""
        return ok(PRINTER, f"« {printers[0]} »{others}.")
    if config is not None and config.counter_mode:
        return attention(PRINTER, "aucune imprimante : au guichet, les confirmations seront "
                                  "montrées en QR code à l'écran.",
                         "Si des reçus papier sont souhaités, installez une imprimante.")
    return attention(PRINTER, "aucune imprimante : les plis confidentiels (NUMEN) et les "
                              "reçus ne pourront pas être imprimés ; seul le QR code à "
                              "l'écran restera possible.",
                     "Installez l'imprimante du secrétariat sur ce poste (ou demandez-le au "
                     "service informatique), puis relancez ce diagnostic.")


def _disk(directory: Path, probes: Probes) -> Check:
    try:
        free = probes.free_bytes(directory)
    except OSError:
        return error(DISK, f"impossible de lire l'espace libre de {directory}.",
                     "Vérifiez que le dossier des données existe et est accessible.")
    size = f"{free / 1024**3:.1f} Go".replace(".", ",") if free >= 1024**3 \
        else f"{free / 1024**2:.0f} Mo"
    if free < DISK_ERROR_BYTES:
        return error(DISK, f"il ne reste que {size} libres pour les données de la borne "
                           f"({directory}) : les demandes risquent de ne plus pouvoir être "
                           "enregistrées.", "Libérez de l'espace sur ce disque sans attendre.")
    if free < DISK_WARN_BYTES:
        return attention(DISK, f"{size} libres pour les données de la borne ({directory}).",
                         "Libérez de l'espace sur ce disque (au moins 1 Go conseillé).")
    return ok(DISK, f"{size} libres ({directory}).")
