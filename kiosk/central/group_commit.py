"""Group commit: concurrent requests of one process decided together, in one transaction.

Fifty kiosks pushing one record each at the same moment would otherwise open fifty
transactions that queue on the same locks (voter rows, the change sequence, the audit chain)
while their threads share one GIL, so the lock holder crawls (benchmarks/bench_contention.py).
Here the first request in becomes the *leader*: it takes every job waiting at that moment (up
to a size), runs them as one group, hands each its outcome, then passes the lead to the first
job that arrived meanwhile, whose thread does the same. A request's answer still leaves only
after the commit of the group that decided it; a failure of that group (database down, a race
lost three times) is every member's failure, and nothing of it is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Member(Generic[T]):
    """One job's place in the queue."""

    def __init__(self, job: T, size: int) -> None:
        self.job = job
        self.size = size
        self.error: BaseException | None = None
        self.lead = False
        self.done = threading.Event()


class GroupCommit(Generic[T]):
    def __init__(self, *, max_size: int = 500) -> None:
        self._max_size = max_size
        self._lock = threading.Lock()
        self._waiting: list[Member[T]] = []
        self._active = False

    def submit(self, job: T, run: Callable[[Sequence[T]], None], size: int = 1) -> None:
        """Have ``run`` called on a group holding ``job`` (by whichever thread leads then:
        every caller passes the same ``run``) and return once that call is over; re-raises
        its failure."""
        member = Member(job, size)
        with self._lock:
            self._waiting.append(member)
            lead = not self._active
            self._active = True
        if not lead:
            member.done.wait()
            if not member.lead:
                return self._outcome(member)
        self._lead(run)
        return self._outcome(member)

    def _lead(self, run: Callable[[Sequence[T]], None]) -> None:
        with self._lock:
            group: list[Member[T]] = []
            total = 0
            while self._waiting and (not group or total + self._waiting[0].size
                                     <= self._max_size):
                total += self._waiting[0].size
                group.append(self._waiting.pop(0))
        try:
            run([m.job for m in group])
        except BaseException as exc:  # every member answers the group's failure
            for m in group:
                m.error = exc
        with self._lock:
            if self._waiting:
                successor = self._waiting[0]
                successor.lead = True
                successor.done.set()
            else:
                self._active = False
        for m in group:
            m.lead = False
            m.done.set()

    @staticmethod
    def _outcome(member: Member[T]) -> None:
        if member.error is not None:
            raise member.error
