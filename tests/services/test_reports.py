"""Issue 9, services side: the daily report, the handover register, the counter look-up, the
supervisor-only refusals and the centre's per-académie report, against the real centre (TLS on
loopback) and the real kiosk store. Figures are checked against what each test did."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from kiosk.domain.calendar import PARIS
from kiosk.services.app import KioskApp, build_kiosk
from kiosk.services.contracts import RequestRefused, ServiceError
from kiosk.services.daily_contracts import DESTROYED, HANDED, OUTSTANDING, Forbidden
from kiosk.services.paths import load_config, save_config
from kiosk.services.requests import SENT, WAITING
from kiosk.store.models import AuditEntry
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import (
    AGENT,
    OTHER_UAI,
    PASSWORD,
    UAI,
    add_voters,
    cli_ok,
    enrolled_kiosk,
    new_phone,
    new_voter,
    prepare_centre,
    ref_of,
    submit,
)

SUPERVISOR = "sup.registre"
SUPERVISOR_PASSWORD = "Superviseur2026"


@pytest.fixture(scope="module")
def centre(module_centre: Centre, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Centre]:
    prepare_centre(module_centre, tmp_path_factory.mktemp("register"), [])
    cli_ok(module_centre, "add-agent", SUPERVISOR, "--name", "Sophie Registre", "--role",
           "supervisor", "--establishment", UAI,
           env={"KIOSK_CENTRAL_AGENT_PASSWORD": SUPERVISOR_PASSWORD})
    yield module_centre


def today() -> date:
    return datetime.now(UTC).astimezone(PARIS).date()


def reopen(kiosk: KioskApp, url: str, username: str = AGENT, password: str = PASSWORD
           ) -> KioskApp:
    """The same kiosk (same data) restarted with the centre at ``url``: a dead port is the
    network cable pulled out."""
    directory = kiosk.ctx.data_dir
    kiosk.close()
    save_config(directory, load_config(directory).with_changes(centre_url=url))
    again = build_kiosk(directory, background=False)
    again.sign_in(username, password)
    return again


def pdf_text(path: Path) -> str:
    """The PDF's words, separated by single spaces (Qt writes some spaces as tabs)."""
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def hand_letter(kiosk: KioskApp, ref: str, *, handed: bool = True) -> str:
    letter = kiosk.prepare_letter(ref)
    kiosk.letter_printed(letter)
    if handed:
        kiosk.record_handover(letter)
    return letter.serial


