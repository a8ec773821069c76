"""Date of birth: ``jj/mm/aaaa`` from people, ``aaaa-mm-jj`` from files and the API."""

from __future__ import annotations

import re
from datetime import date

from kiosk.domain.errors import InvalidInput
from kiosk.domain.typed import as_typed

MIN_AGE = 16
MAX_AGE = 100
# As a secretariat types it: 15/03/1975, 15.03.1975, 15-03-1975, 15 03 1975, 5/3/1975, and
# the eight digits alone (15031975). The year has its four digits: "75" is not guessed.
_FRENCH = re.compile(r"^(\d{1,2}) *[/.\- ] *(\d{1,2}) *[/.\- ] *(\d{4})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# 15/03/75, 150375: the year is not guessed, but the message says what is missing.
_SHORT_YEAR = re.compile(r"^(\d{1,2} *[/.\- ] *\d{1,2} *[/.\- ] *|\d{4})\d{2}$")
SHORT_YEAR = ("Date de naissance invalide : l'année s'écrit avec ses 4 chiffres (jj/mm/aaaa, "
              "exemple : 15/03/1975).")
MONTH_FIRST = ("Date de naissance invalide : le jour vient avant le mois (jj/mm/aaaa, exemple : "
               "15/03/1975).")


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_birth_date(raw: object, *, on: date) -> date:
    """A real calendar date, for someone aged 16 to 100 on ``on`` (the election date)."""
    if not isinstance(raw, str) or len(raw) > 32:
        raise InvalidInput("Date de naissance invalide : la forme jj/mm/aaaa est attendue.",
                           field="birth_date")
    text = as_typed(raw).strip()
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _FRENCH.match(text) or _DIGITS.match(text):
        day, month, year = (int(g) for g in match.groups())
        if month > 12 and 1 <= day <= 12:  # 03/15/1975, as written in English
            raise InvalidInput(MONTH_FIRST, field="birth_date")
    elif _SHORT_YEAR.match(text):
        raise InvalidInput(SHORT_YEAR, field="birth_date")
    else:
        raise InvalidInput("Date de naissance invalide : la forme jj/mm/aaaa est attendue "
                           "(exemple : 15/03/1975).", field="birth_date")
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidInput("Date de naissance invalide : cette date n'existe pas dans le "
                           "calendrier.", field="birth_date") from None
    age = age_on(born, on)
    if age < MIN_AGE or age > MAX_AGE:
        raise InvalidInput(
            f"Date de naissance invalide : l'âge doit être compris entre {MIN_AGE} et "
            f"{MAX_AGE} ans à la date de l'élection.", field="birth_date")
    return born
