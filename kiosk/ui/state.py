"""What the wizard knows about the voter being served, in one place, so one call forgets it all."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from kiosk.services.contracts import (
    AgentSession,
    Confirmation,
    HandoverRecord,
    KioskServices,
    SealedLetter,
    VoterSummary,
)
from kiosk.ui.worker import Worker


@dataclass
class Visit:
    """One voter's visit. Pages fill it step by step; only the request step commits."""

    voter: VoterSummary | None = None
    identity_document: str = ""
    knows_numen: bool = True
    numen: str = ""  # as typed (known branch) or from the sealed letter
    birth_date: str = ""  # as typed, jj/mm/aaaa
    phone: str = ""  # as typed: its territory gives the voter's local time (DROM-COM)
    identity_verified: bool = False
    letter: SealedLetter | None = None
    handover: HandoverRecord | None = None
    confirmation: Confirmation | None = None

    def clear(self) -> None:
        # Python strings cannot be wiped in place; dropping every reference is what we can do.
        for item in fields(self):
            setattr(self, item.name, Visit.__dataclass_fields__[item.name].default)

    def request_numen(self) -> str:
        """The NUMEN for the request: typed by the voter, or the one just handed over sealed."""
        if not self.knows_numen and self.letter is not None:
            return self.letter.numen
        return self.numen


@dataclass
class PageContext:
    """What every page shares: the services, the one worker, the visit, the signed-in agent."""

    services: KioskServices
    worker: Worker
    visit: Visit = field(default_factory=Visit)
    agent: AgentSession | None = None
