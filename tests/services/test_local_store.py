"""The kiosk's copy of the register, kept by pull (real SQLite, no centre needed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from kiosk.services import outbox
from kiosk.services.local_store import LocalStore, fold
from kiosk.store.crypto import KeyRing
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
