"""Sync with the centre: push the outbox in batches, then pull the register by cursor.

One :class:`Syncer` per kiosk; its lock makes push and pull one at a time (the background loop,
the "Synchroniser" button and the immediate push after a submission share it). Replays are
harmless: the centre answers a known record id with its stored result. :class:`SyncLoop` runs
it in a thread with exponential backoff and full jitter while the centre is unreachable.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from kiosk.domain.decision import MAX_REQUESTS
from kiosk.services import outbox
from kiosk.services.central_client import CentralClient, CentralRefused, CentralUnreachable
from kiosk.services.contracts import SyncStatus
from kiosk.services.local_store import Acceptance, LocalStore, analyse_voters
from kiosk.store.base import utcnow
from kiosk.store.models import SyncState

log = logging.getLogger(__name__)

PUSH_BATCH = 100
STOP_STATUSES = (401, 403, 429)  # the kiosk itself is refused: splitting a batch will not help


class Syncer:
    def __init__(self, store: LocalStore, client: Callable[[], CentralClient | None], *,
                 batch_size: int = PUSH_BATCH) -> None:
        self.store = store
        self._client = client
        self.batch_size = batch_size
        self.lock = threading.Lock()
        self.online = False
        self.last_error: str | None = None

    # --- status ------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        with self.store.reading() as session:
            pending, follow_up = outbox.counts(session)
            state = session.get(SyncState, 1)  # none before the first sync
            last = state.last_sync_at if state is not None else None
        return SyncStatus(online=self.online, pending=pending, follow_up=follow_up,
                          last_sync=last)

    # --- whole sync --------------------------------------------------------------------
    def sync_once(self) -> SyncStatus:
        """Push everything pending, then pull; never raises for an unreachable centre."""
        try:
            with self.lock:
                self._push(ids=None, voter_present=False)
                self._pull()
        except (CentralUnreachable, CentralRefused) as exc:
            self._failed(exc.message)
        return self.status()

    def push_now(self, record_ids: list[str], *, wait: float) -> list[outbox.Outcome]:
        """Push these records at once (the voter is at the counter). Returns the outcomes
        received; an empty list when the centre is unreachable or busy for ``wait`` s."""
        if not self.lock.acquire(timeout=wait):
            return []
        try:
            outcomes = self._push(ids=record_ids, voter_present=True, timeout=10.0)
            answered = {outcome.record_id for outcome in outcomes}
            return outcomes + self._answered_meanwhile(
                [i for i in record_ids if i not in answered])
        except (CentralUnreachable, CentralRefused) as exc:
            self._failed(exc.message)
            return []
        except OperationalError as exc:
            # The records are already durable (the caller committed them): a disk that fills
            # up or turns read-only while the answer is written down must not read as "nothing
            # was recorded". They stay pending; the next sync pushes them again and the centre
            # answers from what it stored.
            log.error("kiosk storage error after the push: %s", type(exc.orig).__name__)
            return []
        finally:
            self.lock.release()

    def _answered_meanwhile(self, record_ids: list[str]) -> list[outbox.Outcome]:
        """The outcomes of records the background sync pushed between their commit and this
        push (it held the lock): the voter is still at the counter, so an answer stored for
        later (a refusal goes to the À suivre list) is theirs now, as if pushed here."""
        if not record_ids:
            return []
        outcomes = []
        with self.store.sessions.begin() as session:
            rows = outbox.rows_by_id(session, record_ids)
            for record_id in record_ids:
                row = rows.get(record_id)
                if row is None or row.state == outbox.PENDING:
                    continue
                result = outbox.result_of(row)
                if result is not None:
                    outcomes.append(outbox.apply_result(session, row, result,
                                                        voter_present=True))
        return outcomes

    def _failed(self, message: str) -> None:
        self.online = False
        self.last_error = message
        log.info("sync failed: %s", message)
        try:
            with self.store.sessions.begin() as session:
                self.store.sync_state(session).last_error = message
        except OperationalError:
            pass  # bookkeeping only; a full disk is reported by the write that matters

    def _require_client(self) -> CentralClient:
        client = self._client()
        if client is None:
            raise CentralRefused(401, "La borne n'est pas enrôlée auprès du centre.",
                                 code="not_enrolled")
        return client

    # --- push --------------------------------------------------------------------------
    def _push(self, *, ids: list[str] | None, voter_present: bool,
              timeout: float | None = None) -> list[outbox.Outcome]:
        """Push in batches, in outbox order, one batch at the centre at a time (so the centre
        decides a voter's requests in the order they were made). The kiosk's own work
        overlaps the centre's: the next batch is read while one is being decided, and one
        batch's answers are written down while the next is being decided."""
        client = self._require_client()
        outcomes: list[outbox.Outcome] = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as sender:
            wires = self._next_wires(ids, set())
            if not wires:
                return outcomes
            sending = sender.submit(self._send, client, wires, timeout)
            while wires:
                following = self._next_wires(ids, {w["id"] for w in wires})
                results = self._answer(sending, wires)
                self.online = True
                if following:
                    sending = sender.submit(self._send, client, following, timeout)
                applied = self._apply(results, voter_present)
                outcomes.extend(applied)
                if not applied:
                    # The centre answered but for none of these: do not loop on them forever.
                    with self.store.sessions.begin() as session:
                        outbox.record_failure(session, [w["id"] for w in wires],
                                              "Réponse du centre sans résultat pour ces envois.")
                    if following:  # already at the centre: take its answers, then stop
                        outcomes.extend(self._apply(self._answer(sending, following),
                                                    voter_present))
                    return outcomes
                wires = following
        return outcomes

    def _next_wires(self, ids: list[str] | None, in_flight: set[str]) -> list[dict[str, Any]]:
        """The next batch to push: the oldest pending records but those already sent."""
        with self.store.sessions() as session:
            rows = outbox.pending_batch(session, self.batch_size + len(in_flight), ids=ids)
            batch = [row for row in rows if row.id not in in_flight][:self.batch_size]
            return [outbox.wire_form(self.store.ring, row) for row in batch]

    def _answer(self, sending: Future[list[dict[str, Any]]], wires: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:
        try:
            return sending.result()
        except CentralUnreachable as exc:
            with self.store.sessions.begin() as session:
                outbox.record_failure(session, [w["id"] for w in wires], exc.message)
            raise

    def _send(self, client: CentralClient, wires: list[dict[str, Any]],
              timeout: float | None) -> list[dict[str, Any]]:
        """Push ``wires``; a batch the centre refuses as a whole is split until the record at
        fault is alone, and that record alone is refused (the others still go through)."""
        try:
            return client.push(wires, timeout=timeout)
        except CentralRefused as exc:
            if exc.status in STOP_STATUSES:
                raise
            if len(wires) == 1:
                return [{"id": wires[0]["id"], "status": "refused", "reason": exc.code,
                         "message": exc.message}]
        middle = len(wires) // 2
        return (self._send(client, wires[:middle], timeout)
                + self._send(client, wires[middle:], timeout))

    def _apply(self, results: list[dict[str, Any]], voter_present: bool
               ) -> list[outbox.Outcome]:
        outcomes = []
        accepted: list[Acceptance] = []
        with self.store.sessions.begin() as session:
            # One query for the batch: a get() per answer also flushed the previous answer's
            # changes first, a write per record (benchmarks/bench_sync_throughput.py).
            rows = outbox.rows_by_id(session, [r["id"] for r in results if isinstance(r, dict)
                                               and isinstance(r.get("id"), str)])
            for result in results:
                if not isinstance(result, dict) or not isinstance(result.get("id"), str):
                    continue
                row = rows.get(result["id"])
                if row is None or row.state != outbox.PENDING:
                    continue  # already applied by an earlier answer
                outcome = outbox.apply_result(session, row, result, voter_present=voter_present)
                if outcome.accepted and row.kind == outbox.REISSUE and row.voter_id is not None:
                    accepted.append(Acceptance(
                        row.voter_id, int(result.get("requests_left") or 0), row.phone_hash))
                outcomes.append(outcome)
            LocalStore.record_acceptances(session, accepted, MAX_REQUESTS)
        return outcomes

    # --- pull --------------------------------------------------------------------------
    def _pull(self) -> None:
        client = self._require_client()
        pulled = 0
        while True:
            with self.store.sessions() as session:
                cursor = self.store.sync_state(session).cursor
                session.rollback()
            page = client.pull(cursor)
            self.online = True
            with self.store.sessions.begin() as session:
                pulled += self.store.apply_pull(session, page.changes, page.agents,
                                                page.calendar)
                state = self.store.sync_state(session)
                state.cursor = max(state.cursor, page.cursor)
                state.last_sync_at = utcnow()
                state.last_error = None
            self.last_error = None
            if not page.more or page.cursor <= cursor:
                break
        if pulled:
            analyse_voters(self.store.engine, pulled)


class SyncLoop:
    """Background sync: every ``interval`` seconds while the centre answers; on failure waits
    ``uniform(0, min(max_backoff, base * 2**failures))`` (full jitter, so a fleet of kiosks
    coming back at once does not hit the centre in step). :meth:`wake` syncs now."""

    def __init__(self, syncer: Syncer, *, interval: float = 20.0, base: float = 2.0,
                 max_backoff: float = 300.0,
                 on_status: Callable[[SyncStatus], None] | None = None) -> None:
        self.syncer = syncer
        self.interval = interval
        self.base = base
        self.max_backoff = max_backoff
        self.on_status = on_status
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def next_delay(self) -> float:
        if self.failures == 0:
            return self.interval
        ceiling = min(self.max_backoff, self.base * 2 ** min(self.failures, 20))
        return max(0.5, random.uniform(0, ceiling))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                status = self.syncer.sync_once()
                self.failures = 0 if status.online else self.failures + 1
                if self.on_status is not None:
                    self.on_status(status)
            except Exception:  # a bug must not kill the loop silently: log it, keep going
                log.exception("sync loop error")
                self.failures += 1
            self._wake.wait(self.next_delay())
            self._wake.clear()


def sync_once(data_dir: Path | None = None) -> SyncStatus:
    """One whole sync of the kiosk in ``data_dir`` (for ``kiosk sync`` and scripts)."""
    from kiosk.services.app import build_kiosk

    services = build_kiosk(data_dir, background=False)
    try:
        return services.sync_now()
    finally:
        services.close()


def describe(status: SyncStatus) -> str:
    """The status in one French line (status bar, ``kiosk sync`` output)."""
    from kiosk.domain.calendar import format_paris

    parts = ["Centre joignable" if status.online else "Hors ligne",
             f"{status.pending} envoi(s) en attente"]
    if status.follow_up:
        parts.append(f"{status.follow_up} dossier(s) à suivre")
    parts.append("dernière synchronisation : " + (
        format_paris(status.last_sync) if status.last_sync else "jamais"))
    return " · ".join(parts)
