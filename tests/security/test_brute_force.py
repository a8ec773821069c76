"""Guessing identities at the centre: failed checks are limited per kiosk and per source address,
and the moment a limit is reached is audited.

Already proven elsewhere: five misses in a row lock the voter for 30 minutes, audited
(tests/central/test_api_rules.py::test_five_identity_misses_lock_the_voter_and_a_match_resets_
the_count); a kiosk over its limit gets 429 while replays still answer
(tests/central/test_api_auth.py::test_rate_limits_answer_429_in_french). Here: the address
limit, which several kiosks (or one attacker with several stolen tokens) share, and the audit.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from kiosk.store.models import AuditEntry
from tests.central.test_api_support import ApiCentre, RegisteredVoter, reissue
from tests.fixtures.centre import Centre

WRONG_BIRTH = "1950-06-15"


def miss(voter: RegisteredVoter) -> dict[str, object]:
    return reissue(voter, birth_date=WRONG_BIRTH)


def limit_audits(api: ApiCentre) -> list[tuple[str, str]]:
    with api.session() as session:
        return [(e.actor, e.subject) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "identity.rate_limited")
            .order_by(AuditEntry.seq))]


def test_misses_are_limited_per_kiosk_and_per_address_and_audited(
        make_centre: Callable[..., Centre]) -> None:
    api = ApiCentre(make_centre(dispatch=False, rate_identity_failures_per_kiosk="2",
                                rate_identity_failures_per_address="4"))
    try:
        api.set_calendar()
        first, second, third = api.enrol(), api.enrol(), api.enrol()
        voters = api.add_voters(6)
        client = api.client()

        def push(kiosk_headers: dict[str, str], record: dict[str, object]) -> int:
            return client.post("/v1/sync/push", json={"records": [record]},
                               headers=kiosk_headers).status_code

        # The first kiosk reaches its own limit: it alone is held back.
        assert [r["reason"] for r in api.push(first, miss(voters[0]), miss(voters[1]))] == [
            "identity_mismatch"] * 2
        assert push(first.headers, reissue(voters[2])) == 429
        assert limit_audits(api) == [(f"kiosk:{first.kiosk_id}", f"kiosk:{first.kiosk_id}")]
        assert api.push(second, reissue(voters[2]))[0]["status"] == "accepted"

        # Two more misses from another kiosk at the same address: the address is now held
        # back, whichever kiosk asks, even with a right identity.
        assert [r["reason"] for r in api.push(second, miss(voters[3]), miss(voters[4]))] == [
            "identity_mismatch"] * 2
        assert [push(k.headers, reissue(voters[5])) for k in (second, third)] == [429, 429]
        body = client.post("/v1/sync/push", json={"records": [reissue(voters[5])]},
                           headers=third.headers).json()
        assert body["error"] == "rate_limited" and "réessayez" in body["message"]
        assert (f"kiosk:{second.kiosk_id}", "addr:127.0.0.1") in limit_audits(api)
        assert api.voter_row(voters[5]).requests_used == 0  # nothing decided meanwhile
        code, _, err = api.centre.cli("verify-audit")
        assert code == 0, err
    finally:
        api.close()
