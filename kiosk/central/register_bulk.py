"""Bulk writes of the register import: new voters and changed voters, a chunk at a time.

An executemany would send one statement per row; these send one COPY (PostgreSQL) or a few
multi-row statements per chunk, which is what lets a national register load in about a minute.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy.orm import Session

from kiosk.store.models import Voter


def bulk_insert(session: Session, rows: list[dict[str, object]]) -> None:
    """New voters in bulk: COPY on PostgreSQL, executemany on SQLite."""
    table = cast(Table, Voter.__table__)
    _apply_python_defaults(rows)
    columns = list(rows[0])
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in columns)
        raw = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
            f"COPY {table.name} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
        return
    # SQLite runs in-process: a plain executemany of one cached statement is the fast path (a
    # multi-row VALUES statement costs more to compile than SQLite takes to insert the rows).
    connection.execute(insert(table), rows)


def _apply_python_defaults(rows: list[dict[str, object]]) -> None:
    """COPY and multi-row VALUES bypass the model's Python-side defaults: apply them here."""
    for column in Voter.__table__.columns:
        default: Any = column.default  # a ScalarElementColumnDefault or a CallableColumnDefault
        if column.key in rows[0] or default is None:
            continue
        if getattr(default, "is_scalar", False):
            for row in rows:
                row[column.key] = default.arg
        elif getattr(default, "is_callable", False):
            for row in rows:
                row[column.key] = default.arg(None)


_UPDATED = ("id", "last_name", "first_name", "email", "establishment", "birth_date_enc",
            "change_seq", "updated_at")


def bulk_update(session: Session, rows: list[dict[str, object]]) -> None:
    """Changed voters in bulk. PostgreSQL: COPY into a temporary table shaped like ``voters``,
    then one UPDATE ... FROM. Elsewhere: executemany by primary key (SQLite runs in-process)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in _UPDATED)
        connection.exec_driver_sql(
            # Names are this module's constants, never input.
            f"CREATE TEMPORARY TABLE import_updates ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {names} FROM {Voter.__tablename__} WITH NO DATA"
        )
        raw = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
            f"COPY import_updates ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row([row.get(name) for name in _UPDATED])
        assignments = ", ".join(
            f'"{name}" = COALESCE(u."{name}", v."{name}")' if name == "birth_date_enc"
            else f'"{name}" = u."{name}"'
            for name in _UPDATED[1:]
        )
        connection.exec_driver_sql(
            f"UPDATE {Voter.__tablename__} AS v SET {assignments} "  # noqa: S608
            "FROM import_updates AS u "
            "WHERE v.id = u.id"
        )
        return
    # executemany needs the same columns in every parameter set.
    for group in ([r for r in rows if "birth_date_enc" in r],
                  [r for r in rows if "birth_date_enc" not in r]):
        if group:
            session.execute(update(Voter), group)
