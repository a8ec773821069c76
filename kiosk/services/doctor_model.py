"""The vocabulary of ``kiosk doctor``: a check's level, its French report, the exit status.

Kept apart from the checks themselves so the centre checks (:mod:`doctor_centre`) and the local
ones (:mod:`doctor`) share it without importing each other.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

LINE_WIDTH = 100  # a terminal window on an office PC


class Level(IntEnum):
    """Ordered so the worst level of a report is ``max()``; the value is the exit status."""

    OK = 0
    ATTENTION = 1
    ERREUR = 2

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class Check:
    """One line of the diagnosis: what was checked, how it went, why, and what to do.

    ``explanation`` and ``fix`` are French, shown as is; they never hold a secret (token,
    password) nor personal data."""

    title: str
    level: Level
    explanation: str
    fix: str = ""


def ok(title: str, explanation: str) -> Check:
    return Check(title, Level.OK, explanation)


def attention(title: str, explanation: str, fix: str) -> Check:
    return Check(title, Level.ATTENTION, explanation, fix)


def error(title: str, explanation: str, fix: str) -> Check:
    return Check(title, Level.ERREUR, explanation, fix)


def exit_status(checks: Iterable[Check]) -> int:
    """0 when every check is OK, 1 when one needs attention, 2 when one is an error."""
    return int(max((c.level for c in checks), default=Level.OK))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count <= 1 else many}"  # French: « 0 erreur »


def render(checks: list[Check], *, header: str = "") -> str:
    """The report as printed by ``kiosk doctor``: one block per check, then a summary."""
    width = max(len(level.label) for level in Level) + 3  # "[ATTENTION] "
    indent = " " * (width + 1)
    lines = [header, ""] if header else []
    for check in checks:
        tag = f"[{check.level.label}]".ljust(width)
        lines.append(textwrap.fill(f"{tag} {check.title} : {check.explanation}",
                                   LINE_WIDTH, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))
        if check.fix:
            lines.append(textwrap.fill(f"→ À faire : {check.fix}", LINE_WIDTH,
                                       initial_indent=indent, subsequent_indent=indent + "  ",
                                       break_long_words=False, break_on_hyphens=False))
    errors = sum(1 for c in checks if c.level is Level.ERREUR)
    warnings = sum(1 for c in checks if c.level is Level.ATTENTION)
    lines.append("")
    if not errors and not warnings:
        lines.append("Résultat : tout est en ordre.")
    else:
        lines.append(f"Résultat : {_plural(errors, 'erreur', 'erreurs')}, "
                     f"{_plural(warnings, 'point', 'points')} d'attention.")
    return "\n".join(lines)
