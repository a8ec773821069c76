"""What is pasted from an e-mail signature or a word processor, or typed on a keyboard that
gives full-width forms, is read as the plain text it looks like (``kiosk.domain.typed``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.errors import InvalidInput
from kiosk.domain.numen import parse_numen
from kiosk.domain.phone import parse_phone
from kiosk.domain.security_code import check_security_code
from kiosk.domain.typed import as_typed
from tests.fixtures.pasted import full_width

ELECTION = date(2018, 12, 6)
NBSP, NNBSP, THIN, ZWSP, SOFT_HYPHEN = "\u00a0", "\u202f", "\u2009", "\u200b", "\u00ad"


@pytest.mark.parametrize("pasted", [
    f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78",  # Word and Outlook's French spacing
    f"06{NNBSP}12{NNBSP}34{NNBSP}56{NNBSP}78",
    f"{NBSP}06 12 34 56 78{NBSP}",
    "06\u201312\u201334\u201356\u201378",  # en dashes
    "06\u201112\u201134\u201156\u201178",  # non-breaking hyphens
    f"06{ZWSP}12{SOFT_HYPHEN}34 56 78",  # invisible marks from a web page
    "\u200e06 12 34 56 78\u200f",  # direction marks
    full_width("0612345678"),
    f"＋33{NBSP}6{NBSP}12{NBSP}34{NBSP}56{NBSP}78",
])
def test_a_pasted_phone_number_is_read(pasted: str) -> None:
    assert parse_phone(pasted) == "+33612345678"


def test_a_pasted_numen_birth_date_and_code_are_read() -> None:
    assert parse_numen(full_width("01e9501234abc")) == "01E9501234ABC"
    assert parse_numen(f"01E{NBSP}950{NNBSP}1234\u2013ABC") == "01E9501234ABC"
    assert parse_numen(f"01E9501234ABC{ZWSP}") == "01E9501234ABC"
    for pasted in (f"15{NBSP}03{NBSP}1975", "15\u201303\u20131975", full_width("15/03/1975"),
                   f"{NNBSP}15/03/1975{ZWSP}"):
        assert parse_birth_date(pasted, on=ELECTION) == date(1975, 3, 15), pasted
    assert check_security_code("0427", full_width("0427"))
    assert check_security_code("0427", f"04{NBSP}27\n")


@pytest.mark.parametrize("raw", [
    "٠٦١٢٣٤٥٦٧٨",  # Arabic-Indic digits are not what the voter's phone shows
    "06 12 34 56 78\u2028x",
    "06 12 34 56 7８9",  # eleven digits, one of them full-width
])
def test_what_is_not_a_number_stays_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_phone(raw)


def test_a_phone_number_too_long_says_so() -> None:
    for raw in ("0" * 41, " " * 100 + "06 12 34 56 78" + " " * 100):
        with pytest.raises(InvalidInput) as caught:
            parse_phone(raw)
        assert "trop long (40 caractères au plus)" in caught.value.message
    assert parse_phone(" " * 60 + "06 12 34 56 78" + " " * 60) == "+33612345678"


def test_a_numen_in_letters_from_another_alphabet_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_numen("01Е9501234ABC")  # a Cyrillic Е, which NFKC leaves as it is
    assert "3e caractère doit être une lettre" in caught.value.message


ASCII_NUMEN = st.from_regex(r"\A[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}\Z")


@given(ASCII_NUMEN, st.sampled_from([NBSP, NNBSP, THIN, ZWSP, "\u2013", ""]))
def test_a_numen_reads_the_same_whatever_its_spacing_or_width(numen: str, space: str) -> None:
    pasted = space.join([numen[:3], full_width(numen[3:10]), numen[10:].lower()])
    assert parse_numen(pasted) == numen


@given(st.text(max_size=40))
def test_folding_is_idempotent_and_leaves_ascii_alone(text: str) -> None:
    assert as_typed("e\u200b\u0301") == "é"
    once = as_typed(text)
    assert as_typed(once) == once
    if text.isascii():
        assert once == text
