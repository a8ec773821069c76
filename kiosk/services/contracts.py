"""What the kiosk's UI may ask of the services, and what it gets back.

The UI imports this module (and ``kiosk.services`` entry points) only; it never touches the ORM
or HTTP. Every call may block (database, network, printing): the UI runs them off the GUI thread.
Expected refusals raise :class:`ServiceError` subclasses carrying a French message to show as is;
anything else is a bug and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

# The refusals live in kiosk.services.errors (the window loads them before the data types);
# they are part of the contract, so they are named here too.
from kiosk.services.errors import CentreUnavailable as CentreUnavailable
from kiosk.services.errors import IdentityRefused as IdentityRefused
from kiosk.services.errors import NotSignedIn as NotSignedIn
from kiosk.services.errors import RequestRefused as RequestRefused
from kiosk.services.errors import ServiceError as ServiceError

if TYPE_CHECKING:  # daily_contracts imports ServiceError from here
    from kiosk.services.daily_contracts import DailyReport, LetterEntry, VoterHistory
    from kiosk.services.settings_model import KioskSettings


@dataclass(frozen=True)
class AgentSession:
    username: str
    display_name: str
    role: str  # "agent" or "supervisor"
    establishments: tuple[str, ...]


@dataclass(frozen=True)
class VoterSummary:
    """What the agent may see while looking a voter up: no NUMEN, no date of birth."""

    ref: str  # opaque handle for later calls
    last_name: str
    first_name: str
    email: str
    establishment: str
    requests_left: int


@dataclass(frozen=True)
class VoterMatches:
    """A search's first page of voters, and whether more voters match (the agent should then
    type more of the name)."""

    voters: tuple[VoterSummary, ...]
    more: bool


@dataclass(frozen=True)
class SealedLetter:
    """A confidential letter ready to print. ``numen`` is in clear: it is the letter's purpose."""

    voter_ref: str
    serial: str
    last_name: str
    first_name: str
    establishment: str
    numen: str
    created_at: datetime


@dataclass(frozen=True)
class HandoverRecord:
    id: str
    serial: str
    voter_name: str
    agent: str
    handed_at: datetime
    destroyed_at: datetime | None = None


@dataclass(frozen=True)
class SecurityChallenge:
    """A 4-digit code to type back. ``png`` is the image shown; ``token`` identifies it."""

    token: str
    png: bytes


@dataclass(frozen=True)
class RequestForm:
    voter_ref: str
    numen: str
    birth_date: str  # as typed, jj/mm/aaaa
    phone: str  # as typed
    channel: str  # "sms" or "email"
    identity_document: str
    challenge_token: str
    security_code: str  # as typed


@dataclass(frozen=True)
class Confirmation:
    reference: str
    phone_masked: str
    channel: str
    created_at: datetime
    requests_left: int
    state: str  # "envoyée" or "en attente de synchronisation"
    message: str  # French banner
    status_url: str  # the centre's /v1/requests/{reference} address, for the QR code


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    pending: int
    follow_up: int
    last_sync: datetime | None
    # The signed-in agent's account was deactivated (or moved away from this kiosk's
    # establishments) at the centre: the services ended the session; the window says so.
    agent_withdrawn: bool = False


@dataclass(frozen=True)
class FollowUpItem:
    """A record the centre refused after the kiosk had accepted it offline (« À suivre »):
    an agent must contact the voter. ``reason`` is the refusal code, ``message`` its French
    text; the voter's contact is their professional e-mail."""

    id: str
    kind: str  # "reissue_request" or "seal_handover"
    reference: str | None
    voter_name: str
    voter_email: str
    establishment: str
    reason: str
    message: str
    created_at: datetime
    agent: str


class KioskServices(Protocol):
    """The one object the UI talks to. Built by ``kiosk.services.app.build()``."""

    def is_enrolled(self) -> bool: ...
    def enrol(self, centre_url: str, ca_file: Path, code: str) -> None: ...
    def sign_in(self, username: str, password: str) -> AgentSession: ...
    def sign_out(self) -> None: ...
    def find_voters(self, query: str) -> VoterMatches: ...
    def verify_identity(self, voter_ref: str, numen: str, birth_date: str) -> None: ...
    def prepare_letter(self, voter_ref: str) -> SealedLetter: ...
    def render_letter_pdf(self, letter: SealedLetter, path: Path) -> Path: ...
    def record_handover(self, letter: SealedLetter) -> HandoverRecord: ...
    def requests_left(self, voter_ref: str) -> int: ...
    def new_security_challenge(self) -> SecurityChallenge: ...
    def submit_request(self, form: RequestForm) -> Confirmation: ...
    def render_receipt_pdf(self, confirmation: Confirmation, path: Path) -> Path: ...
    def qr_png(self, text: str) -> bytes: ...
    def status(self) -> SyncStatus: ...
    def sync_now(self) -> SyncStatus: ...
    def follow_up_items(self) -> list[FollowUpItem]: ...
    def mark_handled(self, item_id: str, agent: str | None = None) -> None: ...
    def day_handovers(self, day: date) -> list[HandoverRecord]: ...
    # Supervision and daily work (issue 9); the types live in ``daily_contracts``.
    def letter_printed(self, letter: SealedLetter) -> None: ...
    def day_register(self, day: date) -> list[LetterEntry]: ...
    def mark_destroyed(self, serial: str) -> LetterEntry: ...  # supervisors only
    def render_register_pdf(self, day: date, path: Path) -> Path: ...
    def refresh_deliveries(self) -> int: ...
    def daily_report(self, day: date) -> DailyReport: ...  # supervisors only
    def render_report_pdf(self, report: DailyReport, path: Path) -> Path: ...
    def write_report_csv(self, report: DailyReport, path: Path) -> Path: ...
    def voter_history(self, voter_ref: str) -> VoterHistory: ...
    # Settings (issue 6); the type lives in ``settings``.
    def kiosk_settings(self) -> KioskSettings: ...
    def save_settings(self, wanted: KioskSettings) -> KioskSettings: ...  # supervisors only
