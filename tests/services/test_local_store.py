"""The kiosk's copy of the register, kept by pull (real SQLite, no centre needed)."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from kiosk.services import outbox
from kiosk.services.local_store import LocalStore, _fill_search_keys, analyse_voters, fold
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, sqlite_url, upgrade
from kiosk.store.models import OutboxRecord, PhoneBinding, SyncState, Voter

NUMEN = "01E9501234ABC"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(tmp_path, KeyRing.generate())
    yield local
    local.close()


def snapshot(seq: int, **changes: Any) -> dict[str, Any]:
    voter = {"voter_id": 7, "numen": NUMEN, "birth_date": "1975-03-15", "last_name": "Müller",
             "first_name": "Zoé", "email": "zoe.muller@ac-dijon.fr", "establishment": "0211234C",
             "requests_used": 0, "id_version": 0, "locked_until": None, "phone_hashes": []}
    voter.update(changes)
    return {"seq": seq, "type": "voter", "voter": voter}


def test_fold() -> None:
    assert fold("Éloïse LEFÈVRE-Ñúñez") == "eloise lefevre-nunez"
    assert fold(None) == ""
    assert {fold(name) for name in ("N'Diaye", "N\u2019DIAYE", "n\u02bcdiaye", "NDiaye")} \
        == {"ndiaye"}


@pytest.mark.parametrize("query", ["ndiaye", "n'diaye", "N\u2019Diaye", "n diaye",
                                   "aicha.n'diaye", "AÏCHA NDIAYE"])
def test_a_name_with_an_apostrophe_is_found_however_it_is_typed(store: LocalStore,
                                                                 query: str) -> None:
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(3, last_name="N\u2019Diaye", first_name="Aïcha",
                                            email="aicha.n'diaye@ac-dijon.fr")], None, None)
    with store.reading() as session:
        assert [v.id for v in store.search(session, query, ["0211234C"])] == [7]


def test_pull_stores_secrets_encrypted_and_searchable(store: LocalStore, tmp_path: Path) -> None:
    with store.sessions.begin() as session:
        assert store.apply_pull(session, [snapshot(3)], None, None) == 1
    with store.sessions() as session:
        [voter] = store.search(session, "zoe muller", ["0211234C"])
        assert store.numen_of(voter) == NUMEN
        assert store.birth_date_of(voter).isoformat() == "1975-03-15"
        assert voter.numen_enc != NUMEN and NUMEN not in voter.birth_date_enc
        assert store.search(session, "zoe", ["0801234X"]) == []  # not our establishment
    store.engine.dispose()  # checkpoint: everything is in the main file
    for path in tmp_path.glob("kiosk.db*"):
        raw = path.read_bytes()
        assert NUMEN.encode() not in raw and b"1975-03-15" not in raw


def test_a_renamed_voter_is_found_under_the_new_name_only(store: LocalStore) -> None:
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(3)], None, None)
        store.apply_pull(session, [snapshot(4, last_name="Durand-Öztürk",
                                            email="zoe.durand@ac-dijon.fr")], None, None)
    with store.reading() as session:
        assert store.search(session, "muller", ["0211234C"]) == []
        [voter] = store.search(session, "zoe ozturk", ["0211234C"])
        assert voter.search_key == "durand-ozturk zoe zoe.durand@ac-dijon.fr"


def write_old_voters(path: Path, revision: str, voters: list[tuple[Any, ...]]) -> None:
    """A kiosk database at ``revision`` holding ``voters`` (id, last name, first name, e-mail,
    and from revision 0002 on the search key), written as the code of then wrote them."""
    upgrade(sqlite_url(path), revision)
    columns = "id, last_name, first_name, email" + (", search_key" if revision >= "0002" else "")
    marks = ", ".join("?" for _ in columns.split(", "))
    with sqlite3.connect(path) as old:
        old.executemany(
            f"INSERT INTO voters ({columns}, numen_hash, numen_enc, birth_date_enc, "
            "establishment, requests_used, id_version, failed_checks, change_seq, updated_at) "
            f"VALUES ({marks}, ?, 'n', 'b', '0211234C', 0, 0, 0, 3, "
            "'2026-11-23 10:00:00.000000')", [(*voter, f"h{voter[0]}") for voter in voters])
    old.close()


def test_voters_pulled_before_the_search_key_existed_are_found(tmp_path: Path) -> None:
    """A kiosk upgraded from revision 0001 with its register already pulled."""
    write_old_voters(tmp_path / "kiosk.db", "0001",
                     [(7, "Müller", "Zoé", "zoe.muller@ac-dijon.fr")])
    local = LocalStore(tmp_path, KeyRing.generate())
    try:
        with local.reading() as session:
            assert [v.id for v in local.search(session, "ZOE müller", ["0211234C"])] == [7]
    finally:
        local.close()


def test_an_opening_with_every_key_in_place_reads_no_row(tmp_path: Path) -> None:
    local = LocalStore(tmp_path, KeyRing.generate())
    counter_voters(local)
    local.close()
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = make_engine(sqlite_url(tmp_path / "kiosk.db"))
    event.listen(engine, "before_cursor_execute", capture)
    try:
        _fill_search_keys(engine)
        assert statements and not any("search_key IS NULL" in s for s in statements)
        engine.dispose()  # one key missing: the rows without one are read and filled
        with sqlite3.connect(tmp_path / "kiosk.db") as db:
            db.execute("UPDATE voters SET search_key = NULL WHERE id = 1001")
        db.close()
        _fill_search_keys(engine)
        assert any("search_key IS NULL" in s for s in statements)
        with engine.connect() as connection:
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM voters WHERE search_key IS NULL").scalar() == 0
    finally:
        engine.dispose()


def test_keys_folded_with_their_apostrophes_are_folded_again(tmp_path: Path) -> None:
    """A kiosk upgraded from revision 0004, whose keys kept apostrophes."""
    write_old_voters(tmp_path / "kiosk.db", "0004", [
        (7, "N'Diaye", "Aïcha", "aicha.ndiaye@ac-dijon.fr",
         "n'diaye aicha aicha.ndiaye@ac-dijon.fr"),
        (8, "D\u2019Arc", "Aïcha", "aicha.darc@ac-dijon.fr",
         "d\u2019arc aicha aicha.darc@ac-dijon.fr"),
        # Without an apostrophe: left as it was (a mark shows it was not folded again).
        (9, "Diaz", "Aïcha", "aicha.diaz@ac-dijon.fr", "diaz aicha aicha.diaz@ac-dijon.fr #")])
    local = LocalStore(tmp_path, KeyRing.generate())
    try:
        with local.reading() as session:
            keys = {row.id: row.search_key
                    for row in session.execute(select(Voter.id, Voter.search_key))}
            assert [v.id for v in local.search(session, "ndiaye", ["0211234C"])] == [7]
            assert [v.id for v in local.search(session, "darc", ["0211234C"])] == [8]
        assert keys == {7: "ndiaye aicha aicha.ndiaye@ac-dijon.fr",
                        8: "darc aicha aicha.darc@ac-dijon.fr",
                        9: "diaz aicha aicha.diaz@ac-dijon.fr #"}
    finally:
        local.close()


# A counter's kiosk: 40 establishments of 75 voters, names drawn so that most words match
# many voters and a few match one.
COUNTER = [f"0{n:06d}A" for n in range(40)]
NAMES = ["Martin", "Lefèvre", "Dubois", "Müller", "Garcia", "Øster", "Durand-Ozturk", "Roux"]


def counter_voters(store: LocalStore) -> None:
    draw = random.Random(7)
    page = []
    for n in range(3000):
        last = f"{draw.choice(NAMES)}{draw.choice('abcdefghij')}"
        first = draw.choice(("Zoé", "Jean", "Éloïse", "Luc"))
        page.append(snapshot(n + 1, voter_id=1000 + n, numen=f"01E95{n:05d}XYZ",
                             last_name=last, first_name=first,
                             email=f"{fold(first)}.{fold(last)}{n}@ac-dijon.fr",
                             establishment=draw.choice(COUNTER)))
    with store.sessions.begin() as session:
        store.apply_pull(session, page, None, None)


def search_plan(store: LocalStore, query: str, establishments: list[str]) -> str:
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    with store.sessions() as session:
        event.listen(store.engine, "before_cursor_execute", capture)
        try:
            store.search(session, query, establishments)
        finally:
            event.remove(store.engine, "before_cursor_execute", capture)
        [(sql, parameters)] = [s for s in statements if "search_key LIKE" in s[0]]
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
        return " | ".join(str(row[3]) for row in rows)


@pytest.mark.parametrize("query", ["mar", "e", "eloise lefevre", "zoe.muller", "øster", "zz"])
@pytest.mark.parametrize("scope", [COUNTER, COUNTER[3:4], COUNTER[5:9]])
def test_a_search_finds_the_first_matches_in_name_order(store: LocalStore, query: str,
                                                        scope: list[str]) -> None:
    counter_voters(store)
    words = fold(query).split()
    with store.sessions() as session:
        everyone = session.scalars(select(Voter)).all()
        expected = sorted((v for v in everyone if v.establishment in scope
                           and all(w in fold(f"{v.last_name} {v.first_name} {v.email}")
                                   for w in words)),
                          key=lambda v: (v.search_key, v.id))[:20]
        found = store.search(session, query, scope)
    assert [v.id for v in found] == [v.id for v in expected]
    if scope is COUNTER and query != "zz":
        assert len(found) == 20


def test_the_statistics_steer_a_counter_s_search_to_the_key_s_index(store: LocalStore) -> None:
    counter_voters(store)
    # Pulled without them: the establishments' index, and a sort of all their voters.
    assert "ix_voters_search_key" not in search_plan(store, "mar", COUNTER)
    assert analyse_voters(store.engine, changed=3000)
    # With them: every voter of the kiosk is in the scope, so the key's index, walked in order
    # up to a page of matches; an agent of one establishment keeps the establishment's index.
    counter = search_plan(store, "mar", COUNTER)
    assert "USING INDEX ix_voters_search_key" in counter and "TEMP B-TREE" not in counter
    assert "USING INDEX ix_voters_establishment" in search_plan(store, "mar", COUNTER[:1])


def test_the_statistics_are_renewed_only_when_the_register_grew_a_tenth(store: LocalStore
                                                                      ) -> None:
    assert analyse_voters(store.engine)  # none yet: an empty table
    counter_voters(store)
    assert analyse_voters(store.engine, changed=3000)
    with store.sessions() as session:
        stats = dict(session.connection().exec_driver_sql(
            "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'voters'").all())
    # Estimated from 1,000 rows an index: about 3,000 voters, about 75 per establishment.
    counted = max(int(stat.split()[0]) for stat in stats.values())
    assert 2500 <= counted <= 3500, stats
    assert 50 <= int(stats["ix_voters_establishment"].split()[1]) <= 100, stats
    assert not analyse_voters(store.engine)  # a reopening of the store
    assert not analyse_voters(store.engine, changed=(counted - 1) // 10)
    assert analyse_voters(store.engine, changed=(counted + 9) // 10)


def test_the_statistics_wait_a_second_for_another_writer_then_stay_as_they_were(
        store: LocalStore, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Another process holds the write lock (a sync in a second kiosk process, a copy of the
    file): the analysis is only worth a short wait, and its failure is nobody's error."""
    counter_voters(store)
    writer = sqlite3.connect(tmp_path / "kiosk.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        caplog.set_level("WARNING", logger="kiosk.services.local_store")
        assert not analyse_voters(store.engine)  # none yet, and the lock stays held
        assert "search statistics not renewed: SQLITE_BUSY" in caplog.text
        writer.execute("ROLLBACK")
        assert analyse_voters(store.engine)
        writer.execute("BEGIN IMMEDIATE")
        # Up to date: the check only reads, so it does not queue behind the writer.
        assert not analyse_voters(store.engine, changed=1)
    finally:
        writer.close()
    # The pooled connections wait the whole busy timeout again for the writes that matter.
    with store.sessions() as session:
        assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_last_write_wins_by_seq(store: LocalStore) -> None:
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(5, requests_used=2)], None, None)
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(4, requests_used=1)], None, None)  # late, older
    with store.sessions() as session:
        voter = session.get(Voter, 7)
        assert voter is not None and voter.requests_used == 2 and voter.change_seq == 5


