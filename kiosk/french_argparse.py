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


_UNRECOGNIZED = re.compile(r"^unrecognized arguments: (.*)$")
_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)'")
_OPTION = re.compile(r"^--?[^\W\d]")  # "-5" is a negative number, not an option

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

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        unknown = self._misread_option(message)
        self.print_usage(sys.stderr)
        if unknown is not None:
            message = f"option inconnue : {unknown}"
            close = self._closest_option(unknown)
            if close:
                message += f" (vouliez-vous dire {close} ? les options s'écrivent en entier)"
            self.exit(USAGE_ERROR, f"Erreur : {message}\n")
        self.exit(USAGE_ERROR, f"Erreur : {in_french(message)}\n")

    def _misread_option(self, message: str) -> str | None:
        """The option given that no parser knows, behind what argparse says. Before the command
        argparse reports it as a wrong command (``--wor 2 serve``: "invalid choice: '2'"),
        which hides the real mistake."""
        if found := _UNRECOGNIZED.match(message):
            tokens = found.group(1).split()
        elif found := _INVALID_CHOICE.search(message):
            given = getattr(self, "_given", [])
            if found.group(1) not in given:
                return None
            tokens = given[:given.index(found.group(1))]
        else:
            return None
        for word in tokens:
            if word == "--":
                return None
            name = word.split("=", 1)[0]
            if _OPTION.match(name) and name not in self._option_string_actions:
                return name
        return None

    def _closest_option(self, unknown: str) -> str | None:
        import difflib  # only on a usage error: ~1 ms of every start of both programs

        names = {name for parser in self._parsers() for name in parser._option_string_actions
                 if name.startswith("--")}
        begun = sorted(name for name in names if name.startswith(unknown))
        if len(begun) == 1:
            return begun[0]
        close = difflib.get_close_matches(unknown, sorted(names), n=1, cutoff=0.7)
        return close[0] if close else None

    def _parsers(self) -> list[argparse.ArgumentParser]:
        found: list[argparse.ArgumentParser] = [self]
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += list(action.choices.values())
        return found