def test_daily_report_figures_are_what_was_done(centre: Centre, tmp_path: Path) -> None:
    voters = [new_voter("Rapport") for _ in range(6)]
    elsewhere = new_voter("Ailleurs", establishment=OTHER_UAI)  # not this kiosk's school
    rival = new_voter("Autre")
    add_voters(centre, tmp_path, [*voters, elsewhere, rival])
    kiosk = enrolled_kiosk(centre, tmp_path / "k1")
    other = enrolled_kiosk(centre, tmp_path / "k2")
    a, b, c, d, e, f = voters
    shared, spare = new_phone(), new_phone()
    try:
        refs = {v: ref_of(kiosk, v) for v in voters}
        assert submit(kiosk, a, new_phone(), ref=refs[a]).state == SENT
        first = new_phone()
        assert submit(kiosk, b, first, ref=refs[b]).state == SENT
        with pytest.raises(RequestRefused) as refused:  # the kiosk knows the phone is b's
            submit(kiosk, c, first, ref=refs[c])
        assert refused.value.code == "phone_taken"
        hand_letter(kiosk, refs[c])
        kiosk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
        assert submit(kiosk, d, new_phone(), ref=refs[d]).state == SENT
        hand_letter(kiosk, refs[d])

        # Offline: two acceptances; meanwhile another kiosk takes the first one's phone.
        dead = f"https://127.0.0.1:{free_port()}"
        kiosk = reopen(kiosk, dead)
        assert submit(kiosk, e, shared, ref=refs[e]).state == WAITING
        assert submit(kiosk, f, spare, ref=refs[f]).state == WAITING
        assert submit(other, rival, shared).state == SENT
        kiosk = reopen(kiosk, centre.base_url)
        status = kiosk.sync_now()
        assert (status.pending, status.follow_up) == (0, 1)
        # And one more left waiting for the centre.
        kiosk = reopen(kiosk, dead)
        assert submit(kiosk, a, new_phone(), ref=refs[a]).state == WAITING
        kiosk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)

        report = kiosk.daily_report(today())
        school = report.line("establishment", UAI)
        assert (school.accepted, school.pending, school.handed_over) == (4, 1, 2)
        assert dict(school.refused) == {"phone_taken": 2}
        assert report.establishments == (UAI,)
        agent = report.line("agent", AGENT)
        assert (agent.accepted, agent.pending, agent.handed_over) == (3, 1, 1)
        assert dict(agent.refused) == {"phone_taken": 2}
        boss = report.line("agent", SUPERVISOR)
        assert (boss.accepted, boss.pending, boss.handed_over, boss.refused_total) == \
            (1, 0, 1, 0)
        assert report.total.accepted == 4 and report.total.refused_total == 2
        assert kiosk.daily_report(today() - timedelta(days=1)).total.accepted == 0

        path = kiosk.write_report_csv(report, tmp_path / "rapport.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        by_key = {(r["niveau"], r["établissement ou agent"]): r for r in rows}
        line = by_key[("établissement", UAI)]
        assert (line["demandes acceptées"], line["en attente de synchronisation"],
                line["demandes refusées"], line["refus : mobile d'un autre électeur"],
                line["plis remis"]) == ("4", "1", "2", "2", "2")
        assert by_key[("agent", SUPERVISOR)]["demandes acceptées"] == "1"
        assert by_key[("total", "")]["demandes acceptées"] == "4"

        pdf = kiosk.render_report_pdf(report, tmp_path / "rapport.pdf")
        text = pdf_text(pdf)
        assert "Rapport quotidien" in text and UAI in text and SUPERVISOR in text
        assert "mobile d'un autre électeur : 2" in text
    finally:
        kiosk.close()
        other.close()


def test_register_lists_exactly_the_days_letters(centre: Centre, tmp_path: Path) -> None:
    handed, waiting, ignored = new_voter("Remis"), new_voter("Attente"), new_voter("Autre")
    add_voters(centre, tmp_path, [handed, waiting, ignored])
    kiosk = enrolled_kiosk(centre, tmp_path / "k")
    try:
        assert kiosk.day_register(today()) == []
        first = hand_letter(kiosk, ref_of(kiosk, handed))
        second = hand_letter(kiosk, ref_of(kiosk, waiting), handed=False)
        kiosk.prepare_letter(ref_of(kiosk, ignored))  # prepared, never printed: not a letter
        entries = kiosk.day_register(today())
        assert [(e.serial, e.state) for e in entries] == [(first, HANDED), (second, OUTSTANDING)]
        assert entries[0].voter_name == f"{handed.last_name} {handed.first_name}"
        assert entries[0].agent == AGENT
        assert kiosk.day_register(today() - timedelta(days=1)) == []

        with pytest.raises(Forbidden):  # an agent may not record a destruction
            kiosk.mark_destroyed(second)
        kiosk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
        with pytest.raises(ServiceError, match="remis"):
            kiosk.mark_destroyed(first)
        done = kiosk.mark_destroyed(second)
        assert (done.state, done.destroyed_by) == (DESTROYED, SUPERVISOR)
        with pytest.raises(ServiceError, match="déjà"):
            kiosk.mark_destroyed(second)
        entries = kiosk.day_register(today())
        assert [(e.serial, e.state) for e in entries] == [(first, HANDED), (second, DESTROYED)]
        assert not any(e.outstanding for e in entries)
        with kiosk.ctx.require_enrolled().store.sessions() as session:
            actions = session.scalars(select(AuditEntry.action)).all()
        assert "letter.destroyed" in actions and "letter.printed" in actions

        pdf = kiosk.render_register_pdf(today(), tmp_path / "emargement.pdf")
        text = pdf_text(pdf)
        assert first in text and second in text and "détruit" in text
    finally:
        kiosk.close()


def test_supervisor_tools_are_refused_to_agents(centre: Centre, tmp_path: Path) -> None:
    kiosk = enrolled_kiosk(centre, tmp_path / "k")
    try:
        with pytest.raises(Forbidden) as caught:
            kiosk.daily_report(today())
        assert "superviseur" in caught.value.message
        kiosk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
        report = kiosk.daily_report(today())
        kiosk.sign_in(AGENT, PASSWORD)
        with pytest.raises(Forbidden):
            kiosk.write_report_csv(report, tmp_path / "r.csv")
        with pytest.raises(Forbidden):
            kiosk.render_report_pdf(report, tmp_path / "r.pdf")
        assert not (tmp_path / "r.csv").exists() and not (tmp_path / "r.pdf").exists()
    finally:
        kiosk.close()


def test_counter_lookup_shows_history_without_secrets(centre: Centre, tmp_path: Path) -> None:
    voter = new_voter("Historique", establishment=UAI)
    add_voters(centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(centre, tmp_path / "k")
    phone = "+262 692 12 34 56"  # a Réunion mobile: its times are shown in Réunion time
    try:
        ref = ref_of(kiosk, voter)
        done = submit(kiosk, voter, phone, ref=ref)
        history = kiosk.voter_history(ref)
        assert (history.requests_used, history.requests_left) == (1, 2)
        [entry] = history.entries
        assert (entry.state, entry.channel, entry.region) == ("sent", "sms", "RE")
        assert entry.phone_masked == done.phone_masked and "12 34" not in entry.phone_masked
        shown = repr(history)
        for secret in (voter.numen, voter.birth, done.reference, "692123456"):
            assert secret not in shown
    finally:
        kiosk.close()


def test_centre_report_per_academy(centre: Centre, tmp_path: Path) -> None:
    dijon, amiens = new_voter("Dijon"), new_voter("Amiens", establishment=OTHER_UAI)
    add_voters(centre, tmp_path, [dijon, amiens])
    kiosk = enrolled_kiosk(centre, tmp_path / "k", UAI, OTHER_UAI)
    out = tmp_path / "academies.csv"
    try:
        cli_ok(centre, "report", "--day", today().isoformat(), "--out", str(out))
        before = _academies(out)
        submit(kiosk, dijon, new_phone())
        submit(kiosk, amiens, new_phone())
        hand_letter(kiosk, ref_of(kiosk, amiens))
        kiosk.sync_now()  # the handover record goes to the centre
    finally:
        kiosk.close()
    cli_ok(centre, "report", "--day", today().isoformat(), "--out", str(out))
    after = _academies(out)

    def delta(academy: str, column: str) -> int:
        old = before.get(academy, {}).get(column, "0")
        return int(after[academy][column]) - int(old)

    assert delta("Dijon", "demandes acceptées") == 1
    assert delta("Amiens", "demandes acceptées") == 1
    assert delta("Amiens", "plis remis") == 1
    assert delta("Dijon", "plis remis") == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # opens right in a French spreadsheet
    assert not any(dijon.numen in line for line in out.read_text(encoding="utf-8-sig"))


def _academies(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["académie"]: row for row in csv.DictReader(handle, delimiter=";")}


def test_centre_report_refuses_a_bad_day_in_french(centre: Centre, tmp_path: Path) -> None:
    code, _out, err = centre.cli("report", "--day", "05/11/2026", "--out",
                                 str(tmp_path / "x.csv"))
    assert code == 2 and "AAAA-MM-JJ" in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_a_supervisor_signs_in_only_on_kiosks_of_their_establishments() -> None:
    from argon2 import PasswordHasher

    from kiosk.services.agents import FAILED, SignIn
    from kiosk.services.contracts import NotSignedIn
    from kiosk.services.local_store import PulledAgent

    verifier = PasswordHasher().hash(SUPERVISOR_PASSWORD)
    boss = PulledAgent(username="chef", display_name="Chef", role="supervisor",
                       establishments=(UAI, "0750001A"), password_hash=verifier, active=True)
    outsider = PulledAgent(username="loin", display_name="Loin", role="supervisor",
                           establishments=("0750001A",), password_hash=verifier, active=True)
    signin = SignIn()
    session = signin.check([boss, outsider], (UAI, OTHER_UAI), "chef", SUPERVISOR_PASSWORD)
    assert (session.role, session.establishments) == ("supervisor", (UAI,))
    with pytest.raises(NotSignedIn) as caught:
        signin.check([boss, outsider], (UAI, OTHER_UAI), "loin", SUPERVISOR_PASSWORD)
    assert caught.value.message == FAILED
