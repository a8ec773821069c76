"""``kill -9`` of the centre in the middle of a stream of pushes, then restart and replay
everything the client sent: what the client saw accepted is there once, with the same answer;
no voter is over quota; every accepted request has its credential and its messages; the audit
chain verifies. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from kiosk.store.models import Notification, ReissueRequest, Voter, VoterCredential
from tests.fixtures.centre import Centre

from .test_api_support import ApiCentre, new_phone, reissue

KILL_AFTER = 12


@pytest.mark.parametrize(
    "centre_database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    indirect=True,
)
def test_kill_9_during_pushes_then_replay(make_centre: Callable[..., Centre]) -> None:
    api = ApiCentre(make_centre(dispatch=False))
    try:
        api.set_calendar()
        kiosks = [api.enrol(), api.enrol()]
        voters = api.add_voters(6)
        phones = {v.numen: new_phone() for v in voters}
        # Five requests per voter: the quota must hold across the crash and the replay.
        stream = [(kiosks[i % 2], reissue(v, phones[v.numen]))
                  for i in range(5) for v in voters]
        sent: list[tuple[Any, dict[str, Any]]] = []
        seen: dict[str, dict[str, Any]] = {}
        enough = threading.Event()

        def client() -> None:
            with api.centre.https_client(timeout=10) as http:
                for kiosk, record in stream:
                    sent.append((kiosk, record))
                    try:
                        answer = http.post("/v1/sync/push", json={"records": [record]},
                                           headers=kiosk.headers)
                    except httpx.HTTPError:
                        break  # the centre died under us
                    finally:
                        if len(seen) >= KILL_AFTER:
                            enough.set()
                    seen[record["id"]] = answer.json()["results"][0]
            enough.set()

        worker = threading.Thread(target=client)
        worker.start()
        assert enough.wait(60)
        api.centre.kill()
        worker.join(30)
        assert KILL_AFTER <= len(seen) < len(stream), "the kill must land mid-stream"

        api.centre.start()
        replayed = {record["id"]: api.push(kiosk, record)[0] for kiosk, record in sent}
        for record_id, answer in seen.items():
            assert replayed[record_id] == answer  # same decision, same reference
        rest = [(k, r) for k, r in stream if r["id"] not in replayed]
        for kiosk, record in rest:
            api.push(kiosk, record)

        with api.session() as session:
            accepted = Counter(session.scalars(select(ReissueRequest.voter_id).where(
                ReissueRequest.status == "accepted")))
            used = {row[0]: row[1] for row in session.execute(
                select(Voter.id, Voter.requests_used))}
            credentials = Counter(session.scalars(select(VoterCredential.voter_id)))
            messages = session.scalar(select(func.count()).select_from(Notification))
            stored = session.scalar(select(func.count()).select_from(ReissueRequest))
        assert stored == len(stream)
        assert set(accepted.values()) == {3}, "every voter reaches the quota, none passes it"
        assert {voter_id: used.get(voter_id or 0) for voter_id in accepted} == dict(accepted)
        assert credentials == accepted
        assert messages == 2 * sum(accepted.values())
        code, out, err = api.centre.cli("verify-audit")
        assert code == 0, (out, err)
    finally:
        api.close()
