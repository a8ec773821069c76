"""Centre decisions under contention: 50 concurrent clients (50 enrolled kiosks, one HTTPS
connection each) push re-issue requests, one record per POST as at a counter, to a centre on
PostgreSQL with 100,000 voters in its register; against ``pgbench -N`` (50 clients) on the same
PostgreSQL server, in the same run.

The requests aim at a hot set of voters, about five requests each, drawn at random, so the same
voter is often decided by several clients at once: the quota (3) must hold. At the end the
centre's database is checked: no voter with more than 3 accepted requests, counters equal to
what was accepted. The clients run in one asyncio process, which shares the 2 cores with the
centre and PostgreSQL: by default with ``benchmarks.raw_https`` (~0.07 core for 50 clients),
``--client httpx`` with the kiosk's own HTTP library (~0.55 core, taken from the centre). The
CPU the clients used is printed with the figure.

The centre runs once with one API process and once as ``serve --workers 2`` (one process per
core), each on a fresh database with the same register and workload.

Run: ``.venv/bin/python -m benchmarks.bench_contention [--clients 50] [--voters 100000]
[--requests 4000] [--workers 1,2] [--client raw|httpx] [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import resource
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from benchmarks.common import machine, per_second, report
from benchmarks.fleet import bench_voters, phone_of, postgres_server, running_centre
from benchmarks.raw_https import RawHttpsClient
from kiosk.domain.voter_id import generate_reference
from kiosk.services.central_client import pinned_context
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import AGENT, RegisterVoter, enrolment_code
from tests.fixtures.postgres import PostgresServer, _bin_dir, libpq_url

REQUESTS_PER_VOTER = 5  # on average, in the hot set: more than the quota of 3
PGBENCH_SECONDS = 15


def enrol_clients(centre: Centre, count: int) -> list[str]:
    """``count`` enrolled kiosks' tokens (enrolment codes from the CLI, traded over HTTPS)."""
    tokens = []
    with centre.https_client() as client:
        for _ in range(count):
            answer = client.post("/v1/enrol", json={"code": enrolment_code(centre)})
            answer.raise_for_status()
            tokens.append(answer.json()["token"])
    return tokens


def record(voter: RegisterVoter, phone: str) -> dict[str, Any]:
    day, month, year = voter.birth.split("/")
    return {"id": str(uuid.uuid4()), "kind": "reissue_request",
            "created_at": datetime.now(UTC).isoformat(),
            "payload": {"numen": voter.numen, "birth_date": f"{year}-{month}-{day}",
                        "phone": phone, "channel": "sms", "agent": AGENT,
                        "identity_document": "CNI", "reference": generate_reference(),
                        "security_code_checked": True}}