def test_phone_bindings_follow_the_snapshots(store: LocalStore) -> None:
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(1, phone_hashes=["a" * 64, "b" * 64])], None, None)
        store.apply_pull(session, [snapshot(2, voter_id=8, numen="01E9509999XYZ",
                                            phone_hashes=["b" * 64])], None, None)
        store.apply_pull(session, [snapshot(3, phone_hashes=["a" * 64, "c" * 64])], None, None)
    with store.sessions() as session:
        owners = dict(session.execute(select(PhoneBinding.phone_hash, PhoneBinding.voter_id))
                      .all())
        assert owners == {"a" * 64: 7, "b" * 64: 8, "c" * 64: 7}


def _owners(store: LocalStore) -> dict[str, int]:
    with store.sessions() as session:
        return dict(session.execute(select(PhoneBinding.phone_hash, PhoneBinding.voter_id))
                    .all())  # type: ignore[arg-type]


def test_one_page_applies_its_snapshots_as_if_one_at_a_time(store: LocalStore) -> None:
    a, b, c, d = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(1, voter_id=9, numen="01E9508888XYZ",
                                            phone_hashes=[d])], None, None)
    page = [
        snapshot(2, phone_hashes=[a, b]),
        snapshot(3, voter_id=8, numen="01E9509999XYZ", phone_hashes=[b]),  # b moves to 8
        snapshot(4, phone_hashes=[a, c]),  # 7 lets b go (8 has it) and takes c
        snapshot(5, voter_id=8, numen="01E9509999XYZ", phone_hashes=[d]),  # d from 9, b freed
        snapshot(3, requests_used=2),  # older than 7's seq 4: ignored, bindings too
    ]
    with store.sessions.begin() as session:
        assert store.apply_pull(session, page, None, None) == 5
    assert _owners(store) == {a: 7, c: 7, d: 8}
    with store.sessions() as session:
        seven = session.get(Voter, 7)
        assert seven is not None and (seven.change_seq, seven.requests_used) == (4, 0)


