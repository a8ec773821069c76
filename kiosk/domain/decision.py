"""``decide()``: the one function that says yes or no to a re-issue request.

The kiosk calls it offline on its local view; the centre calls it on the authoritative state
with the voter locked. Same rules, same reasons, same French messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from kiosk.domain.calendar import ElectionCalendar
from kiosk.domain.hashing import constant_time_equal

MAX_REQUESTS = 3
SUCCESS_MESSAGE = ("Votre demande a été correctement prise en compte. Un SMS vous a été envoyé, "
                   "vous le recevrez dans quelques minutes.")
SUCCESS_MESSAGE_EMAIL = ("Votre demande a été correctement prise en compte. Un courriel vous a "
                         "été envoyé, vous le recevrez dans quelques minutes.")


class Channel(StrEnum):
    SMS = "sms"
    EMAIL = "email"


class Reason(StrEnum):
    QUOTA_EXHAUSTED = "quota_exhausted"
    PHONE_TAKEN = "phone_taken"
    IDENTITY_MISMATCH = "identity_mismatch"
    VOTER_UNKNOWN = "voter_unknown"
    OUTSIDE_WINDOW = "outside_window"
    INVALID_INPUT = "invalid_input"
    VOTER_LOCKED = "voter_locked"


REASON_MESSAGES: Mapping[Reason, str] = {
    Reason.QUOTA_EXHAUSTED:
        "La demande d'envoi d'un nouvel identifiant ne peut être faite que 3 fois.",
    Reason.PHONE_TAKEN:
        "Ce numéro de mobile est déjà associé à un autre électeur : un numéro ne peut servir "
        "qu'à un seul électeur.",
    Reason.IDENTITY_MISMATCH:
        "Le NUMEN ou la date de naissance ne correspond pas au registre.",
    Reason.VOTER_UNKNOWN: "Électeur inconnu du registre.",
    Reason.OUTSIDE_WINDOW:
        "Les demandes de nouvel identifiant ne sont pas ouvertes à cette date.",
    Reason.INVALID_INPUT: "La demande est incomplète ou mal formée.",
    Reason.VOTER_LOCKED:
        "Trop d'essais infructueux : la vérification de cet électeur est suspendue pour un "
        "moment.",
}


# Short labels of the refusal reasons, for the daily reports of the kiosk and the centre: the
# column order of their CSV and PDF. A reason not listed is counted under "other".
REASON_LABELS: Mapping[str, str] = {
    Reason.QUOTA_EXHAUSTED: "quota atteint",
    Reason.PHONE_TAKEN: "mobile d'un autre électeur",
    Reason.IDENTITY_MISMATCH: "identité non conforme",
    Reason.VOTER_LOCKED: "électeur suspendu",
    Reason.VOTER_UNKNOWN: "électeur inconnu",
    Reason.OUTSIDE_WINDOW: "hors calendrier",
    Reason.INVALID_INPUT: "saisie invalide",
    "other": "autre motif",
}


@dataclass(frozen=True)
class ReissueRequest:
    numen: str
    birth_date: date
    phone: str
    channel: Channel
    created_at: datetime


@dataclass(frozen=True)
class VoterState:
    voter_key: str
    numen: str
    birth_date: date
    requests_used: int
    id_version: int
    phone_owner_key: str | None
    locked: bool = False


@dataclass(frozen=True)
class Decision:
    accepted: bool
    reason: Reason | None
    message: str
    requests_left: int
    invalidates_version: int | None
    new_version: int | None


def _refuse(reason: Reason, requests_left: int) -> Decision:
    return Decision(False, reason, REASON_MESSAGES[reason], max(requests_left, 0), None, None)


def judged_at(created_at: datetime, now: datetime, tolerance: timedelta) -> datetime:
    """A request accepted offline is judged at its creation time if it reaches the centre within
    ``tolerance``; otherwise (or if its clock claims the future) at ``now``."""
    created_at, now = created_at.astimezone(UTC), now.astimezone(UTC)
    if now - tolerance <= created_at <= now:
        return created_at
    return now


def decide(
    request: ReissueRequest,
    voter_state: VoterState | None,
    calendar: ElectionCalendar,
    now: datetime,
    *,
    tolerance: timedelta = timedelta(0),
) -> Decision:
    if voter_state is None:
        return _refuse(Reason.VOTER_UNKNOWN, 0)
    left = MAX_REQUESTS - voter_state.requests_used
    if voter_state.locked:
        return _refuse(Reason.VOTER_LOCKED, left)
    # Both compared, always, so the time taken does not tell which one was wrong.
    numen_ok = constant_time_equal(request.numen, voter_state.numen)
    birth_ok = constant_time_equal(request.birth_date.isoformat(),
                                   voter_state.birth_date.isoformat())
    if not (numen_ok & birth_ok):
        return _refuse(Reason.IDENTITY_MISMATCH, left)
    if not calendar.requests_allowed(judged_at(request.created_at, now, tolerance)):
        return _refuse(Reason.OUTSIDE_WINDOW, left)
    if left <= 0:
        return _refuse(Reason.QUOTA_EXHAUSTED, 0)
    owner = voter_state.phone_owner_key
    if owner is not None and not constant_time_equal(owner, voter_state.voter_key):
        return _refuse(Reason.PHONE_TAKEN, left)
    message = SUCCESS_MESSAGE if request.channel is Channel.SMS else SUCCESS_MESSAGE_EMAIL
    return Decision(
        accepted=True,
        reason=None,
        message=message,
        requests_left=left - 1,
        invalidates_version=voter_state.id_version,
        new_version=voter_state.id_version + 1,
    )
