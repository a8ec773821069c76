"""``kiosk doctor`` against real centres over TLS: reachable, closed port, a centre whose
certificate the kiosk does not trust, a revoked kiosk; and the local checks (configuration,
secrets, printer, database, records waiting, free disk), each with its exit status."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.services.doctor import Probes, run_checks
from kiosk.services.doctor_model import Check, Level, exit_status, render
from kiosk.services.doctor_records import records_checks
from kiosk.services.logs import log_file
from kiosk.services.paths import CONFIG_NAME, database_path, load_config, save_config
from kiosk.store.base import utcnow
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import (
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    submit,
)
from tests.fixtures.leaks import collect_file

GB = 1024**3
ALL_WELL = Probes(printers=lambda: ["Secrétariat", "Salle des profs"],
                  free_bytes=lambda _p: 50 * GB)


def by_title(checks: list[Check]) -> dict[str, Check]:
    return {c.title: c for c in checks}


def enrolled_dir(centre: Centre, directory: Path) -> Path:
    enrolled_kiosk(centre, directory, sign_in=False).close()
    return directory


def point_at(directory: Path, url: str) -> None:
    save_config(directory, load_config(directory).with_changes(centre_url=url))


def flat(text: str) -> str:
    """The report with its line wrapping and column padding undone."""
    return " ".join(text.split())


def run_doctor(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``kiosk doctor`` as a person runs it: a new process (same keyring choice as the tests)."""
    collect_file(log_file(directory))
    return subprocess.run(
        [sys.executable, "-m", "kiosk.ui.main", "--data-dir", str(directory), "doctor", *args],
        capture_output=True, text=True, timeout=120, check=False)


def test_reachable_centre_every_check_ok(module_centre: Centre, tmp_path: Path) -> None:
    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    checks = run_checks(directory, ALL_WELL)
    assert [c.title for c in checks] == [
        "Configuration", "Trousseau de clés", "Centre", "Certificat TLS", "Horloge",
        "Jeton de la borne", "Imprimante", "Base locale", "Envois en attente", "À suivre",
        "Espace disque"]
    assert all(c.level is Level.OK for c in checks), render(checks)
    assert exit_status(checks) == 0
    found = by_title(checks)
    assert "base de données est disponible" in found["Centre"].explanation
    assert "fichier chiffré de la borne" in found["Trousseau de clés"].explanation
    assert "« Secrétariat » (et 1 autre(s))" in found["Imprimante"].explanation
    assert "Résultat : tout est en ordre." in render(checks)


def test_clock_skew_above_two_minutes_needs_attention(module_centre: Centre,
                                                      tmp_path: Path) -> None:
    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    behind = Probes(printers=ALL_WELL.printers, free_bytes=ALL_WELL.free_bytes,
                    clock=lambda: utcnow() - timedelta(minutes=5))
    checks = run_checks(directory, behind)
    clock = by_title(checks)["Horloge"]
    assert clock.level is Level.ATTENTION
    assert "en retard d'environ 5 minute(s)" in clock.explanation and "NTP" in clock.fix
    assert exit_status(checks) == 1
    ahead = Probes(printers=ALL_WELL.printers, free_bytes=ALL_WELL.free_bytes,
                   clock=lambda: utcnow() + timedelta(seconds=90))
    assert by_title(run_checks(directory, ahead))["Horloge"].level is Level.OK


