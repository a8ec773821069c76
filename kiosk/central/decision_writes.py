"""What a batch of decisions writes, gathered while deciding and written at the end of its
transaction in one statement per kind (executemany), in the lock order of ``decision_state``:
rate counters, request rows, credentials, phone bindings, notifications, then the voters under
the change-sequence lock and the audit entries under the audit lock, both held until commit —
so the serialised tail of a batch is two short statements, not one per record.

Nothing is written before the batch has been decided whole: a crash or a race (a unique
constraint) rolls back the batch, which is then decided again on what was committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, update

from kiosk.central.decision_state import BINDINGS, REQUESTS, VOTERS, BatchState, VoterRow
from kiosk.central.ratelimit import hit
from kiosk.store import audit
from kiosk.store.models import Notification, VoterCredential, next_change_seqs

_CREDENTIALS = cast(Table, VoterCredential.__table__)
_NOTIFICATIONS = cast(Table, Notification.__table__)


def _update_voters(with_seq: bool) -> Any:
    values: dict[str, Any] = {"failed_checks": bindparam("v_failed_checks")}
    if with_seq:
        values.update(requests_used=bindparam("v_requests_used"),
                      id_version=bindparam("v_id_version"),
                      locked_until=bindparam("v_locked_until"),
                      change_seq=bindparam("v_change_seq"), updated_at=bindparam("v_updated_at"))
    return update(VOTERS).where(VOTERS.c.id == bindparam("v_id")).values(**values)


_UPDATE_VOTERS_SEQ = _update_voters(True)
_UPDATE_VOTERS_CHECKS = _update_voters(False)
_INVALIDATE = (update(_CREDENTIALS)
               .where(_CREDENTIALS.c.voter_id == bindparam("c_voter"),
                      _CREDENTIALS.c.invalidated_at.is_(None))
               .values(invalidated_at=bindparam("c_at")))
_TOUCH_BINDING = (update(BINDINGS).where(BINDINGS.c.id == bindparam("b_id"))
                  .values(bound_at=bindparam("b_at")))


class BatchWrites:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._invalidate: dict[int, datetime] = {}  # voter id -> when (credentials stored)
        self._credentials: list[dict[str, Any]] = []
        self._pending_credential: dict[int, dict[str, Any]] = {}  # voter id -> last issued
        self._new_bindings: dict[str, dict[str, Any]] = {}  # phone hash -> row
        self._touched_bindings: dict[int, datetime] = {}
        self._notifications: list[dict[str, Any]] = []
        self._voters: list[VoterRow] = []  # changed, in the order of their first change
        self.audit: list[audit.Draft] = []

    def request(self, values: dict[str, Any]) -> None:
        self.requests.append(values)

    def credential(self, values: dict[str, Any], now: datetime) -> None:
        """A new credential for a voter: every earlier one is invalidated, including one
        issued earlier in this batch."""
        voter_id = values["voter_id"]
        earlier = self._pending_credential.get(voter_id)
        if earlier is not None:
            earlier["invalidated_at"] = now
        else:
            self._invalidate[voter_id] = now
        self._credentials.append(values)
        self._pending_credential[voter_id] = values

    def bind_phone(self, phone_hash: str, values: dict[str, Any]) -> None:
        self._new_bindings[phone_hash] = values

    def touch_binding(self, binding_id: int | None, phone_hash: str, now: datetime) -> None:
        if binding_id is None:  # bound earlier in this batch, not written yet
            self._new_bindings[phone_hash]["bound_at"] = now
        else:
            self._touched_bindings[binding_id] = now

    def notifications(self, rows: list[dict[str, Any]]) -> None:
        self._notifications.extend(rows)

    def voter_changed(self, voter: VoterRow) -> None:
        if not voter.changed:
            voter.changed = True
            self._voters.append(voter)

    def write(self, state: BatchState, now: datetime) -> None:
        session, connection = state.session, state.connection
        for counter in sorted(state.counters.values(), key=lambda c: c.key):
            if counter.added:
                hit(session, counter.key, counter.limit, now, events=counter.added)
        if self.requests:  # a replayed UUID or a taken reference fails here: batch redone
            connection.execute(insert(REQUESTS), self.requests)
        if self._invalidate:
            connection.execute(_INVALIDATE, [{"c_voter": voter, "c_at": at}
                                             for voter, at in self._invalidate.items()])
        if self._credentials:
            connection.execute(insert(_CREDENTIALS), self._credentials)
        if self._new_bindings:
            connection.execute(insert(BINDINGS), list(self._new_bindings.values()))
        if self._touched_bindings:
            connection.execute(_TOUCH_BINDING, [{"b_id": i, "b_at": at}
                                                for i, at in self._touched_bindings.items()])
        if self._notifications:
            connection.execute(insert(_NOTIFICATIONS), self._notifications)
        self._write_voters(state)
        audit.append_many(session, self.audit)

    def _write_voters(self, state: BatchState) -> None:
        # Last but the audit: on PostgreSQL the change-sequence lock is held until commit and
        # every batch that changes a voter waits for it.
        sequenced = [v for v in self._voters if v.new_seq]
        checks_only = [v for v in self._voters if not v.new_seq]
        if checks_only:
            state.connection.execute(_UPDATE_VOTERS_CHECKS, [
                {"v_id": v.id, "v_failed_checks": v.failed_checks} for v in checks_only])
        if sequenced:
            seqs = next_change_seqs(state.session, len(sequenced))
            state.connection.execute(_UPDATE_VOTERS_SEQ, [{
                "v_id": v.id, "v_failed_checks": v.failed_checks,
                "v_requests_used": v.requests_used, "v_id_version": v.id_version,
                "v_locked_until": v.locked_until, "v_change_seq": seq,
                "v_updated_at": v.updated_at,
            } for v, seq in zip(sequenced, seqs, strict=True)])
