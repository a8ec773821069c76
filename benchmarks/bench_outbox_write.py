"""Durable outbox write: one re-issue request committed to the kiosk store (WAL,
synchronous=FULL) through the very function the services call (``kiosk.services.outbox.add``
in a transaction of the kiosk's ``LocalStore``), against a raw ``sqlite3`` single-row commit
with the same settings, in the same run.

A second figure adds the audit entry that ``submit_request`` commits in the same transaction.
Rounds alternate baseline and ours and the medians are compared, so a slow patch of the disk
(fsync time varies from one second to the next on a virtual disk) hits both alike.

Run: ``.venv/bin/python -m benchmarks.bench_outbox_write [--count N] [--quick]``.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks.common import machine, per_second, report
from kiosk.domain.decision import Channel, ReissueRequest
from kiosk.services import outbox
from kiosk.services.local_store import LocalStore
from kiosk.services.requests import reissue_payload
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing

PAYLOAD = '{"numen": "01E9501234ABC", "birth_date": "1975-03-15", "phone": "+33612345678"}'
ROUNDS = 5


def _user_cpu() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


class Timed:
    """Wall seconds of a block, and the user-mode CPU seconds in them: Python's and SQLite's
    own work; the rest is the kernel's and the disk's (the commit's ``fdatasync``)."""

    def __enter__(self) -> Timed:
        self.wall, self.cpu = time.perf_counter(), _user_cpu()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = _user_cpu() - self.cpu


class RawTable:
    """The baseline: one row per ``BEGIN IMMEDIATE ... COMMIT`` with plain ``sqlite3``."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, kind TEXT, payload TEXT, "
                        "created TEXT)")

    def commits(self, count: int) -> Timed:
        with Timed() as timed:
            for _ in range(count):
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute("INSERT INTO t VALUES (?, ?, ?, ?)",
                                (str(uuid.uuid4()), "reissue_request", PAYLOAD,
                                 "2026-11-23T10:00:00"))
                self.db.execute("COMMIT")
        return timed

    def close(self) -> None:
        self.db.close()


class KioskOutbox:
    """Ours: the kiosk's store, written the way ``submit_request`` writes it."""

    def __init__(self, directory: Path) -> None:
        self.ring = KeyRing.generate()
        self.store = LocalStore(directory, self.ring)
        request = ReissueRequest("01E9501234ABC", date(1975, 3, 15), "+33612345678",
                                 Channel.SMS, utcnow())
        self.payload = reissue_payload(request, "agent.dupont", "Carte nationale d'identité",
                                       "ABCDEFGHJKLMNPQR")
        self.created_at = request.created_at

    def commits(self, count: int, *, with_audit: bool = False) -> Timed:
        with Timed() as timed:
            for _ in range(count):
                with self.store.sessions.begin() as session:
                    row = outbox.add(session, self.ring, kind=outbox.REISSUE,
                                     payload=self.payload, created_at=self.created_at,
                                     voter_id=1, phone_hash="ab" * 32,
                                     reference="ABCDEFGHJKLMNPQR", agent="agent.dupont")
                    if with_audit:
                        audit.append(session, actor="agent:agent.dupont",
                                     action="request.recorded", subject="voter:1",
                                     details={"record": row.id})
        return timed

    def close(self) -> None:
        self.store.close()


def rounds(runs: list[Callable[[], Timed]], count: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) seconds per commit of each run, over alternating rounds."""
    walls: list[list[float]] = [[] for _ in runs]
    cpus: list[list[float]] = [[] for _ in runs]
    for _ in range(ROUNDS):
        for index, run in enumerate(runs):
            timed = run()
            walls[index].append(timed.wall / count)
            cpus[index].append(timed.cpu / count)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus,
                                                                         strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=400, help="commits per round")
    parser.add_argument("--quick", action="store_true", help="100 commits per round")
    args = parser.parse_args()
    count = 100 if args.quick else args.count
    with tempfile.TemporaryDirectory() as tmp:
        raw = RawTable(Path(tmp) / "raw.db")
        ours = KioskOutbox(Path(tmp))
        try:
            raw.commits(20)
            ours.commits(20)  # first use: statement compilation, connection pool
            (baseline, base_cpu), (alone, alone_cpu), (with_audit, audit_cpu) = rounds(
                [lambda: raw.commits(count), lambda: ours.commits(count),
                 lambda: ours.commits(count, with_audit=True)], count)
        finally:
            raw.close()
            ours.close()
    print(f"machine: {machine()}")
    # User CPU beside the wall time: both sides wait for about the same fsync, so the ratio
    # grows on a disk whose fsync is quick and shrinks on a slow one.
    base_text = (f"raw sqlite3 {per_second(1, baseline):,.0f} commits/s "
                 f"({baseline * 1000:.2f} ms, user CPU {base_cpu * 1e6:.0f} µs)")
    report("durable outbox write",
           f"{per_second(1, alone):,.0f} records/s ({alone * 1000:.2f} ms each, "
           f"user CPU {alone_cpu * 1e6:.0f} µs)", base_text, alone / baseline, "ratio <= 2")
    report("durable outbox write + audit entry",
           f"{per_second(1, with_audit):,.0f} requests/s ({with_audit * 1000:.2f} ms each, "
           f"user CPU {audit_cpu * 1e6:.0f} µs)", base_text, with_audit / baseline, "(reported)")


if __name__ == "__main__":
    main()
