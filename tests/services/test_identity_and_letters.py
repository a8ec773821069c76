"""Identity checks (keyed hash, lockout after 5 misses, audited) and the sealed letter with its
handover record, against a real centre."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.domain.calendar import PARIS
from kiosk.services.app import KioskApp, build_kiosk
from kiosk.services.contracts import IdentityRefused, ServiceError
from kiosk.store import audit
from kiosk.store.models import AuditEntry
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    RegisterVoter,
    add_voters,
    enrolled_kiosk,
    form_for,
    new_voter,
    ref_of,
)


@pytest.fixture
def voter_and_kiosk(ready_centre: Centre, tmp_path: Path
                    ) -> Iterator[tuple[RegisterVoter, KioskApp]]:
    voter = new_voter("Bernard", "Jérôme")
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    yield voter, kiosk
    kiosk.close()


def _actions(kiosk: KioskApp) -> list[str]:
    store = kiosk.ctx.require_enrolled().store
    with store.sessions() as session:
        assert audit.verify(session) == []
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def _other_numen(numen: str) -> str:
    return numen[:-1] + ("Z" if numen[-1] != "Z" else "Y")


def test_identity_matches_with_spaces_and_lower_case(voter_and_kiosk: tuple[RegisterVoter, KioskApp]
                                                     ) -> None:
    voter, kiosk = voter_and_kiosk
    ref = ref_of(kiosk, voter)
    spaced = f"{voter.numen[:2]} {voter.numen[2:8].lower()} {voter.numen[8:]}"
    kiosk.verify_identity(ref, spaced, voter.birth)
    assert _actions(kiosk)[-1] == "identity.verified"


def test_bad_forms_name_the_field_and_do_not_count_as_misses(
        voter_and_kiosk: tuple[RegisterVoter, KioskApp]) -> None:
    voter, kiosk = voter_and_kiosk
    ref = ref_of(kiosk, voter)
    with pytest.raises(ServiceError) as caught:
        kiosk.verify_identity(ref, "01E95", voter.birth)
    assert caught.value.field == "numen"
    with pytest.raises(ServiceError) as caught:
        kiosk.verify_identity(ref, voter.numen, "31/02/1975")
    assert caught.value.field == "birth_date"
    with pytest.raises(ServiceError) as caught:
        kiosk.verify_identity("999999", voter.numen, voter.birth)
    assert caught.value.code == "voter_unknown"
    assert "identity.mismatch" not in _actions(kiosk)


def test_five_misses_lock_the_voter_for_a_while_even_after_restart(
        voter_and_kiosk: tuple[RegisterVoter, KioskApp], tmp_path: Path) -> None:
    voter, kiosk = voter_and_kiosk
    ref = ref_of(kiosk, voter)
    messages = []
    for attempt in range(5):
        with pytest.raises(IdentityRefused) as caught:
            if attempt % 2:
                kiosk.verify_identity(ref, _other_numen(voter.numen), voter.birth)
            else:
                kiosk.verify_identity(ref, voter.numen, "01/01/1960")
        messages.append(caught.value.message)
        assert voter.numen not in caught.value.message and "1975" not in caught.value.message
    assert "Encore 4 essai(s)" in messages[0]
    # The same message whichever part was wrong: nothing tells NUMEN from birth date.
    assert messages[0].split(" Encore")[0] == messages[1].split(" Encore")[0]
    assert "suspendue jusqu'à" in messages[4]
    with pytest.raises(IdentityRefused) as caught:
        kiosk.verify_identity(ref, voter.numen, voter.birth)  # right, but locked
    assert caught.value.code == "voter_locked"
    assert _actions(kiosk).count("identity.mismatch") == 4
    assert _actions(kiosk).count("identity.locked") == 1
    kiosk.close()
    restarted = build_kiosk(tmp_path / "kiosk", background=False)
    try:
        restarted.sign_in(AGENT, PASSWORD)
        with pytest.raises(IdentityRefused):
            restarted.verify_identity(ref, voter.numen, voter.birth)
        restarted.sync_now()  # a pull must not lift a local lockout
        with pytest.raises(IdentityRefused):
            restarted.verify_identity(ref, voter.numen, voter.birth)
    finally:
        restarted.close()


def test_sealed_letter_and_handover_reach_the_centre(
        voter_and_kiosk: tuple[RegisterVoter, KioskApp], ready_centre: Centre) -> None:
    voter, kiosk = voter_and_kiosk
    letter = kiosk.prepare_letter(ref_of(kiosk, voter))
    assert letter.numen == voter.numen
    assert re.fullmatch(r"0211234C-\d{8}-[A-Z2-9]{6}", letter.serial)
    assert kiosk.prepare_letter(letter.voter_ref).serial != letter.serial
    record = kiosk.record_handover(letter)
    assert record.serial == letter.serial and record.agent == AGENT
    assert record.voter_name == f"{voter.last_name} {voter.first_name}"
    today = datetime.now(PARIS).date()
    assert [h.serial for h in kiosk.day_handovers(today)] == [letter.serial]
    with pytest.raises(ServiceError) as caught:
        kiosk.record_handover(letter)
    assert caught.value.code == "serial_used"
    assert kiosk.status().pending == 1
    status = kiosk.sync_now()
    assert status.pending == 0 and status.follow_up == 0
    from sqlalchemy import create_engine, text

    engine = create_engine(ready_centre.database_url)
    with engine.connect() as connection:
        serials = list(connection.execute(text("SELECT serial FROM seal_handovers")).scalars())
    engine.dispose()
    assert letter.serial in serials
    assert {"letter.prepared", "seal.handed_over"} <= set(_actions(kiosk))


def test_documents_are_delegated_to_the_documents_module(
        voter_and_kiosk: tuple[RegisterVoter, KioskApp], tmp_path: Path, qapp: object) -> None:
    voter, kiosk = voter_and_kiosk
    letter = kiosk.prepare_letter(ref_of(kiosk, voter))
    path = kiosk.render_letter_pdf(letter, tmp_path / "letter.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert kiosk.qr_png("https://127.0.0.1/v1/requests/ABCDEFGHJKLMNPQR").startswith(
        b"\x89PNG")


def test_the_submission_path_counts_misses_too(
        voter_and_kiosk: tuple[RegisterVoter, KioskApp]) -> None:
    voter, kiosk = voter_and_kiosk
    ref = ref_of(kiosk, voter)
    for _ in range(4):
        with pytest.raises(IdentityRefused):
            kiosk.verify_identity(ref, _other_numen(voter.numen), voter.birth)
    with pytest.raises(IdentityRefused) as caught:
        kiosk.submit_request(form_for(kiosk, voter, "0612000001", ref=ref,
                                      numen=_other_numen(voter.numen)))
    assert caught.value.code == "voter_locked"
    with pytest.raises(IdentityRefused):
        kiosk.submit_request(form_for(kiosk, voter, "0612000001", ref=ref))
    assert kiosk.status().pending == 0