def workload(voters: list[RegisterVoter], requests: int, clients: int
             ) -> list[list[dict[str, Any]]]:
    """Each client's records: ``requests`` in all, on a hot set of requests / 5 voters (each
    voter keeps one phone, so only the quota can refuse)."""
    rng = random.Random(2018)
    hot = rng.sample(range(len(voters)), max(1, requests // REQUESTS_PER_VOTER))
    plan = [hot[i % len(hot)] for i in range(requests)]
    rng.shuffle(plan)
    return [[record(voters[v], phone_of(v)) for v in plan[c::clients]] for c in range(clients)]


async def httpx_run(base_url: str, ca_file: Path, token: str, records: list[dict[str, Any]],
                    statuses: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base_url, verify=pinned_context(ca_file),
                                 timeout=120.0, trust_env=False,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        for item in records:
            answer = await client.post("/v1/sync/push", json={"records": [item]})
            answer.raise_for_status()
            statuses.append(answer.json()["results"][0]["status"])


async def raw_run(base_url: str, ca_file: Path, token: str, records: list[dict[str, Any]],
                  statuses: list[str]) -> None:
    async with RawHttpsClient(base_url, pinned_context(ca_file),
                              {"Authorization": f"Bearer {token}"}) as client:
        for item in records:
            answer = await client.post_json("/v1/sync/push", {"records": [item]})
            statuses.append(answer["results"][0]["status"])


CLIENTS = {"raw": raw_run, "httpx": httpx_run}


async def all_clients(centre: Centre, tokens: list[str], work: list[list[dict[str, Any]]],
                      client: str = "raw") -> tuple[float, list[str]]:
    statuses: list[str] = []
    run = CLIENTS[client]
    start = time.perf_counter()
    await asyncio.gather(*(run(centre.base_url, centre.ca_file, token, records, statuses)
                           for token, records in zip(tokens, work, strict=True)))
    return time.perf_counter() - start, statuses


def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def over_quota(database_url: str) -> tuple[int, int]:
    """(voters with more than 3 accepted requests, voters whose counter disagrees)."""
    url = libpq_url(database_url)
    with psycopg.connect(url) as conn:
        over = conn.execute(
            "SELECT count(*) FROM (SELECT voter_id FROM reissue_requests WHERE status = "
            "'accepted' GROUP BY voter_id HAVING count(*) > 3) AS o").fetchone()
        wrong = conn.execute(
            "SELECT count(*) FROM voters v WHERE v.requests_used <> (SELECT count(*) FROM "
            "reissue_requests r WHERE r.voter_id = v.id AND r.status = 'accepted')").fetchone()
    return int(over[0] if over else -1), int(wrong[0] if wrong else -1)


def pgbench_tps(server: PostgresServer, clients: int) -> float:
    bin_dir = _bin_dir()
    assert bin_dir is not None
    url = libpq_url(server.create_database())
    subprocess.run([str(bin_dir / "pgbench"), "-i", "-s", "10", "-q", url],
                   check=True, capture_output=True, timeout=600)
    done = subprocess.run(
        [str(bin_dir / "pgbench"), "-N", "-c", str(clients), "-j", "2", "-T",
         str(PGBENCH_SECONDS), url], check=True, capture_output=True, text=True, timeout=600)
    found = re.search(r"tps = ([\d.]+)", done.stdout)
    if found is None:
        raise SystemExit(f"pgbench said no tps:\n{done.stdout}\n{done.stderr}")
    return float(found.group(1))


def contended_run(server: PostgresServer, voters: list[RegisterVoter],
                  work: list[list[dict[str, Any]]], workers: int, client: str
                  ) -> tuple[float, list[str], float, tuple[int, int]]:
    """(seconds, statuses, clients' CPU in cores, (over quota, wrong counters)) of one run on
    a fresh database."""
    database_url = server.create_database()
    with tempfile.TemporaryDirectory(prefix="bench-cont-") as tmp, \
            running_centre(Path(tmp), voters, database_url=database_url,
                           workers=workers) as centre:
        tokens = enrol_clients(centre, len(work))
        cpu = cpu_seconds()
        elapsed, statuses = asyncio.run(all_clients(centre, tokens, work, client))
        cores = (cpu_seconds() - cpu) / elapsed
    return elapsed, statuses, cores, over_quota(database_url)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=4_000)
    parser.add_argument("--quick", action="store_true", help="10,000 voters, 1,000 requests")
    parser.add_argument("--workers", default="1,2",
                        help="API processes of the centre (serve --workers), one run each")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="raw")
    args = parser.parse_args()
    voters_count, requests = (10_000, 1_000) if args.quick else (args.voters, args.requests)
    voters = bench_voters(voters_count)
    work = workload(voters, requests, args.clients)
    runs = []
    with postgres_server() as server:
        for workers in (int(n) for n in args.workers.split(",")):
            runs.append((workers, *contended_run(server, voters, work, workers, args.client)))
        tps = pgbench_tps(server, args.clients)
    print(f"machine: {machine()}")
    failed = False
    for workers, elapsed, statuses, cores, (over, wrong) in runs:
        rate = per_second(len(statuses), elapsed)
        report(f"decisions under contention, PostgreSQL, {workers} API process(es)",
               f"{rate:,.0f} decisions/s ({len(statuses):,} by {args.clients} clients "
               f"({args.client}, {cores:.2f} core), in {elapsed:.1f} s, "
               f"{statuses.count('accepted'):,} accepted, {voters_count:,} voters; "
               f"over quota: {over}, counters wrong: {wrong})",
               f"pgbench -N, {args.clients} clients {tps:,.0f} tps", rate / tps,
               ">= 1,000 decisions/s, zero over quota")
        failed = failed or bool(over or wrong or len(statuses) != requests)
    if failed:
        raise SystemExit("the quota did not hold (or records were lost): see above")


if __name__ == "__main__":
    main()
