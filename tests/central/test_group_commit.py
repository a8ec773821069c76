"""Group commit (kiosk.central.group_commit): every job runs exactly once, in arrival order
within its group, concurrent jobs share a group, a group's failure is each member's failure,
and a caller returns only once its own group has run."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest

from kiosk.central.group_commit import GroupCommit


class Recorder:
    def __init__(self, *, hold: threading.Event | None = None) -> None:
        self.groups: list[list[int]] = []
        self.done: set[int] = set()
        self.hold = hold
        self.lock = threading.Lock()

    def __call__(self, jobs: Sequence[int]) -> None:
        if self.hold is not None and not self.groups:
            self.hold.wait(10)  # the first group runs slowly: the others pile up meanwhile
        with self.lock:
            self.groups.append(list(jobs))
            self.done.update(jobs)


def run_threads(count: int, target: object) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    return threads


def test_a_lone_job_runs_at_once_in_its_own_thread() -> None:
    recorder = Recorder()
    GroupCommit[int]().submit(7, recorder)
    assert recorder.groups == [[7]]


def test_jobs_arriving_while_a_group_runs_share_the_next_group() -> None:
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int]()
    returned: list[int] = []

    def submit(job: int) -> None:
        commit.submit(job, recorder)
        assert job in recorder.done  # never back before its own group ran
        returned.append(job)

    first = run_threads(1, submit)
    while not commit._active:
        time.sleep(0.001)
    others = [threading.Thread(target=submit, args=(i,)) for i in range(1, 20)]
    for thread in others:
        thread.start()
    while len(commit._waiting) < 19:  # all queued behind the slow first group
        time.sleep(0.001)
    hold.set()
    for thread in [*first, *others]:
        thread.join(10)
    assert recorder.groups[0] == [0]
    assert recorder.groups[1] == sorted(recorder.groups[1])  # arrival order
    assert sorted(job for group in recorder.groups for job in group) == list(range(20))
    assert len(recorder.groups) == 2  # the 19 that waited went together
    assert sorted(returned) == list(range(20))
    assert not commit._active and not commit._waiting


def test_a_group_is_capped_by_size_and_the_rest_follows() -> None:
    hold = threading.Event()
    recorder = Recorder(hold=hold)
    commit = GroupCommit[int](max_size=10)
    threads = run_threads(1, lambda job: commit.submit(job, recorder, 4))
    while not commit._active:
        time.sleep(0.001)
    threads += [threading.Thread(target=lambda j=j: commit.submit(j, recorder, 4))
                for j in range(1, 7)]
    for thread in threads[1:]:
        thread.start()
    while len(commit._waiting) < 6:
        time.sleep(0.001)
    hold.set()
    for thread in threads:
        thread.join(10)
    assert all(len(group) * 4 <= 10 for group in recorder.groups)
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

    outcomes: dict[int, str] = {}

    def submit(job: int) -> None:
        try:
            commit.submit(job, run)
            outcomes[job] = "ok"
        except RuntimeError as exc:
            outcomes[job] = str(exc)

    threads = run_threads(1, submit)
    while not commit._active:
        time.sleep(0.001)
    threads += run_threads(3, lambda i: submit(i + 1))
    while len(commit._waiting) < 3:
        time.sleep(0.001)
    hold.set()
    for thread in threads:
        thread.join(10)
    assert outcomes == {0: "ok", 1: "database down", 2: "database down", 3: "database down"}
    after: list[int] = []
    commit.submit(9, lambda jobs: after.extend(jobs))
    assert after == [9]


def test_an_error_reaches_a_lone_caller() -> None:
    def boom(jobs: Sequence[int]) -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        GroupCommit[int]().submit(1, boom)
