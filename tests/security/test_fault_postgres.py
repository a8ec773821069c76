"""The centre's PostgreSQL restarted under a stream of pushes (bounded, loopback only).

Four kiosk-like clients push records one at a time for their own voters, and send a record
again, with the same id, whenever the centre answers 503, as a kiosk does. Meanwhile the
PostgreSQL server is stopped and started (``pg_ctl restart -m fast``, which cuts every open
connection). While it is down the centre answers a clear French JSON 503, never a 500; once it
is back the same centre process (not restarted) answers again; in the end every record is
decided exactly once, no voter is over quota and every accepted request made one voter ID.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from kiosk.domain.decision import MAX_REQUESTS
from kiosk.store.models import ReissueRequest, Voter, VoterCredential
from tests.central.test_api_support import (
    ApiCentre,
    EnrolledKiosk,
    RegisteredVoter,
    new_phone,
    reissue,
)
from tests.fixtures.centre import Centre
from tests.fixtures.postgres import PostgresServer, terminate_backends

CLIENTS = 4
VOTERS_PER_CLIENT = 4
REQUESTS_PER_VOTER = MAX_REQUESTS + 1  # one over the quota each


@dataclass
class Stream:
    """One client's records, the answers it got, and the records it saw decided."""

    records: list[dict[str, Any]]
    statuses: Counter[int] = field(default_factory=Counter)
    bad_answers: list[str] = field(default_factory=list)
    decided: dict[str, str] = field(default_factory=dict)  # record id -> status


def _push_until_decided(api: ApiCentre, kiosk: EnrolledKiosk, stream: Stream,
                        restarted: threading.Event, deadline: float) -> None:
    with api.centre.https_client(timeout=20) as client:
        for record in stream.records:
            while time.monotonic() < deadline:
                try:
                    answer = client.post("/v1/sync/push", json={"records": [record]},
                                         headers=kiosk.headers)
                except httpx.HTTPError as exc:  # the centre itself must stay up
                    stream.bad_answers.append(f"transport: {type(exc).__name__}")
                    time.sleep(0.05)
                    continue
                stream.statuses[answer.status_code] += 1
                if answer.status_code == 200:
                    [result] = answer.json()["results"]
                    stream.decided[record["id"]] = result["status"]
                    break
                body = answer.json()
                if answer.status_code != 503 or body.get("error") != "service_unavailable" \
                        or "réessayez" not in body.get("message", ""):
                    stream.bad_answers.append(f"{answer.status_code}: {body}")
                time.sleep(0.05)  # a kiosk backs off before sending the same record again
            if not restarted.is_set():
                time.sleep(0.02)  # spread the stream over the restart


@pytest.mark.postgres
@pytest.mark.parametrize("centre_database_url", ["postgresql"], indirect=True)
def test_postgresql_restart_under_pushes(make_centre: Callable[..., Centre],
                                         postgres_server: PostgresServer) -> None:
    centre = make_centre(dispatch=False)
    api = ApiCentre(centre)
    try:
        api.set_calendar()
        pid = centre.process.pid if centre.process else None
        streams: list[Stream] = []
        kiosks: list[EnrolledKiosk] = []
        everyone: list[RegisteredVoter] = api.add_voters(CLIENTS * VOTERS_PER_CLIENT)
        for n in range(CLIENTS):
            kiosks.append(api.enrol())
            voters = everyone[n * VOTERS_PER_CLIENT:(n + 1) * VOTERS_PER_CLIENT]
            streams.append(Stream([reissue(v, new_phone(), record_id=str(uuid.uuid4()))
                                   for v in voters for _ in range(REQUESTS_PER_VOTER)]))

        restarted = threading.Event()
        deadline = time.monotonic() + 90
        threads = [threading.Thread(target=_push_until_decided,
                                    args=(api, kiosk, stream, restarted, deadline))
                   for kiosk, stream in zip(kiosks, streams, strict=True)]
        for thread in threads:
            thread.start()
        while sum(len(s.decided) for s in streams) < 10:  # well into the stream
            time.sleep(0.02)
        postgres_server.restart()
        restarted.set()
        for thread in threads:
            thread.join(timeout=120)

        statuses = sum((s.statuses for s in streams), Counter())
        assert [a for s in streams for a in s.bad_answers] == []
        assert set(statuses) <= {200, 503}, statuses
        assert statuses[503] > 0, "the restart was not felt: nothing was tested"
        assert all(len(s.decided) == len(s.records) for s in streams), "records left undecided"
        # The same process served before, during and after: it recovered by itself.
        assert centre.process is not None and centre.process.pid == pid and centre.running
        assert api.client().get("/healthz").status_code == 200

        with api.session() as session:
            stored = {rid: status for rid, status in session.execute(
                select(ReissueRequest.id, ReissueRequest.status))}
            seen = {rid: status for s in streams for rid, status in s.decided.items()}
            assert stored == seen  # each record once, as the client was told
            for voter in session.scalars(select(Voter)):
                ids = session.scalar(select(func.count()).select_from(VoterCredential)
                                     .where(VoterCredential.voter_id == voter.id))
                accepted = session.scalar(select(func.count()).select_from(ReissueRequest)
                                          .where(ReissueRequest.voter_id == voter.id,
                                                 ReissueRequest.status == "accepted"))
                assert voter.requests_used == accepted == ids <= MAX_REQUESTS
        assert Counter(seen.values())["accepted"] == CLIENTS * VOTERS_PER_CLIENT * MAX_REQUESTS
    finally:
        api.close()


@pytest.mark.postgres
@pytest.mark.parametrize("centre_database_url", ["postgresql"], indirect=True)
def test_sessions_dropped_just_after_use_cost_one_503_then_the_pool_is_renewed(
        make_centre: Callable[..., Centre]) -> None:
    """The API pings only connections idle for a while (``IDLE_PING_S``). When the server ends
    its sessions right after they were used, the next push meets a dead connection: a French
    503 the kiosk sends again, never a 500, and the pool is renewed, so that resend is decided
    (once)."""
    centre = make_centre(dispatch=False)
    api = ApiCentre(centre)
    try:
        api.set_calendar()
        kiosk = api.enrol()
        first, second = api.add_voters(2)
        api.push(kiosk, reissue(first, new_phone()))
        with api.session() as session:
            pids = [int(pid) for pid in session.scalars(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"))]
        assert pids, "the centre holds no pooled connection: nothing to drop"
        terminate_backends(centre.database_url, *pids)

        record = reissue(second, new_phone())
        client = api.client()
        answer = client.post("/v1/sync/push", json={"records": [record]},
                             headers=kiosk.headers)
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "service_unavailable"
        assert "réessayez" in answer.json()["message"]
        [result] = api.push(kiosk, record)  # sent again, as a kiosk does
        assert result["status"] == "accepted"
        assert api.count(ReissueRequest) == 2
    finally:
        api.close()
