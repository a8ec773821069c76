"""Read-only questions asked of the centre: a request's state (the receipt's QR code) and
whether a voter ID is valid (the voting platform). Both are rate-limited, counted before any
look-up, so a flood costs one counter update per call and reveals nothing."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.central import ratelimit
from kiosk.central.api_auth import PlatformPrincipal
from kiosk.central.api_context import AppContext
from kiosk.central.api_errors import ApiError, rate_limited
from kiosk.central.api_models import CredentialCheckOut, RequestStatusOut
from kiosk.central.api_records import request_status
from kiosk.domain.errors import InvalidInput
from kiosk.domain.voter_id import normalise_reference, normalise_voter_id
from kiosk.store.base import utcnow
from kiosk.store.models import Voter, VoterCredential

BAD_REFERENCE = ("Référence de demande invalide : 16 caractères (lettres majuscules et chiffres, "
                 "sans 0, O, 1 ni I) sont attendus.")
UNKNOWN_REFERENCE = "Aucune demande ne porte cette référence."
TOO_MANY_LOOKUPS = "Trop de consultations depuis cette adresse : réessayez dans une minute."
TOO_MANY_CHECKS = "Trop de vérifications d'identifiants : réessayez dans une minute."


def lookup_request(context: AppContext, reference: str, address: str) -> RequestStatusOut:
    try:
        reference = normalise_reference(reference)  # typed by hand from the receipt, too
    except InvalidInput:
        raise ApiError(400, "invalid_reference", BAD_REFERENCE) from None
    now = utcnow()
    limit = context.limits.status_per_address
    with context.sessions.begin() as session:
        if ratelimit.hit(session, f"status:{address}", limit, now) > limit.count:
            raise rate_limited(TOO_MANY_LOOKUPS)
    with context.sessions() as session:
        found = request_status(session, reference)
    if found is None:
        raise ApiError(404, "not_found", UNKNOWN_REFERENCE)
    return found


def check_credential(context: AppContext, platform: PlatformPrincipal, raw: str,
                     address: str) -> CredentialCheckOut:
    """Valid means: issued, not invalidated, and the voter's current version (only the newest
    ID can vote)."""
    try:
        voter_id = normalise_voter_id(raw)
    except InvalidInput as exc:
        raise ApiError(422, exc.code, exc.message) from None
    now = utcnow()
    limits = context.limits
    with context.sessions.begin() as session:
        over = ratelimit.hit(session, f"check:token:{platform.token_id}",
                             limits.checks_per_token, now) > limits.checks_per_token.count
        over |= ratelimit.hit(session, f"check:addr:{address}", limits.checks_per_address,
                              now) > limits.checks_per_address.count
    if over:
        raise rate_limited(TOO_MANY_CHECKS)
    with context.sessions() as session:
        current = session.scalar(
            select(VoterCredential.id)
            .join(Voter, Voter.id == VoterCredential.voter_id)
            .where(VoterCredential.id_hash == context.voter_id_hash(voter_id),
                   VoterCredential.invalidated_at.is_(None),
                   VoterCredential.version == Voter.id_version)
        )
    return CredentialCheckOut(valid=current is not None)
