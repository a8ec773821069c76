"""Mobile numbers: parsed with ``phonenumbers``, stored E.164, masked for display.

A voter in metropolitan France types ``06 12 34 56 78``; overseas and abroad they type the
international prefix. A number written nationally that is not French (``0692 12 34 56`` is a
Réunion mobile) is read in its own territory rather than refused.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from kiosk.domain.errors import InvalidInput
from kiosk.domain.typed import as_typed

# DROM-COM tried, in order, for a nationally-written number that is not valid in France.
OVERSEAS_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF", "NC", "PF", "WF")
_SMS_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_MAX_INPUT = 40
_MAX_PASTED = 4 * _MAX_INPUT  # what a paste may carry around the number (spaces)
_NATIONAL_DIGITS = 10
_ALLOWED = set("0123456789+ .-()/")
_TOO_LONG = f"Numéro de téléphone invalide : trop long ({_MAX_INPUT} caractères au plus)."
_INTERNATIONAL_HINT = (
    "Outre-mer et étranger : saisissez l'indicatif international (par exemple +262 692 12 34 56)."
)


# A parsed valid number and its type. ``is_valid_number(n)`` is ``number_type(n) !=
# UNKNOWN`` (both take the number's own region and match its national number against the
# same patterns), so one match gives both: the matching is most of the cost of a parse.
_Typed = tuple[phonenumbers.PhoneNumber, int]


def _parse(text: str, region: str | None) -> _Typed | None:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    kind = phonenumbers.number_type(number)
    return (number, kind) if kind != PhoneNumberType.UNKNOWN else None


def _candidates(text: str, default_region: str) -> list[_Typed]:
    if text.startswith("+"):
        found = _parse(text, None)
        return [found] if found else []
    first = _parse(text, default_region)
    if first is not None:
        return [first]
    unique: dict[str, _Typed] = {}
    for region in OVERSEAS_REGIONS:
        found = _parse(text, region)
        if found is not None:
            unique.setdefault(
                phonenumbers.format_number(found[0], phonenumbers.PhoneNumberFormat.E164),
                found)
    return list(unique.values())


def parse_phone(raw: object, default_region: str = "FR") -> str:
    """E.164 of a number that can receive SMS, or ``InvalidInput`` saying why (in French)."""
    return phonenumbers.format_number(_mobile(raw, default_region),
                                      phonenumbers.PhoneNumberFormat.E164)


def parse_phone_masked(raw: object, default_region: str = "FR") -> tuple[str, str]:
    """``(parse_phone(raw), mask_phone(parse_phone(raw)))`` from one parse."""
    number = _mobile(raw, default_region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), \
        _mask(number)


def _mobile(raw: object, default_region: str) -> phonenumbers.PhoneNumber:
    if not isinstance(raw, str):
        raise InvalidInput("Le numéro de téléphone doit être un texte.", field="phone")
    if len(raw) > _MAX_PASTED:
        raise InvalidInput(_TOO_LONG, field="phone")
    text = as_typed(raw).strip()
    if not text:
        raise InvalidInput("Saisissez un numéro de téléphone mobile.", field="phone")
    if len(text) > _MAX_INPUT:
        raise InvalidInput(_TOO_LONG, field="phone")
    if any(c not in _ALLOWED for c in text):
        raise InvalidInput(
            "Numéro de téléphone invalide : seuls les chiffres, espaces et le signe + sont "
            "acceptés.", field="phone")
    if text.startswith("00"):
        text = "+" + text[2:]
    candidates = _candidates(text, default_region)
    if not candidates:
        digits = [c for c in text if c.isdigit()]
        # Written nationally (France and its overseas territories alike: ten digits): a digit
        # missed or typed twice is the likely mistake, and saying so beats the generic text.
        if digits[:1] == ["0"] and not text.startswith("+") and len(digits) != _NATIONAL_DIGITS:
            raise InvalidInput(
                f"Numéro de téléphone invalide : {len(digits)} chiffre(s) au lieu de "
                f"{_NATIONAL_DIGITS} (exemple : 06 12 34 56 78). {_INTERNATIONAL_HINT}",
                field="phone")
        raise InvalidInput(f"Numéro de téléphone invalide. {_INTERNATIONAL_HINT}", field="phone")
    if len(candidates) > 1:
        raise InvalidInput(
            f"Ce numéro existe dans plusieurs territoires. {_INTERNATIONAL_HINT}", field="phone")
    number, kind = candidates[0]
    if kind not in _SMS_TYPES:
        raise InvalidInput(
            "Ce numéro n'est pas un numéro de mobile : l'identifiant est envoyé par SMS, "
            "indiquez un numéro de mobile.", field="phone")
    return number


def phone_region(e164: str) -> str:
    """Region code (``FR``, ``RE``...) of a stored number, ``ZZ`` if unknown."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return "ZZ"
    return phonenumbers.region_code_for_number(number) or "ZZ"


def mask_phone(e164: str) -> str:
    """``06xxxxxx78`` for a French number, ``+262 69xxxxxx56`` otherwise: enough for the voter
    to recognise it, not enough to use it."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return "xxxxxxxx"
    return _mask(number)


def _mask(number: phonenumbers.PhoneNumber) -> str:
    national = str(number.national_number)
    if number.country_code == 33:
        digits = "0" + national
        return digits[:2] + "x" * (len(digits) - 4) + digits[-2:]
    return f"+{number.country_code} " + national[:2] + "x" * max(len(national) - 4, 0) \
        + national[-2:]
