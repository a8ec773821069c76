"""The centre's data keys (encryption of NUMEN, birth dates, notification bodies; keyed hashes).

They live in ``settings.key_file`` (JSON, mode 0600), created on first run, or come whole from
the environment variable ``KIOSK_CENTRAL_KEYS`` (for deployments that keep them in a vault).
Losing this file makes the encrypted register unreadable: it belongs in the backups, apart
from the database.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kiosk.central.settings import CentralSettings
from kiosk.store.crypto import KeyRing


class KeyFileError(RuntimeError):
    """The key file cannot be read or written; French message, no key material in it."""


def load_or_create_keyring(settings: CentralSettings) -> KeyRing:
    """The deployment's KeyRing; generated and saved on first use."""
    if settings.keys_json:
        try:
            return KeyRing.from_json(settings.keys_json)
        except Exception:
            raise KeyFileError(
                "Les clés données par KIOSK_CENTRAL_KEYS sont illisibles."
            ) from None
    path = Path(settings.key_file)
    if not path.exists():
        ring = KeyRing.generate()
        try:
            _write_new(path, ring.to_json())
            return ring
        except FileExistsError:
            pass  # another process created it first: use theirs, so both agree
    return _read(path)


def rotate_keyring(settings: CentralSettings) -> KeyRing:
    """Add a new encryption key (old ones kept for decrypting) and save the key file."""
    if settings.keys_json:
        raise KeyFileError(
            "Les clés viennent de KIOSK_CENTRAL_KEYS : faites la rotation dans le coffre "
            "qui les fournit."
        )
    ring = load_or_create_keyring(settings).rotate()
    _replace(Path(settings.key_file), ring.to_json())
    return ring


def _read(path: Path) -> KeyRing:
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # restored from a backup with loose rights: close them again
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise KeyFileError(f"Le fichier de clés {path} est illisible.") from None
    try:
        return KeyRing.from_json(text)
    except Exception:
        raise KeyFileError(f"Le fichier de clés {path} est corrompu.") from None


def _write_temp(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".keys-", dir=path.parent)  # created 0600
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` atomically and only if absent (os.link fails on an existing name)."""
    tmp = _write_temp(path, text)
    try:
        os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _replace(path: Path, text: str) -> None:
    tmp = _write_temp(path, text)
    os.replace(tmp, path)
