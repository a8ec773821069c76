"""Who may call what, through the real server: enrolment codes single-use and expiring, bearer
tokens by hash, revoked kiosks, platform and kiosk tokens kept apart, rate limits."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select, update

from kiosk.central.tokens import token_hash
from kiosk.store.base import utcnow
from kiosk.store.models import EnrolmentCode, Kiosk, ReissueRequest
from tests.fixtures.centre import Centre

from .test_api_support import (
    DB_PARAMS,
    OTHER_SCHOOL,
    SCHOOL,
    ApiCentre,
    RegisteredVoter,
    module_centre,
    reissue,
)

SOMEONE = RegisteredVoter("01E9501234ABC", date(1975, 3, 15), "Dupont", "Jean",
                          "jean.dupont@ac-dijon.fr", SCHOOL)


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    for started in module_centre(request, tmp_path_factory, dispatch=False):
        started.set_calendar()
        yield started


def test_enrolment_gives_a_token_kept_only_as_a_hash(api: ApiCentre) -> None:
    code = api.enrolment_code(SCHOOL, OTHER_SCHOOL)
    answer = api.client().post("/v1/enrol", json={"code": code.lower().replace("-", " ")})
    assert answer.status_code == 200
    data = answer.json()
    assert data["establishment"] == SCHOOL
    assert data["establishments"] == sorted([SCHOOL, OTHER_SCHOOL])
    assert len(base64.b64decode(data["phone_hash_key"])) == 32
    with api.session() as session:
        kiosk = session.get(Kiosk, data["kiosk_id"])
        assert kiosk is not None and kiosk.token_hash == token_hash(data["token"])
    assert data["token"] not in api.centre.log_text()
    # Every kiosk of the deployment gets the same phone hash key.
    assert api.enrol().phone_hash_key == data["phone_hash_key"]


def test_an_enrolment_code_is_single_use_even_when_raced(api: ApiCentre) -> None:
    code = api.enrolment_code()
    answers: list[int] = []

    def attempt() -> None:
        with api.centre.https_client() as client:
            answers.append(client.post("/v1/enrol", json={"code": code}).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] + [401] * 5
    again = api.client().post("/v1/enrol", json={"code": code})
    assert again.status_code == 401 and again.json()["error"] == "invalid_code"
    assert "Code d'enrôlement" in again.json()["message"]


def test_an_expired_enrolment_code_is_refused(api: ApiCentre) -> None:
    code = api.enrolment_code()
    with api.session() as session, session.begin():
        session.execute(update(EnrolmentCode).where(EnrolmentCode.used_at.is_(None))
                        .values(expires_at=utcnow() - timedelta(minutes=1)))
    before = api.count(Kiosk)
    answer = api.client().post("/v1/enrol", json={"code": code})
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_code"
    assert api.count(Kiosk) == before


@pytest.mark.parametrize("header", [
    None, "Bearer", "Token abc", "Basic dXNlcjpwYXNz", "Bearer not-a-token",
    "Bearer " + "A" * 43, "bearer' OR '1'='1",
])
def test_missing_or_wrong_tokens_get_401_and_change_nothing(api: ApiCentre,
                                                            header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    before = api.count(ReissueRequest)
    client = api.client()
    record = reissue(SOMEONE)
    for answer in (client.post("/v1/sync/push", json={"records": [record]}, headers=headers),
                   client.get("/v1/sync/pull", headers=headers),
                   client.post("/v1/credentials/check", json={"voter_id": "ABCDEFGHJKLM"},
                               headers=headers)):
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"] == "unauthorized"
        assert "jeton" in answer.json()["message"]
        assert answer.headers["www-authenticate"] == "Bearer"
    assert api.count(ReissueRequest) == before


def test_a_revoked_kiosk_is_refused(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    assert api.client().get("/v1/sync/pull", headers=kiosk.headers).status_code == 200
    api.cli_ok("revoke-kiosk", kiosk.kiosk_id)
    before = api.count(ReissueRequest)
    pushed = api.client().post("/v1/sync/push", json={"records": [reissue(voter)]},
                               headers=kiosk.headers)
    assert pushed.status_code == 401
    assert api.client().get("/v1/sync/pull", headers=kiosk.headers).status_code == 401
    assert api.count(ReissueRequest) == before


def test_platform_and_kiosk_tokens_are_kept_apart(api: ApiCentre) -> None:
    kiosk = api.enrol()
    platform = {"Authorization": f"Bearer {api.platform_token()}"}
    client = api.client()
    refused = client.post("/v1/credentials/check", json={"voter_id": "ABCDEFGHJKLM"},
                          headers=kiosk.headers)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert client.get("/v1/sync/pull", headers=platform).status_code == 401
    assert client.post("/v1/sync/push", json={"records": []}, headers=platform
                       ).status_code == 401
    ok = client.post("/v1/credentials/check", json={"voter_id": "ABCDEFGHJKLM"},
                     headers=platform)
    assert ok.status_code == 200 and ok.json() == {"valid": False}
    malformed = client.post("/v1/credentials/check", json={"voter_id": "0O1I"},
                            headers=platform)
    assert malformed.status_code == 422 and "Identifiant électeur" in malformed.json()["message"]


def test_request_state_needs_no_token(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    [result] = api.push(kiosk, reissue(voter))
    with api.centre.https_client() as anonymous:
        answer = anonymous.get(f"/v1/requests/{result['reference']}")
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"


@pytest.mark.parametrize("centre_database_url", DB_PARAMS, indirect=True)
def test_tokens_are_checked_on_every_call_with_both_databases(
        make_centre: Callable[..., Centre]) -> None:
    """The token check is a plain read (autocommit on PostgreSQL): a revocation counts from the
    next call, a token one character off is refused, and the connections it used still carry
    whole transactions for the decisions that follow."""
    api = ApiCentre(make_centre(dispatch=False))
    try:
        api.set_calendar()
        kiosk, neighbour = api.enrol(), api.enrol()
        first, second, third = api.add_voters(3)
        client = api.client()
        assert api.push(kiosk, reissue(first))[0]["status"] == "accepted"
        token = kiosk.headers["Authorization"].removeprefix("Bearer ")
        altered = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert client.get("/v1/sync/pull", headers={
            "Authorization": f"Bearer {altered}"}).status_code == 401
        api.cli_ok("revoke-kiosk", kiosk.kiosk_id)
        before = api.count(ReissueRequest)
        refused = client.post("/v1/sync/push", json={"records": [reissue(second)]},
                              headers=kiosk.headers)
        assert refused.status_code == 401
        assert client.get("/v1/sync/pull", headers=kiosk.headers).status_code == 401
        assert api.count(ReissueRequest) == before
        for voter in (second, third):  # many checks later, decisions are still transactions
            assert api.push(neighbour, reissue(voter))[0]["status"] == "accepted"
        assert api.count(ReissueRequest) == before + 2
    finally:
        api.close()


# --- rate limits (a centre of their own, with low limits) -----------------------------------
@pytest.mark.parametrize("centre_database_url", DB_PARAMS, indirect=True)
def test_rate_limits_answer_429_in_french(make_centre: Callable[..., Centre]) -> None:
    api = ApiCentre(make_centre(
        dispatch=False, rate_identity_failures_per_kiosk="3",
        rate_status_per_address="4", rate_checks_per_token="3",
        rate_enrol_failures_per_address="2"))
    try:
        api.set_calendar()
        kiosk, neighbour = api.enrol(), api.enrol()
        voters = api.add_voters(5)
        misses = [reissue(v, birth_date="1950-06-15") for v in voters[:3]]
        assert {r["reason"] for r in api.push(kiosk, *misses)} == {"identity_mismatch"}
        client = api.client()
        limited = client.post("/v1/sync/push", json={"records": [reissue(voters[3])]},
                              headers=kiosk.headers)
        assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
        assert "réessayez" in limited.json()["message"]
        assert api.push(kiosk, misses[0])[0]["reason"] == "identity_mismatch"  # replays pass
        assert api.push(neighbour, reissue(voters[4]))[0]["status"] == "accepted"

        codes = [client.get("/v1/requests/ZZZZZZZZZZZZZZZZ").status_code for _ in range(5)]
        assert codes == [404] * 4 + [429]

        token = {"Authorization": f"Bearer {api.platform_token()}"}
        checks = [client.post("/v1/credentials/check", json={"voter_id": "ABCDEFGHJKLM"},
                              headers=token).status_code for _ in range(4)]
        assert checks == [200] * 3 + [429]

        enrols = [client.post("/v1/enrol", json={"code": "AAAA-BBBB"}).status_code
                  for _ in range(3)]
        assert enrols == [401, 401, 429]
        good = client.post("/v1/enrol", json={"code": api.enrolment_code()})
        assert good.status_code == 429  # even a good code waits: the address is suspect
    finally:
        api.close()


def test_plain_http_on_the_api_port_gets_no_answer(api: ApiCentre) -> None:
    with httpx.Client(timeout=5) as client, pytest.raises(httpx.HTTPError):
        client.post(f"http://127.0.0.1:{api.centre.port}/v1/enrol", json={"code": "X"})
    with api.session() as session:
        assert session.scalar(select(Kiosk.id).where(Kiosk.id == "X")) is None
