"""The centre's decisions on pushed re-issue requests: authoritative, durable, idempotent.

One batch of consecutive requests, one transaction. In it: the stored rows of the batch's UUIDs
(idempotency: the UUID is the primary key of ``reissue_requests``), the voters read with row
locks (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every transaction is
``BEGIN IMMEDIATE``, which is the lock), the phone bindings (locked too), then
``kiosk.domain.decision.decide()`` record after record, in the order sent, on that state kept
current in memory (``decision_state``), and at the end everything the decisions imply, written in
one statement per kind (``decision_writes``): on acceptance the new voter ID (its keyed hash
only), the previous one invalidated, the phone bound, the counters and change sequence, the
notifications queued, the request stored, an audit entry; on refusal the request, the audit
entry and the identity-failure counters. A crash before commit leaves nothing; the answers leave
only after commit; a replay gets the stored answer. One transaction per batch rather than per
record is what makes a kiosk's sync fast (benchmarks/bench_sync_throughput.py): the per-record
statements, commits and lock waits were most of the cost.

Idempotency and conflicts: the same UUID from the same kiosk with the same payload digest gets
the stored result. The same UUID with a different payload (or from another kiosk) gets a
per-record result ``{"status": "conflict", "reason": "conflict"}`` (409 semantics) inside a
200 batch answer, whatever the batch size: one answer shape for every batch keeps the kiosk's
sync loop simple, and the other records of the batch are still decided.

Races: two batches binding one phone to two voters on PostgreSQL may both find the number free;
the unique constraint on ``phone_hash`` stops the second insert. That batch is rolled back and
decided again, and the record now finds the number bound and is refused ``phone_taken``. The
same goes for a UUID or a reference stored meanwhile, and for a deadlock PostgreSQL broke.

A kiosk may only act for voters of its establishments: any other voter is ``voter_unknown``,
exactly as a NUMEN absent from the register, so a kiosk learns nothing about other schools.

Malformed values (NUMEN form, impossible date, not a mobile) are refused ``invalid_input`` with
the parser's French message and are not stored: the answer depends on the payload alone, so a
replay gets the same answer, and bad input changes nothing.

Too many failed identity checks from this kiosk or address: the batch stops at the record that
finds the limit reached, what was decided before it is committed, and the push is answered 429.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from kiosk.central.agent_scope import UNKNOWN_AGENT
from kiosk.central.api_auth import KioskPrincipal
from kiosk.central.api_context import AppContext
from kiosk.central.api_errors import rate_limited
from kiosk.central.api_models import RecordResult, ReissueRecord
from kiosk.central.api_records import Delivery, conflict_result, delivery_of, result_with
from kiosk.central.decision_inputs import PreparedRecord, ValidRequest, prepare
from kiosk.central.decision_state import BatchState, BindingRow, VoterRow
from kiosk.central.decision_writes import BatchWrites
from kiosk.central.notify.messages import notifications_for
from kiosk.central.ratelimit import Limit
from kiosk.domain.calendar import ElectionCalendar
from kiosk.domain.decision import Decision, Reason, VoterState, decide
from kiosk.domain.voter_id import generate_reference, generate_voter_id, is_reference
from kiosk.store.audit import Draft
from kiosk.store.base import utcnow
from kiosk.store.models import ReissueRequest as RequestRow

MAX_FAILED_CHECKS = 5
LOCK_DURATION = timedelta(minutes=30)
ATTEMPTS = 3  # a batch that lost a race is decided again on what the winner committed
CALENDAR_NOT_SET = ("Le calendrier du scrutin n'est pas encore fixé au centre : aucune demande "
                    "ne peut être acceptée pour le moment.")
TOO_MANY_FAILURES = ("Trop de vérifications d'identité infructueuses depuis cette borne ou cette "
                     "adresse : réessayez dans quelques minutes.")
# Failures that count against a kiosk and an address: wrong identity, or a NUMEN probe.
_FAILURES = (Reason.IDENTITY_MISMATCH, Reason.VOTER_UNKNOWN)
# A calendar long over: decide() then still checks lock and identity first, as usual.
_NO_CALENDAR = ElectionCalendar(
    requests_open=datetime(2000, 1, 1, tzinfo=UTC), voting_opens=datetime(2000, 1, 2, tzinfo=UTC),
    voting_closes=datetime(2000, 1, 3, tzinfo=UTC), results=datetime(2000, 1, 4, tzinfo=UTC),
)
# PostgreSQL broke a deadlock or a serialisation conflict: the batch is simply decided again.
_RETRY_STATES = frozenset({"40P01", "40001"})


@dataclass
class Job:
    """One push's run of consecutive requests, as decided in a group (``group_commit``)."""

    kiosk: KioskPrincipal
    address: str
    pushed: Sequence[ReissueRecord]
    today: date
    records: list[PreparedRecord] = field(default_factory=list)  # made ready by the group
    results: list[RecordResult] = field(default_factory=list)
    limited: bool = False  # the identity-failure limit stopped it
    error: Exception | None = None  # its records could not be made ready: left out of the group


