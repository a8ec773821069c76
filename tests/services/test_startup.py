"""What every start of the kiosk does: log to a rotating file in its data directory (with no
personal data in it), and bring an old database to the current schema."""

from __future__ import annotations

import logging
import logging.handlers
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kiosk.services import logs
from kiosk.services.paths import load_config, save_config
from kiosk.store.engine import alembic_config
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import (
    add_voters,
    enrolled_kiosk,
    new_phone,
    new_voter,
    submit,
)
from tests.fixtures.leaks import collect_file


@pytest.fixture
def clean_logging() -> Iterator[None]:
    yield
    logs.teardown_logging()


def kiosk_command(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    collect_file(logs.log_file(directory))  # the leak scanner reads it at the end of the run
    return subprocess.run(
        [sys.executable, "-m", "kiosk.ui.main", "--data-dir", str(directory), *args],
        capture_output=True, text=True, timeout=120, check=False)


def test_the_log_file_rotates_at_one_megabyte_five_times(tmp_path: Path,
                                                         clean_logging: None) -> None:
    path = logs.setup_logging(tmp_path)
    assert path == tmp_path / "logs" / "kiosk.log"
    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(handlers) == 1
    assert (handlers[0].maxBytes, handlers[0].backupCount) == (1024 * 1024, 5)
    assert Path(handlers[0].baseFilename) == path
    logs.setup_logging(tmp_path)  # a second start in one process does not log twice
    assert len([h for h in logging.getLogger().handlers
                if isinstance(h, logging.handlers.RotatingFileHandler)]) == 1


def test_the_file_masks_what_looks_like_personal_data() -> None:
    """Belt and braces: a careless log line never puts a NUMEN or a phone in the file. The
    record is formatted directly (not logged), so the suite's own scanner does not see it."""
    formatter = logs.RedactingFormatter(logs.FORMAT)
    record = logging.LogRecord(
        "kiosk.test", logging.WARNING, __file__, 1,
        "voter %s born %s phone %s id %s token %s", ("01E9501234ABC", "15/03/1975",
                                                     "+33612345678", "68WMEUWD5AEJ",
                                                     "a" * 43), None)
    text = formatter.format(record)
    for secret in ("01E9501234ABC", "15/03/1975", "+33612345678", "68WMEUWD5AEJ", "a" * 43):
        assert secret not in text
    assert text.count("[masqué]") == 5 and "kiosk.test" in text


def test_sync_and_its_failure_are_in_the_log_file(ready_centre: Centre, tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    directory = tmp_path / "kiosk"
    app = enrolled_kiosk(ready_centre, directory)
    try:
        submit(app, voter, new_phone())
    finally:
        app.close()
    done = kiosk_command(directory, "sync")  # pulls the register: NUMENs cross the process
    assert done.returncode == 0, done.stdout + done.stderr
    save_config(directory, load_config(directory).with_changes(
        centre_url=f"https://127.0.0.1:{free_port()}"))
    done = kiosk_command(directory, "sync")
    assert done.returncode == 2
    text = logs.log_file(directory).read_text(encoding="utf-8")
    assert text.count("INFO kiosk: kiosk ") == 2 and "started (sync)" in text
    assert "INFO kiosk.services.sync: sync failed: Centre injoignable" in text
    assert "HTTP Request" not in text  # httpx's line per call stays out


def test_an_old_empty_database_gets_the_schema_on_start(ready_centre: Centre,
                                                        tmp_path: Path) -> None:
    directory = tmp_path / "kiosk"
    enrolled_kiosk(ready_centre, directory, sign_in=False).close()
    database = directory / "kiosk.db"
    for path in (database, directory / "kiosk.db-wal", directory / "kiosk.db-shm"):
        path.unlink(missing_ok=True)
    sqlite3.connect(database).close()  # an empty SQLite file, as an old install left it
    assert _tables(database) == set()

    done = kiosk_command(directory, "sync")
    assert done.returncode == 0, done.stdout + done.stderr
    head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{database}")).get_current_head()
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == \
            [(head,)]
        synced = connection.execute("SELECT last_sync_at, agents_json FROM sync_state").fetchall()
        assert len(synced) == 1 and synced[0][0] and "agent.dupont" in synced[0][1]
    finally:
        connection.close()
    assert {"outbox", "voters", "sync_state", "audit_entries"} <= _tables(database)
    assert "Running upgrade" in logs.log_file(directory).read_text(encoding="utf-8")


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def test_the_window_starts_logs_and_reports_its_first_screen(tmp_path: Path) -> None:
    """What benchmarks/bench_bundle.py relies on: with KIOSK_STARTUP_PROBE set, the window
    prints the time its first screen is up and quits (here: enrolment, a fresh kiosk)."""
    import os
    import time

    env = dict(os.environ, KIOSK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    collect_file(logs.log_file(tmp_path))
    before = time.time()
    done = subprocess.run([sys.executable, "-m", "kiosk.ui.main", "--data-dir", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    printed = [line.split() for line in done.stdout.splitlines()
               if line.startswith("KIOSK_STARTUP_PROBE ")]
    assert len(printed) == 1 and before < float(printed[0][1]) < time.time()
    assert "started (window)" in logs.log_file(tmp_path).read_text(encoding="utf-8")
