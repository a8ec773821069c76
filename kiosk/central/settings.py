"""Settings of the central store: one typed object, from defaults, environment and options.

Every setting ``name`` is read from the environment variable ``KIOSK_CENTRAL_<NAME>`` and from
the command-line option ``--<name-with-dashes>`` (options win over the environment). Paths left
empty are derived from ``data_dir`` so a fresh machine works with no configuration at all.

Secrets (SMTP password, SMS gateway token, the data keys JSON) come from the environment only:
a command-line option would show them to every user of the machine through ``ps``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import platformdirs

ENV_PREFIX = "KIOSK_CENTRAL_"
MAX_WORKERS = 32
# An empty Path means "derive from data_dir" (Path("") == Path(".")).
_DERIVED = Path("")
# Environment variable names that do not follow KIOSK_CENTRAL_<NAME>.
_ENV_NAMES = {"keys_json": ENV_PREFIX + "KEYS"}
# Settings never offered as options (see the module docstring).
SECRET_SETTINGS = frozenset({"smtp_password", "sms_gateway_token", "keys_json"})


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message is French and names the setting."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kiosk-central", appauthor=False))


@dataclass(frozen=True)
class CentralSettings:
    """Everything the centre needs to know about its environment."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str = ""  # empty: SQLite file <data_dir>/central.db
    host: str = "127.0.0.1"
    port: int = 8443
    tls_cert: Path | None = None  # None (with tls_key): development certificates in data_dir/tls
    tls_key: Path | None = None
    key_file: Path = _DERIVED  # <data_dir>/keys.json
    offline_tolerance: timedelta = timedelta(hours=24)
    smtp_host: str | None = None  # None: e-mails go to the spool
    smtp_port: int = 25
    smtp_from: str = "ne-pas-repondre@education.gouv.fr"
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_timeout: float = 10.0
    sms_gateway_url: str | None = None  # None: SMS go to the spool
    sms_gateway_token: str | None = field(default=None, repr=False)
    sms_sender: str = "36001"
    spool_dir: Path = _DERIVED  # <data_dir>/spool
    public_url: str = ""  # empty: https://<host>:<port>
    dispatch: bool = True
    dispatch_interval: float = 0.25  # seconds between polls of the notification queue
    enrolment_code_ttl: timedelta = timedelta(hours=24)
    # API processes behind the one port. More than one pays on PostgreSQL (decisions are
    # CPU-bound Python); on SQLite every write waits for the one writer anyway.
    workers: int = 1
    keys_json: str | None = field(default=None, repr=False)  # KIOSK_CENTRAL_KEYS

    def __post_init__(self) -> None:
        data_dir = Path(self.data_dir).expanduser()
        if not data_dir.is_absolute():
            data_dir = data_dir.resolve()
        object.__setattr__(self, "data_dir", data_dir)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{data_dir / 'central.db'}")
        if Path(self.key_file) == _DERIVED:
            object.__setattr__(self, "key_file", data_dir / "keys.json")
        if Path(self.spool_dir) == _DERIVED:
            object.__setattr__(self, "spool_dir", data_dir / "spool")
        if not self.public_url:
            object.__setattr__(self, "public_url", f"https://{_url_host(self.host)}:{self.port}")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise SettingsError(
                "Le certificat TLS et sa clé privée se configurent ensemble "
                "(--tls-cert et --tls-key)."
            )
        if not 0 < self.workers <= MAX_WORKERS:
            raise SettingsError(f"Le nombre de processus (workers) doit être compris entre 1 "
                                f"et {MAX_WORKERS}.")
        if not 0 < self.port < 65536:
            raise SettingsError("Le port doit être compris entre 1 et 65535.")
        if self.smtp_host is not None and not 0 < self.smtp_port < 65536:
            raise SettingsError("Le port SMTP doit être compris entre 1 et 65535.")

    # --- derived places -------------------------------------------------------------------
    @property
    def tls_dir(self) -> Path:
        return self.data_dir / "tls"

    @property
    def uses_dev_certificates(self) -> bool:
        return self.tls_cert is None

    def ensure_dirs(self) -> None:
        """Create the data directory (private to the service account) and the spool."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.spool_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> CentralSettings:
        """Defaults, then ``KIOSK_CENTRAL_*`` variables, then ``overrides`` (None ones ignored)."""
        source = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = source.get(env_name(f.name))
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, raw)
        for name, value in overrides.items():
            if name not in _FIELD_NAMES:
                raise TypeError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _convert(name, value) if isinstance(value, str) else value
        return cls(**values)

    def with_changes(self, **changes: Any) -> CentralSettings:
        return dataclasses.replace(self, **changes)

    def to_env(self) -> dict[str, str]:
        """The ``KIOSK_CENTRAL_*`` variables that give these settings back through
        ``from_env`` (how ``serve --workers`` hands them to its worker processes)."""
        return {env_name(f.name): setting_text(getattr(self, f.name))
                for f in dataclasses.fields(self) if getattr(self, f.name) is not None}


_FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(CentralSettings))


def setting_text(value: Any) -> str:
    """A setting's value as ``from_env`` reads it."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    return str(value)


