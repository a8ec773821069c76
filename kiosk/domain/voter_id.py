"""Voter IDs: 12 characters from an alphabet without look-alikes, drawn with ``secrets``."""

from __future__ import annotations

import re
import secrets

from kiosk.domain.errors import InvalidInput

# No 0/O, no 1/I: the ID is read from a phone screen and typed by hand.
VOTER_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VOTER_ID_LENGTH = 12
REFERENCE_LENGTH = 16
_SEPARATORS = re.compile(r"[\s\-]")


def generate_voter_id() -> str:
    return "".join(secrets.choice(VOTER_ID_ALPHABET) for _ in range(VOTER_ID_LENGTH))


def generate_reference() -> str:
    """A request reference: unguessable, so it can stand in a QR code without a token."""
    return "".join(secrets.choice(VOTER_ID_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _normalise(raw: object, length: int, what: str, field: str) -> str:
    if not isinstance(raw, str) or len(raw) > 4 * length:
        raise InvalidInput(f"{what} invalide.", field=field)
    value = _SEPARATORS.sub("", raw).upper()
    if len(value) != length or any(c not in VOTER_ID_ALPHABET for c in value):
        raise InvalidInput(
            f"{what} invalide : {length} caractères (lettres et chiffres, sans 0, O, 1 ni I) "
            "sont attendus.", field=field)
    return value


def normalise_voter_id(raw: object) -> str:
    return _normalise(raw, VOTER_ID_LENGTH, "Identifiant électeur", "voter_id")


def normalise_reference(raw: object) -> str:
    return _normalise(raw, REFERENCE_LENGTH, "Référence de demande", "reference")


def is_reference(raw: object) -> bool:
    return (isinstance(raw, str) and len(raw) == REFERENCE_LENGTH
            and all(c in VOTER_ID_ALPHABET for c in raw))
