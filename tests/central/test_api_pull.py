"""``GET /v1/sync/pull`` through the real server: full voter snapshots of the kiosk's
establishments only, ordered by change sequence, paged by cursor, with the agents snapshot."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from kiosk.domain.hashing import keyed_hash

from .test_api_support import (
    OTHER_SCHOOL,
    SCHOOL,
    TEST_AGENT,
    ApiCentre,
    module_centre,
    new_phone,
    pull_all,
    reissue,
)

PASSWORD = "Secretariat2024"


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    for started in module_centre(request, tmp_path_factory, dispatch=False):
        started.set_calendar()
        yield started


def test_snapshots_of_the_kiosk_establishments_only(api: ApiCentre) -> None:
    local = api.add_voters(3, SCHOOL)
    foreign = api.add_voters(2, OTHER_SCHOOL)
    kiosk = api.enrol(SCHOOL)
    changes, cursor, _ = pull_all(api, kiosk)
    by_numen = {c["voter"]["numen"]: c for c in changes}
    for voter in local:
        snapshot = by_numen[voter.numen]["voter"]
        assert snapshot["birth_date"] == voter.birth_date.isoformat()
        assert (snapshot["last_name"], snapshot["email"], snapshot["establishment"]) == (
            voter.last_name, voter.email, SCHOOL)
        assert (snapshot["requests_used"], snapshot["id_version"]) == (0, 0)
        assert snapshot["locked_until"] is None and snapshot["phone_hashes"] == []
        assert by_numen[voter.numen]["type"] == "voter"
    assert not {v.numen for v in foreign} & set(by_numen)
    assert {c["voter"]["establishment"] for c in changes} == {SCHOOL}
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs) and cursor == seqs[-1]
    again, same_cursor, _ = pull_all(api, kiosk, cursor)
    assert again == [] and same_cursor == cursor


def test_an_accepted_request_comes_back_with_counters_and_phone_hash(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    [voter] = api.add_voters(1)
    _, cursor, _ = pull_all(api, kiosk)
    phone = new_phone()
    assert api.push(kiosk, reissue(voter, phone))[0]["status"] == "accepted"
    changes, new_cursor, _ = pull_all(api, kiosk, cursor)
    assert [c["voter"]["numen"] for c in changes] == [voter.numen]
    snapshot = changes[0]["voter"]
    assert (snapshot["requests_used"], snapshot["id_version"]) == (1, 1)
    # The kiosk can tell "this phone is taken" offline, without ever learning the number.
    key = base64.b64decode(kiosk.phone_hash_key)
    assert snapshot["phone_hashes"] == [keyed_hash(key, phone, purpose="phone")]
    assert new_cursor > cursor
    # A refusal changes nothing a kiosk decides on: no new change.
    api.push(kiosk, reissue(voter, phone, birth_date="1950-06-15"))
    assert pull_all(api, kiosk, new_cursor)[0] == []


def test_paging_with_limit_and_more(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    everything, _, _ = pull_all(api, kiosk)
    api.add_voters(5)
    paged, _, _ = pull_all(api, kiosk, limit=2)
    full, _, _ = pull_all(api, kiosk)
    assert paged == full and len(full) == len(everything) + 5
    first = api.client().get("/v1/sync/pull", params={"limit": 1}, headers=kiosk.headers).json()
    assert len(first["changes"]) == 1 and first["more"] is True
    assert first["cursor"] == first["changes"][0]["seq"]


def test_agents_snapshot_for_the_kiosk_establishments(api: ApiCentre) -> None:
    env = {"KIOSK_CENTRAL_AGENT_PASSWORD": PASSWORD}
    api.cli_ok("add-agent", "marie.local", "--name", "Marie Local", "--establishment", SCHOOL,
               env=env)
    api.cli_ok("add-agent", "sam.superviseur", "--name", "Sam", "--role", "supervisor",
               "--establishment", SCHOOL, "--establishment", OTHER_SCHOOL, env=env)
    api.cli_ok("add-agent", "paul.ailleurs", "--name", "Paul", "--establishment", OTHER_SCHOOL,
               env=env)
    kiosk = api.enrol(SCHOOL)
    _, _, agents = pull_all(api, kiosk)
    by_name = {a["username"]: a for a in agents}
    assert set(by_name) - {TEST_AGENT} == {"marie.local", "sam.superviseur"}
    marie = by_name["marie.local"]
    assert (marie["display_name"], marie["role"], marie["active"]) == ("Marie Local", "agent",
                                                                       True)
    assert by_name["sam.superviseur"]["establishments"] == sorted([SCHOOL, OTHER_SCHOOL])
    assert PasswordHasher().verify(marie["password_hash"], PASSWORD)
    assert PASSWORD not in str(agents)


def test_the_calendar_travels_with_every_pull(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    answer = api.client().get("/v1/sync/pull", params={"cursor": 10**9},
                              headers=kiosk.headers).json()
    calendar = answer["calendar"]
    moments = [datetime.fromisoformat(calendar[k]) for k in
               ("requests_open", "voting_opens", "voting_closes", "results")]
    assert all(m.tzinfo is not None for m in moments) and moments == sorted(moments)
    assert moments[0] < datetime.now(UTC) < moments[1]  # as set-calendar put it
