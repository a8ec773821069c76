"""Engines for both sides: SQLite (kiosk, embedded centre) and PostgreSQL (centre at scale).

SQLite runs in WAL mode with ``synchronous=FULL`` (a commit survives a power cut) and every
transaction starts ``BEGIN IMMEDIATE``: the write lock is taken up front, so two deciders never
both read a voter and then both write (SQLite's row lock, in effect) and no transaction fails
late on an upgrade from read to write. Work that only reads can say so (``read_only``) and
begin deferred, so that it does not queue behind the writers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The two assignments Alembic reads from each migration script (see ``head_revisions``).
_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]\s*$""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled PostgreSQL connection that sat unused this long is checked (``SELECT 1``) before use.
IDLE_PING_S = 5.0
_READ_ONLY: ContextVar[bool] = ContextVar("kiosk_store_read_only", default=False)


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    # The dialect's own begin hook rather than a "begin" event listener: SQLAlchemy calls it
    # with the driver connection and wraps its errors like any other ("database is locked"
    # stays an OperationalError), and an engine with no connection event skips the event
    # dispatch on every statement, begin and commit. With a listener the BEGIN alone went
    # through a whole statement execution: together about a sixth of a durable outbox write
    # (benchmarks/bench_outbox_write.py).
    engine.dialect.do_begin = _begin_immediate  # type: ignore[method-assign]


def _begin_immediate(dbapi_connection: Any) -> None:
    dbapi_connection.execute("BEGIN" if _READ_ONLY.get() else "BEGIN IMMEDIATE")


@contextmanager
def read_only() -> Iterator[None]:
    """SQLite transactions begun in this block (in this thread or task) take no write lock: a
    plain deferred ``BEGIN``, which in WAL mode reads a consistent snapshot without waiting for
    a writer. For work that only reads: a write there would have to upgrade the lock, which
    SQLite refuses (``database is locked``) when another transaction wrote meanwhile. Without
    it, a token check or ``/healthz`` on the SQLite centre waited behind every decision, and
    behind a whole register import for up to the busy timeout. No effect on PostgreSQL."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("hide_parameters", True)
        kwargs.setdefault("connect_args", {"check_same_thread": False,
                                           "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        engine = create_engine(url, **kwargs)
        _sqlite_setup(engine)
        return engine
    # Error texts must never carry bound values (a NUMEN, a phone) into a log.
    kwargs.setdefault("hide_parameters", True)
    # As many connections kept as the API has worker threads (anyio's 40): a pool smaller than
    # that opened and closed a connection per request under load (bench_contention).
    kwargs.setdefault("pool_size", 40)
    kwargs.setdefault("max_overflow", 10)
    engine = create_engine(url, **kwargs)
    if "pool_pre_ping" not in kwargs:
        _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """A connection that sat in the pool over ``IDLE_PING_S`` is pinged before use, and on a
    failed ping the whole pool is renewed (the server restarted, or dropped its idle sessions),
    so the request that follows gets a live connection instead of an error.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one more round trip per statement
    group, two per push (the token check, the decision); without them one API process decided
    3 to 11 % more per second under load (bench_contention, alternated). A connection back in
    the pool a moment ago is used as is: if the server went away in that moment, its first
    statement fails with a 503 the kiosk sends again, and that failure renews the pool too."""
    dialect = engine.dialect

    @event.listens_for(engine.pool, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return  # new, or just used
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool replaces this connection, and every one opened before now, then retries.
            raise InvalidatePoolError("idle connection lost") from exc


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def head_revisions(directory: Path = MIGRATIONS) -> frozenset[str] | None:
    """The head revision ids of the migration scripts, read from their text without importing
    Alembic (~0.1 s and several MiB, on every start of the kiosk, for nothing once the schema is
    current); None when a script is not in the plain form Alembic generates, so the caller
    asks Alembic instead. ``tests/store/test_schema_head.py`` checks it against Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((directory / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0] != "None":
            named = _QUOTED.findall(down[0])
            if not named:
                return None
            parents.update(named)
    heads = frozenset(revisions - parents)
    return heads if heads and parents <= revisions else None


def _at_head(connection: Connection) -> bool:
    """True when the database's ``alembic_version`` names exactly the scripts' heads."""
    heads = head_revisions()
    if heads is None or not inspect(connection).has_table("alembic_version"):
        return False
    stored = {row[0] for row in connection.exec_driver_sql(
        "SELECT version_num FROM alembic_version")}
    return stored == heads


def upgrade(url_or_engine: str | Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (every program start does this). A database already at
    the head is left alone without loading Alembic."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        if revision == "head":
            # A read: on a SQLite file that a running centre or kiosk writes, it must not wait
            # for the write lock (every command of kiosk-central starts here).
            with read_only(), engine.connect() as connection:
                at_head = _at_head(connection)
                connection.rollback()
            if at_head:
                return
        with engine.connect() as connection:
            from alembic import command

            config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()
