from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.errors import InvalidInput
from kiosk.domain.phone import (
    OVERSEAS_REGIONS,
    mask_phone,
    parse_phone,
    parse_phone_masked,
    phone_region,
)


@pytest.mark.parametrize(("raw", "e164"), [
    ("06 12 34 56 78", "+33612345678"),
    ("07.52.34.56.78", "+33752345678"),
    ("+33 6 12 34 56 78", "+33612345678"),
    ("0033612345678", "+33612345678"),
    ("+262 692 12 34 56", "+262692123456"),  # Réunion
    ("0692 12 34 56", "+262692123456"),  # Réunion written nationally
    ("0690 12 34 56", "+590690123456"),  # Guadeloupe (shared with Saint-Martin/-Barthélemy)
    ("0696 12 34 56", "+596696123456"),  # Martinique
    ("0694 20 12 34", "+594694201234"),  # Guyane
    ("0639 01 23 45", "+262639012345"),  # Mayotte written nationally
    ("+508 55 12 34", "+508551234"),  # Saint-Pierre-et-Miquelon
    ("+687 75 12 34", "+687751234"),  # Nouvelle-Calédonie
    ("+689 87 12 34 56", "+68987123456"),  # Polynésie française
    ("+1 415 555 0100", "+14155550100"),  # abroad, fixed line or mobile
    ("+44 7400 123456", "+447400123456"),
])
def test_accepts_mobiles_here_overseas_and_abroad(raw: str, e164: str) -> None:
    assert parse_phone(raw) == e164
    assert parse_phone_masked(raw) == (e164, mask_phone(e164))


@pytest.mark.parametrize(("raw", "words"), [
    ("01 44 55 66 77", "pas un numéro de mobile"),  # Paris landline
    ("08 00 12 34 56", "pas un numéro de mobile"),
    ("06 12 34", "6 chiffre(s) au lieu de 10"),
    ("06 12 34 56 7", "9 chiffre(s) au lieu de 10"),  # a digit missed
    ("06.12.34.56.788", "11 chiffre(s) au lieu de 10"),
    ("07700 900123", "indicatif international"),  # a British mobile written nationally
    ("12 34 56", "Numéro de téléphone invalide."),
    ("", "Saisissez"),
    ("06 12 34 56 78; DROP TABLE", "seuls les chiffres"),
    ("+999 1234", "invalide"),
])
def test_refusals_are_clear(raw: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_phone(raw)
    assert words in caught.value.message and caught.value.field == "phone"
    with pytest.raises(InvalidInput) as masked:
        parse_phone_masked(raw)
    assert masked.value.message == caught.value.message


def test_masks() -> None:
    assert mask_phone("+33612345678") == "06xxxxxx78"
    assert mask_phone("+262692123456") == "+262 69xxxxx56"
    assert phone_region("+262692123456") == "RE"
    assert phone_region("+33612345678") == "FR"


@given(st.text(max_size=60))
def test_any_string_gives_e164_or_a_clear_refusal(raw: str) -> None:
    try:
        value = parse_phone(raw)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert value.startswith("+") and parse_phone(value) == value
        assert parse_phone_masked(raw) == (value, mask_phone(value))


@given(st.from_regex(r"\A0[67]\d{8}\Z"))
def test_french_mobiles_round_trip(raw: str) -> None:
    try:
        value = parse_phone(raw)
    except InvalidInput:
        return  # some blocks are unallocated
    assert mask_phone(value)[-2:] == raw[-2:]
    if value.startswith("+33"):
        assert mask_phone(value)[:2] == raw[:2]
    else:  # written nationally but overseas: 0639... is a Mayotte mobile, not a French one
        assert phone_region(value) in OVERSEAS_REGIONS and value.endswith(raw[1:])
