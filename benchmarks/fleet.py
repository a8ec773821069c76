"""What the centre-side benchmarks share: a real centre (``kiosk-central serve`` over TLS on
loopback, started by tests/fixtures/centre.py) on a SQLite file or on a throw-away PostgreSQL
server (tests/fixtures/postgres.py), with voters in its register, an election calendar open now
and an agent; enrolled kiosks; pending outbox records written by the kiosk's own function.

The benchmarks reuse the test fixtures' helpers rather than copies of them, so what they
measure is what the tests check.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# Before anything imports keyring or Qt: never the developer's keyring, never a real screen.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.domain.decision import Channel, ReissueRequest
from kiosk.domain.phone import parse_phone
from kiosk.domain.voter_id import generate_reference
from kiosk.services import outbox
from kiosk.services.app import KioskApp
from kiosk.services.requests import reissue_payload
from tests.fixtures.centre import Centre, new_centre
from tests.fixtures.kiosk import (
    AGENT,
    RegisterVoter,
    enrolled_kiosk,
    new_voter,
    prepare_centre,
)
from tests.fixtures.postgres import PostgresServer, _bin_dir


def bench_voters(count: int) -> list[RegisterVoter]:
    """``count`` fresh voters of the test establishment, each with a unique NUMEN (the
    fixtures' numbering is good for a few hundred thousand per process)."""
    return [new_voter("Banc", "Éloïse") for _ in range(count)]


def phone_of(index: int) -> str:
    """A distinct metropolitan mobile per index (E.164), up to ten million: one phone, one
    voter."""
    return parse_phone(f"+336{10_000_000 + index:08d}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server (fsync off, as in the tests: the baseline runs on the
    same server, so the ratio stays fair)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL n'est pas installé (make bench l'installe).")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def running_centre(directory: Path, voters: list[RegisterVoter], *,
                   database_url: str | None = None, **settings: Any) -> Iterator[Centre]:
    """A started centre with ``voters`` in its register, an open calendar and the agent."""
    directory.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        (directory / "db").mkdir(exist_ok=True)
        database_url = f"sqlite:///{directory / 'db' / 'central.db'}"
    settings.setdefault("dispatch", False)
    started = time.perf_counter()
    centre = new_centre(directory / "centre", database_url=database_url, **settings)
    try:
        prepare_centre(centre, directory, voters)
        print(f"  centre ready with {len(voters):,} voters in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        yield centre
    finally:
        centre.close()


def kiosk_for(centre: Centre, directory: Path, *, sign_in: bool = False) -> KioskApp:
    """An enrolled kiosk (no background sync loop: the benchmark decides when to sync)."""
    directory.mkdir(parents=True, exist_ok=True)
    return enrolled_kiosk(centre, directory, sign_in=sign_in)


def fill_outbox(kiosk: KioskApp, voters: list[RegisterVoter], *, first_phone: int = 0) -> int:
    """One pending re-issue request per voter, written with ``outbox.add`` (the function
    ``submit_request`` uses), in one transaction; returns how many."""
    enrolled = kiosk.ctx.require_enrolled()
    now = kiosk.ctx.now()
    with enrolled.store.sessions.begin() as session:
        for n, voter in enumerate(voters):
            phone = phone_of(first_phone + n)
            request = ReissueRequest(voter.numen, _birth(voter.birth), phone, Channel.SMS,
                                     now + timedelta(microseconds=n))
            reference = generate_reference()
            outbox.add(session, enrolled.ring, kind=outbox.REISSUE,
                       created_at=request.created_at, voter_id=None,
                       phone_hash=kiosk.ctx.phone_hash(phone), reference=reference,
                       agent=AGENT, payload=reissue_payload(request, AGENT, "CNI", reference))
    return len(voters)


def _birth(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)