def env_name(setting: str) -> str:
    return _ENV_NAMES.get(setting, ENV_PREFIX + setting.upper())


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - only turned into a display address
        return "localhost"
    return f"[{host}]" if ":" in host else host


_TRUE = {"1", "true", "yes", "oui", "on"}
_FALSE = {"0", "false", "no", "non", "off"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhj]?|d)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "j": 86400, "d": 86400}
_TYPES = {f.name: str(f.type) for f in dataclasses.fields(CentralSettings)}


def parse_duration(text: str) -> timedelta:
    """``90``, ``90s``, ``15m``, ``24h``, ``2j``/``2d`` -> timedelta."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError("durée illisible")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()])


def _convert(name: str, raw: str) -> Any:
    """Text from the environment or a command line -> the setting's type (French error)."""
    kind = _TYPES[name]
    text = raw.strip()
    try:
        if "Path" in kind:
            return Path(text).expanduser()
        if kind == "int":
            return int(text)
        if kind == "float":
            number = float(text)
            if not 0 < number < 1e6:  # timeouts and intervals: "nan", "inf", "-1" are typos
                raise ValueError("nombre hors limites")
            return number
        if kind == "bool":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError("booléen attendu")
        if kind == "timedelta":
            return parse_duration(text)
    except (ValueError, OverflowError, RuntimeError):
        # OverflowError: a duration beyond timedelta's range ("99999999999999h");
        # RuntimeError: "~someone" for a user unknown to this machine (Path.expanduser).
        raise SettingsError(_bad_value_message(name, kind)) from None
    return text


def _bad_value_message(name: str, kind: str) -> str:
    expected = {
        "int": "un nombre entier",
        "float": "un nombre positif",
        "bool": "oui/non (1/0, true/false)",
        "timedelta": "une durée (par exemple 90s, 15m, 24h, 2j)",
    }.get(kind, "une valeur valide")
    # The value itself is not repeated: it could be a password.
    return f"Réglage {name} ({env_name(name)}) invalide : {expected} est attendu."


# --- command-line options -------------------------------------------------------------------
def add_settings_arguments(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Add ``--<setting>`` options; with ``suppress`` they default to SUPPRESS (for subparsers,
    so a global option given before the subcommand is not overwritten by the default)."""
    default = argparse.SUPPRESS if suppress else None
    for f in dataclasses.fields(CentralSettings):
        if f.name in SECRET_SETTINGS:
            continue
        option = "--" + f.name.replace("_", "-")
        helptext = f"(variable {env_name(f.name)})"
        if _TYPES[f.name] == "bool":
            parser.add_argument(
                option, dest=f.name, action=argparse.BooleanOptionalAction, default=default,
                help=helptext,
            )
        else:
            parser.add_argument(option, dest=f.name, default=default, metavar="VALEUR",
                                help=helptext)


def settings_from_args(args: argparse.Namespace, env: Mapping[str, str] | None = None
                       ) -> CentralSettings:
    given = {name: getattr(args, name, None) for name in _FIELD_NAMES - SECRET_SETTINGS}
    return CentralSettings.from_env(env, **given)
