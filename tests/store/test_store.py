"""Encryption, UTC timestamps, change sequences and the audit chain on real databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store import audit
from kiosk.store.crypto import DecryptionError, KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from kiosk.store.models import AuditEntry, Voter, next_change_seqs


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def test_keyring_round_trip_rotation_and_tampering() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt("01E9501234ABC")
    assert "01E9501234ABC" not in token and ring.decrypt(token) == "01E9501234ABC"
    assert ring.encrypt("x") != ring.encrypt("x")  # random nonce
    rotated = KeyRing.from_json(ring.rotate().to_json())
    assert rotated.current != ring.current
    assert rotated.decrypt(token) == "01E9501234ABC"  # old keys still read
    assert rotated.key_id_of(rotated.encrypt("y")) == rotated.current
    assert rotated.hash("v", "numen") == ring.hash("v", "numen")  # look-ups survive rotation
    assert ring.hash("v", "numen") != ring.hash("v", "phone")
    body = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        ring.decrypt(body)
    with pytest.raises(DecryptionError):
        KeyRing.generate().decrypt(token)
    for secret in (*ring.keys.values(), ring.hash_key):
        assert secret.hex() not in repr(ring) and str(secret) not in repr(ring)


def test_bulk_hash_and_encryption_match_the_single_forms() -> None:
    ring = KeyRing.generate().rotate()
    texts = ["01E9501234ABC", "1975-03-15", "", "Éloïse " * 40]
    sealed = ring.encrypt_many(texts)
    assert [ring.decrypt(token) for token in sealed] == texts
    assert [ring.key_id_of(token) for token in sealed] == [ring.current] * len(texts)
    assert [len(token) for token in sealed] == [len(ring.encrypt(t)) for t in texts]
    assert len(set(ring.encrypt_many(["x"] * 50))) == 50  # a fresh nonce each
    numen_hash = ring.hasher("numen")
    assert [numen_hash(t) for t in texts] == [ring.hash(t, "numen") for t in texts]
    assert numen_hash("01E9501234ABC") != ring.hasher("phone")("01E9501234ABC")


def _voter(ring: KeyRing, numen: str = "01E9501234ABC") -> Voter:
    return Voter(numen_hash=ring.hash(numen, "numen"), numen_enc=ring.encrypt(numen),
                 birth_date_enc=ring.encrypt("1975-03-15"), last_name="Dupont",
                 first_name="Jean", email="jean.dupont@ac-dijon.fr", establishment="0211234C")


def test_personal_data_is_stored_encrypted(sessions: sessionmaker[Session]) -> None:
    ring = KeyRing.generate()
    with sessions() as session, session.begin():
        session.add(_voter(ring))
    with sessions() as session:
        raw = session.execute(text("SELECT numen_enc, birth_date_enc, numen_hash FROM voters"))
        row = raw.one()
        assert "01E9501234ABC" not in "".join(row) and "1975" not in "".join(row)
        voter = session.scalars(select(Voter)).one()
        assert ring.decrypt(voter.numen_enc) == "01E9501234ABC"
        assert voter.updated_at.tzinfo is not None and voter.requests_used == 0


def test_timestamps_are_utc_and_naive_ones_refused(sessions: sessionmaker[Session]) -> None:
    ring = KeyRing.generate()
    paris_winter = timezone(timedelta(hours=1))
    with sessions() as session, session.begin():
        voter = _voter(ring)
        voter.locked_until = datetime(2018, 12, 6, 17, 0, tzinfo=paris_winter)
        session.add(voter)
    with sessions() as session:
        stored = session.scalars(select(Voter)).one().locked_until
        assert stored == datetime(2018, 12, 6, 16, 0, tzinfo=UTC) and stored.tzinfo == UTC
    with sessions() as session, pytest.raises(StatementError):
        session.execute(update(Voter).values(locked_until=datetime(2018, 12, 6, 17, 0)))


def test_change_sequences_increase(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        first = next_change_seqs(session, 3)
        second = next_change_seqs(session, 2)
    assert first == sorted(first) and len(set(first + second)) == 5
    assert min(second) > max(first)
    assert next_change_seqs(Session(), 0) == []


def _chain(sessions: sessionmaker[Session], count: int = 4) -> None:
    with sessions() as session, session.begin():
        for n in range(count):
            audit.append(session, actor="agent:a", action="test", subject=f"s{n}",
                         details={"n": n})


def test_audit_chain_detects_edit_delete_and_reorder(sessions: sessionmaker[Session]) -> None:
    _chain(sessions)
    with sessions() as session:
        assert audit.verify(session) == []
    with sessions() as session, session.begin():
        session.execute(update(AuditEntry).where(AuditEntry.seq == 2)
                        .values(details_json='{"n": 42}'))
    with sessions() as session:
        assert any("entrée 2" in p for p in audit.verify(session))


def test_audit_detects_deletion(sessions: sessionmaker[Session]) -> None:
    _chain(sessions)
    with sessions() as session, session.begin():
        session.execute(AuditEntry.__table__.delete().where(AuditEntry.seq == 3))
    with sessions() as session:
        assert any("manquante" in p for p in audit.verify(session))


def test_audit_detects_reordering(sessions: sessionmaker[Session]) -> None:
    _chain(sessions)
    with sessions() as session, session.begin():
        a, b = session.scalars(select(AuditEntry).where(AuditEntry.seq.in_([2, 3]))
                               .order_by(AuditEntry.seq)).all()
        fields = ("at", "actor", "action", "subject", "details_json", "prev_hash", "hash")
        swapped = {f: getattr(a, f) for f in fields}, {f: getattr(b, f) for f in fields}
        # Move both out of the way (unique hash), then swap their contents.
        a.hash, b.hash = "x" * 64, "y" * 64
        session.flush()
        for row, values in ((a, swapped[1]), (b, swapped[0])):
            for name, value in values.items():
                setattr(row, name, value)
    with sessions() as session:
        assert audit.verify(session) != []


def test_audit_refuses_secrets_in_details(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(ValueError):
        audit.append(session, actor="a", action="x", subject="y", details={"numen": "z"})
