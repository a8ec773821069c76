"""Migrations from empty to head, and the models match what the migrations build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, inspect
from sqlalchemy.exc import OperationalError

from kiosk.store.base import Base
from kiosk.store.engine import make_engine, read_only, upgrade


def test_upgrade_from_empty_to_head_and_models_match(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)  # a second start finds nothing to do
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert set(Base.metadata.tables) <= tables
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], differences
    finally:
        engine.dispose()


def test_sqlite_runs_wal_full_sync_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.fixture
def two_engines(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two engines on one SQLite file, the second giving up on a lock after 50 ms."""
    url = f"sqlite:///{tmp_path / 'k.db'}"
    upgrade(url)
    first, second = make_engine(url), make_engine(url)

    @event.listens_for(second, "connect")
    def _short_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    yield first, second
    first.dispose()
    second.dispose()


def test_sqlite_transactions_take_the_write_lock_at_begin(
        two_engines: tuple[Engine, Engine]) -> None:
    """A transaction that has only read still holds the write lock (``BEGIN IMMEDIATE``), so a
    second writer waits at its BEGIN; when the wait runs out, callers get SQLAlchemy's
    ``OperationalError`` (what the services turn into a French message)."""
    first, second = two_engines
    with first.begin() as reader:
        reader.exec_driver_sql("SELECT count(*) FROM outbox").scalar()
        with pytest.raises(OperationalError, match="locked"), second.begin():
            pass
    with second.begin() as writer:  # the lock is free again once the first commits
        writer.exec_driver_sql("SELECT count(*) FROM outbox").scalar()


def test_sqlite_reads_marked_read_only_do_not_wait_for_the_writer(
        two_engines: tuple[Engine, Engine]) -> None:
    """Inside ``read_only()`` a transaction begins deferred: it reads what is committed while
    another holds the write lock, and a write there is refused rather than queued; outside,
    transactions take the lock at BEGIN again."""
    writer_engine, reader_engine = two_engines
    with writer_engine.begin() as writer:
        writer.exec_driver_sql("INSERT INTO change_counter (id, value) VALUES (99, 7)")
        with read_only(), reader_engine.begin() as reader:
            seen = reader.exec_driver_sql(
                "SELECT count(*) FROM change_counter WHERE id = 99").scalar()
            assert seen == 0  # the writer has not committed
            with pytest.raises(OperationalError, match="locked"):
                reader.exec_driver_sql("DELETE FROM change_counter")
        with pytest.raises(OperationalError, match="locked"), reader_engine.begin():
            pass  # not read-only: BEGIN IMMEDIATE waits for the writer, and gives up
    with reader_engine.connect() as reader:
        assert reader.exec_driver_sql(
            "SELECT value FROM change_counter WHERE id = 99").scalar() == 7


def test_revision_0006_drops_the_unused_voter_indexes_and_keeps_the_voters(
        database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from kiosk.store.engine import alembic_config

    config = alembic_config(database_url)
    command.upgrade(config, "0005")
    engine = make_engine(database_url)
    voter = {"h": "a" * 64, "n": "x", "b": "y", "l": "Martin", "f": "Élodie",
             "e": "elodie.martin@ac-dijon.fr", "u": "0211234C"}
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO voters (numen_hash, numen_enc, birth_date_enc, last_name, "
                "first_name, email, establishment, requests_used, id_version, failed_checks, "
                "change_seq, updated_at) VALUES (:h, :n, :b, :l, :f, :e, :u, 2, 1, 0, 7, "
                "CURRENT_TIMESTAMP)"), voter)

        def indexes() -> set[str]:
            with engine.connect() as connection:
                return {str(i["name"]) for i in inspect(connection).get_indexes("voters")}

        assert {"ix_voters_last_name", "ix_voters_email"} <= indexes()
        upgrade(database_url)
        left = indexes()
        assert not {"ix_voters_last_name", "ix_voters_email"} & left
        assert {"ix_voters_establishment", "ix_voters_change_seq", "ix_voters_search_key"} <= left
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT last_name, email, requests_used, change_seq FROM voters")).one()
        assert tuple(row) == ("Martin", "elodie.martin@ac-dijon.fr", 2, 7)
        command.downgrade(config, "0005")
        assert {"ix_voters_last_name", "ix_voters_email"} <= indexes()
    finally:
        engine.dispose()
