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


# 32 symbols, 5 bits each: the low 5 bits of a random byte pick one uniformly (256 is a
# multiple of 32), so a whole ID comes from one read of the system's CSPRNG, where
# secrets.choice per character cost two reads and a rejection loop each (a twentieth of a
# centre decision).
assert len(VOTER_ID_ALPHABET) == 32, "_random_symbols needs a 32-symbol alphabet"


def _random_symbols(length: int) -> str:
    return "".join([VOTER_ID_ALPHABET[byte & 31] for byte in secrets.token_bytes(length)])


def generate_voter_id() -> str:
    return _random_symbols(VOTER_ID_LENGTH)


def generate_reference() -> str:
    """A request reference: unguessable, so it can stand in a QR code without a token."""
    return _random_symbols(REFERENCE_LENGTH)


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
