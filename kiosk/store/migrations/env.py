"""Alembic environment: run by ``kiosk.store.engine.upgrade`` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from kiosk.store import models  # noqa: F401  (registers the tables)
from kiosk.store.base import Base

config = context.config
target_metadata = Base.metadata
_LOCK = 0x6B696F736C  # migrations of two processes starting together must not interleave


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK})
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK})


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