async def decide_batch(context: AppContext, kiosk: KioskPrincipal,
                       records: Sequence[ReissueRecord], address: str) -> list[RecordResult]:
    """Decide ``records`` in order, with whatever other pushes are waiting at the moment, in
    one transaction; their results, in the same order."""
    if not records:
        return []
    job = Job(kiosk, address, records, utcnow().date())
    await context.decisions.submit(job, lambda jobs: decide_group(context, jobs), len(records))
    if job.error is not None:
        raise job.error
    if job.limited:  # after the commit: what was decided before the limit stays decided
        raise rate_limited(TOO_MANY_FAILURES)
    return job.results


def decide_group(context: AppContext, jobs: Sequence[Job]) -> None:
    """Decide every job of a group in one transaction, retried whole after a lost race."""
    jobs = [job for job in jobs if _made_ready(context, job)]
    if not jobs:
        return
    for attempt in range(1, ATTEMPTS + 1):
        for job in jobs:
            job.results, job.limited = [], False
        try:
            with context.sessions.begin() as session:
                _Batch(session, context, jobs).run()
            return
        except DBAPIError as exc:
            retry = isinstance(exc, IntegrityError) or \
                getattr(exc.orig, "sqlstate", None) in _RETRY_STATES
            if not retry or attempt == ATTEMPTS:
                raise


def _made_ready(context: AppContext, job: Job) -> bool:
    """Parse and hash a job's records, in the group's thread (they hold no request's thread).
    Bad input is a refusal of its record; anything else raised here is a bug, which fails that
    push alone (a 500) instead of every push of the group."""
    try:
        job.records = [prepare(record, job.today, context.numen_hash, context.phone_hash)
                       for record in job.pushed]
    except Exception as exc:
        job.error = exc
        return False
    return True


def _failure_counters(context: AppContext, job: Job) -> tuple[tuple[str, Limit], ...]:
    limits = context.limits
    return ((f"id-fail:kiosk:{job.kiosk.id}", limits.identity_failures_per_kiosk),
            (f"id-fail:addr:{job.address}", limits.identity_failures_per_address))


