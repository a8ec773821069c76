from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from kiosk.domain.calendar import PARIS, ElectionCalendar
from kiosk.domain.decision import (
    MAX_REQUESTS,
    REASON_MESSAGES,
    SUCCESS_MESSAGE,
    Channel,
    Reason,
    ReissueRequest,
    VoterState,
    decide,
)

CAL = ElectionCalendar.example_2018()
NOW = datetime(2018, 11, 20, 10, 0, tzinfo=PARIS)
REQUEST = ReissueRequest("01E9501234ABC", date(1975, 3, 15), "+33612345678", Channel.SMS, NOW)
STATE = VoterState("voter-a", "01E9501234ABC", date(1975, 3, 15), 0, 0, None)


def test_three_accepted_then_refused_each_naming_what_it_invalidates() -> None:
    state = STATE
    for n in range(MAX_REQUESTS):
        decision = decide(REQUEST, state, CAL, NOW)
        assert decision.accepted and decision.reason is None
        assert decision.message == SUCCESS_MESSAGE
        assert decision.invalidates_version == n and decision.new_version == n + 1
        assert decision.requests_left == MAX_REQUESTS - n - 1
        state = replace(state, requests_used=n + 1, id_version=n + 1,
                        phone_owner_key="voter-a")
    refused = decide(REQUEST, state, CAL, NOW)
    assert not refused.accepted and refused.reason is Reason.QUOTA_EXHAUSTED
    assert refused.message == ("La demande d'envoi d'un nouvel identifiant ne peut être faite "
                               "que 3 fois.")
    assert refused.requests_left == 0 and refused.new_version is None


def test_phone_of_another_voter_refused_same_voter_reuses_it() -> None:
    taken = decide(REQUEST, replace(STATE, phone_owner_key="voter-b"), CAL, NOW)
    assert taken.reason is Reason.PHONE_TAKEN and taken.requests_left == 3
    mine = decide(REQUEST, replace(STATE, phone_owner_key="voter-a"), CAL, NOW)
    assert mine.accepted
    by_mail = decide(replace(REQUEST, channel=Channel.EMAIL),
                     replace(STATE, phone_owner_key="voter-b"), CAL, NOW)
    assert by_mail.reason is Reason.PHONE_TAKEN


def test_identity_must_match_on_both() -> None:
    wrong_numen = decide(replace(REQUEST, numen="01E9501234ABD"), STATE, CAL, NOW)
    wrong_birth = decide(replace(REQUEST, birth_date=date(1975, 3, 16)), STATE, CAL, NOW)
    for decision in (wrong_numen, wrong_birth):
        assert decision.reason is Reason.IDENTITY_MISMATCH
        assert decision.message == REASON_MESSAGES[Reason.IDENTITY_MISMATCH]
    # The same message either way: the refusal does not tell which one was wrong.
    assert wrong_numen.message == wrong_birth.message


def test_unknown_locked_and_order_of_checks() -> None:
    assert decide(REQUEST, None, CAL, NOW).reason is Reason.VOTER_UNKNOWN
    assert decide(REQUEST, replace(STATE, locked=True), CAL, NOW).reason is Reason.VOTER_LOCKED
    # identity before calendar before quota before phone
    everything_wrong = replace(STATE, numen="02A1234567XYZ", requests_used=3,
                               phone_owner_key="voter-b")
    late = CAL.voting_closes + timedelta(minutes=1)
    assert decide(replace(REQUEST, created_at=late), everything_wrong, CAL, late).reason \
        is Reason.IDENTITY_MISMATCH
    assert decide(replace(REQUEST, created_at=late), replace(everything_wrong,
                  numen=STATE.numen), CAL, late).reason is Reason.OUTSIDE_WINDOW
    assert decide(REQUEST, replace(everything_wrong, numen=STATE.numen), CAL, NOW).reason \
        is Reason.QUOTA_EXHAUSTED


def test_calendar_window_and_offline_tolerance() -> None:
    before = CAL.requests_open - timedelta(seconds=1)
    assert decide(replace(REQUEST, created_at=before), STATE, CAL, before).reason \
        is Reason.OUTSIDE_WINDOW
    # Accepted offline one minute before the close, pushed an hour after it.
    created = CAL.voting_closes - timedelta(minutes=1)
    pushed = CAL.voting_closes + timedelta(hours=1)
    offline = replace(REQUEST, created_at=created)
    assert decide(offline, STATE, CAL, pushed).reason is Reason.OUTSIDE_WINDOW
    assert decide(offline, STATE, CAL, pushed, tolerance=timedelta(hours=2)).accepted
    assert decide(offline, STATE, CAL, pushed, tolerance=timedelta(minutes=30)).reason \
        is Reason.OUTSIDE_WINDOW
    # A creation time in the future (a kiosk clock ahead) is not believed.
    future = replace(REQUEST, created_at=CAL.voting_closes - timedelta(minutes=1))
    after = CAL.voting_closes + timedelta(seconds=1)
    assert decide(future, STATE, CAL, after - timedelta(hours=1),
                  tolerance=timedelta(days=1)).accepted
    assert decide(replace(future, created_at=after + timedelta(days=1)), STATE, CAL, after,
                  tolerance=timedelta(days=2)).reason is Reason.OUTSIDE_WINDOW


def test_every_reason_has_a_french_message() -> None:
    assert set(REASON_MESSAGES) == set(Reason)
    assert all(message and message[0].isupper() for message in REASON_MESSAGES.values())
