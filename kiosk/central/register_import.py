"""``kiosk-central import-register FILE.csv``: load or update the register of voters.

File: a header ``numen;nom;prenom;date_naissance;email;etablissement`` (``;`` as French
spreadsheets write it, ``,`` accepted), dates ``jj/mm/aaaa`` or ``aaaa-mm-jj``, UTF-8 with or
without BOM. Idempotent on NUMEN: an existing voter gets the file's names, e-mail, establishment
and birth date, and keeps its counters (requests used, ID version, phone).

Two passes, so the national register (a million rows) never sits in memory:
1. read the file once and check every row once (``register_rows``), hashing the NUMEN and
   encrypting the NUMEN and birth date of the good rows as it goes, into an encrypted spool
   (``register_spool``); any bad row and nothing is written (unless ``skip_bad``). On a large
   file and a machine of 4 cores or more, the checking and the cryptography run in worker
   processes, a chunk each;
2. replay the spool and write in chunks, each chunk one short transaction: one SELECT of the
   chunk's existing voters, then bulk writes (``register_bulk``: COPY on PostgreSQL). Short
   transactions keep the API answering during an import; an interrupted import is completed
   by running it again (the file was valid, and re-importing is idempotent).
Unchanged voters cost one decryption (their birth date, to compare); the encryptions made for
them in the first pass are thrown away. Only new or changed voters get a new change sequence
(so kiosks pull only what changed).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.central.register_bulk import bulk_insert, bulk_update, existing_voters
from kiosk.central.register_rows import (
    COLUMNS,
    NUMEN_PURPOSE,
    PreparedChunk,
    PreparedRow,
    RegisterFileError,
    RegisterRow,
    RowPreparer,
    duplicate_problem,
    parse_row,
    read_register,
    records,
    unpack,
)
from kiosk.central.register_spool import Spool
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.models import next_change_seqs

__all__ = ["COLUMNS", "NUMEN_PURPOSE", "ImportReport", "RegisterFileError", "RegisterRow",
           "import_register", "parse_row", "read_register"]

# Rows per transaction. PostgreSQL: short transactions keep the API answering. SQLite: every
# commit is an fsync of the WAL (about 20 ms here, and more as the indexes grow), so chunks are
# larger there; a chunk of 10,000 holds the write lock for about a tenth of a second.
CHUNK = 2000
CHUNK_SQLITE = 10_000
# SQLite's default page cache (2 MB) is far smaller than the pages a chunk touches in the
# voters' indexes (random NUMEN hashes, names, e-mails): with it, a chunk re-reads and spills
# pages over and over (four times slower at 300,000 rows). A bound in KiB, not an allocation.
SQLITE_CACHE_KIB = 65_536
MAX_PROBLEMS_KEPT = 1000
# Worker processes cost about 0.4 s to start (a fresh interpreter importing this package) and
# about 1 µs a row to feed (pickling the records out and the packed rows back), while the file
# is still read here. On 2 cores that ate the gain (measured: 400,000 rows prepared in 2.2 s
# with 2 workers against 2.4 s in-process, before this process's own CSV reading, which
# competes with them for the same 2 cores), so by default they are used from 4 cores and for
# files of more than a few tens of thousands of rows.
POOL_MIN_BYTES = 4_000_000
POOL_MIN_CORES = 4
MAX_WORKERS = 8


@dataclass
class ImportReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    loaded: bool = False
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded:
            return (f"Registre NON chargé : {self.bad} ligne(s) refusée(s) sur {self.rows}. "
                    "Corrigez le fichier ou relancez avec --skip-bad.")
        return (f"Registre chargé : {self.rows} ligne(s) lue(s), {self.inserted} électeur(s) "
                f"ajouté(s), {self.updated} mis à jour, {self.unchanged} inchangé(s), "
                f"{self.bad} ligne(s) refusée(s).")


SessionFactory = Callable[[], Session]


def import_register(
    session_factory: SessionFactory, keyring: KeyRing, path: Path, *, skip_bad: bool = False,
    actor: str = "cli", today: date | None = None, chunk_size: int | None = None,
    workers: int | None = None,
) -> ImportReport:
    """``chunk_size``: rows per transaction, None for the database's default. ``workers``:
    processes that check and encrypt; None picks one per core for a large file on a machine
    of 4 cores or more, and none (in-process) otherwise."""
    today = today or date.today()
    if chunk_size is None:
        with session_factory() as session:
            sqlite = session.get_bind().dialect.name == "sqlite"
        chunk_size = CHUNK_SQLITE if sqlite else CHUNK
    report = ImportReport()
    bad_lines: set[int] = set()
    stamp = _stamp(path)
    with Spool() as spool:
        found = records(path)
        _, header = next(found)
        if workers is None:
            workers = _cores() if stamp[0] >= POOL_MIN_BYTES else 0
        seen: set[str] = set()
        for problems, numens, packed in _prepared(keyring, header, today, found, chunk_size,
                                                  workers):
            report.rows += len(numens) + len(problems)
            # Duplicates span chunks, so they are found here, in file order.
            for line, numen in numens:
                if numen in seen:
                    problems.append((line, duplicate_problem(line)))
                else:
                    seen.add(numen)
            problems.sort()  # by line, as the file reads
            for line, problem in problems:
                bad_lines.add(line)
                if len(report.problems) < MAX_PROBLEMS_KEPT:
                    report.problems.append(problem)
            spool.append(packed)
        del seen
        report.bad = len(bad_lines)
        if bad_lines and not skip_bad:
            return report
        if _stamp(path) != stamp:
            raise RegisterFileError("Le fichier a changé pendant l'import : relancez-le.")
        for packed in spool:
            rows = unpack(packed)
            if bad_lines:  # duplicates: the chunks packed them before they were found
                rows = [row for row in rows if row[0] not in bad_lines]
            if rows:
                _load_chunk(session_factory, keyring, rows, report)
    if _stamp(path) != stamp:
        raise RegisterFileError("Le fichier a changé pendant l'import : relancez-le.")
    report.loaded = True
    with session_factory() as session, session.begin():
        audit.append(session, actor=actor, action="register.imported", subject=path.name,
                     details={"rows": report.rows, "inserted": report.inserted,
                              "updated": report.updated, "unchanged": report.unchanged,
                              "bad": report.bad})
    return report


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _cores() -> int:
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        count = os.cpu_count() or 1
    return min(count, MAX_WORKERS) if count >= POOL_MIN_CORES else 0


def _chunks(found: Iterable[tuple[int, list[str]]], size: int
            ) -> Iterator[list[tuple[int, list[str]]]]:
    source = iter(found)
    while chunk := list(islice(source, size)):
        yield chunk


def _prepared(keyring: KeyRing, header: list[str], today: date,
              found: Iterable[tuple[int, list[str]]], chunk_size: int, workers: int
              ) -> Iterator[PreparedChunk]:
    """Each chunk of records checked, hashed and encrypted, in file order. The file is read
    here, in this process (its errors surface here), a few chunks ahead of the workers."""
    # Workers get the current key and the hash key only: they encrypt, never decrypt.
    current = KeyRing(keys={keyring.current: keyring.keys[keyring.current]},
                      current=keyring.current, hash_key=keyring.hash_key)
    if workers <= 0:
        preparer = RowPreparer(current, header, today)
        for chunk in _chunks(found, chunk_size):
            yield preparer.prepare(chunk)
        return
    # spawn, not fork: the caller may hold threads and open database connections.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_start_worker,
                             initargs=(current, header, today)) as pool:
        pending: deque[Future[PreparedChunk]] = deque()
        try:
            for chunk in _chunks(found, chunk_size):
                pending.append(pool.submit(_prepare_in_worker, chunk))
                if len(pending) > 2 * workers:  # bounded: the file never sits in memory
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


_worker_preparer: RowPreparer | None = None


def _start_worker(keyring: KeyRing, header: list[str], today: date) -> None:
    global _worker_preparer  # one per worker process, set once at its start
    _worker_preparer = RowPreparer(keyring, header, today)


def _prepare_in_worker(chunk: list[tuple[int, list[str]]]) -> PreparedChunk:
    assert _worker_preparer is not None, "worker not initialised"
    return _worker_preparer.prepare(chunk)


_INSERTED = ("numen_hash", "numen_enc", "birth_date_enc", "last_name", "first_name", "email",
             "establishment", "change_seq")


def _load_chunk(session_factory: SessionFactory, keyring: KeyRing, rows: list[PreparedRow],
                report: ImportReport) -> None:
    by_hash = {row[1]: row for row in rows}
    now = utcnow()
    with session_factory() as session, session.begin():
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            # Left raised on this pooled connection: it only bounds a cache of the database.
            cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
            if cache < 0 and -cache < SQLITE_CACHE_KIB:  # negative: KiB, as the default
                connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        existing = {found.numen_hash: found for found in existing_voters(session, list(by_hash))}
        inserts: list[tuple[object, ...]] = []
        updates: list[dict[str, object]] = []
        for numen_hash, row in by_hash.items():
            _, _, numen_enc, birth_enc, birth, last, first, email, establishment = row
            old = existing.get(numen_hash)
            if old is None:
                inserts.append((numen_hash, numen_enc, birth_enc, last, first, email,
                                establishment))
                continue
            same_birth = keyring.decrypt(old.birth_date_enc) == birth
            if same_birth and (old.last_name, old.first_name, old.email, old.establishment) == (
                    last, first, email, establishment):
                report.unchanged += 1
                continue
            changes: dict[str, object] = {
                "id": old.id, "last_name": last, "first_name": first, "email": email,
                "establishment": establishment, "updated_at": now,
            }
            if not same_birth:
                changes["birth_date_enc"] = birth_enc
            updates.append(changes)
        seqs = iter(next_change_seqs(session, len(inserts) + len(updates)))
        if inserts:
            bulk_insert(session, _INSERTED, [(*values, next(seqs)) for values in inserts],
                        constants={"requests_used": 0, "id_version": 0, "failed_checks": 0,
                                   "locked_until": None, "updated_at": now})
        for changes in updates:
            changes["change_seq"] = next(seqs)
        if updates:
            bulk_update(session, updates)
    report.inserted += len(inserts)
    report.updated += len(updates)
