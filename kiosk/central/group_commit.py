"""Group commit: concurrent requests of one process decided together, in one transaction.

Fifty kiosks pushing one record each at the same moment would otherwise open fifty
transactions that queue on the same locks (voter rows, the change sequence, the audit chain)
while their threads share one GIL, so the lock holder crawls (benchmarks/bench_contention.py).
Here each request's job waits on the event loop, holding no thread: the first job in starts a
*drain*, which takes every job waiting at that moment (up to a size), runs them as one group in
one worker thread, hands each its outcome, then takes the jobs that arrived meanwhile, until
none is left. A request's answer still leaves only after the commit of the group that decided
it; a failure of that group (database down, a race lost three times) is every member's failure,
and nothing of it is stored.

Until 2026-12-07 each waiting request held a worker thread, blocked on an event, and the group
ran in whichever of them led: with 50 kiosks the 40 threads of the pool ran out, and every
request paid a thread hop and a wake-up of its own (bench_contention, one API process, alternated:
see the README).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")


class GroupCommit(Generic[T]):
    """Used from one event loop (an API process's): its state is only touched there."""

    def __init__(self, *, max_size: int = 500) -> None:
        self._max_size = max_size
        self._waiting: list[tuple[T, int, asyncio.Future[None]]] = []
        self._drain: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        return self._drain is not None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def submit(self, job: T, run: Callable[[Sequence[T]], None], size: int = 1) -> None:
        """Have ``run`` called, in a worker thread, on a group holding ``job`` (every caller
        passes the same ``run``) and return once that call is over; re-raises its failure."""
        outcome: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((job, size, outcome))
        if self._drain is None:
            self._drain = asyncio.create_task(self._run_groups(run))
        # A caller that goes away (its client hung up) leaves its job in the group: the
        # decision is made and stored all the same, and the kiosk's resend reads it back.
        await outcome

    async def _run_groups(self, run: Callable[[Sequence[T]], None]) -> None:
        try:
            while self._waiting:
                group: list[tuple[T, int, asyncio.Future[None]]] = []
                total = 0
                while self._waiting and (not group or total + self._waiting[0][1]
                                         <= self._max_size):
                    total += self._waiting[0][1]
                    group.append(self._waiting.pop(0))
                error: BaseException | None = None
                try:
                    await run_in_threadpool(run, [job for job, _, _ in group])
                except BaseException as exc:  # every member answers the group's failure
                    error = exc
                for _, _, outcome in group:
                    _settle(outcome, error)
                if error is not None and not isinstance(error, Exception):
                    raise error  # the drain itself was cancelled: the server is stopping
        finally:
            self._drain = None
            stranded, self._waiting = self._waiting, []
            for _, _, outcome in stranded:
                outcome.cancel()


def _settle(outcome: asyncio.Future[None], error: BaseException | None) -> None:
    if outcome.done():
        return  # its caller was cancelled
    if error is None:
        outcome.set_result(None)
    elif isinstance(error, Exception):
        outcome.set_exception(error)
    else:
        outcome.cancel()
