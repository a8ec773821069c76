"""The election calendar, in Europe/Paris time, and what it allows at a given instant."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from kiosk.domain.errors import InvalidInput

PARIS = ZoneInfo("Europe/Paris")

REGION_ZONES: dict[str, tuple[str, str]] = {
    "FR": ("Europe/Paris", "Paris"),
    "RE": ("Indian/Reunion", "La Réunion"),
    "YT": ("Indian/Mayotte", "Mayotte"),
    "GP": ("America/Guadeloupe", "Guadeloupe"),
    "MQ": ("America/Martinique", "Martinique"),
    "GF": ("America/Cayenne", "Guyane"),
    "PM": ("America/Miquelon", "Saint-Pierre-et-Miquelon"),
    "BL": ("America/St_Barthelemy", "Saint-Barthélemy"),
    "MF": ("America/Marigot", "Saint-Martin"),
    "NC": ("Pacific/Noumea", "Nouvelle-Calédonie"),
    "PF": ("Pacific/Tahiti", "Polynésie française"),
    "WF": ("Pacific/Wallis", "Wallis-et-Futuna"),
}


class Phase(StrEnum):
    BEFORE_REQUESTS = "before_requests"
    REQUESTS_OPEN = "requests_open"
    VOTING = "voting"
    CLOSED = "closed"
    RESULTS = "results"


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"La date « {name} » doit porter un fuseau horaire.", field=name)
    return value


@dataclass(frozen=True)
class ElectionCalendar:
    requests_open: datetime
    voting_opens: datetime
    voting_closes: datetime
    results: datetime

    def __post_init__(self) -> None:
        moments = [
            _aware(self.requests_open, "requests_open"),
            _aware(self.voting_opens, "voting_opens"),
            _aware(self.voting_closes, "voting_closes"),
            _aware(self.results, "results"),
        ]
        # Kept in UTC: Python compares two datetimes of the same zone by wall clock, which is
        # wrong across a DST change.
        moments = [moment.astimezone(UTC) for moment in moments]
        for name, moment in zip(("requests_open", "voting_opens", "voting_closes", "results"),
                                moments, strict=True):
            object.__setattr__(self, name, moment)
        if not all(a < b for a, b in itertools.pairwise(moments)):
            raise InvalidInput(
                "Calendrier incohérent : l'ouverture des demandes, l'ouverture du vote, la "
                "clôture du vote et les résultats doivent se suivre dans cet ordre.",
                field="calendar")

    @classmethod
    def example_2018(cls) -> ElectionCalendar:
        """The 2018 professional elections (DESIGN.md)."""
        return cls(
            requests_open=datetime(2018, 11, 5, 0, 0, tzinfo=PARIS),
            voting_opens=datetime(2018, 11, 29, 10, 0, tzinfo=PARIS),
            voting_closes=datetime(2018, 12, 6, 17, 0, tzinfo=PARIS),
            results=datetime(2018, 12, 7, 9, 0, tzinfo=PARIS),
        )

    def phase(self, now: datetime) -> Phase:
        now = _aware(now, "now").astimezone(UTC)
        if now < self.requests_open:
            return Phase.BEFORE_REQUESTS
        if now < self.voting_opens:
            return Phase.REQUESTS_OPEN
        if now < self.voting_closes:
            return Phase.VOTING
        if now < self.results:
            return Phase.CLOSED
        return Phase.RESULTS

    def requests_allowed(self, now: datetime) -> bool:
        """Re-issue requests run from their opening until voting closes."""
        return self.phase(now) in (Phase.REQUESTS_OPEN, Phase.VOTING)

    def voting_allowed(self, now: datetime) -> bool:
        return self.phase(now) is Phase.VOTING


def parse_paris_datetime(text: object) -> datetime:
    """ISO 8601; without an offset the time is Paris time. A time that does not exist in Paris
    (the hour skipped when clocks go forward) is refused rather than guessed."""
    if not isinstance(text, str) or len(text) > 64:
        raise InvalidInput("Date et heure invalides : forme ISO 8601 attendue "
                           "(exemple : 2026-12-06T17:00).", field="datetime")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("Date et heure invalides : forme ISO 8601 attendue "
                           "(exemple : 2026-12-06T17:00).", field="datetime") from None
    local = value if value.tzinfo is not None else value.replace(tzinfo=PARIS)
    try:
        # Callers convert to UTC and Paris time: a moment with no such form (year 1 in Paris,
        # year 9999 at -23:59) is refused here rather than overflowing there.
        round_trip = local.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None)
    except OverflowError:
        raise InvalidInput("Date et heure invalides : hors des années possibles.",
                           field="datetime") from None
    if value.tzinfo is not None:
        return value
    if round_trip != value:
        raise InvalidInput("Cette heure n'existe pas à Paris (passage à l'heure d'été).",
                           field="datetime")
    return local


def format_paris(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") + " (heure de Paris)"


def format_local(moment: datetime, region: str) -> str:
    """The time where the voter lives, with Paris time stated beside it for overseas voters."""
    zone_name, label = REGION_ZONES.get(region, REGION_ZONES["FR"])
    if zone_name == "Europe/Paris":
        return format_paris(moment)
    local = moment.astimezone(ZoneInfo(zone_name)).strftime("%d/%m/%Y %H:%M")
    return f"{local} (heure locale, {label}) — {format_paris(moment)}"
