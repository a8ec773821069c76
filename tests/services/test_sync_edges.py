"""Sync at the edges: a record the centre cannot read, a revoked kiosk, offline sign-in after a
restart, and no personal data or secret in the logs of a whole day's work."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.domain.phone import parse_phone
from kiosk.services import outbox
from kiosk.services.app import build_kiosk
from kiosk.services.contracts import IdentityRefused
from kiosk.services.requests import SENT, WAITING
from kiosk.store.models import OutboxRecord
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    add_voters,
    centre_requests,
    cli_ok,
    enrolled_kiosk,
    new_phone,
    new_voter,
    ref_of,
    submit,
)


def test_a_record_the_centre_cannot_read_does_not_block_the_others(
        ready_centre: Centre, tmp_path: Path) -> None:
    voters = [new_voter() for _ in range(4)]
    add_voters(ready_centre, tmp_path, voters)
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    enrolled = kiosk.ctx.require_enrolled()
    try:
        ready_centre.kill()
        for voter in voters[:2]:
            submit(kiosk, voter, new_phone())
        with enrolled.store.sessions.begin() as session:  # e.g. written by a future version
            outbox.add(session, enrolled.ring, kind=outbox.REISSUE,
                       created_at=kiosk.ctx.now(), voter_id=None,
                       payload={"numen": voters[2].numen, "unexpected": "field"})
        for voter in voters[3:]:
            submit(kiosk, voter, new_phone())
        ready_centre.start()
        status = kiosk.sync_now()
        assert (status.pending, status.follow_up) == (0, 1)
        [item] = kiosk.follow_up_items()
        assert item.message and item.reason
        with enrolled.store.sessions() as session:
            ids = set(session.scalars(select(OutboxRecord.id)))
        accepted = [r for r in centre_requests(ready_centre) if r["id"] in ids]
        assert len(accepted) == 3 and all(r["status"] == "accepted" for r in accepted)
    finally:
        kiosk.close()


def test_a_revoked_kiosk_keeps_its_records_and_says_why(ready_centre: Centre,
                                                        tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        cli_ok(ready_centre, "revoke-kiosk", kiosk.ctx.config.kiosk_id or "")
        confirmation = submit(kiosk, voter, new_phone())
        assert confirmation.state == WAITING
        status = kiosk.sync_now()
        assert (status.online, status.pending) == (False, 1)
        assert kiosk.ctx.require_enrolled().syncer.last_error
    finally:
        kiosk.close()


def test_sign_in_works_offline_after_a_restart(ready_centre: Centre, tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    enrolled_kiosk(ready_centre, tmp_path / "kiosk").close()
    ready_centre.kill()
    kiosk = build_kiosk(tmp_path / "kiosk", background=False)
    try:
        assert kiosk.sign_in(AGENT, PASSWORD).username == AGENT
        ref = ref_of(kiosk, voter)
        kiosk.verify_identity(ref, voter.numen, voter.birth)
        assert submit(kiosk, voter, new_phone(), ref=ref).state == WAITING
    finally:
        kiosk.close()
        ready_centre.start()


def test_no_personal_data_or_secret_in_the_logs(ready_centre: Centre, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    phone = new_phone()
    caplog.set_level(logging.DEBUG)
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    token = kiosk.ctx.secrets.get("device-token") or ""
    try:
        ref = ref_of(kiosk, voter)
        with pytest.raises(IdentityRefused):
            kiosk.verify_identity(ref, voter.numen, "02/02/1962")
        kiosk.verify_identity(ref, voter.numen, voter.birth)
        letter = kiosk.prepare_letter(ref)
        kiosk.record_handover(letter)
        assert submit(kiosk, voter, phone, ref=ref).state == SENT
        ready_centre.kill()
        assert submit(kiosk, voter, phone, ref=ref).state == WAITING
        kiosk.sync_now()
        ready_centre.start()
        kiosk.sync_now()
    finally:
        kiosk.close()
    text = caplog.text
    birth_iso = "-".join(reversed(voter.birth.split("/")))
    for secret in (voter.numen, voter.birth, birth_iso, phone, parse_phone(phone), token,
                   PASSWORD, "1962"):
        assert secret and secret not in text, secret


def test_sync_once_for_scripts(ready_centre: Centre, tmp_path: Path) -> None:
    from kiosk.services.sync import describe, sync_once

    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        ready_centre.kill()
        submit(kiosk, voter, new_phone())
    finally:
        kiosk.close()
    assert sync_once(tmp_path / "kiosk").pending == 1  # centre still down: kept
    ready_centre.start()
    status = sync_once(tmp_path / "kiosk")
    assert (status.online, status.pending) == (True, 0)
    assert describe(status).startswith("Centre joignable · 0 envoi(s) en attente")
