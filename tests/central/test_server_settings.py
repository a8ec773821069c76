"""Settings: defaults derived from the data directory, environment, options, French errors."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.central.settings import (
    CentralSettings,
    SettingsError,
    add_settings_arguments,
    parse_duration,
    settings_from_args,
)


def test_defaults_follow_the_data_dir(tmp_path: Path) -> None:
    settings = CentralSettings.from_env({"KIOSK_CENTRAL_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'central.db'}"
    assert settings.key_file == tmp_path / "keys.json"
    assert settings.spool_dir == tmp_path / "spool"
    assert (settings.host, settings.port) == ("127.0.0.1", 8443)
    assert settings.public_url == "https://127.0.0.1:8443"
    assert settings.offline_tolerance == timedelta(hours=24)
    assert settings.dispatch is True and settings.smtp_host is None
    assert settings.tls_cert is None and settings.uses_dev_certificates


def test_environment_then_overrides(tmp_path: Path) -> None:
    env = {
        "KIOSK_CENTRAL_DATA_DIR": str(tmp_path), "KIOSK_CENTRAL_PORT": "9443",
        "KIOSK_CENTRAL_DISPATCH": "non", "KIOSK_CENTRAL_OFFLINE_TOLERANCE": "2h",
        "KIOSK_CENTRAL_SMTP_HOST": "127.0.0.1", "KIOSK_CENTRAL_SMTP_PASSWORD": "s3cret",
        "KIOSK_CENTRAL_KEYS": '{"k": 1}',
    }
    settings = CentralSettings.from_env(env, port="10443", host=None)
    assert settings.port == 10443  # the option wins; None means "not given"
    assert settings.dispatch is False
    assert settings.offline_tolerance == timedelta(hours=2)
    assert settings.smtp_password == "s3cret" and settings.keys_json == '{"k": 1}'
    assert "s3cret" not in repr(settings) and '"k"' not in repr(settings)


@pytest.mark.parametrize(("name", "value"), [
    ("KIOSK_CENTRAL_PORT", "huit"), ("KIOSK_CENTRAL_PORT", "70000"),
    ("KIOSK_CENTRAL_DISPATCH", "peut-être"), ("KIOSK_CENTRAL_OFFLINE_TOLERANCE", "demain"),
])
def test_bad_values_are_refused_in_french_without_echo(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        CentralSettings.from_env({name: value})
    assert value not in str(caught.value)
    assert "invalide" in str(caught.value) or "compris" in str(caught.value)


def test_certificate_and_key_go_together(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="ensemble"):
        CentralSettings(data_dir=tmp_path, tls_cert=tmp_path / "c.pem")


def test_durations() -> None:
    assert parse_duration("90") == timedelta(seconds=90)
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("2j") == parse_duration("2d") == timedelta(days=2)


def test_every_non_secret_setting_has_an_option(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_settings_arguments(parser)
    args = parser.parse_args([
        "--data-dir", str(tmp_path), "--database-url", "sqlite:///x.db", "--port", "9999",
        "--no-dispatch", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--public-url",
        "https://centre.example", "--enrolment-code-ttl", "1h",
    ])
    settings = settings_from_args(args, env={})
    assert settings.database_url == "sqlite:///x.db" and settings.port == 9999
    assert settings.dispatch is False and settings.tls_key == Path("k.pem")
    assert settings.enrolment_code_ttl == timedelta(hours=1)
    options = {a.dest for a in parser._actions}
    assert {"smtp_password", "sms_gateway_token", "keys_json"}.isdisjoint(options)
    with pytest.raises(SystemExit):
        parser.parse_args(["--smtp-password", "x"])
