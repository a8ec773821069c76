"""Durable outbox write: one record committed to the kiosk store (WAL, synchronous=FULL)
against a raw ``sqlite3`` single-row commit with the same settings, in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_outbox_write [--count N]``.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import machine, per_second, report
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker, sqlite_url, upgrade
from kiosk.store.models import OutboxRecord

PAYLOAD = '{"numen": "01E9501234ABC", "birth_date": "1975-03-15", "phone": "+33612345678"}'


def raw_commits(path: Path, count: int) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, kind TEXT, payload TEXT, created TEXT)")
    start = time.perf_counter()
    for _ in range(count):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t VALUES (?, ?, ?, ?)",
                   (str(uuid.uuid4()), "reissue_request", PAYLOAD, "2026-11-23T10:00:00"))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def outbox_commits(path: Path, count: int) -> float:
    url = sqlite_url(path)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    ring = KeyRing.generate()
    start = time.perf_counter()
    for _ in range(count):
        with sessions() as session, session.begin():
            session.add(OutboxRecord(id=str(uuid.uuid4()), kind="reissue_request",
                                     payload_enc=ring.encrypt(PAYLOAD), state="pending"))
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as tmp:
        baseline = raw_commits(Path(tmp) / "raw.db", count)
        ours = outbox_commits(Path(tmp) / "kiosk.db", count)
    print(f"machine: {machine()}")
    report("durable outbox write",
           f"{per_second(count, ours):,.0f} records/s ({ours / count * 1000:.2f} ms each)",
           f"raw sqlite3 {per_second(count, baseline):,.0f} commits/s",
           ours / baseline, "ratio <= 2")


if __name__ == "__main__":
    main()
