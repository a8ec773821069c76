"""A wrong NUMEN and a wrong date of birth take the same path: the same constant-time
comparisons, on arguments of the same lengths, the same keyed hashes, the same refusal.

No stopwatch here (timing belongs in benchmarks/ and is noisy on a shared machine): a spy on
``hmac.compare_digest`` and ``hmac.new`` records every comparison and keyed hash made while the
identity is checked, at the kiosk (the real services against a real centre) and in
``kiosk.domain.decide()``, which the centre runs on its side. If one path compared fewer things,
or short-circuited, the recorded sequences would differ.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.calendar import ElectionCalendar
from kiosk.domain.decision import Channel, Reason, ReissueRequest, VoterState, decide
from kiosk.services.app import KioskApp
from kiosk.services.contracts import IdentityRefused
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    enrolled_kiosk,
    new_voter,
    prepare_centre,
    ref_of,
)

Calls = list[tuple[str, int, int]]


class Spy:
    """Records (kind, length, length) of every comparison and keyed hash while active."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: Calls = []
        real_compare, real_new = hmac.compare_digest, hmac.new

        def compare(a: Any, b: Any) -> bool:
            self.calls.append(("compare", len(a), len(b)))
            return real_compare(a, b)

        def new(key: Any, msg: Any = None, digestmod: Any = None) -> Any:
            self.calls.append(("hmac", len(key), len(msg or b"")))
            return real_new(key, msg, digestmod)

        monkeypatch.setattr(hmac, "compare_digest", compare)
        monkeypatch.setattr(hmac, "new", new)

    def during(self, action: Callable[[], object]) -> Calls:
        self.calls = []
        with contextlib.suppress(IdentityRefused):
            action()
        return list(self.calls)


def _other_numen(numen: str) -> str:
    return numen[:-1] + ("Z" if numen[-1] != "Z" else "Y")


# --- the rule both sides run ----------------------------------------------------------------
def test_decide_compares_both_parts_whichever_is_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime(2026, 11, 20, 10, tzinfo=UTC)
    state = VoterState(voter_key="k", numen="01E9501234ABC", birth_date=date(1975, 3, 15),
                       requests_used=0, id_version=0, phone_owner_key=None)

    def request(numen: str, birth: date) -> ReissueRequest:
        return ReissueRequest(numen, birth, "+33612345678", Channel.SMS, now)

    spy = Spy(monkeypatch)
    calendar = ElectionCalendar.example_2018()
    paths = {}
    for name, typed in {"wrong numen": request("01E9501234ABD", date(1975, 3, 15)),
                        "wrong date": request("01E9501234ABC", date(1975, 3, 16)),
                        "both wrong": request("99Z9999999ZZZ", date(1960, 1, 1))}.items():
        decision = None

        def run(typed: ReissueRequest = typed) -> None:
            nonlocal decision
            decision = decide(typed, state, calendar, now)

        paths[name] = spy.during(run)
        assert decision is not None and decision.reason is Reason.IDENTITY_MISMATCH
    assert paths["wrong numen"] == paths["wrong date"] == paths["both wrong"]
    assert [c[0] for c in paths["wrong numen"]] == ["compare", "compare"]


# --- the kiosk, through its services ---------------------------------------------------------
@pytest.fixture(scope="module")
def kiosk(module_centre: Centre, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[KioskApp]:
    prepare_centre(module_centre, tmp_path_factory.mktemp("register"), [])
    kiosk = enrolled_kiosk(module_centre, tmp_path_factory.mktemp("kiosk") / "data")
    yield kiosk
    kiosk.close()


def fresh_voters(centre: Centre, kiosk: KioskApp, tmp: Path, count: int) -> list[RegisterVoter]:
    voters = [new_voter("Temps", "Constant") for _ in range(count)]
    add_voters(centre, tmp, voters)
    kiosk.sync_now()
    return voters


def test_the_kiosk_takes_the_same_path_for_a_wrong_numen_and_a_wrong_date(
        module_centre: Centre, kiosk: KioskApp, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    voters = fresh_voters(module_centre, kiosk, tmp_path, 4)
    refs = [ref_of(kiosk, v) for v in voters]
    spy = Spy(monkeypatch)
    # One voter per case, each at its first miss, so the miss counters are alike too.
    wrong_numen = spy.during(lambda: kiosk.verify_identity(
        refs[0], _other_numen(voters[0].numen), voters[0].birth))
    wrong_date = spy.during(lambda: kiosk.verify_identity(
        refs[1], voters[1].numen, "01/01/1960"))
    both_wrong = spy.during(lambda: kiosk.verify_identity(
        refs[2], _other_numen(voters[2].numen), "01/01/1960"))
    right = spy.during(lambda: kiosk.verify_identity(refs[3], voters[3].numen, voters[3].birth))

    compares = [c for c in wrong_numen if c[0] == "compare"]
    assert len(compares) >= 2  # the NUMEN's hash and the birth date's hash, at least
    assert wrong_numen == wrong_date == both_wrong
    # A match makes exactly the same comparisons: only what follows (audit) differs.
    assert [c for c in right if c[0] == "compare"] == compares


def test_both_refusals_read_the_same(module_centre: Centre, kiosk: KioskApp,
                                     tmp_path: Path) -> None:
    voters = fresh_voters(module_centre, kiosk, tmp_path, 2)
    refusals = []
    for voter, numen, birth in ((voters[0], _other_numen(voters[0].numen), voters[0].birth),
                                (voters[1], voters[1].numen, "01/01/1960")):
        with pytest.raises(IdentityRefused) as caught:
            kiosk.verify_identity(ref_of(kiosk, voter), numen, birth)
        refusals.append((caught.value.code, caught.value.field, caught.value.message))
    assert refusals[0] == refusals[1]

