"""The agent's search on a counter's kiosk: 200,000 voters in 300 establishments, searched
through ``LocalStore.search`` (the query the wizard's first step runs), for an agent of the
whole counter, of 30 establishments and of one; against a raw ``sqlite3`` scan of the same
folded keys in a bare one-column table (``count(*) ... LIKE``: what any search that reads every
voter costs), in the same run.

The register is written straight into the kiosk's ``voters`` table: the search reads only its
plain columns, and writing 200,000 encrypted NUMENs through the pull would take minutes for
nothing. The store is then opened as the kiosk opens it (which renews the planner's
statistics, as a pull does). A third figure runs the search as it was before revision 0004:
the establishments' index and a sort by ``fold()`` of every voter in them.

Run: ``.venv/bin/python -m benchmarks.bench_search [--voters N] [--quick]``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.common import machine, median_time, report
from kiosk.services.local_store import LocalStore, fold, search_key
from kiosk.store.crypto import KeyRing
from kiosk.store.models import Voter

ESTABLISHMENTS = 300
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "García", "David",
        "Bertrand", "Roux", "Vincent", "Fournier"]
FIRST = ["Jean", "Marie", "Éloïse", "Pierre", "Luc", "Anne", "Sophie", "Paul", "Claire", "Louis"]
# What agents type: a few letters, a name, a name and a first name, an e-mail's start, a name
# nobody has.
QUERIES = ["ma", "mar", "martin", "lefevre eloise", "jean.martin", "e", "zzq"]
REPEAT = 5


def register(count: int) -> list[tuple[object, ...]]:
    draw = random.Random(1)
    establishments = [f"0{n:06d}X" for n in range(ESTABLISHMENTS)]
    rows = []
    for n in range(1, count + 1):
        last = draw.choice(LAST) + "".join(draw.choices("abcdefghijklmnopqrstuvwxyz", k=3))
        first = draw.choice(FIRST)
        email = f"{fold(first)}.{fold(last)}{n}@ac-versailles.fr"
        rows.append((n, f"{n:064x}", "-", "-", last, first, email, draw.choice(establishments),
                     n, "2026-12-01 00:00:00.000000", search_key(last, first, email)))
    return rows


def fill_kiosk(directory: Path, ring: KeyRing, rows: list[tuple[object, ...]]) -> None:
    store = LocalStore(directory, ring)
    try:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO voters (id, numen_hash, numen_enc, birth_date_enc, last_name, "
                "first_name, email, establishment, requests_used, id_version, failed_checks, "
                "change_seq, updated_at, search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, "
                "?, ?, ?)", rows)
    finally:
        store.close()


def bare_table(path: Path, rows: list[tuple[object, ...]]) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE bare (key TEXT)")
    db.executemany("INSERT INTO bare VALUES (?)", [(row[-1],) for row in rows])
    db.commit()
    return db


def timed(run: Callable[[], object]) -> float:
    run()  # first run: pages into the cache, statement compiled
    return median_time(run, REPEAT)


def scan_times(bare: sqlite3.Connection) -> list[float]:
    times = []
    for query in QUERIES:
        words = fold(query).split()
        values = [f"%{w}%" for w in words]
        sql = "SELECT count(*) FROM bare WHERE " + " AND ".join("key LIKE ?" for _ in words)
        times.append(timed(lambda: bare.execute(sql, values).fetchone()))  # noqa: B023
    return times


def search_times(store: LocalStore, scope: Sequence[str]) -> list[float]:
    with store.reading() as session:
        return [timed(lambda: store.search(session, query, scope))  # noqa: B023
                for query in QUERIES]


def search_before(session: Session, query: str, scope: Sequence[str]) -> list[Voter]:
    """``LocalStore.search`` as it was before revision 0004, statement for statement."""
    statement = select(Voter).where(Voter.establishment.in_(list(scope)))
    for word in fold(query).split():
        statement = statement.where(Voter.search_key.like(f"%{word}%", escape="\\"))
    statement = statement.order_by(func.fold(Voter.last_name), func.fold(Voter.first_name),
                                   Voter.id).limit(20)
    return list(session.scalars(statement))


def times_before(store: LocalStore, scope: Sequence[str]) -> list[float]:
    with store.reading() as session:
        # The SQL fold() the kiosk's connections had then, on this session's connection.
        raw = session.connection().connection.driver_connection
        raw.create_function("fold", 1, fold, deterministic=True)  # type: ignore[union-attr]
        return [timed(lambda: search_before(session, query, scope))  # noqa: B023
                for query in QUERIES]


def summary(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.1f} ms, " \
        f"slowest {max(seconds) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="20,000 voters")
    args = parser.parse_args()
    count = 20_000 if args.quick else args.voters
    establishments = [f"0{n:06d}X" for n in range(ESTABLISHMENTS)]
    scopes: dict[str, Sequence[str]] = {"whole counter": establishments,
                                        "30 establishments": establishments[:30],
                                        "one establishment": establishments[:1]}
    with tempfile.TemporaryDirectory() as tmp:
        rows = register(count)
        ring = KeyRing.generate()
        fill_kiosk(Path(tmp), ring, rows)
        bare = bare_table(Path(tmp) / "bare.db", rows)
        store = LocalStore(Path(tmp), ring)
        try:
            baseline = scan_times(bare)
            ours = {name: search_times(store, scope) for name, scope in scopes.items()}
            before = {name: times_before(store, scope) for name, scope in scopes.items()}
        finally:
            store.close()
            bare.close()
    scan = statistics.median(baseline)
    print(f"machine: {machine()}")
    print(f"voters: {count:,} in {ESTABLISHMENTS} establishments; queries: {QUERIES}")
    for name, seconds in ours.items():
        per_query = ", ".join(f"{q} {s * 1000:.1f}" for q, s in zip(QUERIES, seconds, strict=True))
        print(f"  {name}, ms a query: {per_query}")
        base_text = f"raw sqlite3 scan of the keys: {summary(baseline)}"
        report(f"search, {name}", summary(seconds), base_text,
               statistics.median(seconds) / scan, "(reported)")
        report(f"search as before revision 0004, {name}", summary(before[name]), base_text,
               statistics.median(before[name]) / scan, "(reported)")


if __name__ == "__main__":
    main()
