"""PostgreSQL pooled connections: pinged before use only after sitting idle, and a lost one
(its server session ended, as after a restart or an idle timeout) replaced with every
connection of the pool before the statement runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from kiosk.store import engine as store_engine
from kiosk.store.engine import make_engine
from tests.fixtures.postgres import backend_pid, terminate_backends

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pings the pool sends, counted at the dialect's own ping."""
    sent: list[int] = []
    real_ping = pg_engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        sent.append(1)
        return bool(real_ping(dbapi_connection))

    monkeypatch.setattr(pg_engine.dialect, "do_ping", counted)
    return sent


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return backend_pid(connection)


def test_a_connection_just_used_is_not_pinged(pg_engine: Engine, pings: list[int]) -> None:
    first = _backend_pid(pg_engine)
    for _ in range(5):
        assert _backend_pid(pg_engine) == first  # the same pooled connection, as it was
    assert pings == []


def test_an_idle_connection_is_pinged_and_a_lost_one_replaced_before_use(
        pg_engine: Engine, pings: list[int], postgres_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = _backend_pid(pg_engine)
    monkeypatch.setattr(store_engine, "IDLE_PING_S", 0.0)  # every pooled connection is "idle"
    assert _backend_pid(pg_engine) == first
    assert len(pings) == 1

    terminate_backends(postgres_url, first)
    replaced = _backend_pid(pg_engine)  # no error reaches the caller
    assert replaced != first
    assert len(pings) == 2  # the failed one; the new connection is used without a ping


def test_a_failed_ping_renews_the_whole_pool(pg_engine: Engine, pings: list[int],
                                            postgres_url: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with pg_engine.connect() as one, pg_engine.connect() as two:
        old = {backend_pid(c) for c in (one, two)}
    assert len(old) == 2
    terminate_backends(postgres_url, *old)
    monkeypatch.setattr(store_engine, "IDLE_PING_S", 0.0)
    with pg_engine.connect() as one, pg_engine.connect() as two:
        new = {backend_pid(c) for c in (one, two)}
    assert new.isdisjoint(old) and len(new) == 2
    # One ping found the server session gone; the other connection, opened before that, was
    # replaced without being pinged.
    assert len(pings) == 1


def test_an_explicit_pre_ping_is_left_to_sqlalchemy(postgres_url: str) -> None:
    engine = make_engine(postgres_url, pool_pre_ping=True)
    try:
        assert engine.pool._pre_ping
        assert not engine.pool.dispatch.checkout
    finally:
        engine.dispose()
    engine = make_engine(postgres_url)
    try:
        assert not engine.pool._pre_ping and engine.pool.dispatch.checkout
    finally:
        engine.dispose()