def test_closed_port_is_unreachable_and_records_are_waiting(
        make_centre: Callable[..., Centre], tmp_path: Path) -> None:
    centre = make_centre()
    voter = new_voter()
    prepare_centre(centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
    try:
        centre.kill()  # the port is closed now, as when the centre is down
        confirmation = submit(kiosk, voter, new_phone())
        assert confirmation.state == "en attente de synchronisation"
    finally:
        kiosk.close()
    done = run_doctor(tmp_path / "kiosk")
    assert done.returncode == 2, done.stdout + done.stderr
    out = flat(done.stdout)
    assert f"[ERREUR] Centre : {centre.base_url} refuse la connexion" in out
    assert "→ À faire : Vérifiez le câble ou le Wi-Fi" in out
    assert "Certificat TLS" not in out  # not judged: nothing answered
    assert "[ATTENTION] Envois en attente : 1 enregistrement(s) attendent" in out
    assert "Résultat : 1 erreur, " in out
    assert "started (doctor)" in log_file(tmp_path / "kiosk").read_text(encoding="utf-8")

    # A record the centre refused after the kiosk accepted it offline: « À suivre ».
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'kiosk' / 'kiosk.db'}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE outbox SET state = 'follow_up'"))
    engine.dispose()
    found = by_title(run_checks(tmp_path / "kiosk", ALL_WELL))
    assert found["Envois en attente"].level is Level.OK
    assert found["À suivre"].level is Level.ATTENTION
    assert "1 demande(s) refusée(s)" in found["À suivre"].explanation


def test_centre_with_a_certificate_the_kiosk_does_not_trust(
        module_centre: Centre, make_centre: Callable[..., Centre], tmp_path: Path) -> None:
    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    other = make_centre()  # its own development CA, not the one this kiosk pinned
    point_at(directory, other.base_url)
    done = run_doctor(directory)
    assert done.returncode == 2, done.stdout + done.stderr
    out = flat(done.stdout)
    assert f"[OK] Centre : {other.base_url} accepte les connexions." in out
    assert "[ERREUR] Certificat TLS : connexion refusée : le certificat présenté n'est pas " \
           "signé par l'autorité de certification configurée" in out
    assert "Horloge" not in out and "Jeton" not in out

    # Before enrolling, the same diagnosis with --centre/--ca; and with the right CA, all OK.
    fresh = tmp_path / "new"
    assert run_doctor(fresh, "--centre", other.base_url, "--ca",
                      str(module_centre.ca_file)).returncode == 2
    checks = run_checks(fresh, ALL_WELL, centre_url=other.base_url, ca_file=other.ca_file)
    assert by_title(checks)["Certificat TLS"].level is Level.OK
    assert exit_status(checks) == 1  # still not enrolled
    assert by_title(checks)["Configuration"].level is Level.ATTENTION


def test_revoked_kiosk_is_told_to_enrol_again(module_centre: Centre, tmp_path: Path) -> None:
    from kiosk.central.admin import revoke_kiosk
    from kiosk.store.engine import make_engine, make_sessionmaker

    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    engine = make_engine(module_centre.database_url)
    with make_sessionmaker(engine).begin() as session:
        revoke_kiosk(session, str(load_config(directory).kiosk_id), actor="test")
    engine.dispose()
    token = by_title(run_checks(directory, ALL_WELL))["Jeton de la borne"]
    assert token.level is Level.ERREUR
    assert "ne reconnaît plus cette borne" in token.explanation
    assert "nouveau code d'enrôlement" in token.fix


def test_a_kiosk_not_enrolled_says_so(tmp_path: Path) -> None:
    done = run_doctor(tmp_path / "new")
    assert done.returncode in (1, 2), done.stdout + done.stderr
    out = flat(done.stdout)
    assert "[ATTENTION] Configuration : la borne n'est pas encore enrôlée" in out
    assert "[OK] Centre" not in out and "[ERREUR] Centre" not in out
    checks = run_checks(tmp_path / "new", ALL_WELL)
    assert [c.title for c in checks] == ["Configuration", "Trousseau de clés", "Imprimante",
                                        "Espace disque"]
    assert exit_status(checks) == 1


@pytest.mark.parametrize(("free", "level"), [
    (150 * 1024**2, Level.ERREUR), (600 * 1024**2, Level.ATTENTION), (2 * GB, Level.OK)])
def test_free_disk_thresholds(tmp_path: Path, free: int, level: Level) -> None:
    probes = Probes(printers=ALL_WELL.printers, free_bytes=lambda _p: free)
    disk = by_title(run_checks(tmp_path, probes))["Espace disque"]
    assert disk.level is level
    assert exit_status([disk]) == int(level)


