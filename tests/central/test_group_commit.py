"""Group commit (kiosk.central.group_commit): every job runs exactly once, in arrival order
within its group, in a worker thread; concurrent jobs share a group; a group's failure is each
member's failure; a caller returns only once its own group has run; waiting jobs hold no thread;
and a caller that goes away neither loses its job nor stalls the others."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Sequence

import anyio.to_thread
import pytest

from kiosk.central.group_commit import GroupCommit


class Recorder:
    """A group's work: records each group and the thread it ran in; the first group can be
    held until the test lets it go, so that the others pile up meanwhile."""

    def __init__(self, *, hold: threading.Event | None = None) -> None:
        self.groups: list[list[int]] = []
        self.threads: set[int] = set()
        self.done: set[int] = set()
        self.hold = hold
        self.entered = threading.Event()  # a group is running in its thread

    def __call__(self, jobs: Sequence[int]) -> None:
        self.entered.set()
        if self.hold is not None and not self.groups:
            self.hold.wait(10)
        self.groups.append(list(jobs))
        self.threads.add(threading.get_ident())
        self.done.update(jobs)


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(10_000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("never happened")


async def first_group_running(commit: GroupCommit[int], recorder: Recorder
                              ) -> asyncio.Future[None]:
    """Job 0 submitted, and its group under way in a worker thread (held there)."""
    first = asyncio.ensure_future(commit.submit(0, recorder))
    await until(recorder.entered.is_set)
    return first


async def held_first_then(commit: GroupCommit[int], hold: threading.Event,
                          first: Awaitable[object], others: list[Awaitable[object]]
                          ) -> list[object]:
    """Start ``first``, queue ``others`` behind it while it is held, then let it go."""
    tasks = [asyncio.ensure_future(first)]
    await until(lambda: commit.active and commit.waiting == 0)
    tasks += [asyncio.ensure_future(other) for other in others]
    await until(lambda: commit.waiting == len(others))
    hold.set()
    return list(await asyncio.gather(*tasks, return_exceptions=True))


def test_a_lone_job_runs_at_once_in_a_worker_thread() -> None:
    recorder = Recorder()

    async def main() -> int:
        await GroupCommit[int]().submit(7, recorder)
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert recorder.groups == [[7]]
    assert recorder.threads and loop_thread not in recorder.threads


def test_jobs_arriving_while_a_group_runs_share_the_next_group() -> None:
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int]()
    returned: list[int] = []

    async def submit(job: int) -> None:
        await commit.submit(job, recorder)
        assert job in recorder.done  # never back before its own group ran
        returned.append(job)

    outcomes = asyncio.run(held_first_then(commit, hold, submit(0),
                                           [submit(i) for i in range(1, 20)]))
    assert outcomes == [None] * 20
    assert recorder.groups[0] == [0]
    assert recorder.groups[1] == list(range(1, 20))  # together, in arrival order
    assert len(recorder.groups) == 2
    assert sorted(returned) == list(range(20))
    assert not commit.active and commit.waiting == 0


def test_a_group_is_capped_by_size_and_the_rest_follows() -> None:
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int](max_size=10)
    asyncio.run(held_first_then(commit, hold, commit.submit(0, recorder, 4),
                                [commit.submit(j, recorder, 4) for j in range(1, 7)]))
    assert [len(group) for group in recorder.groups] == [1, 2, 2, 2]
    assert sorted(job for group in recorder.groups for job in group) == list(range(7))


def test_a_failed_group_fails_every_member_and_the_next_group_still_runs() -> None:
    hold = threading.Event()
    commit = GroupCommit[int]()
    ran: list[list[int]] = []

    def run(jobs: Sequence[int]) -> None:
        if not ran:
            hold.wait(10)
        ran.append(list(jobs))
        if 1 in jobs:
            raise RuntimeError("database down")

    async def main() -> tuple[list[object], list[int]]:
        outcomes = await held_first_then(commit, hold, commit.submit(0, run),
                                         [commit.submit(i, run) for i in (1, 2, 3)])
        after: list[int] = []
        await commit.submit(9, lambda jobs: after.extend(jobs))
        return outcomes, after

    outcomes, after = asyncio.run(main())
    assert outcomes[0] is None
    assert [str(error) for error in outcomes[1:]] == ["database down"] * 3
    assert all(isinstance(error, RuntimeError) for error in outcomes[1:])
    assert after == [9]


def test_an_error_reaches_a_lone_caller() -> None:
    def boom(jobs: Sequence[int]) -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        asyncio.run(GroupCommit[int]().submit(1, boom))


def test_waiting_jobs_hold_no_thread() -> None:
    """Two worker threads in all, sixty callers: those waiting for their group hold none, so
    the group always finds one (each waiting in a thread of its own, they would starve it)."""
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int]()

    async def main() -> list[object]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 2
        return await held_first_then(commit, hold, commit.submit(0, recorder),
                                      [commit.submit(i, recorder) for i in range(1, 60)])

    assert asyncio.run(asyncio.wait_for(main(), 20)) == [None] * 60
    assert sorted(recorder.done) == list(range(60))


def test_a_caller_that_goes_away_still_has_its_job_decided() -> None:
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int]()

    async def main() -> list[object]:
        first = await first_group_running(commit, recorder)
        gone = asyncio.ensure_future(commit.submit(1, recorder))
        stays = asyncio.ensure_future(commit.submit(2, recorder))
        await until(lambda: commit.waiting == 2)
        gone.cancel()  # its client hung up
        hold.set()
        return list(await asyncio.gather(first, gone, stays, return_exceptions=True))

    first, gone, stays = asyncio.run(main())
    assert first is None and stays is None
    assert isinstance(gone, asyncio.CancelledError)
    assert recorder.groups == [[0], [1, 2]]  # decided all the same: the resend reads it


def test_callers_are_released_when_the_drain_is_cancelled() -> None:
    """A server stopping cancels the drain: the callers still waiting are cancelled too,
    rather than left hanging forever."""
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int]()

    async def main() -> list[object]:
        first = await first_group_running(commit, recorder)
        queued = asyncio.ensure_future(commit.submit(1, recorder))
        await until(lambda: commit.waiting == 1)
        drain = commit._drain
        assert drain is not None
        drain.cancel()
        hold.set()
        return list(await asyncio.gather(first, queued, return_exceptions=True))

    outcomes = asyncio.run(asyncio.wait_for(main(), 20))
    assert all(isinstance(outcome, asyncio.CancelledError) for outcome in outcomes)
    assert not commit.active and commit.waiting == 0
    # The group under way finishes in its thread (a transaction is never cut in the middle);
    # the queued job never runs.
    for _ in range(500):
        if recorder.groups:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    assert recorder.groups == [[0]]
