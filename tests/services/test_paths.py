"""Data directory and config.json: defaults, round trip, atomic writes, clear French errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.services.paths import (
    CONFIG_NAME,
    ConfigError,
    KioskConfig,
    data_dir,
    load_config,
    save_config,
)


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere" / "kiosk"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(target))
    assert data_dir() == target
    assert target.is_dir()
    assert (target.stat().st_mode & 0o077) == 0  # owner only: it holds the register copy


def test_explicit_directory_wins_over_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == KioskConfig()
    assert config.kiosk_id is None and not config.counter_mode


def test_round_trip(tmp_path: Path) -> None:
    config = KioskConfig(centre_url="https://centre.example:8443", ca_file="/x/ca.pem",
                         kiosk_id="k-1", establishments=("0211234C",), counter_mode=True,
                         idle_lock_seconds=120, counter_reset_seconds=45)
    save_config(tmp_path, config)
    assert load_config(tmp_path) == config
    assert [p.name for p in tmp_path.iterdir()] == [CONFIG_NAME]  # no temporary file left


def test_save_replaces_the_whole_file(tmp_path: Path) -> None:
    save_config(tmp_path, KioskConfig(kiosk_id="first"))
    save_config(tmp_path, KioskConfig(kiosk_id="second"))
    assert json.loads((tmp_path / CONFIG_NAME).read_text())["kiosk_id"] == "second"


def test_malformed_json_is_a_clear_french_error(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text('{"kiosk_id": "k",\n  "counter_mode": tru', "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert "mal formé" in caught.value.message
    assert "ligne 2" in caught.value.message
    assert str(tmp_path / CONFIG_NAME) in caught.value.message


@pytest.mark.parametrize(("content", "words"), [
    ("[1, 2]", "n'est pas un objet JSON"),
    ('{"counter_mode": "oui"}', "mode guichet"),
    ('{"idle_lock_seconds": true}', "délai de verrouillage"),
    ('{"idle_lock_seconds": 1}', "entre 5 secondes et 24 heures"),
    ('{"establishments": [12]}', "codes UAI"),
    ('{"centre_url": 8443}', "adresse du centre"),
])
def test_wrong_values_are_named(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / CONFIG_NAME).write_text(content, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert words in caught.value.message


def test_unknown_keys_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text('{"kiosk_id": "k", "theme": "dark"}', "utf-8")
    assert load_config(tmp_path).kiosk_id == "k"


def test_binary_garbage_is_reported_not_raised_raw(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert "illisible" in caught.value.message
