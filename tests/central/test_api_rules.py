"""The rules through the real API over TLS: quota, one phone one voter, invalidation,
idempotency and conflicts, establishment scoping, lockout, calendar, per-record bad values."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.domain.decision import REASON_MESSAGES, SUCCESS_MESSAGE, Reason
from kiosk.store.models import AuditEntry, VoterCredential
from tests.fixtures.centre import Centre

from .test_api_support import (
    DB_PARAMS,
    OTHER_SCHOOL,
    SCHOOL,
    ApiCentre,
    RegisteredVoter,
    module_centre,
    new_phone,
    reissue,
)


@pytest.fixture(scope="module", params=DB_PARAMS)
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiCentre]:
    for started in module_centre(request, tmp_path_factory, str(request.param)):
        started.set_calendar()
        yield started


def test_quota_three_accepted_then_refused(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    phone = new_phone()
    results = api.push(kiosk, *(reissue(voter, phone) for _ in range(4)))
    assert [r["status"] for r in results] == ["accepted"] * 3 + ["refused"]
    assert [r["requests_left"] for r in results] == [2, 1, 0, 0]
    assert results[0]["message"] == SUCCESS_MESSAGE
    assert results[3]["reason"] == "quota_exhausted"
    assert results[3]["message"] == REASON_MESSAGES[Reason.QUOTA_EXHAUSTED]
    row = api.voter_row(voter)
    assert (row.requests_used, row.id_version) == (3, 3)
    later = api.push(kiosk, reissue(voter, phone))
    assert later[0]["reason"] == "quota_exhausted"
    assert api.voter_row(voter).requests_used == 3


def test_a_phone_serves_one_voter_and_the_same_voter_may_reuse_it(api: ApiCentre) -> None:
    kiosk = api.enrol()
    first, second = api.add_voters(2)
    phone = new_phone()
    [a] = api.push(kiosk, reissue(first, phone))
    [b] = api.push(kiosk, reissue(second, phone))
    [c] = api.push(kiosk, reissue(first, phone))
    assert a["status"] == "accepted" and c["status"] == "accepted"
    assert (b["status"], b["reason"]) == ("refused", "phone_taken")
    assert b["message"] == REASON_MESSAGES[Reason.PHONE_TAKEN]
    assert api.voter_row(second).requests_used == 0
    # An international (overseas) number typed with its prefix works the same way.
    [d] = api.push(kiosk, reissue(second, "+262 692 12 34 56"))
    assert d["status"] == "accepted" and d["phone_masked"].startswith("+262 ")


def test_each_new_id_invalidates_the_previous_one(api: ApiCentre) -> None:
    kiosk = api.enrol()
    platform = api.platform_token()
    [voter] = api.add_voters(1)
    phone = new_phone()
    api.push(kiosk, reissue(voter, phone))
    [first] = api.ids_sent_to(phone, 1)
    assert api.check(platform, first)
    api.push(kiosk, reissue(voter, phone))
    first_again, second = api.ids_sent_to(phone, 2)
    assert first_again == first and second != first
    assert not api.check(platform, first)
    assert api.check(platform, second)
    assert api.check(platform, second.lower()[:6] + " " + second[6:])  # typed by a person
    assert not api.check(platform, "ABCDEFGHJKLM")
    with api.session() as session:
        rows = list(session.scalars(select(VoterCredential).where(
            VoterCredential.voter_id == api.voter_row(voter).id).order_by(
            VoterCredential.version)))
    assert [(r.version, r.invalidated_at is None) for r in rows] == [(1, False), (2, True)]
    assert first not in api.centre.log_text() and second not in api.centre.log_text()


def test_replay_returns_the_stored_answer_and_a_changed_payload_is_a_conflict(
        api: ApiCentre) -> None:
    kiosk, other_kiosk = api.enrol(), api.enrol()
    [voter] = api.add_voters(1)
    record = reissue(voter, new_phone(), reference=None)
    [first] = api.push(kiosk, record)
    before = api.counts()
    [again] = api.push(kiosk, record)
    again_state, first_state = again.pop("state"), first.pop("state")
    assert again == first  # the decision as stored; only the delivery state moves on
    assert (first_state, again_state) in {("queued", "queued"), ("queued", "sent"),
                                          ("sent", "sent")}
    assert api.counts() == before
    changed = dict(record, payload=dict(record["payload"], agent="quelqu.un.autre"))
    [conflict] = api.push(kiosk, changed)
    assert (conflict["status"], conflict["reason"]) == ("conflict", "conflict")
    assert "conflit" in conflict["message"]
    [stolen] = api.push(other_kiosk, record)  # the same UUID from another kiosk
    assert stolen["status"] == "conflict"
    assert api.counts() == before
    assert api.voter_row(voter).requests_used == 1
    # A conflict in a batch does not stop the other records.
    results = api.push(kiosk, changed, reissue(voter, new_phone()))
    assert [r["status"] for r in results] == ["conflict", "accepted"]


def test_a_kiosk_acts_only_for_its_establishments(api: ApiCentre) -> None:
    kiosk = api.enrol(SCHOOL)
    [elsewhere] = api.add_voters(1, OTHER_SCHOOL)
    [local] = api.add_voters(1, SCHOOL)
    unknown = reissue(local, numen="01E0000001ZZZ")
    foreign, missing = api.push(kiosk, reissue(elsewhere), unknown)
    assert foreign["reason"] == missing["reason"] == "voter_unknown"
    assert foreign["message"] == missing["message"]  # nothing tells the two apart
    assert foreign["requests_left"] == missing["requests_left"]
    assert api.voter_row(elsewhere).requests_used == 0
    supervisor = api.enrol(SCHOOL, OTHER_SCHOOL)
    assert supervisor.establishments == sorted([SCHOOL, OTHER_SCHOOL])
    [done] = api.push(supervisor, reissue(elsewhere))
    assert done["status"] == "accepted"


def test_five_identity_misses_lock_the_voter_and_a_match_resets_the_count(
        api: ApiCentre) -> None:
    kiosk = api.enrol()
    locked, reset = api.add_voters(2)

    def wrong(voter: RegisteredVoter) -> dict[str, object]:
        return reissue(voter, birth_date="1950-06-15")

    results = api.push(kiosk, *(wrong(locked) for _ in range(5)))
    assert {r["reason"] for r in results} == {"identity_mismatch"}
    [after] = api.push(kiosk, reissue(locked))
    assert (after["reason"], after["message"]) == (
        "voter_locked", REASON_MESSAGES[Reason.VOTER_LOCKED])
    row = api.voter_row(locked)
    assert row.locked_until is not None and row.locked_until > datetime.now(UTC)
    with api.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == f"voter:{row.id}")))
    assert actions.count("voter.locked") == 1
    # Kiosks learn of the lock at their next pull, so they refuse offline too.
    pulled = api.client().get("/v1/sync/pull", params={"limit": 5000},
                              headers=kiosk.headers).json()["changes"]
    [snapshot] = [c["voter"] for c in pulled if c["voter"]["numen"] == locked.numen]
    assert snapshot["locked_until"] is not None
    # Four misses, a match, four misses: never five in a row, never locked.
    sequence = [*(wrong(reset) for _ in range(4)), reissue(reset),
                *(wrong(reset) for _ in range(4)), reissue(reset)]
    statuses = [r["status"] for r in api.push(kiosk, *sequence)]
    assert statuses == ["refused"] * 4 + ["accepted"] + ["refused"] * 4 + ["accepted"]
    assert api.voter_row(reset).locked_until is None


def test_bad_values_are_refused_per_record_and_nothing_is_stored(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    bad = [
        reissue(voter, numen="01E95O1234ABC"),  # a letter O among the digits
        reissue(voter, birth_date="1975-02-30"),
        reissue(voter, "01 45 67 89 10"),  # a landline
        reissue(voter, channel="fax"),
        reissue(voter, "", channel="sms"),
        reissue(voter, numen="'; DROP TABLE voters; --"),
        reissue(voter, security_code_checked=False),
    ]
    before = api.counts()
    results = api.push(kiosk, *bad, reissue(voter))
    assert [r["reason"] for r in results[:-1]] == ["invalid_input"] * len(bad)
    assert results[-1]["status"] == "accepted"
    for result, record in zip(results, bad, strict=False):
        assert result["status"] == "refused" and result["message"]
        for value in record["payload"].values():
            if isinstance(value, str) and len(value) > 5:
                assert value not in result["message"]
    assert "NUMEN" in results[0]["message"]
    assert "naissance" in results[1]["message"]
    assert "mobile" in results[2]["message"]
    after = api.counts()
    assert after["ReissueRequest"] == before["ReissueRequest"] + 1
    assert api.push(kiosk, bad[0])[0]["reason"] == "invalid_input"  # same answer on replay


def test_request_state_by_reference(api: ApiCentre) -> None:
    kiosk = api.enrol()
    voter, other = api.add_voters(2)
    phone = new_phone()
    chosen = "pas-une-reference"
    [accepted] = api.push(kiosk, reissue(voter, phone, reference="QRST2345WXYZ6789"))
    assert accepted["reference"] == "QRST2345WXYZ6789"  # the kiosk's, printed before sync
    [taken] = api.push(kiosk, reissue(other, new_phone(), reference="QRST2345WXYZ6789"))
    assert taken["reference"] != "QRST2345WXYZ6789" and len(taken["reference"]) == 16
    [odd] = api.push(kiosk, reissue(other, new_phone(), reference=chosen))
    assert len(odd["reference"]) == 16 and odd["reference"] != chosen
    client = api.client()
    api.ids_sent_to(phone, 1)
    state = client.get(f"/v1/requests/{accepted['reference']}").json()
    assert state["status"] == "accepted" and state["phone_masked"] == accepted["phone_masked"]
    assert state["delivery"] in ("queued", "sent")
    typed = accepted["reference"].lower()
    assert client.get(f"/v1/requests/{typed[:8]}-{typed[8:]}").json()["status"] == "accepted"
    text = str(state)
    for secret in (voter.numen, voter.birth_date.isoformat(), phone, phone[3:], voter.email):
        assert secret not in text
    assert client.get("/v1/requests/ZZZZZZZZZZZZZZZZ").status_code == 404
    malformed = client.get("/v1/requests/abc'or'1'='1")
    assert malformed.status_code == 400 and malformed.json()["error"] == "invalid_reference"


def test_seal_handover_is_recorded_once(api: ApiCentre) -> None:
    kiosk = api.enrol()
    [voter] = api.add_voters(1)
    [elsewhere] = api.add_voters(1, OTHER_SCHOOL)

    def handover(serial: str, numen: str = voter.numen) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "kind": "seal_handover",
                "created_at": datetime.now(UTC).isoformat(),
                "payload": {"numen": numen, "serial": serial, "agent": "agent.test"}}

    serial = f"PLI-{uuid.uuid4().hex[:10]}"
    record = handover(serial)
    [done] = api.push(kiosk, record)
    assert done["status"] == "accepted"
    assert api.push(kiosk, record) == [done]
    changed = dict(record, payload=dict(record["payload"], serial="PLI-AUTRE"))
    assert api.push(kiosk, changed)[0]["status"] == "conflict"
    [twice] = api.push(kiosk, handover(serial))
    assert twice["status"] == "refused" and "pli" in twice["message"]
    [foreign] = api.push(kiosk, handover("PLI-X-" + uuid.uuid4().hex[:6], elsewhere.numen))
    assert foreign["reason"] == "voter_unknown"
    by_id = handover("PLI-Y-" + uuid.uuid4().hex[:6])
    by_id["payload"] = {"voter_id": api.voter_row(voter).id, "serial": "PLI-Z-" + serial,
                        "agent": "agent.test", "handed_at": "2026-11-20T10:00:00+01:00"}
    assert api.push(kiosk, by_id)[0]["status"] == "accepted"


def test_calendar_not_set_then_not_open_then_open(make_centre: Callable[..., Centre]) -> None:
    api = ApiCentre(make_centre(dispatch=False))
    try:
        kiosk = api.enrol()
        [voter] = api.add_voters(1)
        [unset] = api.push(kiosk, reissue(voter))
        assert unset["reason"] == "outside_window" and "calendrier" in unset["message"]
        api.set_calendar(opened=timedelta(days=2))
        [early] = api.push(kiosk, reissue(voter))
        assert early["message"] == REASON_MESSAGES[Reason.OUTSIDE_WINDOW]
        api.set_calendar()
        [now_open] = api.push(kiosk, reissue(voter))
        assert now_open["status"] == "accepted" and now_open["requests_left"] == 2
    finally:
        api.close()