def test_a_phone_released_and_taken_in_one_page_keeps_one_row(store: LocalStore) -> None:
    a = "a" * 64
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(1, phone_hashes=[a])], None, None)
    page = [snapshot(2, phone_hashes=[]),
            snapshot(3, voter_id=8, numen="01E9509999XYZ", phone_hashes=[a])]
    with store.sessions.begin() as session:
        store.apply_pull(session, page, None, None)
    assert _owners(store) == {a: 8}


def test_a_page_takes_a_few_statements_not_some_per_voter(store: LocalStore) -> None:
    """Applied one voter at a time, a page of 1,000 held the kiosk's write lock ~2.3 s."""
    page = [snapshot(n + 1, voter_id=100 + n, numen=f"01E95{n:05d}XYZ",
                     phone_hashes=[f"{n:064x}"]) for n in range(200)]
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_rest: statements.append(sql))
    with store.sessions.begin() as session:
        assert store.apply_pull(session, page, None, None) == 200
    with store.sessions.begin() as session:  # the same voters again, changed
        store.apply_pull(session, [dict(c, seq=c["seq"] + 1000) for c in page], None, None)
    assert len(statements) < 30, len(statements)
    assert len(_owners(store)) == 200


def test_a_local_lockout_outlives_a_pull(store: LocalStore) -> None:
    later = datetime.now(UTC) + timedelta(minutes=10)
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(1)], None, None)
        voter = session.get(Voter, 7)
        assert voter is not None
        voter.locked_until = later
    with store.sessions.begin() as session:
        store.apply_pull(session, [snapshot(2)], None, None)
    with store.sessions() as session:
        voter = session.get(Voter, 7)
        assert voter is not None and voter.locked_until == later


