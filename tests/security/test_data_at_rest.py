"""Data at rest: after real requests, the raw bytes of the centre's SQLite files (WAL and shared
memory included) and of every file in the kiosk's data directory hold no NUMEN, no date of
birth, no phone number and no voter ID in clear; and ``kiosk-central rotate-keys`` keeps the old
data readable while new data goes under the new key.

The secrets are searched in every form they are written in (NUMEN; the date as ``jj/mm/aaaa``,
``aaaa-mm-jj`` and ``jjmmaaaa``; the phone as typed, national and E.164; the voter ID the centre
sent, read from its SMS spool). Names and professional e-mail addresses are kept in clear on
purpose (agents search by them): finding them proves the search reads the right bytes.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from sqlalchemy import select

from kiosk.central.notify import spool
from kiosk.services.requests import SENT
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker
from kiosk.store.models import AuditEntry, Notification, PhoneBinding, Voter
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    cli_ok,
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    submit,
)

_ID_IN_SMS = re.compile(r"identifiant de vote: ([A-Z0-9]{12})")


def e164(typed: str) -> str:
    digits = typed.replace(" ", "")
    return "+33" + digits[1:]


def forms(voter: RegisterVoter, phone: str) -> dict[str, list[str]]:
    day, month, year = voter.birth.split("/")
    return {
        "NUMEN": [voter.numen],
        "date of birth": [voter.birth, f"{year}-{month}-{day}", f"{day}{month}{year}"],
        "phone": [phone, phone.replace(" ", ""), e164(phone)],
    }


def voter_ids_sent(centre: Centre, phone: str, count: int = 1) -> list[str]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = [m for m in spool.list_sms(centre.spool_dir) if m.destination == e164(phone)]
        if len(found) >= count:
            return [_ID_IN_SMS.search(m.text).group(1) for m in found]  # type: ignore[union-attr]
        time.sleep(0.05)
    raise AssertionError("the centre did not send the SMS")


def sqlite_files(database_url: str) -> list[Path]:
    path = Path(database_url.removeprefix("sqlite:///"))
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"),
                        Path(f"{path}-journal")) if p.exists()]


def leaks_in(files: list[Path], secrets: dict[str, list[str]]) -> list[str]:
    found = []
    for file in files:
        data = file.read_bytes()
        for kind, values in secrets.items():
            for value in values:
                for encoded in (value.encode("utf-8"), value.encode("utf-16-le")):
                    if encoded in data:
                        found.append(f"{kind} in {file.name}")
    return found


def test_no_personal_data_in_clear_in_the_raw_database_files(centre: Centre,
                                                             tmp_path: Path) -> None:
    voter, other = new_voter("Disque", "Brut"), new_voter("Octets", "Bruts")
    prepare_centre(centre, tmp_path, [voter, other])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk-data")
    try:
        phone = new_phone()
        assert submit(kiosk, voter, phone).state == SENT
        [voter_id] = voter_ids_sent(centre, phone)
        kiosk.sync_now()  # the register copy, the phone binding and the counters land too

        secrets = forms(voter, phone) | {"voter ID": [voter_id]}
        pulled_only = forms(other, new_phone())  # in the register copy, never typed
        secrets["NUMEN"] += pulled_only["NUMEN"]
        secrets["date of birth"] += pulled_only["date of birth"]
        centre_files = sqlite_files(centre.database_url)
        kiosk_files = [p for p in (tmp_path / "kiosk-data").rglob("*") if p.is_file()]
        assert any(p.name.endswith("-wal") for p in centre_files)
        assert any(p.name == "kiosk.db-wal" for p in kiosk_files)
        assert leaks_in(centre_files + kiosk_files, secrets) == []
        # The search itself works: what is meant to be in clear is found.
        names = {"name": [voter.last_name, other.last_name]}
        assert leaks_in(centre_files, names) and leaks_in(kiosk_files, names)
    finally:
        kiosk.close()


def wait_until_sent(centre: Centre, *, sms_count: int) -> None:
    """The spool file is written before the row is marked sent: wait for the row."""
    engine = make_engine(centre.database_url)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with make_sessionmaker(engine)() as session:
                sent = session.scalars(select(Notification.id).where(
                    Notification.kind == "sms", Notification.status == "sent")).all()
            if len(sent) >= sms_count:
                return
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("the SMS were not all marked sent")


def _key_ids(centre: Centre) -> tuple[str, set[str]]:
    ring = KeyRing.from_json(centre.settings.key_file.read_text(encoding="utf-8"))
    return ring.current, set(ring.keys)


def test_rotate_keys_old_data_still_read_new_data_under_the_new_key(centre: Centre,
                                                                    tmp_path: Path) -> None:
    before, after = new_voter("Avant", "Rotation"), new_voter("Apres", "Rotation")
    prepare_centre(centre, tmp_path, [before])
    kiosk = enrolled_kiosk(centre, tmp_path / "kiosk-data")
    try:
        first_phone = new_phone()
        assert submit(kiosk, before, first_phone).state == SENT
        voter_ids_sent(centre, first_phone)
        # Killed between the spool write and the row marked sent, the SMS would be sent again
        # ten seconds after the dispatcher's last beat (test_notify_dispatch covers that):
        # let it be recorded first.
        wait_until_sent(centre, sms_count=1)
        old_key, _ = _key_ids(centre)

        centre.kill()
        code, _out, err = centre.cli("rotate-keys")
        assert code == 0, err
        centre.start()
        new_key, keys = _key_ids(centre)
        assert new_key != old_key and keys == {old_key, new_key}

        add_voters(centre, tmp_path, [after])
        kiosk.sync_now()
        # Old data: the centre decrypts the register row made under the old key to decide.
        again_phone, new_phone_ = new_phone(), new_phone()
        assert submit(kiosk, before, again_phone).state == SENT
        assert submit(kiosk, after, new_phone_).state == SENT
        old_id, new_id = voter_ids_sent(centre, again_phone)[0], voter_ids_sent(
            centre, new_phone_)[0]
        assert old_id != new_id

        wait_until_sent(centre, sms_count=3)
        engine = make_engine(centre.database_url)
        try:
            with make_sessionmaker(engine)() as session:
                voters = {v.last_name: v for v in session.scalars(select(Voter))}
                assert voters[before.last_name].numen_enc.startswith(old_key + ":")
                assert voters[after.last_name].numen_enc.startswith(new_key + ":")
                assert voters[after.last_name].birth_date_enc.startswith(new_key + ":")
                bindings = {b.voter_id: b.phone_enc for b in session.scalars(
                    select(PhoneBinding))}
                assert bindings[voters[after.last_name].id].startswith(new_key + ":")
                notifications = list(session.scalars(select(Notification)))
                assert {n.destination_enc.partition(":")[0] for n in notifications} == {
                    old_key, new_key}
                # Both generations were readable to the dispatcher: the SMS went out, and
                # their bodies (the voter IDs) were erased once delivered.
                sms = [n for n in notifications if n.kind == "sms"]
                assert len(sms) == 3 and {(n.status, n.body_enc) for n in sms} == {("sent", "")}
                actions = list(session.scalars(select(AuditEntry.action)))
                assert "keys.rotated" in actions
        finally:
            engine.dispose()
        cli_ok(centre, "verify-audit")  # exits 0 only when the chain is whole
    finally:
        kiosk.close()
