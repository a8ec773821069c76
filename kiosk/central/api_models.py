"""The JSON shapes of the API (issue 3's contract, docs/architecture.md's wire details).

Requests are strict about their structure: unknown fields are refused, types are not coerced
(``"3"`` is not a number), strings and lists have caps. What the values mean (a NUMEN's form,
a real date of birth, a mobile number) is judged per record by the domain parsers, so one bad
record in a batch is refused alone instead of blocking the kiosk's whole outbox.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

MAX_BATCH = 500


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Text64 = Annotated[StrictStr, Field(max_length=64)]
Text100 = Annotated[StrictStr, Field(max_length=100)]
_ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]")


def _iso_text(value: object) -> object:
    """Pydantic also reads a number, or a string of digits, as Unix seconds (``"0"`` is
    1970-01-01): the contract (and the schema, ``format: date-time``) says ISO 8601 text."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("datetime_type", "ISO 8601 date and time text expected")
    if not _ISO_DATE_TIME.match(value):
        raise PydanticCustomError("datetime_parsing", "ISO 8601 date and time expected")
    return value


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]


class EnrolIn(_Strict):
    code: Text64


class EnrolOut(BaseModel):
    kiosk_id: str
    token: str
    establishment: str
    establishments: list[str]
    phone_hash_key: str


class ReissuePayload(_Strict):
    numen: Text64
    birth_date: Annotated[StrictStr, Field(max_length=32)]
    phone: Annotated[StrictStr, Field(max_length=40)] | None = None  # optional for e-mail
    channel: Annotated[StrictStr, Field(max_length=16)]
    agent: Text100 = ""
    identity_document: Annotated[StrictStr, Field(max_length=50)] = ""
    reference: Annotated[StrictStr, Field(max_length=32)] | None = None
    security_code_checked: StrictBool | None = None
    kiosk_version: Annotated[StrictStr, Field(max_length=50)] | None = None


class HandoverPayload(_Strict):
    """A sealed letter handed over: the voter (by NUMEN, or by the centre's ``voter_id`` from
    a pull snapshot), the envelope serial, who handed it and when (default: ``created_at``)."""

    numen: Text64 | None = None
    voter_id: Annotated[StrictInt, Field(ge=1, le=2**62)] | None = None
    serial: Annotated[StrictStr, Field(min_length=1, max_length=32)]
    agent: Text100
    handed_at: IsoDateTime | None = None
    kiosk_version: Annotated[StrictStr, Field(max_length=50)] | None = None


class _RecordBase(_Strict):
    id: UUID
    created_at: IsoDateTime


class ReissueRecord(_RecordBase):
    kind: Literal["reissue_request"]
    payload: ReissuePayload


class HandoverRecord(_RecordBase):
    kind: Literal["seal_handover"]
    payload: HandoverPayload


PushRecord = Annotated[ReissueRecord | HandoverRecord, Field(discriminator="kind")]


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: Annotated[list[PushRecord], Field(max_length=MAX_BATCH)]


class RecordResult(BaseModel):
    id: str
    status: Literal["accepted", "refused", "conflict"]
    reason: str | None
    message: str
    reference: str | None = None
    requests_left: int | None = None
    created_at: str | None = None
    decided_at: str | None = None
    phone_masked: str | None = None
    channel: str | None = None
    state: str | None = None


class PushOut(BaseModel):
    results: list[RecordResult]


class VoterSnapshot(BaseModel):
    voter_id: int
    numen: str
    birth_date: str
    last_name: str
    first_name: str
    email: str
    establishment: str
    requests_used: int
    id_version: int
    locked_until: str | None
    phone_hashes: list[str]


class Change(BaseModel):
    seq: int
    type: Literal["voter"] = "voter"
    voter: VoterSnapshot


class AgentSnapshot(BaseModel):
    username: str
    display_name: str
    role: str
    establishments: list[str]
    password_hash: str
    active: bool


class CalendarSnapshot(BaseModel):
    requests_open: str
    voting_opens: str
    voting_closes: str
    results: str


class PullOut(BaseModel):
    changes: list[Change]
    cursor: int
    more: bool
    agents: list[AgentSnapshot]
    calendar: CalendarSnapshot | None  # None until ``kiosk-central set-calendar``


class RequestStatusOut(BaseModel):
    reference: str
    status: str
    reason: str | None
    message: str
    phone_masked: str | None
    channel: str
    created_at: str
    decided_at: str
    requests_left: int
    delivery: Literal["queued", "sent", "failed"] | None


class CredentialCheckIn(_Strict):
    voter_id: Text64


class CredentialCheckOut(BaseModel):
    valid: bool


class HealthOut(BaseModel):
    status: str


class ErrorOut(BaseModel):
    """Every refusal of the API (kiosk.central.api_errors): a stable code and French text."""

    error: str
    message: str
