"""``next_change_seqs``: blocks of change numbers, increasing and never shared, on both
databases and under concurrent transactions."""

from __future__ import annotations

import threading

from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from kiosk.store.models import next_change_seqs


def test_blocks_follow_each_other_and_concurrent_ones_never_overlap(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        with sessions.begin() as session:
            first = next_change_seqs(session, 3)
            second = next_change_seqs(session, 1)
            assert next_change_seqs(session, 0) == []
        with sessions.begin() as session:
            third = next_change_seqs(session, 2000)
        assert len(first) == 3 and first == list(range(first[0], first[0] + 3))
        assert second == [first[-1] + 1]
        assert third == list(range(second[0] + 1, second[0] + 2001))

        blocks: list[list[int]] = []
        errors: list[BaseException] = []
        start = threading.Barrier(6)

        def draw() -> None:
            try:
                start.wait()
                for _ in range(5):
                    with sessions.begin() as session:
                        blocks.append(next_change_seqs(session, 7))
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=draw) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        drawn = [n for block in blocks for n in block]
        assert len(drawn) == len(set(drawn)) == 6 * 5 * 7
        assert min(drawn) > third[-1]
        assert all(block == list(range(block[0], block[0] + 7)) for block in blocks)
    finally:
        engine.dispose()
