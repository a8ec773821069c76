"""Register import: N rows of CSV into PostgreSQL, then into SQLite, against PostgreSQL ``COPY``
of the same file into a bare table, all in the same run on a throw-away PostgreSQL server.

A third figure is the floor under any import that keeps the register indexed while it loads:
the rows our import stored, already validated and encrypted, copied (binary ``COPY``) into the
``voters`` table of a fresh database at the same schema, indexes and constraints included.

Run: ``.venv/bin/python -m benchmarks.bench_register_import [--rows 1000000] [--quick]``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path

import psycopg

from benchmarks.common import machine, per_second, report
from kiosk.central.register_import import import_register
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from tests.fixtures.postgres import PostgresServer, _bin_dir, libpq_url

HEADER = "numen;nom;prenom;date_naissance;email;etablissement\n"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def write_register(path: Path, rows: int) -> None:
    rng = random.Random(2018)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            numen = (f"{rng.randrange(100):02d}{rng.choice(LETTERS)}{n:07d}"
                     f"{''.join(rng.choice(LETTERS) for _ in range(3))}")
            born = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/" \
                f"{rng.randrange(1950, 2000)}"
            out.write(f"{numen};Nom{n};Prénom{n};{born};prenom{n}.nom@ac-dijon.fr;"
                      f"{rng.randrange(10**7):07d}{rng.choice(LETTERS)}\n")


def copy_baseline(server: PostgresServer, path: Path) -> float:
    with psycopg.connect(libpq_url(server.create_database())) as conn:
        conn.execute("CREATE TABLE bare (numen text, nom text, prenom text, "
                     "date_naissance text, email text, etablissement text)")
        start = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(
                "COPY bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copy, \
                path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        return time.perf_counter() - start


def indexed_copy(server: PostgresServer, imported_url: str, spool: Path) -> float:
    """Seconds to COPY the voters ``imported_url`` holds into a fresh, indexed register."""
    with psycopg.connect(libpq_url(imported_url)) as source, source.cursor() as cursor, \
            cursor.copy("COPY voters TO STDOUT (FORMAT binary)") as copy, \
            spool.open("wb") as out:
        for chunk in copy:
            out.write(chunk)
    target = server.create_database()
    upgrade(target)
    with psycopg.connect(libpq_url(target)) as conn:
        start = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(
                "COPY voters FROM STDIN (FORMAT binary)") as copy, spool.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        return time.perf_counter() - start


def our_import(url: str, path: Path) -> float:
    upgrade(url)
    engine = make_engine(url)
    try:
        start = time.perf_counter()
        result = import_register(make_sessionmaker(engine), KeyRing.generate(), path,
                                 today=date(2026, 12, 1))
        elapsed = time.perf_counter() - start
        assert result.loaded and result.inserted > 0, result.summary()
        return elapsed
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 rows")
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (make bench installs it)")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "registre.csv"
            write_register(path, rows)
            baseline = copy_baseline(server, path)
            imported = server.create_database()
            on_pg = our_import(imported, path)
            floor = indexed_copy(server, imported, Path(tmp) / "voters.copy")
            on_sqlite = our_import(f"sqlite:///{Path(tmp) / 'central.db'}", path)
    finally:
        server.stop()
    print(f"machine: {machine()}")
    copy_rate = f"COPY into a bare table {per_second(rows, baseline):,.0f} rows/s " \
        f"({baseline:.1f} s)"
    report("register import, PostgreSQL",
           f"{rows:,} rows in {on_pg:.1f} s ({per_second(rows, on_pg):,.0f} rows/s)",
           copy_rate, on_pg / baseline, "<= 3x COPY")
    report("register import's floor: the stored rows COPYed into an indexed register",
           f"{rows:,} rows in {floor:.1f} s ({per_second(rows, floor):,.0f} rows/s)",
           copy_rate, floor / baseline, "(reported)")
    report("register import, SQLite",
           f"{rows:,} rows in {on_sqlite:.1f} s ({per_second(rows, on_sqlite):,.0f} rows/s)",
           copy_rate, on_sqlite / baseline, "(reported)")


if __name__ == "__main__":
    main()
