"""Authorisation at the centre, beyond tokens (tests/central/test_api_auth.py has those): a pushed
record must name an agent the kiosk could have signed in for that voter, a revoked kiosk is
refused even for what it already sent, and a kiosk's view stays within its establishments.

The centre has no supervisor-only action of its own (supervisor tools live on the kiosk); what
it enforces is the agents' scope, with the kiosk's own rule: an ``agent`` acts for the voters of
their establishments, a ``supervisor`` for those of the kiosk's establishments they share.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.central.agent_scope import UNKNOWN_AGENT
from kiosk.store.models import AuditEntry, ReissueRequest
from tests.central.test_api_support import (
    OTHER_SCHOOL,
    SCHOOL,
    ApiCentre,
    RegisteredVoter,
    module_centre,
    reissue,
)
from tests.fixtures.kiosk import cli_ok

PASSWORD = {"KIOSK_CENTRAL_AGENT_PASSWORD": "Secretariat2026"}


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    for started in module_centre(request, tmp_path_factory, dispatch=False):
        started.set_calendar()
        for name, role, schools in (("agent.ecole", "agent", [SCHOOL]),
                                    ("agent.ailleurs", "agent", [OTHER_SCHOOL]),
                                    ("sup.ici", "supervisor", [SCHOOL]),
                                    ("sup.ailleurs", "supervisor", [OTHER_SCHOOL])):
            cli_ok(started.centre, "add-agent", name, "--name", name, "--role", role,
                   *(a for s in schools for a in ("--establishment", s)), env=PASSWORD)
        yield started


def handover(voter: RegisteredVoter, agent: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": "seal_handover",
            "created_at": datetime.now(UTC).isoformat(),
            "payload": {"numen": voter.numen, "serial": f"PLI-{uuid.uuid4().hex[:12]}",
                        "agent": agent}}


def refused_attempts(api: ApiCentre) -> int:
    with api.session() as session:
        return len(session.scalars(select(AuditEntry.seq).where(
            AuditEntry.action == "record.agent_refused")).all())


BAD_AGENTS = ["", "   ", "inconnu.x", "agent.ailleurs", "sup.ailleurs", "agent.ecole'; --"]


def test_a_record_naming_no_agent_of_the_voter_is_refused_and_not_stored(
        api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    [voter] = api.add_voters(1, SCHOOL)
    before, audited = api.counts(), refused_attempts(api)
    records = [r for agent in BAD_AGENTS for r in (reissue(voter, agent=agent),
                                                   handover(voter, agent))]
    for result in api.push(kiosk, *records):
        assert (result["status"], result["reason"]) == ("refused", "invalid_input")
        assert result["message"] == UNKNOWN_AGENT
    after = api.counts()
    assert {k: after[k] - before[k] for k in after} == {
        "ReissueRequest": 0, "VoterCredential": 0, "PhoneBinding": 0, "Notification": 0,
        "SealHandover": 0, "AuditEntry": len(records)}
    assert refused_attempts(api) == audited + len(records)  # each attempt is on record
    assert api.voter_row(voter).requests_used == 0


def test_agents_and_supervisors_of_the_school_are_accepted_as_typed(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    [voter] = api.add_voters(1, SCHOOL)
    results = api.push(kiosk, reissue(voter, agent=" Agent.Ecole "),
                       reissue(voter, agent="sup.ici"), handover(voter, "agent.ecole"))
    assert [r["status"] for r in results] == ["accepted"] * 3


def test_on_a_counter_for_two_schools_each_agent_keeps_to_their_own(api: ApiCentre) -> None:
    counter = api.enrol(SCHOOL, OTHER_SCHOOL)
    [here] = api.add_voters(1, SCHOOL)
    [there] = api.add_voters(1, OTHER_SCHOOL)
    results = api.push(counter, reissue(there, agent="agent.ecole"),
                       reissue(here, agent="agent.ailleurs"),
                       reissue(there, agent="agent.ailleurs"),
                       reissue(there, agent="sup.ici"))  # a supervisor of the counter
    assert [r["status"] for r in results] == ["refused", "refused", "accepted", "accepted"]
    # A kiosk of one school cannot borrow a supervisor of another.
    single = api.enrol(SCHOOL)
    [other] = api.add_voters(1, SCHOOL)
    [result] = api.push(single, reissue(other, agent="sup.ailleurs"))
    assert result["message"] == UNKNOWN_AGENT


def test_a_revoked_kiosk_gets_nothing_back_not_even_its_own_answers(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    [voter] = api.add_voters(1, SCHOOL)
    record = reissue(voter, agent="agent.ecole")
    [done] = api.push(kiosk, record)
    reference = done["reference"]
    cli_ok(api.centre, "revoke-kiosk", kiosk.kiosk_id)
    client = api.client()
    replay = client.post("/v1/sync/push", json={"records": [record]}, headers=kiosk.headers)
    assert replay.status_code == 401 and "jeton" in replay.json()["message"]
    assert client.get("/v1/sync/pull", headers=kiosk.headers).status_code == 401
    # The receipt's QR code still works: it needs no token and shows no personal data.
    status = client.get(f"/v1/requests/{reference}").json()
    assert status["status"] == "accepted" and voter.numen not in str(status)
    with api.session() as session:
        assert session.get(ReissueRequest, record["id"]) is not None
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == kiosk.kiosk_id)).all()
    assert "kiosk.revoked" in actions

