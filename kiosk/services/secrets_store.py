"""The kiosk's secrets: device token, data key ring (JSON of :class:`KeyRing`), phone hash key.

They go to the OS keyring (service ``kiosk-reassort``), never to a plain file. A secretariat PC
without a keyring service (no D-Bus secret service, a bare session) gets an explicitly selected
fallback: :class:`KioskFileKeyring`, a ``keyrings.cryptfile`` file in the data directory,
encrypted with AES-GCM under a master key the program derives from a random pepper file (also
in the data directory, mode 0600) and this machine's identity (``/etc/machine-id`` and the
user). What that protects against: a copy of the keyring file alone (a backup, an e-mailed
attachment, a file left on a USB stick) does not open, nor does a copy of the data directory
taken to another machine. What it does not protect against: someone who can read this user's
files on this machine, or a copy of the whole disk — nothing that runs unattended can, short
of a hardware-backed keyring.

Each secret is stored under a name qualified by the data directory, so two kiosks sharing one
OS account (a test machine) do not overwrite each other's token.
"""

from __future__ import annotations

import configparser
import contextlib
import hashlib
import hmac
import io
import os
import secrets
import threading
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyrings.cryptfile.cryptfile import CryptFileKeyring

from kiosk.services.contracts import ServiceError
from kiosk.services.paths import write_atomic

SERVICE = "kiosk-reassort"
FALLBACK_FILE = "secrets.cfg"
PEPPER_FILE = "secrets.pepper"

DEVICE_TOKEN = "device-token"  # noqa: S105 - a name, not a secret
DATA_KEYRING = "data-keyring"
PHONE_HASH_KEY = "phone-hash-key"


class SecretsError(ServiceError):
    code = "secrets_error"


class KioskFileKeyring(CryptFileKeyring):  # type: ignore[misc]
    """CryptFileKeyring with a program-supplied master key and atomic writes.

    The master key has 256 bits of entropy, so Argon2 need not be slow: its stretching only
    matters for human passwords. The costs are fixed here because the file does not record
    them (changing them would make existing files unreadable).
    """

    time_cost = 2
    memory_cost = 2**13
    parallelism = 1

    def __init__(self, path: Path, master_key: str) -> None:
        super().__init__()
        self.file_path = str(path)
        self.keyring_key = master_key  # writes the reference entry on a new file

    def _write_config_value(self, service: str, key: str, value: str) -> None:
        # The library rewrites the file in place: a power cut in the middle would lose every
        # secret (the device token among them). Write a new file and rename it instead.
        from keyrings.cryptfile.escape import escape as escape_for_ini

        config = configparser.RawConfigParser()
        if os.path.exists(self.file_path):
            config.read(self.file_path)
        section, option = escape_for_ini(service), escape_for_ini(key)
        if not config.has_section(section):
            config.add_section(section)
        config.set(section, option, value)
        buffer = io.StringIO()
        config.write(buffer)
        write_atomic(Path(self.file_path), buffer.getvalue())

    def delete_password(self, service: str, username: str) -> None:
        from keyrings.cryptfile.escape import escape as escape_for_ini

        config = configparser.RawConfigParser()
        if os.path.exists(self.file_path):
            config.read(self.file_path)
        section, option = escape_for_ini(service), escape_for_ini(username)
        if config.has_section(section) and config.remove_option(section, option):
            buffer = io.StringIO()
            config.write(buffer)
            write_atomic(Path(self.file_path), buffer.getvalue())
            return
        raise keyring.errors.PasswordDeleteError("not found")


def _machine_identity() -> bytes:
    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            return Path(candidate).read_bytes().strip()
        except OSError:
            continue
    return b"no-machine-id"


def _user_identity() -> bytes:
    getuid = getattr(os, "getuid", None)
    return str(getuid() if getuid is not None else os.environ.get("USERNAME", "")).encode()


def derive_master_key(directory: Path) -> str:
    """The fallback file's master key: the pepper file keyed with machine and user identity."""
    pepper_path = directory / PEPPER_FILE
    if not pepper_path.exists():
        try:
            fd = os.open(pepper_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process of this kiosk made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
                handle.flush()
                os.fsync(handle.fileno())
    pepper = pepper_path.read_bytes()
    if len(pepper) < 32:
        raise SecretsError(
            f"Le fichier {pepper_path} est endommagé : les secrets de la borne ne peuvent "
            "pas être ouverts. Enrôlez à nouveau la borne."
        )
    message = b"kiosk-reassort fallback keyring\x00" + _machine_identity() + b"\x00" + \
        _user_identity()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def usable_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """``backend`` itself, or from a chainer its best usable member (a chainer would also ask
    the file backends, which prompt on a terminal); None when nothing protected is there."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        members = [b for b in backend.backends if os_backend_usable(b)]
        return max(members, key=lambda b: b.priority) if members else None
    return backend if os_backend_usable(backend) else None


def os_backend_usable(backend: KeyringBackend) -> bool:
    """True when ``backend`` really stores secrets in a protected place."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(os_backend_usable(b) for b in backend.backends)
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    # Plain-text files are never acceptable; the file backends of keyrings.cryptfile/alt would
    # ask for a password on a terminal (EOFError without one): we select ours explicitly.
    return not ("Plaintext" in name or name.startswith(("keyrings.cryptfile.", "keyrings.alt.")))


class SecretsStore:
    """Get and set the kiosk's secrets; values are cached in memory after the first read."""

    def __init__(self, directory: Path, backend: KeyringBackend | None = None) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._cache: dict[str, str | None] = {}
        chosen = usable_backend(backend if backend is not None else keyring.get_keyring())
        if chosen is None:
            chosen = self._call(KioskFileKeyring, directory / FALLBACK_FILE,
                                derive_master_key(directory))
        self.backend: KeyringBackend = chosen
        scope = hashlib.sha256(str(directory.resolve()).encode("utf-8")).hexdigest()[:12]
        self._scope = scope

    @property
    def uses_fallback(self) -> bool:
        return isinstance(self.backend, KioskFileKeyring)

    def _username(self, name: str) -> str:
        return f"{name}@{self._scope}"

    def get(self, name: str) -> str | None:
        with self._lock:
            if name in self._cache:
                return self._cache[name]
            value = self._call(self.backend.get_password, SERVICE, self._username(name))
            text = value if isinstance(value, str) else None
            self._cache[name] = text
            return text

    def set(self, name: str, value: str) -> None:
        with self._lock:
            self._call(self.backend.set_password, SERVICE, self._username(name), value)
            self._cache[name] = value

    def delete(self, name: str) -> None:
        with self._lock:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                self._call(self.backend.delete_password, SERVICE, self._username(name))
            self._cache[name] = None

    def _call(self, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except keyring.errors.PasswordDeleteError:
            raise
        except keyring.errors.KeyringError:
            raise SecretsError(
                "Le trousseau de clés du système refuse l'accès aux secrets de la borne."
            ) from None
        except ValueError:
            # AES-GCM tag mismatch: the file was copied from elsewhere or the pepper changed
            raise SecretsError(
                "Les secrets de la borne ne s'ouvrent pas sur cette machine (fichier copié "
                "ou endommagé). Enrôlez à nouveau la borne."
            ) from None