def test_no_printer_is_a_warning_worded_for_the_mode(tmp_path: Path) -> None:
    none = Probes(printers=lambda: [], free_bytes=ALL_WELL.free_bytes)
    office = by_title(run_checks(tmp_path, none))["Imprimante"]
    assert office.level is Level.ATTENTION and "plis confidentiels" in office.explanation
    save_config(tmp_path, load_config(tmp_path).with_changes(counter_mode=True))
    counter = by_title(run_checks(tmp_path, none))["Imprimante"]
    assert counter.level is Level.ATTENTION and "QR code" in counter.explanation


def test_broken_configuration_and_database_are_errors(module_centre: Centre,
                                                      tmp_path: Path) -> None:
    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    (directory / "kiosk.db").unlink()
    (directory / "kiosk.db").write_bytes(b"")  # an empty file: schema missing
    database = by_title(run_checks(directory, ALL_WELL))["Base locale"]
    assert database.level is Level.ATTENTION and "n'est pas à jour" in database.explanation
    (directory / "kiosk.db").write_bytes(b"this is not a database" * 100)
    database = by_title(run_checks(directory, ALL_WELL))["Base locale"]
    assert database.level is Level.ERREUR and "illisible" in database.explanation

    config = json.loads((directory / CONFIG_NAME).read_text(encoding="utf-8"))
    config["idle_lock_seconds"] = "cinq"
    (directory / CONFIG_NAME).write_text(json.dumps(config), encoding="utf-8")
    checks = run_checks(directory, ALL_WELL)
    assert by_title(checks)["Configuration"].level is Level.ERREUR
    assert exit_status(checks) == 2


def test_lost_device_token_is_an_error(module_centre: Centre, tmp_path: Path) -> None:
    from kiosk.services.secrets_store import DEVICE_TOKEN, SecretsStore

    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    SecretsStore(directory).delete(DEVICE_TOKEN)
    checks = run_checks(directory, ALL_WELL)
    keyring = [c for c in checks if c.title == "Trousseau de clés"]
    assert [c.level for c in keyring] == [Level.OK, Level.ERREUR]
    assert "jeton de la borne est absent" in keyring[1].explanation
    assert exit_status(checks) == 2


def test_doctor_options_go_together(tmp_path: Path) -> None:
    done = run_doctor(tmp_path, "--centre", "https://127.0.0.1:1")
    assert done.returncode == 2 and "--centre et --ca vont ensemble" in done.stderr
    unused = free_port()
    checks = run_checks(tmp_path, ALL_WELL, centre_url=f"http://127.0.0.1:{unused}",
                        ca_file=tmp_path / "missing.pem")
    assert by_title(checks)["Centre"].level is Level.ERREUR


def test_a_certificate_about_to_expire_needs_attention(
        make_centre: Callable[..., Centre], tmp_path: Path) -> None:
    from kiosk.central.certs import ensure_dev_certificates

    centre = make_centre(start=False)
    # Issued 350 days ago for 365 days: still valid, 15 days left, not yet renewed at start.
    ensure_dev_certificates(centre.settings.tls_dir, now=utcnow() - timedelta(days=350))
    centre.start()
    checks = run_checks(tmp_path, ALL_WELL, centre_url=centre.base_url, ca_file=centre.ca_file)
    tls = by_title(checks)["Certificat TLS"]
    assert tls.level is Level.ATTENTION
    assert "expire dans 14 jour(s)" in tls.explanation or \
        "expire dans 15 jour(s)" in tls.explanation
    assert "renouveler" in tls.fix
    assert by_title(checks)["Centre"].level is Level.OK


@pytest.mark.timeout(60)  # with the write lock wanted, the check would wait 30 s and fail
def test_the_database_checks_read_beside_a_kiosk_that_is_writing(module_centre: Centre,
                                                                 tmp_path: Path) -> None:
    directory = enrolled_dir(module_centre, tmp_path / "kiosk")
    writer = sqlite3.connect(database_path(directory), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the running kiosk, writing a request
        checks = by_title(records_checks(directory))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert checks["Base locale"].level is Level.OK, checks["Base locale"].explanation
    assert checks["Envois en attente"].level is Level.OK
