"""Live checks for the wizard's fields: the domain's parsers, answering a French message or None.

The UI may not import ``kiosk.domain``; these thin wrappers give it the very same rules (so a
field the screen accepts is one the services accept) without widening the layering. They are
pure and fast: the wizard calls them on every keystroke, on the GUI thread. ``format_paris`` is
re-exported so the screens write times exactly as the printed documents do.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.calendar import PARIS, REGION_ZONES, format_paris
from kiosk.domain.decision import MAX_REQUESTS
from kiosk.domain.errors import DomainError
from kiosk.domain.numen import parse_numen
from kiosk.domain.security_code import SECURITY_CODE_LENGTH, typed_code

__all__ = [
    "INVALIDATION_WARNING",
    "MAX_REQUESTS",
    "PHONE_HINT",
    "SHORT_QUERY",
    "check_birth_date",
    "check_numen",
    "check_phone",
    "check_search_query",
    "check_security_code",
    "format_paris",
    "masked_phone",
    "paris_hour",
    "paris_today",
    "time_parts",
    "voter_region",
]

INVALIDATION_WARNING = "Tout envoi d'un nouvel identifiant invalide le précédent."
PHONE_HINT = (
    "Téléphone mobile. En métropole : 06 12 34 56 78. Outre-mer (DROM-COM) et étranger : "
    "saisissez l'indicatif international, par exemple +262 692 12 34 56 ou +1 415 555 0100."
)
MIN_QUERY = 2


def check_numen(text: str) -> str | None:
    """None when ``text`` is a well-formed NUMEN (spaces and lower case allowed)."""
    try:
        parse_numen(text)
    except DomainError as exc:
        return exc.message
    return None


def check_birth_date(text: str, *, on: date | None = None) -> str | None:
    """None when ``text`` (jj/mm/aaaa) is a real date of birth of a plausible age."""
    try:
        parse_birth_date(text, on=on or date.today())
    except DomainError as exc:
        return exc.message
    return None


def check_phone(text: str) -> str | None:
    """None when ``text`` is a mobile number (French, DROM-COM or international)."""
    # kiosk.domain.phone is imported where a phone is read, not with this module: it loads
    # phonenumbers (~20 ms), and the window imports this module before its first screen.
    from kiosk.domain.phone import parse_phone

    try:
        parse_phone(text)
    except DomainError as exc:
        return exc.message
    return None


def masked_phone(text: str) -> str | None:
    """The number as the receipt will show it (``06xxxxxx78``), or None if it is not valid."""
    from kiosk.domain.phone import mask_phone, parse_phone

    try:
        return mask_phone(parse_phone(text))
    except DomainError:
        return None


def check_security_code(text: str) -> str | None:
    """Form only (4 digits); whether it is the right code is the services' decision."""
    if typed_code(text) is None:
        return f"Recopiez les {SECURITY_CODE_LENGTH} chiffres du code de sécurité."
    return None


SHORT_QUERY = f"Saisissez au moins {MIN_QUERY} caractères du nom ou de l'adresse électronique."


def check_search_query(text: str) -> str | None:
    return SHORT_QUERY if len(text.strip()) < MIN_QUERY else None


# --- times where the voter lives (DROM-COM) -------------------------------------------------
# The department part of a UAI (its first three digits) for the overseas territories.
_OVERSEAS_UAI = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT",
                 "977": "BL", "978": "MF", "986": "WF", "987": "PF", "988": "NC"}


def voter_region(establishment: str, phone: str | None = None) -> str:
    """The territory whose clock the voter lives by: the mobile's (E.164 or as typed) when it
    is an overseas one, else the establishment's (by its UAI); ``FR`` for metropolitan
    France."""
    if phone:
        from kiosk.domain.phone import parse_phone, phone_region

        try:
            region = phone_region(parse_phone(phone))
        except DomainError:
            region = "FR"
        if region in _OVERSEAS_UAI.values():
            return region
    return _OVERSEAS_UAI.get((establishment or "")[:3], "FR")


def time_parts(moment: datetime, region: str) -> tuple[str, str | None, str]:
    """(local time, territory name or None in metropolitan France, Paris time), each
    ``jj/mm/aaaa hh:mm``; the screen words them in its language (the domain's
    ``format_local`` says the same in French for the documents)."""
    paris = moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    zone_name, label = REGION_ZONES.get(region, REGION_ZONES["FR"])
    if zone_name == "Europe/Paris":
        return paris, None, paris
    return moment.astimezone(ZoneInfo(zone_name)).strftime("%d/%m/%Y %H:%M"), label, paris


def paris_today() -> date:
    """Today in Paris: the day a register or a report is about, whatever the PC's zone."""
    return datetime.now(PARIS).date()


def paris_hour(moment: datetime) -> str:
    """``hh:mm`` in Paris time (the émargement sheet's column)."""
    return moment.astimezone(PARIS).strftime("%H:%M")