def test_agents_and_calendar_snapshots(store: LocalStore) -> None:
    agents = [{"username": "Agent.X", "display_name": "X", "role": "agent",
               "establishments": ["0211234C"], "password_hash": "$argon2id$...",
               "active": True}]
    calendar = {"requests_open": "2026-11-05T00:00:00+01:00",
                "voting_opens": "2026-11-29T10:00:00+01:00",
                "voting_closes": "2026-12-06T17:00:00+01:00",
                "results": "2026-12-07T09:00:00+01:00"}
    assert store.calendar() is None
    with store.sessions.begin() as session:
        store.apply_pull(session, [], agents, calendar)
    [agent] = store.agents()
    assert agent.username == "agent.x" and agent.establishments == ("0211234C",)
    loaded = store.calendar()
    assert loaded is not None and loaded.voting_closes == datetime.fromisoformat(
        calendar["voting_closes"])
    with store.sessions.begin() as session:  # a pull without agents keeps the last snapshot
        store.apply_pull(session, [], None, None)
        assert json.loads(session.get(SyncState, 1).agents_json or "[]")  # type: ignore[union-attr]


def test_outbox_payload_is_encrypted_and_counted(store: LocalStore) -> None:
    now = datetime.now(UTC)
    with store.sessions.begin() as session:
        row = outbox.add(session, store.ring, kind=outbox.REISSUE, created_at=now, voter_id=7,
                         phone_hash="d" * 64, payload={"numen": NUMEN, "phone": "+33612345678"})
        record_id = row.id
    with store.sessions() as session:
        stored = session.get(OutboxRecord, record_id)
        assert stored is not None and NUMEN not in stored.payload_enc
        assert stored.created_at == now and stored.state == outbox.PENDING
        # Stored like every other timestamp (naive UTC text), so it sorts and compares with them.
        assert session.scalar(text("SELECT created_at FROM outbox")) == now.strftime(
            "%Y-%m-%d %H:%M:%S.%f")
        wire = outbox.wire_form(store.ring, stored)
        assert wire["id"] == record_id and wire["payload"]["numen"] == NUMEN
        assert wire["created_at"] == now.isoformat()
        assert outbox.counts(session) == (1, 0)
        assert outbox.pending_requests_for(session, 7) == 1
        assert outbox.pending_phone_users(session, "d" * 64) == {7}
