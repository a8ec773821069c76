"""The centre's data keys: made once, private, shared by every process of the deployment."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from kiosk.central.keys import KeyFileError, load_or_create_keyring, rotate_keyring
from kiosk.central.settings import CentralSettings
from kiosk.store.crypto import KeyRing


def test_created_once_private_then_reused(tmp_path: Path) -> None:
    settings = CentralSettings(data_dir=tmp_path / "data")
    first = load_or_create_keyring(settings)
    assert stat.S_IMODE(settings.key_file.stat().st_mode) == 0o600
    second = load_or_create_keyring(settings)
    assert second.decrypt(first.encrypt("01E9501234ABC")) == "01E9501234ABC"
    assert second.hash("x", "numen") == first.hash("x", "numen")


def test_loose_rights_are_closed_again(tmp_path: Path) -> None:
    settings = CentralSettings(data_dir=tmp_path)
    load_or_create_keyring(settings)
    settings.key_file.chmod(0o644)
    load_or_create_keyring(settings)
    assert stat.S_IMODE(settings.key_file.stat().st_mode) == 0o600


def test_concurrent_first_runs_agree(tmp_path: Path) -> None:
    settings = CentralSettings(data_dir=tmp_path)
    rings: list[KeyRing] = []
    threads = [threading.Thread(target=lambda: rings.append(load_or_create_keyring(settings)))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    token = rings[0].encrypt("secret")
    assert all(ring.decrypt(token) == "secret" for ring in rings)
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"]  # no temporary file left


def test_keys_from_the_environment(tmp_path: Path) -> None:
    ring = KeyRing.generate()
    settings = CentralSettings(data_dir=tmp_path, keys_json=ring.to_json())
    loaded = load_or_create_keyring(settings)
    assert loaded.decrypt(ring.encrypt("x")) == "x"
    assert not settings.key_file.exists()
    with pytest.raises(KeyFileError, match="coffre"):
        rotate_keyring(settings)
    with pytest.raises(KeyFileError, match="illisibles"):
        load_or_create_keyring(CentralSettings(data_dir=tmp_path, keys_json="{pas du json"))


def test_corrupted_key_file_is_a_clear_error(tmp_path: Path) -> None:
    settings = CentralSettings(data_dir=tmp_path)
    settings.key_file.write_text('{"secret-material": "AAAA', encoding="utf-8")
    with pytest.raises(KeyFileError) as caught:
        load_or_create_keyring(settings)
    assert "corrompu" in str(caught.value) and "AAAA" not in str(caught.value)
