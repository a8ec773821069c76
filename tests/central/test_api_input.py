"""Bad input on every endpoint, through the real server: malformed JSON, wrong types, unknown
fields, oversize bodies, injection strings. Each gets a 4xx with a French JSON message that does
not repeat what was sent; nothing is stored; the server never answers 500 nor logs a trace."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from .test_api_support import (
    SCHOOL,
    ApiCentre,
    EnrolledKiosk,
    RegisteredVoter,
    module_centre,
    reissue,
)

INJECTION = "'; DROP TABLE voters; -- <script>alert(1)</script> ${jndi:ldap://x}"
ENGLISH = ("field required", "Input should", "Not Found", "Method Not Allowed",
           "There was an error", "Internal Server Error", "value is not", "Extra inputs")


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    for started in module_centre(request, tmp_path_factory, dispatch=False):
        started.set_calendar()
        yield started


@pytest.fixture(scope="module")
def kiosk(api: ApiCentre) -> EnrolledKiosk:
    return api.enrol()


@pytest.fixture(scope="module")
def platform(api: ApiCentre) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.platform_token()}"}


def good_record() -> dict[str, Any]:
    voter = RegisteredVoter("01E9501234ABC", date(1975, 3, 15), "X", "Y", "x@ac-dijon.fr",
                            SCHOOL)
    return reissue(voter, "+33612345678")


def with_payload(**changes: Any) -> dict[str, Any]:
    record = good_record()
    record["payload"].update(changes)
    return {"records": [record]}


def with_record(**changes: Any) -> dict[str, Any]:
    record = good_record()
    record.update(changes)
    return {"records": [record]}


def assert_refused(answer: httpx.Response, *sent: str) -> dict[str, Any]:
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text)
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"error", "message"}, body
    message = body["message"]
    assert message and not any(english in message for english in ENGLISH), message
    for value in sent:
        assert value not in message
    return dict(body)


PUSH_CASES: list[tuple[str, Any, int]] = [
    ("not a list", {"records": "tout"}, 422),
    ("no records", {}, 422),
    ("unknown top field", {"records": [], "admin": True}, 422),
    ("unknown kind", with_record(kind="delete_voter"), 422),
    ("missing kind", {"records": [{"id": str(uuid.uuid4())}]}, 422),
    ("id not a uuid", with_record(id=INJECTION), 422),
    ("naive created_at", with_record(created_at="2026-11-20T10:00:00"), 422),
    ("created_at garbage", with_record(created_at=INJECTION), 422),
    ("created_at as Unix seconds", with_record(created_at="0"), 422),
    ("created_at as a long digit string", with_record(created_at="1700000000"), 422),
    ("created_at a number", with_record(created_at=1700000000), 422),
    ("numen a number", with_payload(numen=195012340), 422),
    ("numen a list", with_payload(numen=["01E9501234ABC"]), 422),
    ("numen huge", with_payload(numen="1" * 10_000), 422),
    ("phone an object", with_payload(phone={"$gt": ""}), 422),
    ("boolean as text", with_payload(security_code_checked="yes"), 422),
    ("unknown payload field", with_payload(requests_used=0), 422),
    ("null payload", with_record(payload=None), 422),
    ("501 records", {"records": [good_record() for _ in range(501)]}, 422),
    ("a JSON string", "records", 422),
]


@pytest.mark.parametrize(("case", "body", "status"), PUSH_CASES, ids=[c[0] for c in PUSH_CASES])
def test_push_refuses_malformed_structure(api: ApiCentre, kiosk: EnrolledKiosk, case: str,
                                          body: Any, status: int) -> None:
    before = api.counts()
    answer = api.client().post("/v1/sync/push", json=body, headers=kiosk.headers)
    assert answer.status_code == status, answer.text
    refused = assert_refused(answer, INJECTION, "01E9501234ABC", "195012340", "1975-03-15",
                             "+33612345678")
    assert refused["error"] == "invalid_request"
    assert api.counts() == before


@pytest.mark.parametrize("raw", [b"{", b'{"records": [}', b"\xff\xfe", b"", b"null}",
                                 b"[" * 100_000 + b"]" * 100_000])
def test_malformed_json_is_400_on_every_post(api: ApiCentre, kiosk: EnrolledKiosk,
                                             platform: dict[str, str], raw: bytes) -> None:
    before = api.counts()
    client = api.client()
    for path, headers in (("/v1/sync/push", kiosk.headers), ("/v1/enrol", {}),
                          ("/v1/credentials/check", platform)):
        answer = client.post(path, content=raw, headers={**headers,
                                                         "Content-Type": "application/json"})
        if raw == b"":
            assert answer.status_code in (400, 422), answer.text
            assert_refused(answer)
        else:
            assert answer.status_code == 400, (path, answer.text)
            assert assert_refused(answer)["error"] == "malformed_json"
    assert api.counts() == before


def test_oversize_bodies_are_413_announced_or_chunked(api: ApiCentre,
                                                      kiosk: EnrolledKiosk) -> None:
    before = api.counts()
    big = json.dumps({"records": [good_record()], "pad": "x" * (3 * 1024 * 1024)}).encode()
    announced = api.client().post("/v1/sync/push", content=big, headers=kiosk.headers)
    assert announced.status_code == 413
    assert "volumineuse" in assert_refused(announced)["message"]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 64 * 1024):
            yield big[start:start + 64 * 1024]

    with api.centre.https_client() as client:
        chunked = client.post("/v1/sync/push", content=chunks(), headers=kiosk.headers)
    assert chunked.status_code == 413
    assert_refused(chunked)
    assert api.counts() == before
    assert api.client().get("/healthz").status_code == 200


@pytest.mark.parametrize("body", [
    {"code": 12345}, {"code": None}, {"code": "x" * 65}, {"code": "ABCD", "kiosk_id": "k"},
    {"code": INJECTION}, [], {},
])
def test_enrol_refuses_bad_bodies(api: ApiCentre, body: Any) -> None:
    before = api.counts()
    answer = api.client().post("/v1/enrol", json=body)
    assert answer.status_code in (401, 422)
    assert_refused(answer, INJECTION)
    assert api.counts() == before


@pytest.mark.parametrize("query", [
    "cursor=abc", "cursor=-1", "cursor=1e400", "limit=0", "limit=999999", "limit=" + INJECTION,
    "cursor=99999999999999999999999999",
])
def test_pull_refuses_bad_parameters(api: ApiCentre, kiosk: EnrolledKiosk, query: str) -> None:
    answer = api.client().get(f"/v1/sync/pull?{query}", headers=kiosk.headers)
    assert answer.status_code == 422
    assert_refused(answer, INJECTION)


@pytest.mark.parametrize("reference", [
    "abc", "A" * 4000, "ABCDEFGH2345678O", "..%2F..%2Fetc%2Fpasswd", "%00", INJECTION[:30],
])
def test_request_state_refuses_bad_references(api: ApiCentre, reference: str) -> None:
    answer = api.client().get(f"/v1/requests/{reference}")
    assert answer.status_code in (400, 404)
    assert_refused(answer, reference if len(reference) > 3 else "\x00")


@pytest.mark.parametrize("body", [
    {"voter_id": 123456789012}, {"voter_id": None}, {"voter_id": "ABCDEFGHJKLM", "x": 1},
    {"voter_id": INJECTION}, {"voter_id": "0" * 12}, {"id": "ABCDEFGHJKLM"},
])
def test_credentials_check_refuses_bad_bodies(api: ApiCentre, platform: dict[str, str],
                                              body: Any) -> None:
    answer = api.client().post("/v1/credentials/check", json=body, headers=platform)
    assert answer.status_code == 422, answer.text
    assert_refused(answer, INJECTION, "123456789012")


def test_unknown_routes_and_methods_are_french_json(api: ApiCentre,
                                                   kiosk: EnrolledKiosk) -> None:
    client = api.client()
    assert assert_refused(client.get("/v1/voters", headers=kiosk.headers))["error"] == \
        "not_found"
    assert client.delete("/v1/sync/push", headers=kiosk.headers).status_code == 405
    assert_refused(client.put("/v1/enrol", json={"code": "x"}))


def test_no_trace_in_the_server_log(api: ApiCentre) -> None:
    # Runs last in this module: the log then holds every bad request above.
    log = api.centre.log_text()
    assert "Traceback" not in log and "unexpected" not in log
    assert "01E9501234ABC" not in log and INJECTION not in log
