"""Where the kiosk keeps its files, and its configuration file (``config.json``).

The data directory is ``platformdirs.user_data_dir("kiosk")`` unless ``KIOSK_DATA_DIR`` says
otherwise (tests, portable installs). The configuration holds nothing secret (centre address,
CA file, kiosk id, counter mode, idle delays): secrets live in the OS keyring
(:mod:`kiosk.services.secrets_store`). It is written atomically so a power cut leaves either
the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.services.errors import ServiceError

DATA_DIR_ENV = "KIOSK_DATA_DIR"
CONFIG_NAME = "config.json"
DATABASE_NAME = "kiosk.db"


class ConfigError(ServiceError):
    """The configuration file is unreadable or malformed (French message, no secret)."""

    code = "config_error"


def data_dir(override: Path | None = None) -> Path:
    """The kiosk's data directory, created (owner-only) if missing."""
    if override is not None:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir("kiosk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_path(directory: Path) -> Path:
    return directory / DATABASE_NAME


@dataclass(frozen=True)
class KioskConfig:
    """Settings of one kiosk. Defaults work on a fresh machine (not enrolled yet)."""

    centre_url: str | None = None
    ca_file: str | None = None
    kiosk_id: str | None = None
    establishments: tuple[str, ...] = field(default_factory=tuple)
    counter_mode: bool = False
    idle_lock_seconds: int = 300  # agent session locks after this much idle time
    counter_reset_seconds: int = 90  # counter mode goes back to step 1 after this

    def with_changes(self, **changes: Any) -> KioskConfig:
        return replace(self, **changes)


_TYPES: dict[str, tuple[type, ...]] = {
    "centre_url": (str, type(None)),
    "ca_file": (str, type(None)),
    "kiosk_id": (str, type(None)),
    "establishments": (list,),
    "counter_mode": (bool,),
    "idle_lock_seconds": (int,),
    "counter_reset_seconds": (int,),
}

_LABELS = {
    "centre_url": "adresse du centre",
    "ca_file": "fichier de l'autorité de certification",
    "kiosk_id": "identifiant de la borne",
    "establishments": "établissements",
    "counter_mode": "mode guichet",
    "idle_lock_seconds": "délai de verrouillage",
    "counter_reset_seconds": "délai de retour à l'accueil",
}


def _parse(data: Any, path: Path) -> KioskConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"Le fichier de configuration {path} n'est pas un objet JSON.")
    values: dict[str, Any] = {}
    known = {f.name for f in fields(KioskConfig)}
    for name, value in data.items():
        if name not in known:
            continue  # written by a newer version: ignore rather than refuse to start
        expected = _TYPES[name]
        # bool is an int in Python: a delay given as true/false is still wrong
        if not isinstance(value, expected) or (
                isinstance(value, bool) and bool not in expected):
            raise ConfigError(
                f"Le fichier de configuration {path} est invalide : "
                f"valeur incorrecte pour « {_LABELS[name]} » ({name})."
            )
        values[name] = value
    establishments = values.get("establishments", [])
    if not all(isinstance(e, str) for e in establishments):
        raise ConfigError(
            f"Le fichier de configuration {path} est invalide : "
            "la liste des établissements doit contenir des codes UAI."
        )
    values["establishments"] = tuple(establishments)
    for name in ("idle_lock_seconds", "counter_reset_seconds"):
        if name in values and not 5 <= values[name] <= 86_400:
            raise ConfigError(
                f"Le fichier de configuration {path} est invalide : "
                f"« {_LABELS[name]} » doit être compris entre 5 secondes et 24 heures."
            )
    return KioskConfig(**values)


def load_config(directory: Path) -> KioskConfig:
    """The configuration in ``directory``; defaults when there is no file yet."""
    path = directory / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return KioskConfig()
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"Le fichier de configuration {path} est illisible.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"Le fichier de configuration {path} est mal formé (JSON invalide, "
            f"ligne {exc.lineno}, colonne {exc.colno}). Corrigez-le ou supprimez-le "
            "puis enrôlez à nouveau la borne."
        ) from None
    except (ValueError, RecursionError):
        # Valid JSON the parser still refuses: an integer of thousands of digits, or nesting
        # deeper than its recursion allows. Neither was written by this program.
        raise ConfigError(
            f"Le fichier de configuration {path} est mal formé (valeur démesurée). "
            "Corrigez-le ou supprimez-le puis enrôlez à nouveau la borne."
        ) from None
    return _parse(data, path)


def save_config(directory: Path, config: KioskConfig) -> None:
    """Write ``config.json`` atomically (temporary file, fsync, rename, fsync of the folder)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = asdict(config)
    data["establishments"] = list(config.establishments)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(directory / CONFIG_NAME, text)


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk (POSIX); Windows has no
    # directory handles to sync and does not need it.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
