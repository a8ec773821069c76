"""Sync throughput: N pending outbox records of one kiosk pushed over HTTPS to a local centre
(``kiosk-central serve``, TLS on loopback), on SQLite then on PostgreSQL, against plain HTTPS
POSTs of the very same bodies to a trivial endpoint of the same server, in the same run.

Ours is the kiosk's own push (``Syncer``: batches of 100 read from the outbox, POST
/v1/sync/push, each record decided by the centre in its own transaction, answers written back to
the outbox). The baseline POSTs the same JSON bodies, with the same pinned TLS client settings
and keep-alive, to ``/healthz``: the server reads each body whole (its guard middleware does,
for every request) and answers 405 at once, so the baseline is TLS + HTTP + the body's transfer
and nothing else. A second baseline POSTs each record alone (``{"records": [one]}``, the shape
of a push at the counter), for the rate of round trips. Every record is accepted (one request
per voter, distinct phones); the run checks it at the centre. The centre runs without its
notification dispatcher (``--no-dispatch``, the at-scale layout): the figure is the decisions.

The other way, the kiosk then pulls the whole register again from cursor 0 (every voter
changed: each now counts a request), against the same pages fetched by its client and not
applied: what writing a page into the kiosk's store costs over bringing it.

Run: ``.venv/bin/python -m benchmarks.bench_sync_throughput [--records N] [--quick]
[--backend sqlite|postgresql|both]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from benchmarks.common import machine, per_second, report
from benchmarks.fleet import (
    bench_voters,
    fill_outbox,
    kiosk_for,
    postgres_server,
    running_centre,
)
from kiosk.services import outbox
from kiosk.services.app import KioskApp
from kiosk.services.central_client import pinned_context
from kiosk.store.models import Voter
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import centre_requests


def push_bodies(kiosk: KioskApp, size: int) -> list[bytes]:
    """The JSON bodies of the kiosk's pending records, ``size`` records each, in its order."""
    enrolled = kiosk.ctx.require_enrolled()
    with enrolled.store.sessions() as session:
        rows = outbox.pending_batch(session, 10**9)
        wires = [outbox.wire_form(enrolled.ring, row) for row in rows]
    return [json.dumps({"records": wires[i:i + size]}).encode("utf-8")
            for i in range(0, len(wires), size)]


def plain_posts(centre: Centre, kiosk: KioskApp, bodies: list[bytes]) -> float:
    token = kiosk.ctx.secrets.get("device-token") or ""
    with httpx.Client(base_url=centre.base_url, verify=pinned_context(centre.ca_file),
                      timeout=60.0, trust_env=False) as client:
        client.get("/healthz")  # connection and TLS handshake, as the kiosk's client has
        start = time.perf_counter()
        for body in bodies:
            answer = client.post("/healthz", content=body, headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            assert answer.status_code == 405, answer.status_code
        return time.perf_counter() - start


def kiosk_push(kiosk: KioskApp) -> float:
    syncer = kiosk.ctx.require_enrolled().syncer
    syncer._require_client().health()  # connection and TLS handshake first, as above
    start = time.perf_counter()
    # The push alone: sync_now() would add the pull of every voter the decisions changed.
    with syncer.lock:
        syncer._push(ids=None, voter_present=False)
    return time.perf_counter() - start


def fetched_pages(kiosk: KioskApp) -> float:
    """The pull's baseline: every page of the register fetched from cursor 0 through the
    kiosk's own client (the centre builds them, the client parses them), none applied."""
    client = kiosk.ctx.require_enrolled().syncer._require_client()
    client.health()
    start = time.perf_counter()
    cursor, more = 0, True
    while more:
        page = client.pull(cursor)
        cursor, more = page.cursor, page.more
    return time.perf_counter() - start


def kiosk_pull(kiosk: KioskApp) -> float:
    """The kiosk's own pull of the whole register again, from cursor 0: every voter changed
    since its enrolment pull (the push counted a request for each), so every row is
    rewritten, a page per write transaction."""
    enrolled = kiosk.ctx.require_enrolled()
    with enrolled.store.sessions.begin() as session:
        enrolled.store.sync_state(session).cursor = 0
    enrolled.syncer._require_client().health()
    start = time.perf_counter()
    with enrolled.syncer.lock:
        enrolled.syncer._pull()
    return time.perf_counter() - start


def pulled_requests(kiosk: KioskApp) -> int:
    """Requests counted in the kiosk's copy of the register (one per voter once pulled)."""
    store = kiosk.ctx.require_enrolled().store
    with store.reading() as session:
        return int(session.scalar(select(func.sum(Voter.requests_used))) or 0)


def run(label: str, directory: Path, records: int, database_url: str | None = None
        ) -> tuple[float, float, int, float, float, float]:
    """(seconds ours, seconds of the same bodies, their number, seconds of one record per
    POST, seconds of the pull, seconds of fetching its pages) on one database."""
    print(f"- {label}: {records:,} records", flush=True)
    voters = bench_voters(records)
    with running_centre(directory, voters, database_url=database_url) as centre:
        kiosk = kiosk_for(centre, directory / "kiosk")
        try:
            fill_outbox(kiosk, voters)
            bodies = push_bodies(kiosk, kiosk.ctx.require_enrolled().syncer.batch_size)
            baseline = plain_posts(centre, kiosk, bodies)
            singles = plain_posts(centre, kiosk, push_bodies(kiosk, 1))
            ours = kiosk_push(kiosk)
            status = kiosk.status()
            accepted = sum(1 for r in centre_requests(centre) if r["status"] == "accepted")
            fetched = fetched_pages(kiosk)
            pulled = kiosk_pull(kiosk)
            counted = pulled_requests(kiosk)
        finally:
            kiosk.close()
    if status.pending or accepted != records:
        raise SystemExit(f"{label}: {status.pending} still pending, {accepted:,} accepted "
                         f"of {records:,}: the figure would not mean anything")
    if counted != records:
        raise SystemExit(f"{label}: the pull brought back {counted:,} counted requests, "
                         f"not {records:,}")
    return ours, baseline, len(bodies), singles, pulled, fetched


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 records")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    records = 1_000 if args.quick else args.records
    results: list[tuple[str, float, float, int, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        if args.backend in ("sqlite", "both"):
            results.append(("SQLite", *run("SQLite", Path(tmp) / "sqlite", records)))
        if args.backend in ("postgresql", "both"):
            with postgres_server() as server:
                results.append(("PostgreSQL", *run("PostgreSQL", Path(tmp) / "pg", records,
                                                   server.create_database())))
    print(f"machine: {machine()}")
    for label, ours, baseline, posts, singles, pulled, fetched in results:
        figure = f"{records:,} records in {ours:.1f} s ({per_second(records, ours):,.0f} " \
            "decisions/s)"
        report(f"sync throughput, {label}", figure,
               f"the same {posts} bodies POSTed to a no-op route {baseline:.2f} s "
               f"({per_second(records, baseline):,.0f} records/s)",
               baseline / ours, ">= 1,000 decisions/s; ratio >= 0.5")
        report(f"sync throughput, {label}, per round trip", figure,
               f"each record POSTed alone to the no-op route {singles:.1f} s "
               f"({per_second(records, singles):,.0f} POSTs/s)", singles / ours, "(reported)")
        report(f"register pull into the kiosk, {label}",
               f"{records:,} voters in {pulled:.1f} s ({per_second(records, pulled):,.0f}/s)",
               f"the same pages fetched, not applied, {fetched:.1f} s "
               f"({per_second(records, fetched):,.0f}/s)", fetched / pulled, "(reported)")


if __name__ == "__main__":
    main()
