"""Secrets: the OS keyring when it works, else the encrypted fallback file, never plain text.

tests/conftest.py selects keyring's null backend (no keyring service), so the fallback is what
a bare secretariat PC gets, and what most of these tests exercise.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from kiosk.services.secrets_store import (
    DEVICE_TOKEN,
    FALLBACK_FILE,
    PEPPER_FILE,
    KioskFileKeyring,
    SecretsError,
    SecretsStore,
    os_backend_usable,
    usable_backend,
)

TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0-device"


class MemoryKeyring(KeyringBackend):
    """A working keyring backend (stands in for the Secret Service / Windows / macOS)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def test_the_test_environment_has_no_keyring_service() -> None:
    assert not os_backend_usable(keyring.get_keyring())


def test_fallback_round_trip_across_instances(tmp_path: Path) -> None:
    store = SecretsStore(tmp_path)
    assert store.uses_fallback
    assert store.get(DEVICE_TOKEN) is None
    store.set(DEVICE_TOKEN, TOKEN)
    assert SecretsStore(tmp_path).get(DEVICE_TOKEN) == TOKEN


def test_fallback_file_never_holds_the_token_in_clear(tmp_path: Path) -> None:
    SecretsStore(tmp_path).set(DEVICE_TOKEN, TOKEN)
    raw = (tmp_path / FALLBACK_FILE).read_bytes()
    assert TOKEN.encode() not in raw
    assert base64.b64encode(TOKEN.encode())[:24] not in raw
    for path in tmp_path.iterdir():  # nor anywhere else in the data directory
        assert TOKEN.encode() not in path.read_bytes()
    assert ((tmp_path / FALLBACK_FILE).stat().st_mode & 0o077) == 0
    assert ((tmp_path / PEPPER_FILE).stat().st_mode & 0o077) == 0


def test_a_copy_of_the_file_alone_does_not_open(tmp_path: Path) -> None:
    SecretsStore(tmp_path / "kiosk").set(DEVICE_TOKEN, TOKEN)
    thief = tmp_path / "thief"
    thief.mkdir()
    shutil.copy(tmp_path / "kiosk" / FALLBACK_FILE, thief / FALLBACK_FILE)
    with pytest.raises(SecretsError) as caught:
        SecretsStore(thief).get(DEVICE_TOKEN)
    assert "ne s'ouvrent pas" in caught.value.message
    assert TOKEN not in caught.value.message


def test_a_different_machine_identity_does_not_open(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    SecretsStore(tmp_path).set(DEVICE_TOKEN, TOKEN)
    monkeypatch.setattr("kiosk.services.secrets_store._machine_identity",
                        lambda: b"another-machine")
    with pytest.raises(SecretsError):
        SecretsStore(tmp_path).get(DEVICE_TOKEN)


def test_two_data_directories_keep_separate_secrets(tmp_path: Path) -> None:
    shared = MemoryKeyring()  # one OS keyring, two kiosks on one account (a test machine)
    SecretsStore(tmp_path / "a", shared).set(DEVICE_TOKEN, "token-a")
    SecretsStore(tmp_path / "b", shared).set(DEVICE_TOKEN, "token-b")
    assert SecretsStore(tmp_path / "a", shared).get(DEVICE_TOKEN) == "token-a"
    assert SecretsStore(tmp_path / "b", shared).get(DEVICE_TOKEN) == "token-b"


def test_a_working_os_keyring_is_used_and_no_file_is_written(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    store = SecretsStore(tmp_path, backend)
    store.set(DEVICE_TOKEN, TOKEN)
    assert not store.uses_fallback
    assert TOKEN in backend.values.values()
    assert not (tmp_path / FALLBACK_FILE).exists()


def test_delete(tmp_path: Path) -> None:
    store = SecretsStore(tmp_path)
    store.set(DEVICE_TOKEN, TOKEN)
    store.delete(DEVICE_TOKEN)
    store.delete(DEVICE_TOKEN)  # twice is fine
    assert SecretsStore(tmp_path).get(DEVICE_TOKEN) is None


class _PlaintextKeyring(MemoryKeyring):
    pass


@pytest.mark.parametrize(("backend", "usable"), [
    (fail.Keyring(), False),
    (null.Keyring(), False),
    (chainer.ChainerBackend(), False),
    (MemoryKeyring(), True),
    (_PlaintextKeyring(), False),
])
def test_which_backends_count_as_usable(backend: KeyringBackend, usable: bool,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(backend, chainer.ChainerBackend):
        monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert os_backend_usable(backend) is usable


def test_a_failing_or_plaintext_backend_falls_back_to_the_encrypted_file(tmp_path: Path) -> None:
    assert isinstance(SecretsStore(tmp_path / "f", fail.Keyring()).backend, KioskFileKeyring)
    assert isinstance(SecretsStore(tmp_path / "p", _PlaintextKeyring()).backend,
                      KioskFileKeyring)


def test_from_a_chainer_only_a_protected_member_is_used(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    real = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [_PlaintextKeyring(), real])
    store = SecretsStore(tmp_path, chainer.ChainerBackend())
    assert store.backend is real
    assert usable_backend(chainer.ChainerBackend()) is real
