"""INSERTs compiled once and run as driver SQL write the very rows SQLAlchemy's own execution
writes, on SQLite and PostgreSQL; a column they would silently leave without its Python-side
default is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import pytest
from sqlalchemy import Engine, Table, insert, select
from sqlalchemy.orm import Session

from kiosk.services import outbox
from kiosk.store import audit
from kiosk.store.crypto import KeyRing
from kiosk.store.driver_sql import compiled_insert
from kiosk.store.engine import make_engine, upgrade
from kiosk.store.models import AuditEntry, OutboxRecord, Voter

OUTBOX = cast(Table, OutboxRecord.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
# Not UTC on purpose: the column's own type must convert it, as SQLAlchemy's execution does.
PARIS_WINTER = timezone(timedelta(hours=1))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _outbox_row(record_id: str, voter_id: int | None) -> dict[str, Any]:
    return {"id": record_id, "kind": outbox.REISSUE, "payload_enc": "v1:sealed « é »",
            "created_at": datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=PARIS_WINTER),
            "state": outbox.PENDING, "voter_id": voter_id, "phone_hash": None,
            "reference": "ABCDEFGHJKLMNPQR", "agent": "agent.dupont", "attempts": 0}


def _stored(engine: Engine, table: Table, key: str, value: Any) -> tuple[Any, ...]:
    """The row as the database holds it, read without any type processing."""
    with engine.connect() as connection:
        compiled = select(table).where(table.c[key] == value).compile(
            dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        row = connection.exec_driver_sql(str(compiled)).one()
    return tuple(row)


def _without(row: tuple[Any, ...], table: Table, key: str) -> tuple[Any, ...]:
    index = [c.key for c in table.columns].index(key)
    return row[:index] + row[index + 1:]


def test_an_outbox_row_is_stored_as_sqlalchemy_stores_it(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        session.execute(insert(OUTBOX), [_outbox_row("by-sqlalchemy", 7)])
        connection = session.connection()
        compiled_insert(OUTBOX, outbox._COLUMNS, connection.dialect).execute(
            connection, [_outbox_row("by-driver", 7)])
    theirs = _stored(engine, OUTBOX, "id", "by-sqlalchemy")
    ours = _stored(engine, OUTBOX, "id", "by-driver")
    assert _without(ours, OUTBOX, "id") == _without(theirs, OUTBOX, "id")
    with Session(engine) as session:  # and read back through the model, in UTC
        row = session.get(OutboxRecord, "by-driver")
        assert row is not None
        assert row.created_at == datetime(2026, 11, 20, 8, 30, 15, 123456, tzinfo=UTC)
        assert row.created_at.tzinfo is UTC


def test_audit_entries_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    at = datetime(2026, 11, 20, 9, 30, tzinfo=PARIS_WINTER)
    rows = [{"seq": seq, "at": at, "actor": "kiosk:borne-1", "action": "request.recorded",
             "subject": "voter:1", "details_json": '{"é":1}', "prev_hash": "0" * 64,
             "hash": f"{seq:064x}"} for seq in (1, 2, 3, 4)]
    with Session(engine) as session, session.begin():
        session.execute(insert(AUDIT), rows[:2])  # an executemany each way
        connection = session.connection()
        compiled_insert(AUDIT, audit._COLUMNS, connection.dialect).execute(connection, rows[2:])
    keys = [c.key for c in AUDIT.columns]
    same = [i for i, key in enumerate(keys) if key not in ("seq", "hash")]
    for theirs, ours in ((1, 3), (2, 4)):
        stored_theirs = _stored(engine, AUDIT, "seq", theirs)
        stored_ours = _stored(engine, AUDIT, "seq", ours)
        assert [stored_ours[i] for i in same] == [stored_theirs[i] for i in same]
        assert stored_ours[keys.index("hash")] == f"{ours:064x}"


def test_append_and_add_flush_what_the_caller_staged_first(engine: Engine) -> None:
    """``session.execute`` autoflushed before the chain's read and write; driver SQL does not,
    so ``append`` and ``outbox.add`` flush themselves: a voter staged just before is written
    first, in the same transaction."""
    with Session(engine) as session, session.begin():
        voter = Voter(numen_hash="f" * 64, numen_enc="sealed", birth_date_enc="sealed",
                      last_name="Martin", first_name="Élodie",
                      email="elodie.martin@ac-dijon.fr", establishment="0211234C")
        session.add(voter)
        audit.append(session, actor="agent:a", action="voter.added", subject="voter:new")
        assert voter.id is not None  # flushed by the append, before its own statements
        session.add(Voter(numen_hash="e" * 64, numen_enc="sealed", birth_date_enc="sealed",
                          last_name="Durand", first_name="Paul",
                          email="paul.durand@ac-dijon.fr", establishment="0211234C"))
        staged = outbox.add(session, KeyRing.generate(), kind=outbox.REISSUE, payload={},
                            created_at=datetime.now(UTC), voter_id=voter.id)
        assert not session.new  # the second voter went first too
    with Session(engine) as session:
        assert session.get(OutboxRecord, staged.id) is not None
        assert session.scalar(select(Voter.id).where(Voter.numen_hash == "e" * 64))
        assert audit.verify(session) == []


def test_a_column_with_a_python_default_must_be_given(engine: Engine) -> None:
    with pytest.raises(ValueError, match="created_at"):
        compiled_insert(OUTBOX, tuple(k for k in outbox._COLUMNS if k != "created_at"),
                        engine.dialect)
