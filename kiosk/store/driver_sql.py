"""INSERTs compiled once per dialect and run as driver SQL, for rows written once and never read
back in the same transaction: the kiosk's outbox records and the audit chain's entries.

Executing a statement object (``session.execute(insert(table), rows)``) rebuilds its cache key
to look it up in the compiled cache, and sets up parameter and result processing, on every call:
on a durable kiosk commit that was most of the CPU beside the fsync
(benchmarks/bench_outbox_write.py). Here the SQL text comes from the same statement compiled by
the same dialect, and each value goes through its column type's own bind processing (a
``TypeDecorator``'s first, then the dialect's), so the row written is the one
``session.execute`` wrote (``tests/store/test_driver_sql.py`` compares them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert
from sqlalchemy.orm import Session


def flushed_connection(session: Session) -> Connection:
    """``session``'s connection, once the rows the caller staged are flushed: what
    ``session.execute`` does first (autoflush), and driver SQL does not."""
    if session.autoflush:
        session.flush()
    return session.connection()


@dataclass(frozen=True)
class CompiledInsert:
    sql: str
    positional: bool
    # Each bound column in the statement's order, with its type's conversion (None: as is).
    fields: tuple[tuple[str, Callable[[Any], Any] | None], ...]

    def parameters(self, row: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        if self.positional:
            return tuple([row[key] if convert is None else convert(row[key])
                          for key, convert in self.fields])
        return {key: row[key] if convert is None else convert(row[key])
                for key, convert in self.fields}

    def execute(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (each with every column of the statement) in ``connection``'s
        transaction: one execution for one row, one executemany for several."""
        if len(rows) == 1:
            connection.exec_driver_sql(self.sql, self.parameters(rows[0]))
        elif rows:
            connection.exec_driver_sql(self.sql, [self.parameters(row) for row in rows])


@functools.lru_cache(maxsize=32)
def compiled_insert(table: Table, columns: tuple[str, ...], dialect: Dialect) -> CompiledInsert:
    """The INSERT of ``columns`` into ``table`` for ``dialect``; cached, so that each writer
    compiles it once per engine's dialect. A column left out gets NULL or its server default:
    one with a Python-side default, which only SQLAlchemy's own execution applies, is refused."""
    defaulted = [c.key for c in table.columns if c.key not in columns and c.default is not None]
    if defaulted:
        raise ValueError(f"{table.name}: {defaulted} have Python-side defaults: give them")
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    positional = bool(compiled.positional)
    keys = tuple(compiled.positiontup or ()) if positional else columns
    if sorted(keys) != sorted(columns):
        raise ValueError(f"{table.name}: the compiled INSERT binds {keys}, not {columns}")
    return CompiledInsert(compiled.string, positional, tuple(
        (key, table.c[key].type.dialect_impl(dialect).bind_processor(dialect)) for key in keys))
