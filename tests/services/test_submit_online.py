"""Submitting requests with the centre reachable: validation, security code, quota, phone rule,
immediate push, and a refusal by the centre while the voter is still at the counter."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services import outbox
from kiosk.services.app import KioskApp
from kiosk.services.contracts import RequestRefused, ServiceError
from kiosk.services.requests import SENT
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    centre_requests,
    enrolled_kiosk,
    form_for,
    new_phone,
    new_voter,
    ref_of,
    submit,
)


@pytest.fixture(scope="module")
def shared(ready_centre: Centre, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[RegisterVoter, KioskApp]]:
    """One voter and one kiosk for the tests that must leave no trace anyway."""
    tmp = tmp_path_factory.mktemp("shared")
    voter = new_voter()
    add_voters(ready_centre, tmp, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp / "kiosk")
    yield voter, kiosk
    kiosk.close()


def _outbox_size(kiosk: KioskApp) -> int:
    from sqlalchemy import func, select

    from kiosk.store.models import OutboxRecord

    store = kiosk.ctx.require_enrolled().store
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRecord)) or 0)


@pytest.mark.parametrize(("change", "field"), [
    ({"numen": "01E950123"}, "numen"),
    ({"birth_date": "1975/03/01x"}, "birth_date"),
    ({"phone": "01 23 45 67 89"}, "phone"),  # a landline cannot receive the SMS
    ({"phone": "abc"}, "phone"),
    ({"channel": "pigeon"}, "channel"),
    ({"identity_document": "  "}, "identity_document"),
    ({"security_code": "12a4"}, "security_code"),
])
def test_bad_fields_are_named_and_change_nothing(
        ready_centre: Centre, shared: tuple[RegisterVoter, KioskApp], change: dict[str, str],
        field: str) -> None:
    voter, kiosk = shared
    before = len(centre_requests(ready_centre))
    with pytest.raises(ServiceError) as caught:
        kiosk.submit_request(form_for(kiosk, voter, **{"phone": new_phone(), **change}))
    assert caught.value.field == field and caught.value.message
    assert voter.numen not in caught.value.message
    assert _outbox_size(kiosk) == 0
    assert len(centre_requests(ready_centre)) == before


def test_a_security_code_serves_once(ready_centre: Centre, tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        form = form_for(kiosk, voter, new_phone())
        assert kiosk.submit_request(form).state == SENT
        with pytest.raises(ServiceError) as caught:
            kiosk.submit_request(form)  # replaying the same token and code
        assert caught.value.code == "bad_security_code"
        assert _outbox_size(kiosk) == 1
    finally:
        kiosk.close()


def test_three_requests_then_the_quota_message(ready_centre: Centre, tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    phone = new_phone()
    try:
        ref = ref_of(kiosk, voter)
        seen = []
        for _ in range(3):
            confirmation = submit(kiosk, voter, phone, ref=ref)
            assert confirmation.state == SENT
            assert confirmation.phone_masked.startswith("06") and "x" in confirmation.phone_masked
            assert confirmation.status_url.endswith(f"/v1/requests/{confirmation.reference}")
            seen.append(confirmation.requests_left)
        assert seen == [2, 1, 0]
        assert kiosk.requests_left(ref) == 0
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, voter, phone, ref=ref)
        assert caught.value.code == "quota_exhausted"
        assert "3 fois" in caught.value.message
        at_centre = [r["status"] for r in centre_requests(ready_centre)
                     if r["voter_id"] == int(ref)]
        assert at_centre == ["accepted"] * 3  # the fourth never left the kiosk
        assert _outbox_size(kiosk) == 3
        with kiosk.ctx.require_enrolled().store.sessions() as session:
            assert outbox.counts(session) == (0, 0)
    finally:
        kiosk.close()


def test_the_reference_on_the_receipt_is_the_centres(ready_centre: Centre,
                                                     tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        confirmation = submit(kiosk, voter, new_phone(), channel="email")
        client = kiosk.ctx.require_enrolled().client
        status = client.request_status(confirmation.reference)
        assert status["status"] == "accepted" and status["channel"] == "email"
        assert status["phone_masked"] == confirmation.phone_masked
    finally:
        kiosk.close()


def test_a_phone_serves_one_voter(ready_centre: Centre, tmp_path: Path) -> None:
    first, second = new_voter(), new_voter()
    add_voters(ready_centre, tmp_path, [first, second])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    phone = new_phone()
    try:
        assert submit(kiosk, first, phone).state == SENT
        with pytest.raises(RequestRefused) as caught:
            submit(kiosk, second, phone.replace(" ", ""))
        assert caught.value.code == "phone_taken" and caught.value.field == "phone"
        assert submit(kiosk, first, phone).state == SENT  # the same voter may reuse it
    finally:
        kiosk.close()


def test_refusal_by_the_centre_is_shown_at_once_not_followed_up(ready_centre: Centre,
                                                                tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    stale = enrolled_kiosk(ready_centre, tmp_path / "stale")  # pulls now, then not again
    other = enrolled_kiosk(ready_centre, tmp_path / "other")
    phone = new_phone()
    try:
        for _ in range(3):
            submit(other, voter, phone)
        with pytest.raises(RequestRefused) as caught:
            submit(stale, voter, phone)  # its view says 3 left; the centre says none
        assert caught.value.code == "quota_exhausted"
        status = stale.status()
        assert (status.pending, status.follow_up) == (0, 0)
        assert stale.follow_up_items() == []
    finally:
        stale.close()
        other.close()


def test_a_storage_failure_is_a_french_message_and_records_nothing(
        shared: tuple[RegisterVoter, KioskApp], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy.exc import OperationalError

    voter, kiosk = shared

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO outbox ...", {"numen": voter.numen},
                               Exception("database or disk is full"))

    monkeypatch.setattr(outbox, "add", disk_full)
    with pytest.raises(ServiceError) as caught:
        submit(kiosk, voter, new_phone())
    assert caught.value.code == "storage_error" and "rien n'a été enregistré" in str(caught.value)
    assert voter.numen not in caplog.text
    assert _outbox_size(kiosk) == 0


@pytest.mark.parametrize("refused", [False, True])
def test_a_record_the_background_sync_pushed_first_is_answered_at_the_counter(
        ready_centre: Centre, tmp_path: Path, refused: bool) -> None:
    """The background sync may take the counter's record between its commit and the counter's
    own push (which waits for the sync's lock): the agent still gets the centre's answer, and a
    refusal is shown at once, not left in À suivre as if the voter had gone."""
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    other = enrolled_kiosk(ready_centre, tmp_path / "other")
    phone = new_phone()
    syncer = kiosk.ctx.require_enrolled().syncer
    try:
        if refused:
            for _ in range(3):
                submit(other, voter, phone)  # the kiosk's copy still says 3 left
        holding, pushed = threading.Event(), threading.Event()

        def background_sync() -> None:
            with syncer.lock:
                holding.set()
                deadline = time.monotonic() + 20
                while not kiosk.pending_records() and time.monotonic() < deadline:
                    time.sleep(0.01)
                syncer._push(ids=None, voter_present=False)  # what sync_once does first
                pushed.set()

        thread = threading.Thread(target=background_sync)
        thread.start()
        assert holding.wait(10)
        try:
            if refused:
                with pytest.raises(RequestRefused) as caught:
                    submit(kiosk, voter, phone)
                assert caught.value.code == "quota_exhausted"
            else:
                assert submit(kiosk, voter, phone).state == SENT
        finally:
            thread.join(20)
        assert pushed.is_set()  # the background sync did push it, before the counter
        status = kiosk.status()
        assert (status.pending, status.follow_up) == (0, 0)
    finally:
        kiosk.close()
        other.close()
