"""Bulk writes of the register import: new voters and changed voters, a chunk at a time.

An executemany through SQLAlchemy would process every parameter of every row in Python; these
send one COPY (PostgreSQL) or one driver-level executemany (SQLite) per chunk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, DateTime, Integer, Row, String, Table, TypeDecorator, update
from sqlalchemy.orm import Session

from kiosk.store.models import Voter


def existing_voters(session: Session, numen_hashes: list[str]) -> Sequence[Row[Any]]:
    """The voters of a chunk that are already there: id, numen_hash, names, e-mail,
    establishment, encrypted birth date. One parameter on PostgreSQL (an array), one ``?``
    per hash on SQLite: SQLAlchemy's expanding IN compiles a bind (and a cast) per hash, which
    cost more than the query.

    On PostgreSQL the array travels as its text, ``{h1,h2,...}``: psycopg's dump of a Python
    list costs ~3 µs an element, a twentieth of a whole import. The hashes are our own hex
    digests (from the sealed spool), so there is nothing to quote; anything else is refused."""
    connection = session.connection()
    params: tuple[str, ...]
    if connection.dialect.name == "postgresql":
        literal = "{" + ",".join(numen_hashes) + "}"
        if not _HEX_ARRAY.fullmatch(literal):
            raise ValueError("a NUMEN hash is not a hex digest")
        where, params = "= ANY(%s::text[])", (literal,)
    else:
        where, params = f"IN ({', '.join('?' for _ in numen_hashes)})", tuple(numen_hashes)
    return connection.exec_driver_sql(
        # Names are the model's, never input; the hashes are bound.
        "SELECT id, numen_hash, last_name, first_name, email, establishment, birth_date_enc "  # noqa: S608
        f"FROM {Voter.__tablename__} WHERE numen_hash {where}",
        params,
    ).all()


_HEX_ARRAY = re.compile(r"\{(?:[0-9a-f]{64}(?:,[0-9a-f]{64})*)?\}")  # HMAC-SHA256, hex


def bulk_insert(session: Session, columns: Sequence[str], rows: list[tuple[object, ...]],
                constants: dict[str, object]) -> None:
    """New voters in bulk: ``rows`` give ``columns``; ``constants`` are the same in every row.
    COPY on PostgreSQL, one driver-level executemany on SQLite. Both bypass SQLAlchemy's
    per-row parameter processing: the model's Python-side defaults and column types are
    applied here, once per chunk, to the constants (the row values are all plain text and
    integers, which need no conversion)."""
    table = cast(Table, Voter.__table__)
    connection = session.connection()
    dialect = connection.dialect
    fixed = dict(constants)
    for column in table.columns:
        default: Any = column.default  # a ScalarElementColumnDefault or a CallableColumnDefault
        if column.key in fixed or column.key in columns or default is None:
            continue
        if getattr(default, "is_scalar", False):
            fixed[column.key] = default.arg
        elif getattr(default, "is_callable", False):
            fixed[column.key] = default.arg(None)
    for key, value in fixed.items():
        process = table.c[key].type.bind_processor(dialect)
        fixed[key] = process(value) if process is not None else value
    names = [*columns, *fixed]
    tail = tuple(fixed.values())
    quoted = ", ".join(f'"{name}"' for name in names)
    if dialect.name == "postgresql":
        # Binary COPY: a third of the client's CPU of text COPY (no formatting of each value).
        raw = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
            f"COPY {table.name} ({quoted}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types([_binary_type(table.c[name].type) for name in names])
            for row in rows:
                copy.write_row(row + tail)
        return
    # SQLite runs in-process: one executemany of one statement, fed plain tuples.
    marks = ", ".join("?" for _ in names)
    connection.exec_driver_sql(
        # Names are the model's, never input; values are bound.
        f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})",  # noqa: S608
        [row + tail for row in rows],
    )


def _binary_type(column_type: Any) -> str:
    """The PostgreSQL type a binary COPY must send for a column (a binary value of another
    type, int4 for an int8 column say, is refused by the server)."""
    impl = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
    if isinstance(impl, BigInteger):
        return "int8"
    if isinstance(impl, Integer):
        return "int4"
    if isinstance(impl, DateTime):
        return "timestamptz" if impl.timezone else "timestamp"
    if isinstance(impl, String):  # Text too; varchar and text travel alike
        return "text"
    raise TypeError(f"no binary COPY type for {column_type!r}")


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
