"""NUMEN, the 13-character staff number: 2 digits, 1 letter, 7 digits, 3 letters."""

from __future__ import annotations

import re

from kiosk.domain.errors import InvalidInput
from kiosk.domain.typed import as_typed

NUMEN_LENGTH = 13
_PATTERN = re.compile(r"^\d{2}[A-Z]\d{7}[A-Z]{3}$")
_SEPARATORS = re.compile(r"[\s\-.]")
# What each position expects: d = digit, L = letter.
_SHAPE = "ddLdddddddLLL"
_MAX_INPUT = 64


def _ordinal(position: int) -> str:
    return "1er" if position == 1 else f"{position}e"


def parse_numen(raw: object) -> str:
    """Normalise (spaces, dashes, lower case, full-width forms) and validate; the French
    message says what is wrong without repeating the value."""
    if not isinstance(raw, str):
        raise InvalidInput("Le NUMEN doit être un texte.", field="numen")
    if len(raw) > _MAX_INPUT:
        raise InvalidInput("Le NUMEN est beaucoup trop long : 13 caractères sont attendus.",
                           field="numen")
    value = _SEPARATORS.sub("", as_typed(raw)).upper()
    if not value:
        raise InvalidInput("Le NUMEN est vide : saisissez les 13 caractères.", field="numen")
    for index, char in enumerate(value[:NUMEN_LENGTH]):
        expected = _SHAPE[index]
        ok = ("0" <= char <= "9") if expected == "d" else ("A" <= char <= "Z")
        if not ok:
            kind = "un chiffre" if expected == "d" else "une lettre"
            raise InvalidInput(
                f"NUMEN invalide : le {_ordinal(index + 1)} caractère doit être {kind} "
                "(forme attendue : 2 chiffres, 1 lettre, 7 chiffres, 3 lettres).",
                field="numen",
            )
    if len(value) != NUMEN_LENGTH:
        raise InvalidInput(
            f"NUMEN invalide : {len(value)} caractère(s) au lieu de 13.", field="numen")
    if not _PATTERN.match(value):  # pragma: no cover - the loop above is exhaustive
        raise InvalidInput("NUMEN invalide.", field="numen")
    return value


def mask_numen(numen: str) -> str:
    """``01E•••••••ABC``: enough to recognise it on screen, not to use it."""
    return numen[:3] + "•" * 7 + numen[10:]
