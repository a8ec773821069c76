"""What the supervision screens ask of the services and get back (issue 9): the handover
register, the daily report, the counter look-up, the role check.

Kept beside :mod:`kiosk.services.contracts` (which the wizard uses) so the day-to-day tools can
grow without touching the wizard's contract. Like there, nothing here holds a secret: no NUMEN,
no birth date, no full phone number, no voter ID, no token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.services.contracts import HandoverRecord, ServiceError

SUPERVISOR = "supervisor"

# States of a sealed letter in the day's register.
HANDED, OUTSTANDING, DESTROYED = "handed", "outstanding", "destroyed"
# States of a request in the counter's look-up (the UI words them in the chosen language).
HISTORY_STATES = ("pending", "sent", "refused", "follow_up", "delivery_failed", "handled")


class Forbidden(ServiceError):
    """The signed-in agent's role does not allow this (a supervisor's tool)."""

    code = "forbidden"


@dataclass(frozen=True)
class LetterEntry:
    """One sealed letter of the day: handed over against signature, printed and still waiting
    for its voter (``outstanding``), or destroyed uncollected (who, when)."""

    serial: str
    voter_name: str
    establishment: str
    agent: str
    at: datetime  # handed over, or printed when not (yet) collected
    state: str  # HANDED / OUTSTANDING / DESTROYED
    destroyed_at: datetime | None = None
    destroyed_by: str | None = None

    @property
    def outstanding(self) -> bool:
        return self.state == OUTSTANDING


@dataclass(frozen=True)
class ReportLine:
    """The day's figures for one establishment, one agent, or all (``scope`` "total")."""

    scope: str  # "establishment", "agent" or "total"
    key: str  # UAI, agent user name, or "" for the total
    accepted: int = 0
    refused: Mapping[str, int] = field(default_factory=dict)  # reason code -> count
    handed_over: int = 0
    pending: int = 0

    @property
    def refused_total(self) -> int:
        return sum(self.refused.values())


@dataclass(frozen=True)
class DailyReport:
    day: date
    kiosk_id: str
    establishments: tuple[str, ...]
    generated_at: datetime
    generated_by: str
    lines: tuple[ReportLine, ...]  # establishments first, then agents
    total: ReportLine

    def line(self, scope: str, key: str) -> ReportLine:
        """The line of ``key`` (an empty one when nothing happened for it)."""
        for line in self.lines:
            if line.scope == scope and line.key == key:
                return line
        return ReportLine(scope=scope, key=key)


@dataclass(frozen=True)
class HistoryEntry:
    """One request of the voter as the counter may see it: no reference, no number."""

    created_at: datetime
    region: str  # territory of the voter's local time ("FR", "RE"...), see validation
    channel: str  # "sms" / "email"
    phone_masked: str
    state: str  # one of HISTORY_STATES
    reason: str  # refusal code ("" unless refused)
    agent: str


@dataclass(frozen=True)
class VoterHistory:
    voter_name: str
    establishment: str
    email: str
    requests_used: int  # accepted at the centre (last sync) plus this kiosk's pending ones
    requests_left: int
    entries: tuple[HistoryEntry, ...]  # this kiosk's requests, newest first
    letters: tuple[LetterEntry, ...]  # sealed letters for this voter on this kiosk


def sheet_records(entries: Sequence[LetterEntry]) -> list[HandoverRecord]:
    """The register as the émargement sheet draws it: one row per letter; a destroyed one
    says so in its signature cell, an outstanding one leaves it blank for the voter."""
    return [HandoverRecord(id=e.serial, serial=e.serial, voter_name=e.voter_name, agent=e.agent,
                           handed_at=e.at, destroyed_at=e.destroyed_at) for e in entries]
