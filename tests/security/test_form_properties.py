"""The request form, whatever is typed in it, through the real kiosk services against a real
centre: a confirmation, or a French refusal (``ServiceError``) naming what to fix. Never another
exception, never a record written for a refused form.

Fields mix what a careful agent types (the voter's own NUMEN and birth date, a good phone, a
fresh security code) with anything at all, so the examples reach every step: the form checks,
the security code, the identity check (and its lockout), the local decision and the centre's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.services.app import KioskApp
from kiosk.services.contracts import Confirmation, RequestForm, ServiceError
from kiosk.store.models import OutboxRecord
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    enrolled_kiosk,
    new_voter,
    prepare_centre,
    ref_of,
    submit,
)

FIELDS = {"voter_ref", "numen", "birth_date", "phone", "channel", "identity_document",
          "security_code", None}


@pytest.fixture(scope="module")
def counter(module_centre: Centre, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[KioskApp, list[RegisterVoter]]]:
    voters = [new_voter("Formulaire", "Hypothèse") for _ in range(3)]
    prepare_centre(module_centre, tmp_path_factory.mktemp("register"), voters)
    kiosk = enrolled_kiosk(module_centre, tmp_path_factory.mktemp("kiosk") / "data")
    yield kiosk, voters
    kiosk.close()


def outbox_size(kiosk: KioskApp) -> int:
    store = kiosk.ctx.require_enrolled().store
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRecord)) or 0)


def typed(good: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    """What a careful agent types (eight times in ten), a near miss, or anything at all, so
    that a good share of the examples get past the form checks to the decisions."""
    return st.integers(0, 9).flatmap(
        lambda n: st.text(max_size=30) if n == 0
        else st.sampled_from(odd) if n == 1 else st.sampled_from(good))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_any_request_form_is_a_confirmation_or_a_french_refusal(
        counter: tuple[KioskApp, list[RegisterVoter]], data: st.DataObject) -> None:
    kiosk, voters = counter
    voter = data.draw(st.sampled_from(voters))
    ref = ref_of(kiosk, voter)
    challenge = kiosk.new_security_challenge()
    expected = kiosk.ctx.challenges.peek(challenge.token) or ""
    day, month, year = voter.birth.split("/")
    form = RequestForm(
        voter_ref=data.draw(typed([ref], ["0", "99999", "-1", " "])),
        numen=data.draw(typed([voter.numen, voter.numen.lower()], [voter.numen[:-1] + "Z"])),
        birth_date=data.draw(typed([voter.birth], [f"{year}-{month}-{day}", "31/02/1975",
                                                   "01/01/1960"])),
        phone=data.draw(typed([f"06 {n:02d} 12 34 56" for n in range(10, 99, 3)]
                              + ["+262 692 12 34 56"], ["01 23 45 67 89", "+1 202"])),
        channel=data.draw(typed(["sms", "email"], ["SMS", "pigeon"])),
        identity_document=data.draw(typed(["Carte nationale d'identité", "Passeport"],
                                          ["", "x" * 51])),
        challenge_token=data.draw(typed([challenge.token], ["", "jeton-inconnu"])),
        security_code=data.draw(typed([expected, f" {expected} "], ["0000", "12a4"])),
    )
    before = outbox_size(kiosk)
    try:
        confirmation = kiosk.submit_request(form)
    except ServiceError as exc:
        event(f"refused: {exc.code}")  # --hypothesis-show-statistics shows what was reached
        assert exc.message.strip() and exc.code
        assert exc.field in FIELDS
        assert voter.numen not in exc.message and voter.birth not in exc.message
        assert outbox_size(kiosk) == before  # a refused form writes no record
    else:
        event("accepted")
        assert isinstance(confirmation, Confirmation)
        assert outbox_size(kiosk) == before + 1


def test_the_careful_form_is_accepted(module_centre: Centre,
                                      counter: tuple[KioskApp, list[RegisterVoter]],
                                      tmp_path: Path) -> None:
    """The property can reach acceptance: the careful values of its strategies pass."""
    kiosk, _ = counter
    voter = new_voter("Formulaire", "Soigneux")
    add_voters(module_centre, tmp_path, [voter])
    kiosk.sync_now()
    before = outbox_size(kiosk)
    assert submit(kiosk, voter, "06 98 76 54 32").reference
    assert outbox_size(kiosk) == before + 1
