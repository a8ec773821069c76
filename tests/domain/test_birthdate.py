from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.errors import InvalidInput

ELECTION = date(2018, 12, 6)


def test_french_and_iso_forms() -> None:
    assert parse_birth_date("15/03/1975", on=ELECTION) == date(1975, 3, 15)
    assert parse_birth_date("1975-03-15", on=ELECTION) == date(1975, 3, 15)
    assert parse_birth_date(" 5/3/1975 ", on=ELECTION) == date(1975, 3, 5)


@pytest.mark.parametrize("typed", ["15031975", "15 03 1975", "15.03.1975", "15-03-1975",
                                   "15 / 03 / 1975", "15/3/1975"])
def test_what_a_hurried_secretariat_types(typed: str) -> None:
    assert parse_birth_date(typed, on=ELECTION) == date(1975, 3, 15)


@pytest.mark.parametrize(("raw", "words"), [
    ("31/02/1980", "n'existe pas"),
    ("29/02/1981", "n'existe pas"),
    ("15-03-75", "jj/mm/aaaa"),
    ("150375", "jj/mm/aaaa"),  # a two-digit year is not guessed
    ("1503197", "jj/mm/aaaa"),
    ("15/031975", "jj/mm/aaaa"),
    ("15  03  1975x", "jj/mm/aaaa"),
    ("31021980", "n'existe pas"),
    ("hier", "jj/mm/aaaa"),
    ("07/12/2002", "entre 16 et 100"),  # 15 on the election day
    ("05/12/1917", "entre 16 et 100"),  # 101 the day before the election
])
def test_refusals(raw: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_birth_date(raw, on=ELECTION)
    assert words in caught.value.message


@pytest.mark.parametrize(("raw", "words"), [
    ("15/03/75", "l'année s'écrit avec ses 4 chiffres"),
    ("15.3.75", "l'année s'écrit avec ses 4 chiffres"),
    ("150375", "l'année s'écrit avec ses 4 chiffres"),
    ("03/15/1975", "le jour vient avant le mois"),
    ("03151975", "le jour vient avant le mois"),
    ("15/13/1975", "n'existe pas"),  # neither order makes a date
    ("31/31/1975", "n'existe pas"),
    ("1503751", "forme jj/mm/aaaa est attendue"),
])
def test_the_usual_slips_are_named(raw: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_birth_date(raw, on=ELECTION)
    assert words in caught.value.message


def test_age_edges() -> None:
    assert parse_birth_date("06/12/2002", on=ELECTION) == date(2002, 12, 6)  # 16 today
    assert parse_birth_date("29/02/1980", on=ELECTION) == date(1980, 2, 29)
    assert parse_birth_date("06/12/1918", on=ELECTION) == date(1918, 12, 6)  # 100 today


@given(st.text(max_size=40))
def test_any_string(raw: str) -> None:
    try:
        parse_birth_date(raw, on=ELECTION)
    except InvalidInput as exc:
        assert exc.message
