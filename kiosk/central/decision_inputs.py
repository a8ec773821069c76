"""A pushed re-issue record made ready for a decision: its digest, its checked values and the
keyed hashes it is looked up by.

Everything here depends on the payload and the keys alone (no database), so it runs before any
transaction, each value once: the batch reads the state by these hashes and decides by them,
and a batch retried after a race does not parse or hash its records again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from kiosk.central.api_models import ReissueRecord
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.decision import Channel, ReissueRequest
from kiosk.domain.errors import InvalidInput
from kiosk.domain.numen import parse_numen
from kiosk.domain.phone import parse_phone_masked


@dataclass(frozen=True)
class ValidRequest:
    request: ReissueRequest
    phone: str | None
    reference: str | None
    agent: str
    identity_document: str
    phone_masked: str  # "" without a phone


Hasher = Callable[[str], str]


@dataclass(frozen=True)
class PreparedRecord:
    """One record of a batch: either ``valid`` (and the keyed hashes of its NUMEN and phone)
    or the ``error`` that refuses it."""

    record: ReissueRecord
    digest: str
    valid: ValidRequest | None
    error: InvalidInput | None
    numen_hash: str = ""
    phone_hash: str | None = None

    @property
    def id(self) -> str:
        return str(self.record.id)


def payload_digest(record: BaseModel) -> str:
    """SHA-256 of the record's canonical JSON (kind, created_at, payload), without its id."""
    dump = record.model_dump(mode="json", exclude={"id"})
    canonical = json.dumps(dump, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validate(record: ReissueRecord, today: date) -> ValidRequest:
    """The payload through the domain parsers; ``InvalidInput`` (French) on the first fault."""
    p = record.payload
    try:
        channel = Channel(p.channel)
    except ValueError:
        raise InvalidInput("Canal d'envoi invalide : « sms » ou « email » est attendu.",
                           field="channel") from None
    numen = parse_numen(p.numen)
    birth_date = parse_birth_date(p.birth_date, on=today)
    if p.security_code_checked is False:
        raise InvalidInput("Le code de sécurité n'a pas été vérifié à la borne.",
                           field="security_code_checked")
    phone, masked = parse_phone_masked(p.phone) if p.phone else (None, "")
    if channel is Channel.SMS and phone is None:
        raise InvalidInput("Numéro de mobile obligatoire pour un envoi par SMS.", field="phone")
    request = ReissueRequest(numen=numen, birth_date=birth_date, phone=phone or "",
                             channel=channel, created_at=record.created_at)
    return ValidRequest(request, phone, p.reference, p.agent.strip(),
                        p.identity_document.strip(), masked)


def prepare(record: ReissueRecord, today: date, numen_hash: Hasher, phone_hash: Hasher
            ) -> PreparedRecord:
    digest = payload_digest(record)
    try:
        valid = validate(record, today)
    except InvalidInput as exc:
        return PreparedRecord(record, digest, None, exc)
    return PreparedRecord(record, digest, valid, None, numen_hash(valid.request.numen),
                          phone_hash(valid.phone) if valid.phone else None)
