"""``POST /v1/sync/push``: a batch of outbox records, decided in the order sent.

A kiosk's own requests for one voter are decided in the order it made them. Consecutive re-issue
requests are decided together in one transaction (``kiosk.central.decisions``), each handover in
its own. The push is not atomic on purpose: each committed answer is final, and a push cut short
(429, crash, lost connection) is simply sent again; the records already decided answer from
storage.

``seal_handover`` records: the voter (by NUMEN or by the centre's voter id), the envelope serial,
the agent, the time. Stored once (idempotent by UUID like requests); a serial already recorded
for another handover, a voter unknown or outside the kiosk's establishments are refused
``invalid_input``/``voter_unknown`` and not stored (nothing to undo, the same answer on replay).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from kiosk.central import agent_scope
from kiosk.central.api_auth import KioskPrincipal
from kiosk.central.api_context import AppContext
from kiosk.central.api_models import HandoverRecord, PushIn, PushOut, RecordResult, ReissueRecord
from kiosk.central.api_records import handover_result, stored_handover
from kiosk.central.decision_inputs import payload_digest
from kiosk.central.decisions import decide_batch
from kiosk.domain.decision import REASON_MESSAGES, Reason
from kiosk.domain.errors import InvalidInput
from kiosk.domain.numen import parse_numen
from kiosk.store import audit
from kiosk.store.models import SealHandover, Voter

SERIAL_TAKEN = "Ce numéro de pli est déjà enregistré pour une autre remise."
NO_VOTER = "Remise de pli : indiquez l'électeur (NUMEN ou identifiant du registre)."


async def push(context: AppContext, kiosk: KioskPrincipal, body: PushIn, address: str
               ) -> PushOut:
    """On the event loop: requests wait for their group's decision there (``group_commit``),
    holding no thread; each handover runs in a worker thread of its own."""
    results: list[RecordResult] = []
    requests: list[ReissueRecord] = []  # consecutive requests: decided in one transaction
    for record in body.records:
        if isinstance(record, ReissueRecord):
            requests.append(record)
            continue
        results.extend(await decide_batch(context, kiosk, requests, address))
        requests = []
        results.append(await run_in_threadpool(record_handover, context, kiosk, record))
    results.extend(await decide_batch(context, kiosk, requests, address))
    return PushOut(results=results)


def _refused(record: HandoverRecord, reason: str, message: str) -> RecordResult:
    return RecordResult(id=str(record.id), status="refused", reason=reason, message=message,
                        created_at=record.created_at.isoformat())


def record_handover(context: AppContext, kiosk: KioskPrincipal, record: HandoverRecord
                    ) -> RecordResult:
    record_id = str(record.id)
    digest = payload_digest(record)
    p = record.payload
    numen_hash: str | None = None
    try:
        if p.numen is not None:
            numen_hash = context.numen_hash(parse_numen(p.numen))
        elif p.voter_id is None:
            raise InvalidInput(NO_VOTER, field="numen")
        serial = p.serial.strip()
        if not serial or any(ord(c) < 32 for c in serial):
            raise InvalidInput("Numéro de pli invalide.", field="serial")
    except InvalidInput as exc:
        with context.sessions() as session:
            stored = stored_handover(session, record_id, kiosk.id, digest)
        return stored or _refused(record, exc.code, exc.message)
    for attempt in (1, 2):
        try:
            with context.sessions.begin() as session:
                stored = stored_handover(session, record_id, kiosk.id, digest)
                if stored is not None:
                    return stored
                query = select(Voter)
                query = query.where(Voter.numen_hash == numen_hash) if numen_hash is not None \
                    else query.where(Voter.id == p.voter_id)
                voter = session.scalars(query).one_or_none()
                if voter is None or voter.establishment not in kiosk.establishments:
                    return _refused(record, Reason.VOTER_UNKNOWN.value,
                                    REASON_MESSAGES[Reason.VOTER_UNKNOWN])
                if not agent_scope.may_act(session, p.agent, voter.establishment,
                                           kiosk.establishments):
                    agent_scope.refuse(session, kiosk_id=kiosk.id, voter_id=voter.id,
                                       record_id=record_id, kind="seal_handover")
                    return _refused(record, Reason.INVALID_INPUT.value,
                                    agent_scope.UNKNOWN_AGENT)
                if session.scalar(select(SealHandover.id).where(SealHandover.serial == serial)):
                    return _refused(record, Reason.INVALID_INPUT.value, SERIAL_TAKEN)
                row = SealHandover(
                    id=record_id, voter_id=voter.id, serial=serial, agent=p.agent.strip(),
                    handed_at=p.handed_at or record.created_at, kiosk_id=kiosk.id,
                    payload_digest=digest,
                )
                session.add(row)
                session.flush()
                audit.append(session, actor=f"kiosk:{kiosk.id}", action="seal.handed_over",
                             subject=f"voter:{voter.id}",
                             details={"handover": record_id, "serial": serial,
                                      "agent": row.agent})
                return handover_result(row)
        except IntegrityError:
            if attempt == 2:  # the same UUID or serial committed by a racing push: look again
                raise
    raise AssertionError("unreachable")
