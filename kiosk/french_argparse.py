"""argparse with its usage errors in French, for both programs (``kiosk`` and
``kiosk-central``): their users are French secretariats and operators.

Here rather than in one of the two: the kiosk's UI and the centre may not import each other's
packages (tests/test_layering.py), and this depends on nothing of ours.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE_ERROR = 2  # argparse's own exit status for a usage error

# In this order: the longer phrases hold words ("argument") that the last line translates.
_FRENCH = (
    ("the following arguments are required:", "arguments obligatoires manquants :"),
    ("one of the arguments", "une des options"),
    ("is required", "est obligatoire"),
    ("not allowed with argument", "incompatible avec l'option"),
    ("unrecognized arguments:", "arguments inconnus :"),
    ("invalid choice:", "choix invalide :"),
    ("expected one argument", "une valeur est attendue"),
    ("choose from", "valeurs possibles :"),
    ("argument ", "option "),
)


# argparse writes "argument --out: ..."; French puts a space before the colon.
_NAMED = re.compile(r"^option (\S+?): ")


def in_french(message: str) -> str:
    for english, french in _FRENCH:
        message = message.replace(english, french)
    return _NAMED.sub(r"option \1 : ", message)


class FrenchParser(argparse.ArgumentParser):
    """argparse, with its usage errors in French."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"Erreur : {in_french(message)}\n")
