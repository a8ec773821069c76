"""argparse in French, for both programs (``kiosk`` and ``kiosk-central``): their users are
French secretariats and operators. The usage errors, the help's headings and the help of
``-h`` and ``--version`` are French; a long option must be written whole (``--wor`` is not
taken for ``--workers``: an operator's script must not start a server on a guess).

Here rather than in one of the two: the kiosk's UI and the centre may not import each other's
packages (tests/test_layering.py), and this depends on nothing of ours.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

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
    ("ignored explicit argument", "cette option ne prend pas de valeur :"),
    ("expected at most one argument", "une valeur au plus est attendue"),
    ("argument ", "option "),
)
# "invalid int value: 'abc'" (a type= that refused the text)
_INVALID_VALUE = re.compile(r"invalid \S+ value: ")


# argparse writes "argument --out: ..."; French puts a space before the colon.
_NAMED = re.compile(r"^option (\S+?): ")


def in_french(message: str) -> str:
    for english, french in _FRENCH:
        message = message.replace(english, french)
    message = _INVALID_VALUE.sub("valeur invalide : ", message)
    return _NAMED.sub(r"option \1 : ", message)


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,
                          prefix="utilisation : " if prefix is None else prefix)


class FrenchVersion(argparse._VersionAction):
    """``--version``, with its help in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help", "afficher la version du programme et quitter")
        super().__init__(*args, **kwargs)


class FrenchParser(argparse.ArgumentParser):
    """argparse in French (its subcommands' parsers too: argparse makes them of this class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        helped = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs.setdefault("allow_abbrev", False)
        kwargs["add_help"] = False  # ours below, with its help in French
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.register("action", "version", FrenchVersion)
        if helped:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"Erreur : {in_french(message)}\n")