class _Batch:
    def __init__(self, session: Session, context: AppContext, jobs: Sequence[Job]) -> None:
        self.context = context
        self.jobs = jobs
        prepared = [p for job in jobs for p in job.records if p.valid is not None]
        valid = [p.valid for p in prepared if p.valid is not None]
        self.state = BatchState(
            session,
            numen_hashes=[p.numen_hash for p in prepared],
            phone_hashes=[p.phone_hash for p in prepared if p.phone_hash is not None],
            record_ids=[p.id for job in jobs for p in job.records],
            references=[v.reference for v in valid if v.reference and is_reference(v.reference)],
            agents=[v.agent for v in valid],
            counters=[c for job in jobs for c in _failure_counters(context, job)],
            now=utcnow(),
        )
        self.writes = BatchWrites()
        self.decided: dict[str, tuple[str, str, RecordResult]] = {}  # id -> kiosk, digest
        self.kiosk = jobs[0].kiosk
        self.actor = ""
        self.keys: tuple[str, ...] = ()

    def run(self) -> None:
        for job in self.jobs:
            self.kiosk, self.actor = job.kiosk, f"kiosk:{job.kiosk.id}"
            self.keys = tuple(key[:128] for key, _ in _failure_counters(self.context, job))
            for record in job.records:
                result = self._one(record)
                if result is None:
                    job.limited = True
                    break
                job.results.append(result)
        self.writes.write(self.state, utcnow())

    def _one(self, prepared: PreparedRecord) -> RecordResult | None:
        record_id = prepared.id
        earlier = self.decided.get(record_id)
        if earlier is not None:  # the same UUID twice in one group: a replay
            same = earlier[:2] == (self.kiosk.id, prepared.digest)
            return earlier[2] if same else conflict_result(record_id)
        stored = self.state.stored.get(record_id)
        if stored is not None:
            row, delivery = stored
            if row.kiosk_id != self.kiosk.id or row.payload_digest != prepared.digest:
                return conflict_result(record_id)
            return result_with(row, delivery)
        record = prepared.record
        if prepared.error is not None:
            return RecordResult(id=record_id, status="refused", reason=prepared.error.code,
                                message=prepared.error.message,
                                created_at=record.created_at.isoformat())
        if self.state.limit_reached(self.keys):
            return None
        assert prepared.valid is not None
        result = self._decide(prepared, prepared.valid)
        requests = self.writes.requests
        if requests and requests[-1]["id"] == record_id:  # stored: a repeat is a replay
            self.decided[record_id] = (self.kiosk.id, prepared.digest, result)
        return result

    def _decide(self, prepared: PreparedRecord, valid: ValidRequest) -> RecordResult:
        record_id, digest = prepared.id, prepared.digest
        kiosk, state = self.kiosk, self.state
        found = state.voters.get(prepared.numen_hash)
        voter = found if found is not None and found.establishment in kiosk.establishments \
            else None
        if voter is not None and not state.may_act(valid.agent, voter.establishment,
                                                   kiosk.establishments):
            # Not stored: the attempt is audited, and the same record gets the same answer.
            self.writes.audit.append(Draft(self.actor, "record.agent_refused",
                                           f"voter:{voter.id}",
                                           {"record": record_id, "kind": "reissue_request"}))
            return RecordResult(id=record_id, status="refused",
                                reason=Reason.INVALID_INPUT.value, message=UNKNOWN_AGENT,
                                created_at=valid.request.created_at.isoformat())
        now = utcnow()
        phone_hash = prepared.phone_hash
        binding = state.bindings.get(phone_hash) if phone_hash is not None else None
        decision = self._decision(valid, voter, binding, now)
        tripped = state.count_miss(self.keys) if decision.reason in _FAILURES else []
        values = self._request_row(record_id, digest, valid, found, decision, now)
        if voter is not None:
            self._count_identity_check(voter, decision, now)
        delivery: Delivery | None = None
        if decision.accepted:
            assert voter is not None
            delivery = self._issue(voter, values, valid, binding, phone_hash, decision, now)
        self.writes.audit.append(Draft(
            self.actor, f"request.{values['status']}",
            f"voter:{found.id}" if found is not None else "voter:unknown",
            {"request": record_id, "reason": values["reason"],
             "new_version": decision.new_version, "agent": valid.agent[:100]}))
        for key in tripped:  # from now on this kiosk or address gets 429 until the window ends
            self.writes.audit.append(Draft(self.actor, "identity.rate_limited",
                                           key.removeprefix("id-fail:"),
                                           {"request": record_id}))
        # The row as written, without building an ORM object for it.
        return result_with(cast(RequestRow, SimpleNamespace(**values)), delivery)

    def _decision(self, valid: ValidRequest, voter: VoterRow | None,
                  binding: BindingRow | None, now: datetime) -> Decision:
        if voter is None:
            return decide(valid.request, None, _NO_CALENDAR, now)
        numen, birth_date = voter.identity(self.context.keyring)
        state = VoterState(
            voter_key=voter.numen_hash, numen=numen, birth_date=birth_date,
            requests_used=voter.requests_used, id_version=voter.id_version,
            phone_owner_key=binding.owner_key if binding is not None else None,
            locked=voter.locked_until is not None and voter.locked_until > now,
        )
        calendar = self.state.calendar()
        decision = decide(valid.request, state, calendar or _NO_CALENDAR, now,
                          tolerance=self.context.settings.offline_tolerance)
        if calendar is None and decision.reason is Reason.OUTSIDE_WINDOW:
            return Decision(False, Reason.OUTSIDE_WINDOW, CALENDAR_NOT_SET,
                            decision.requests_left, None, None)
        return decision

    def _count_identity_check(self, voter: VoterRow, decision: Decision,
                              now: datetime) -> None:
        """Five misses in a row lock the voter for 30 minutes; a matching identity resets."""
        if decision.reason is Reason.VOTER_LOCKED:
            return
        if decision.reason is not Reason.IDENTITY_MISMATCH:
            if voter.failed_checks:
                voter.failed_checks = 0
                self.writes.voter_changed(voter)
            return
        voter.failed_checks += 1
        self.writes.voter_changed(voter)
        if voter.failed_checks >= MAX_FAILED_CHECKS:
            voter.failed_checks = 0
            voter.locked_until = now + LOCK_DURATION
            voter.new_seq = True  # kiosks must refuse offline too
            voter.updated_at = now
            self.writes.audit.append(Draft(self.actor, "voter.locked", f"voter:{voter.id}",
                                           {"until": voter.locked_until.isoformat(),
                                            "misses": MAX_FAILED_CHECKS}))

    def _reference(self, wanted: str | None) -> str:
        """The kiosk's reference (already printed on its receipt) when well-formed and free."""
        taken = self.state.taken_references
        reference = wanted if wanted is not None and is_reference(wanted) \
            and wanted not in taken else generate_reference()
        taken.add(reference)
        return reference

    def _request_row(self, record_id: str, digest: str, valid: ValidRequest,
                     found: VoterRow | None, decision: Decision, now: datetime
                     ) -> dict[str, Any]:
        values = {
            "id": record_id, "kiosk_id": self.kiosk.id,
            "voter_id": found.id if found is not None else None,
            "payload_digest": digest, "status": "accepted" if decision.accepted else "refused",
            "reason": decision.reason.value if decision.reason else None,
            "message": decision.message, "reference": self._reference(valid.reference),
            "channel": valid.request.channel.value,
            "phone_masked": valid.phone_masked,
            "requests_left": decision.requests_left, "new_version": decision.new_version,
            "created_at": valid.request.created_at, "decided_at": now,
            "agent": valid.agent[:100], "identity_document": valid.identity_document[:50],
        }
        self.writes.request(values)
        return values

    def _issue(self, voter: VoterRow, request: dict[str, Any], valid: ValidRequest,
               binding: BindingRow | None, phone_hash: str | None, decision: Decision,
               now: datetime) -> Delivery | None:
        """The accepted request's effects. Returns the delivery state of what it queued."""
        assert decision.new_version is not None
        context, writes = self.context, self.writes
        new_id = generate_voter_id()
        writes.credential({"voter_id": voter.id, "version": decision.new_version,
                           "id_hash": context.voter_id_hash(new_id), "issued_at": now,
                           "invalidated_at": None, "request_id": request["id"]}, now)
        ring = context.keyring
        if phone_hash is not None and valid.phone is not None:
            if binding is None:
                writes.bind_phone(phone_hash, {"phone_hash": phone_hash,
                                               "phone_enc": ring.encrypt(valid.phone),
                                               "voter_id": voter.id, "bound_at": now})
                self.state.bindings[phone_hash] = BindingRow(None, phone_hash, voter.id,
                                                             voter.numen_hash)
            else:
                writes.touch_binding(binding.id, phone_hash, now)
        drafts = notifications_for(
            channel=valid.request.channel.value, voter_id=new_id, phone=valid.phone,
            email=voter.email, phone_masked=request["phone_masked"] or None,
            reference=request["reference"],
        )
        writes.notifications([{
            "id": str(uuid.uuid4()), "request_id": request["id"], "kind": draft.kind,
            "destination_enc": ring.encrypt(draft.destination),
            "body_enc": ring.encrypt(draft.body), "status": "queued", "attempts": 0,
            "next_attempt_at": now, "created_at": now,
        } for draft in drafts])
        voter.requests_used += 1
        voter.id_version = decision.new_version
        voter.failed_checks = 0
        voter.new_seq = True
        voter.updated_at = now
        writes.voter_changed(voter)
        # What api_records.delivery_state would read back from the notifications just queued.
        return delivery_of({"queued" for draft in drafts if draft.kind in ("sms", "email")})
