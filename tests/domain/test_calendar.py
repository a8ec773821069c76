from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.calendar import (
    PARIS,
    ElectionCalendar,
    Phase,
    format_local,
    format_paris,
    parse_paris_datetime,
)
from kiosk.domain.errors import InvalidInput

CAL = ElectionCalendar.example_2018()
TICK = timedelta(microseconds=1)


def test_each_boundary_in_paris_time() -> None:
    assert CAL.phase(CAL.requests_open - TICK) is Phase.BEFORE_REQUESTS
    assert CAL.phase(CAL.requests_open) is Phase.REQUESTS_OPEN
    assert CAL.phase(CAL.voting_opens - TICK) is Phase.REQUESTS_OPEN
    assert CAL.phase(CAL.voting_opens) is Phase.VOTING
    assert CAL.phase(CAL.voting_closes - TICK) is Phase.VOTING
    assert CAL.phase(CAL.voting_closes) is Phase.CLOSED
    assert CAL.phase(CAL.results) is Phase.RESULTS
    assert not CAL.requests_allowed(CAL.requests_open - TICK)
    assert CAL.requests_allowed(CAL.requests_open)
    assert CAL.requests_allowed(CAL.voting_closes - TICK)
    assert not CAL.requests_allowed(CAL.voting_closes)
    assert CAL.voting_allowed(CAL.voting_opens) and not CAL.voting_allowed(CAL.voting_closes)


def test_close_is_17h_paris_whatever_the_zone_of_now() -> None:
    # 6 Dec 2018 17:00 Paris = 16:00 UTC (winter time)
    assert CAL.requests_allowed(datetime(2018, 12, 6, 15, 59, 59, tzinfo=UTC))
    assert not CAL.requests_allowed(datetime(2018, 12, 6, 16, 0, tzinfo=UTC))


def test_across_the_dst_change() -> None:
    # Clocks go back on 28 Oct 2018 at 03:00 CEST -> 02:00 CET.
    cal = ElectionCalendar(
        requests_open=parse_paris_datetime("2018-10-28T01:30"),
        voting_opens=parse_paris_datetime("2018-10-28T04:00"),
        voting_closes=parse_paris_datetime("2018-10-28T06:00"),
        results=parse_paris_datetime("2018-10-28T08:00"),
    )
    assert cal.voting_opens - cal.requests_open == timedelta(hours=3, minutes=30)
    assert cal.requests_allowed(datetime(2018, 10, 27, 23, 30, tzinfo=UTC))
    assert not cal.requests_allowed(datetime(2018, 10, 27, 23, 29, tzinfo=UTC))
    # Spring forward: 31 Mar 2019 02:30 does not exist in Paris.
    with pytest.raises(InvalidInput):
        parse_paris_datetime("2019-03-31T02:30")
    assert parse_paris_datetime("2019-03-31T03:00").utcoffset() == timedelta(hours=2)


def test_order_and_awareness_are_checked() -> None:
    with pytest.raises(InvalidInput):
        ElectionCalendar(CAL.voting_opens, CAL.requests_open, CAL.voting_closes, CAL.results)
    with pytest.raises(InvalidInput):
        ElectionCalendar(datetime(2018, 11, 5), CAL.voting_opens, CAL.voting_closes, CAL.results)
    with pytest.raises(InvalidInput):
        CAL.phase(datetime(2018, 11, 6))


def test_parse_and_format() -> None:
    moment = parse_paris_datetime("2018-12-06T17:00")
    assert moment == datetime(2018, 12, 6, 16, 0, tzinfo=UTC)
    assert parse_paris_datetime("2018-12-06T17:00+00:00").hour == 17
    assert format_paris(moment) == "06/12/2018 17:00 (heure de Paris)"
    assert format_local(moment, "RE").startswith("06/12/2018 20:00 (heure locale, La Réunion)")
    assert "heure de Paris" in format_local(moment, "RE")
    assert format_local(moment, "PF").startswith("06/12/2018 06:00")
    assert format_local(moment, "FR") == format_paris(moment)
    for bad in ("demain", "", None, "2018-13-01T00:00"):
        with pytest.raises(InvalidInput):
            parse_paris_datetime(bad)
    assert moment.astimezone(PARIS).hour == 17
