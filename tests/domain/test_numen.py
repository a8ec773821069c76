from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.errors import InvalidInput
from kiosk.domain.numen import mask_numen, parse_numen


@pytest.mark.parametrize("raw", ["01E9501234ABC", "01e9501234abc", " 01 E 950 1234 ABC ",
                                 "01-E-9501234-ABC"])
def test_normalises_spaces_dashes_and_case(raw: str) -> None:
    assert parse_numen(raw) == "01E9501234ABC"


@pytest.mark.parametrize(("raw", "words"), [
    ("", "vide"),
    ("01E950123", "9 caractère(s) au lieu de 13"),
    ("01E95012345ABC", "11e caractère doit être une lettre"),
    ("A1E9501234ABC", "1er caractère doit être un chiffre"),
    ("0119501234ABC", "3e caractère doit être une lettre"),
    ("01E9501234AB1", "13e caractère doit être une lettre"),
    ("01E95O1234ABC", "6e caractère doit être un chiffre"),
])
def test_says_what_is_wrong(raw: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_numen(raw)
    assert words in caught.value.message
    assert caught.value.code == "invalid_input" and caught.value.field == "numen"


def test_message_never_repeats_the_value() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_numen("01E9501234AB9")
    assert "01E9501234" not in str(caught.value)


def test_wrong_type_and_oversize() -> None:
    for raw in (None, 13, b"01E9501234ABC", "1" * 10_000):
        with pytest.raises(InvalidInput):
            parse_numen(raw)


def test_mask() -> None:
    assert mask_numen("01E9501234ABC") == "01E•••••••ABC"


@given(st.text(max_size=80))
def test_any_string_gives_a_value_or_a_clear_refusal(raw: str) -> None:
    try:
        value = parse_numen(raw)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert len(value) == 13 and value == parse_numen(value)


@given(st.from_regex(r"\A[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}\Z"))
def test_every_well_formed_numen_is_accepted(raw: str) -> None:
    assert parse_numen(raw.lower()) == raw
