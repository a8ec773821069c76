"""The kiosk's use cases against a real centre, online: enrolment, sign-in, search, identity,
sealed letter, requests. One centre for the module; each test has its own voters and kiosk."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event

from kiosk.services.app import build_kiosk
from kiosk.services.contracts import NotSignedIn, ServiceError, VoterMatches
from kiosk.services.local_store import search_key
from kiosk.services.paths import CONFIG_NAME
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    OTHER_UAI,
    PASSWORD,
    add_voters,
    cli_ok,
    enrolled_kiosk,
    enrolment_code,
    new_voter,
)


def test_enrolment_keeps_the_token_out_of_files(ready_centre: Centre, tmp_path: Path) -> None:
    kiosk = build_kiosk(tmp_path, background=False)
    assert not kiosk.is_enrolled()
    assert kiosk.status().online is False
    kiosk.enrol(ready_centre.base_url, ready_centre.ca_file, enrolment_code(ready_centre))
    assert kiosk.is_enrolled()
    assert kiosk.status().online and kiosk.status().last_sync is not None
    token = kiosk.ctx.secrets.get("device-token")
    kiosk.close()
    assert token
    config = json.loads((tmp_path / CONFIG_NAME).read_text())
    assert config["kiosk_id"] and config["establishments"] == ["0211234C"]
    assert config["ca_file"] == str(tmp_path / "centre-ca.pem")  # its own pinned copy
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    again = build_kiosk(tmp_path, background=False)  # enrolment survives a restart
    try:
        assert again.is_enrolled()
        again.sign_in(AGENT, PASSWORD)
    finally:
        again.close()


@pytest.mark.parametrize(("url", "ca", "code", "field"), [
    ("http://127.0.0.1:1", True, "X", "centre_url"),
    (None, False, "X", "ca_file"),
    (None, True, "", "code"),
    (None, True, "WRONG-CODE-123", "code"),
])
def test_enrolment_refusals_name_the_field_and_store_nothing(
        ready_centre: Centre, tmp_path: Path, url: str | None, ca: bool, code: str,
        field: str) -> None:
    kiosk = build_kiosk(tmp_path, background=False)
    with pytest.raises(ServiceError) as caught:
        kiosk.enrol(url or ready_centre.base_url,
                    ready_centre.ca_file if ca else tmp_path / "none.pem", code)
    assert caught.value.field == field and caught.value.message
    assert not kiosk.is_enrolled()
    assert not (tmp_path / CONFIG_NAME).exists()
    assert kiosk.ctx.secrets.get("device-token") is None


def test_sign_in_never_says_which_part_was_wrong(ready_centre: Centre, tmp_path: Path) -> None:
    kiosk = enrolled_kiosk(ready_centre, tmp_path, sign_in=False)
    try:
        with pytest.raises(NotSignedIn):
            kiosk.find_voters("martin")
        with pytest.raises(NotSignedIn) as wrong_password:
            kiosk.sign_in(AGENT, "Wrong-password-1")
        with pytest.raises(NotSignedIn) as unknown_user:
            kiosk.sign_in("nobody.here", PASSWORD)
        assert wrong_password.value.message == unknown_user.value.message
        assert PASSWORD not in wrong_password.value.message
        session = kiosk.sign_in(f"  {AGENT.upper()} ", PASSWORD)
        assert session.username == AGENT and session.display_name == "Claire Dupont"
        assert session.establishments == ("0211234C",)  # what this kiosk serves
        kiosk.sign_out()
        with pytest.raises(NotSignedIn):
            kiosk.find_voters("martin")
    finally:
        kiosk.close()


def test_repeated_sign_in_failures_pause_the_account(ready_centre: Centre,
                                                     tmp_path: Path) -> None:
    kiosk = enrolled_kiosk(ready_centre, tmp_path, sign_in=False)
    try:
        for _ in range(5):
            with pytest.raises(NotSignedIn):
                kiosk.sign_in(AGENT, "Wrong-password-1")
        with pytest.raises(NotSignedIn) as caught:
            kiosk.sign_in(AGENT, PASSWORD)
        assert "patientez" in caught.value.message
    finally:
        kiosk.close()


def test_search_ignores_accents_and_case_and_other_establishments(
        ready_centre: Centre, tmp_path: Path) -> None:
    ours = new_voter("Lefèvre", "Éloïse")
    theirs = new_voter("Lefèvre", "Éloïse", establishment=OTHER_UAI)
    crowd = [new_voter("Zanzibar", "Paul") for _ in range(25)]
    add_voters(ready_centre, tmp_path, [ours, theirs, *crowd])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        for query in (ours.last_name.upper().replace("È", "E"), "eloise lefevre",
                      ours.email.split("@")[0].upper(), f"LEFÈVRE {ours.last_name[-3:]}"):
            found = kiosk.find_voters(query).voters
            assert [v.ref for v in found if v.last_name == ours.last_name], query
            assert all(v.establishment == "0211234C" for v in found)
        # What an agent pastes from a message's header, a link or a sentence.
        for pasted in (f"{ours.first_name} {ours.last_name} <{ours.email}>",
                       f"mailto:{ours.email}", f"<mailto:{ours.email}>", f"({ours.email}).",
                       f"« {ours.last_name} »", f'"{ours.last_name}, {ours.first_name}"'):
            found = kiosk.find_voters(pasted).voters
            assert [v.email for v in found] == [ours.email], pasted
        summary = kiosk.find_voters(ours.email).voters[0]
        assert summary.requests_left == 3
        assert ours.numen not in repr(summary)
        assert not any(v.last_name == theirs.last_name for v in kiosk.find_voters("lefevre").voters)
        # 25 match, 20 are shown, in name order, and the agent is told there are more.
        crowd_page = kiosk.find_voters("zanzibar")
        assert len(crowd_page.voters) == 20 and crowd_page.more
        in_order = sorted(crowd, key=lambda v: search_key(v.last_name, v.first_name, v.email))
        assert [v.email for v in crowd_page.voters] == [v.email for v in in_order[:20]]
        assert not kiosk.find_voters(crowd[0].email).more
        for nothing in ("   ", "%"):
            assert kiosk.find_voters(nothing) == VoterMatches((), more=False)
        # The pull left the planner's statistics behind (LocalStore.search's plan needs them).
        reader = sqlite3.connect(tmp_path / "kiosk" / "kiosk.db")
        try:
            counted = reader.execute("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 "
                                     "WHERE tbl = 'voters'").fetchone()[0]
        finally:
            reader.close()
        assert counted is not None and counted >= 26  # ours and the crowd at least
    finally:
        kiosk.close()


def test_a_pull_is_a_sync_even_when_its_statistics_wait_for_the_lock(
        ready_centre: Centre, tmp_path: Path) -> None:
    """Another writer takes the kiosk's store between the pull's commit and the renewal of the
    search's statistics: the voters are pulled, so the sync succeeded; the statistics wait
    for the next pull or opening."""
    first, later = new_voter("Statistique", "Avant"), new_voter("Statistique", "Apres")
    add_voters(ready_centre, tmp_path, [first])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    store = kiosk.ctx.require_enrolled().store
    add_voters(ready_centre, tmp_path, [later])
    writer = sqlite3.connect(tmp_path / "kiosk" / "kiosk.db", isolation_level=None)

    def take_the_lock_once_pulled(_session: object) -> None:
        if not writer.in_transaction and writer.execute(
                "SELECT 1 FROM voters WHERE email = ?", (later.email,)).fetchone():
            writer.execute("BEGIN IMMEDIATE")

    event.listen(store.sessions, "after_commit", take_the_lock_once_pulled)
    try:
        status = kiosk.sync_now()
        assert writer.in_transaction  # the lock was held while the statistics were due
        assert status.online and kiosk.ctx.require_enrolled().syncer.last_error is None
        assert {v.first_name for v in kiosk.find_voters("statistique").voters} \
            == {later.first_name, first.first_name}
    finally:
        event.remove(store.sessions, "after_commit", take_the_lock_once_pulled)
        writer.close()
        kiosk.close()


def test_reads_answer_while_the_sync_thread_holds_the_write_lock(
        ready_centre: Centre, tmp_path: Path) -> None:
    """The sync thread holds the kiosk's write lock while it writes a pull page or a push's
    answers: the agent's search, the status bar and the supervision lists read what is
    committed meanwhile instead of waiting for it (up to the 30 s busy timeout)."""
    voter = new_voter("Attente", "Lecture")
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    ref = kiosk.find_voters(voter.last_name).voters[0].ref
    today = kiosk.ctx.now().date()
    store = kiosk.ctx.require_enrolled().store
    writer = sqlite3.connect(tmp_path / "kiosk" / "kiosk.db", isolation_level=None)
    pool = ThreadPoolExecutor(max_workers=8)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE voters SET last_name = 'Pas encore' WHERE id = ?", (int(ref),))
        calls = {
            "find_voters": lambda: [v.last_name
                                    for v in kiosk.find_voters(voter.first_name).voters],
            "requests_left": lambda: kiosk.requests_left(ref),
            "voter_history": lambda: kiosk.voter_history(ref).voter_name,
            "status": lambda: kiosk.status().pending,
            "follow_up_items": kiosk.follow_up_items,
            "day_register": lambda: kiosk.day_register(today),
            "day_handovers": lambda: kiosk.day_handovers(today),
            "pending_records": kiosk.pending_records,
            "calendar": lambda: store.calendar() is not None,
            "agents": lambda: [a.username for a in store.agents()],
        }
        futures = {name: pool.submit(call) for name, call in calls.items()}
        answers = {name: future.result(timeout=10) for name, future in futures.items()}
        assert answers == {
            "find_voters": [voter.last_name],  # the committed name, not the write in progress
            "requests_left": 3, "voter_history": f"{voter.last_name} {voter.first_name}",
            "status": 0, "follow_up_items": [], "day_register": [], "day_handovers": [],
            "pending_records": [], "calendar": True, "agents": [AGENT],
        }
    finally:
        writer.close()  # rolls the write back
        pool.shutdown()
        kiosk.close()


def test_a_deactivated_agent_is_refused_from_the_next_sync_offline_too(
        ready_centre: Centre, tmp_path: Path) -> None:
    leaver, password = "agent.depart", "Depart-2026a"
    cli_ok(ready_centre, "add-agent", leaver, "--name", "Paul Départ", "--establishment",
           "0211234C", env={"KIOSK_CENTRAL_AGENT_PASSWORD": password})
    kiosk = enrolled_kiosk(ready_centre, tmp_path, sign_in=False)
    try:
        assert kiosk.sign_in(leaver, password).username == leaver
        kiosk.sign_out()
        out = cli_ok(ready_centre, "deactivate-agent", f" {leaver.upper()} ")
        assert "désactivé" in out
        assert kiosk.sign_in(leaver, password).username == leaver  # not synced yet
        assert kiosk.status().agent_withdrawn is False
        assert kiosk.sync_now().agent_withdrawn is True  # signed in then: the session ends
        with pytest.raises(NotSignedIn):
            kiosk.find_voters("martin")
        assert kiosk.status().agent_withdrawn is False  # said once
        with pytest.raises(NotSignedIn) as refused:
            kiosk.sign_in(leaver, password)
        with pytest.raises(NotSignedIn) as wrong:
            kiosk.sign_in(AGENT, "Wrong-password-1")
        assert refused.value.message == wrong.value.message  # says nothing of the account
        assert kiosk.sign_in(AGENT, PASSWORD).username == AGENT  # the others are unaffected
        kiosk.sign_out()
    finally:
        kiosk.close()
    ready_centre.stop()  # offline: the kiosk decides from what it pulled
    try:
        again = build_kiosk(tmp_path, background=False)
        try:
            with pytest.raises(NotSignedIn):
                again.sign_in(leaver, password)
        finally:
            again.close()
    finally:
        ready_centre.start()
    cli_ok(ready_centre, "add-agent", leaver, "--name", "Paul Départ", "--establishment",
           "0211234C", "--update", env={"KIOSK_CENTRAL_AGENT_PASSWORD": "Retour-2026b"})
    back = build_kiosk(tmp_path, background=False)
    try:
        back.sync_now()
        assert back.sign_in(leaver, "Retour-2026b").username == leaver
    finally:
        back.close()
