"""``kiosk-central`` administration commands, against a real database.

Most commands run in-process through ``main()`` (fast); a few through the real entry point in a
subprocess, to check exit codes and that no traceback reaches the terminal.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kiosk.central.admin import enrolment_code_hash, load_calendar
from kiosk.central.cli import main
from kiosk.central.keys import load_or_create_keyring
from kiosk.central.settings import CentralSettings
from kiosk.central.tokens import token_hash
from kiosk.domain.calendar import PARIS
from kiosk.store.crypto import DecryptionError
from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from kiosk.store.models import (
    Agent,
    AuditEntry,
    EnrolmentCode,
    Kiosk,
    PlatformToken,
    ReissueRequest,
)

GOOD_PASSWORD = "Secretariat2024"


@dataclass
class Cli:
    settings: CentralSettings
    env: dict[str, str]
    run: Callable[..., tuple[int, str, str]]
    engine: Callable[[], Engine]

    def session(self) -> Session:
        return make_sessionmaker(self.engine())()


@pytest.fixture
def cli(tmp_path: Path, centre_database_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    for name in [n for n in __import__("os").environ if n.startswith("KIOSK_CENTRAL_")]:
        monkeypatch.delenv(name)
    env = {"KIOSK_CENTRAL_DATA_DIR": str(tmp_path / "data"),
           "KIOSK_CENTRAL_DATABASE_URL": centre_database_url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    engines: list[Engine] = []
    upgrade(centre_database_url)  # so tests can count rows even when a command refused early

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    def engine() -> Engine:
        if not engines:
            engines.append(make_engine(centre_database_url))
        return engines[0]

    yield Cli(CentralSettings.from_env(env), env, run, engine)
    for e in engines:
        e.dispose()


def _count(cli: Cli, model: type) -> int:
    with cli.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- enrol-kiosk ----------------------------------------------------------------------------
def test_enrol_kiosk_prints_the_code_alone_on_the_last_line(cli: Cli) -> None:
    code, out, err = cli.run("enrol-kiosk", "--establishment", "0211234c")
    assert code == 0, err
    last = out.strip().splitlines()[-1]
    assert len(last.replace("-", "")) == 20 and " " not in last
    with cli.session() as session:
        row = session.scalars(select(EnrolmentCode)).one()
        assert row.code_hash == enrolment_code_hash(last) != last
        assert row.establishments == ["0211234C"]
        assert row.used_at is None
        remaining = row.expires_at - datetime.now(UTC)
        assert timedelta(hours=23) < remaining <= timedelta(hours=24)
    # Codes are what people type: lower case and missing dashes hash the same.
    assert enrolment_code_hash(last.lower().replace("-", " ")) == enrolment_code_hash(last)
    # as pasted from an e-mail: no-break spaces, an en dash, a zero-width space
    pasted = "\u00a0" + last.replace("-", "\u2013", 1).replace("-", "\u00a0") + "\u200b"
    assert enrolment_code_hash(pasted) == enrolment_code_hash(last)


def test_enrol_kiosk_for_a_supervisor_counter_takes_several_establishments(cli: Cli) -> None:
    code, _, _ = cli.run("enrol-kiosk", "--establishment", "0211234C",
                         "--establishment", "0210001A")
    assert code == 0
    with cli.session() as session:
        assert session.scalars(select(EnrolmentCode)).one().establishments == [
            "0210001A", "0211234C"]


def test_enrol_kiosk_refuses_a_bad_uai_and_stores_nothing(cli: Cli) -> None:
    code, _out, err = cli.run("enrol-kiosk", "--establishment", "'; DROP TABLE voters; --")
    assert code == 2
    assert "UAI" in err and "Traceback" not in err
    assert _count(cli, EnrolmentCode) == 0


# --- add-agent ------------------------------------------------------------------------------
@pytest.mark.parametrize(("password", "why"), [
    ("Court1", "entre 8 et 24"), ("A" * 20 + "bc1" + "x" * 5, "entre 8 et 24"),
    ("toutminuscule1", "majuscule"), ("TOUTMAJUSCULE1", "minuscule"),
    ("SansChiffreAucun", "chiffre"), ("Jean.Dupont1@ac-dijon.fr", "différent"),
])
def test_add_agent_password_policy(cli: Cli, monkeypatch: pytest.MonkeyPatch, password: str,
                                   why: str) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_AGENT_PASSWORD", password)
    code, _, err = cli.run("add-agent", "jdupont", "--name", "Jean Dupont", "--establishment",
                           "0211234C", "--email", "jean.dupont1@ac-dijon.fr")
    assert code == 2
    assert why in err and password not in err
    assert _count(cli, Agent) == 0


def test_add_agent_stores_an_argon2_hash(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_AGENT_PASSWORD", GOOD_PASSWORD)
    code, out, err = cli.run("add-agent", "JDupont", "--name", "Jean Dupont", "--role",
                             "supervisor", "--establishment", "0211234C", "--establishment",
                             "0210001A")
    assert code == 0, err
    assert GOOD_PASSWORD not in out + err
    with cli.session() as session:
        agent = session.scalars(select(Agent)).one()
        assert (agent.username, agent.role, agent.establishments, agent.active) == (
            "jdupont", "supervisor", ["0210001A", "0211234C"], True)
        assert agent.password_hash.startswith("$argon2")
        assert PasswordHasher().verify(agent.password_hash, GOOD_PASSWORD)
    code, _, err = cli.run("add-agent", "jdupont", "--name", "Autre", "--establishment",
                           "0211234C")
    assert code == 2 and "existe déjà" in err


def test_deactivate_and_list_agents(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = cli.run("list-agents")
    assert code == 0 and out.strip() == "Aucun compte d'agent."
    code, _, err = cli.run("deactivate-agent", "personne")
    assert code == 2 and "Aucun agent" in err
    monkeypatch.setenv("KIOSK_CENTRAL_AGENT_PASSWORD", GOOD_PASSWORD)
    assert cli.run("add-agent", "jdupont", "--name", "Jean Dupont", "--establishment",
                   "0211234C")[0] == 0
    code, out, err = cli.run("deactivate-agent", "JDupont")
    assert code == 0, err
    assert "jdupont désactivé" in out
    with cli.session() as session:
        agent = session.scalars(select(Agent)).one()
        assert agent.active is False and PasswordHasher().verify(agent.password_hash,
                                                                 GOOD_PASSWORD)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and (entry.action, entry.subject) == (
            "agent.deactivated", "jdupont")
    code, _, err = cli.run("deactivate-agent", "jdupont")
    assert code == 2 and "déjà désactivé" in err
    assert cli.run("add-agent", "chef.guichet", "--name", "Chef", "--role", "supervisor",
                   "--establishment", "0219999Z", "--establishment", "0211234C")[0] == 0
    code, out, err = cli.run("list-agents")
    assert code == 0, err
    header, chef, jean, total = out.strip().splitlines()
    assert header.split() == ["Identifiant", "Nom", "Rôle", "État", "Établissements"]
    assert chef.split() == ["chef.guichet", "Chef", "superviseur", "actif", "0211234C,",
                            "0219999Z"]
    assert jean.split() == ["jdupont", "Jean", "Dupont", "agent", "désactivé", "0211234C"]
    assert total == "2 agent(s), dont 1 désactivé(s)."
    assert "argon2" not in out
    code, out, _ = cli.run("list-agents", "--establishment", "0219999Z")
    assert [line.split()[0] for line in out.strip().splitlines()[1:-1]] == ["chef.guichet"]
    code, out, _ = cli.run("list-agents", "--establishment", "0580001K")
    assert code == 0 and out.strip() == "Aucun agent pour ces établissements."
    assert cli.run("add-agent", "jdupont", "--name", "Jean Dupont", "--establishment",
                   "0211234C", "--update")[0] == 0
    with cli.session() as session:
        assert session.scalars(select(Agent.active).where(Agent.username == "jdupont")
                               ).one() is True


def test_add_agent_without_password_and_without_terminal(cli: Cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_CENTRAL_AGENT_PASSWORD", raising=False)
    code, _, err = cli.run("add-agent", "jdupont", "--name", "Jean", "--establishment",
                           "0211234C")
    assert code == 2 and "KIOSK_CENTRAL_AGENT_PASSWORD" in err
    assert _count(cli, Agent) == 0


# --- set-calendar ---------------------------------------------------------------------------
def test_set_calendar_in_paris_time(cli: Cli) -> None:
    code, _out, err = cli.run("set-calendar", "--requests-open", "2018-11-05T00:00",
                             "--voting-opens", "2018-11-29T10:00", "--voting-closes",
                             "2018-12-06T17:00", "--results", "2018-12-07T09:00+01:00")
    assert code == 0, err
    with cli.session() as session:
        calendar = load_calendar(session)
    assert calendar is not None
    assert calendar.voting_closes == datetime(2018, 12, 6, 17, 0, tzinfo=PARIS)
    assert calendar.requests_open == datetime(2018, 11, 5, 0, 0, tzinfo=PARIS)


def test_set_calendar_refuses_a_wrong_order(cli: Cli) -> None:
    code, _, err = cli.run("set-calendar", "--requests-open", "2018-12-07T00:00",
                           "--voting-opens", "2018-11-29T10:00", "--voting-closes",
                           "2018-12-06T17:00", "--results", "2018-12-07T09:00")
    assert code == 2 and err.startswith("Erreur :") and "Traceback" not in err
    with cli.session() as session:
        assert load_calendar(session) is None


def test_set_calendar_refuses_an_unreadable_date(cli: Cli) -> None:
    code, _, err = cli.run("set-calendar", "--requests-open", "demain", "--voting-opens",
                           "2018-11-29T10:00", "--voting-closes", "2018-12-06T17:00",
                           "--results", "2018-12-07T09:00")
    assert code == 2 and "Erreur" in err


# --- tokens, kiosks -------------------------------------------------------------------------
def test_issue_platform_token_keeps_only_its_hash(cli: Cli) -> None:
    code, out, _ = cli.run("issue-platform-token")
    assert code == 0
    token = out.strip().splitlines()[-1]
    assert len(token) >= 32
    with cli.session() as session:
        row = session.scalars(select(PlatformToken)).one()
        assert row.token_hash == token_hash(token) and row.revoked_at is None


def test_revoke_kiosk(cli: Cli) -> None:
    code, _, err = cli.run("revoke-kiosk", "no-such-kiosk")
    assert code == 2 and "Aucune borne" in err
    with cli.session() as session, session.begin():
        session.add(Kiosk(id="k-1", establishments=["0211234C"], token_hash="0" * 64,
                          enrolled_at=datetime.now(UTC), revoked_at=None))
    code, out, err = cli.run("revoke-kiosk", "k-1")
    assert code == 0, err
    assert "Borne k-1 (0211234C) révoquée" in out
    with cli.session() as session:
        assert session.get(Kiosk, "k-1").revoked_at is not None  # type: ignore[union-attr]
    assert cli.run("revoke-kiosk", "k-1")[0] == 2


@pytest.mark.parametrize("centre_database_url",
                         ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_list_kiosks_shows_each_kiosk_with_its_state_and_activity(cli: Cli) -> None:
    code, out, _ = cli.run("list-kiosks")
    assert code == 0 and out.strip() == "Aucune borne enrôlée."
    enrolled = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    with cli.session() as session, session.begin():
        session.add_all([
            Kiosk(id="borne-dijon", establishments=["0211234C"], token_hash="1" * 64,
                  enrolled_at=enrolled, revoked_at=None),
            Kiosk(id="borne-guichet", establishments=["0219999Z", "0211234C"],
                  token_hash="2" * 64, enrolled_at=enrolled + timedelta(hours=1),
                  revoked_at=None),
            Kiosk(id="borne-volee", establishments=["0580001K"], token_hash="3" * 64,
                  enrolled_at=enrolled + timedelta(hours=2), revoked_at=None),
        ])
        for n, status in enumerate(("accepted", "refused", "accepted")):
            session.add(ReissueRequest(
                id=f"00000000-0000-4000-8000-00000000000{n}", kiosk_id="borne-volee",
                payload_digest="0" * 64, status=status, created_at=enrolled,
                decided_at=datetime(2026, 12, 1, 13, 40 + n, tzinfo=UTC)))
    assert cli.run("revoke-kiosk", " borne-volee ")[0] == 0  # pasted with spaces around

    code, out, err = cli.run("list-kiosks")
    assert code == 0, err
    header, dijon, counter, stolen, total = out.strip().splitlines()
    assert header.split() == ["Borne", "État", "Enrôlée", "le", "Demandes", "Dernière",
                              "demande", "Établissements"]
    assert dijon.split() == ["borne-dijon", "active", "30/11/2026", "10:05", "0", "—",
                             "0211234C"]
    assert counter.split()[:2] == ["borne-guichet", "active"]
    assert counter.endswith("0211234C, 0219999Z")
    assert stolen.startswith("borne-volee") and "révoquée le" in stolen
    # The last request, in Paris time (UTC+1 in December): used after it went missing?
    assert " 3 " in stolen and "01/12/2026 14:42" in stolen
    assert total.startswith("3 borne(s), dont 1 révoquée(s)")
    # Columns line up: each line's state starts where the header's does.
    assert len({line.index(word) for line, word in
                ((header, "État"), (dijon, "active"), (stolen, "révoquée"))}) == 1
    assert "1111" not in out and "3333" not in out  # never a token hash

    code, out, _ = cli.run("list-kiosks", "--establishment", "0211234c")
    assert code == 0
    assert [line.split()[0] for line in out.strip().splitlines()[1:-1]] == [
        "borne-dijon", "borne-guichet"]
    code, out, _ = cli.run("list-kiosks", "--establishment", "0751234A")
    assert code == 0 and out.strip() == "Aucune borne enrôlée pour ces établissements."
    code, _, err = cli.run("list-kiosks", "--establishment", "lycée")
    assert code == 2 and "UAI" in err
    code, _, err = cli.run("revoke-kiosk", "borne-inconnue")
    assert code == 2 and "list-kiosks" in err


@pytest.mark.timeout(60)  # with the write lock taken, each command would wait 30 s and fail
def test_reading_commands_do_not_wait_for_the_running_centres_writes(
        cli: Cli, tmp_path: Path) -> None:
    """On the SQLite centre a decision holds the database's write lock; a command that only
    reads must not queue behind it (nor hold it, holding up the decisions, while it reads)."""
    assert cli.run("enrol-kiosk", "--establishment", "0211234C")[0] == 0
    writer = sqlite3.connect(make_url(cli.settings.database_url).database or "",
                             isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a decision in progress, say
        started = time.monotonic()
        for args in (("verify-audit",), ("list-kiosks",), ("list-agents",),
                     ("report", "--day", "2026-12-01", "--out", str(tmp_path / "r.csv"))):
            code, _, err = cli.run(*args)
            assert code == 0, (args, err)
        assert time.monotonic() - started < 20
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --- audit ----------------------------------------------------------------------------------
def test_verify_audit_passes_then_detects_an_edit(cli: Cli) -> None:
    cli.run("enrol-kiosk", "--establishment", "0211234C")
    cli.run("issue-platform-token")
    code, out, _ = cli.run("verify-audit")
    assert code == 0 and "intègre" in out
    with cli.engine().begin() as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'intrus' WHERE seq = "
                          "(SELECT MIN(seq) FROM audit_entries)"))
    code, out, _err = cli.run("verify-audit")
    assert code == 1 and "ROMPU" in out


def rewrite_chain_from(cli: Cli, seq: int, actor: str) -> None:
    """What someone with write access to the database can do: change an entry and recompute
    every hash after it, so that the chain alone still looks whole."""
    from kiosk.store.audit import GENESIS, entry_hash

    with cli.session() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        previous = GENESIS
        for entry in entries:
            if entry.seq == seq:
                entry.actor = actor
            entry.prev_hash = previous
            entry.hash = entry_hash(entry.seq, entry.at, entry.actor, entry.action,
                                    entry.subject, entry.details_json, previous)
            previous = entry.hash
        session.commit()


def test_an_anchor_kept_elsewhere_catches_a_rewritten_or_cut_chain(cli: Cli) -> None:
    cli.run("enrol-kiosk", "--establishment", "0211234C")
    cli.run("issue-platform-token")
    code, out, _ = cli.run("verify-audit")
    lines = out.strip().splitlines()
    assert code == 0 and lines[-2].startswith("Ancre à conserver")
    anchor = lines[-1]
    assert anchor.startswith("2:") and len(anchor) == 2 + 64
    cli.run("issue-platform-token")  # the chain goes on: the anchor still holds
    code, out, _ = cli.run("verify-audit", "--anchor", anchor)
    assert code == 0 and "3 entrées vérifiées, 1 ancre(s) retrouvée(s)" in out, out
    assert out.strip().splitlines()[-1].startswith("3:")

    rewrite_chain_from(cli, 1, "intrus")
    assert cli.run("verify-audit")[0] == 0  # the chain alone cannot tell
    code, out, err = cli.run("verify-audit", "--anchor", anchor)
    assert code == 1 and "ROMPU" in out
    assert "entrée 2 : empreinte différente de l'ancre : le journal a été réécrit" in err

    with cli.engine().begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq >= 2"))
    assert cli.run("verify-audit")[0] == 0  # a cut tail neither
    code, _, err = cli.run("verify-audit", "--anchor", anchor)
    assert code == 1 and "entrée 2 de l'ancre absente : le journal a été tronqué" in err


@pytest.mark.parametrize("bad", ["2", "2:abc", "0:" + "a" * 64, "x:" + "a" * 64,
                                 "2:" + "g" * 64, "2;" + "a" * 64])
def test_a_malformed_anchor_is_refused_in_french(cli: Cli, bad: str) -> None:
    cli.run("issue-platform-token")
    code, out, err = cli.run("verify-audit", "--anchor", bad)
    assert code == 2 and "Ancre invalide : la forme attendue est NUMÉRO:EMPREINTE" in err
    assert out == ""  # nothing verified, no anchor printed


def test_every_command_writes_an_audit_entry(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_AGENT_PASSWORD", GOOD_PASSWORD)
    cli.run("enrol-kiosk", "--establishment", "0211234C")
    cli.run("issue-platform-token")
    cli.run("add-agent", "jdupont", "--name", "Jean", "--establishment", "0211234C")
    with cli.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        details = " ".join(str(d) for d in session.scalars(select(AuditEntry.details_json)))
    assert actions == ["enrolment_code.created", "platform_token.issued", "agent.added"]
    assert GOOD_PASSWORD not in details


# --- keys -----------------------------------------------------------------------------------
def test_rotate_keys_keeps_old_data_readable(cli: Cli) -> None:
    cli.run("verify-audit")
    before = load_or_create_keyring(cli.settings)
    token = before.encrypt("01E9501234ABC")
    code, _, err = cli.run("rotate-keys")
    assert code == 0, err
    after = load_or_create_keyring(cli.settings)
    assert after.decrypt(token) == "01E9501234ABC"
    with pytest.raises(DecryptionError):  # new data uses the new key, unknown to the old ring
        before.decrypt(after.encrypt("x"))
    assert oct(cli.settings.key_file.stat().st_mode & 0o777) == "0o600"


# --- import-register ------------------------------------------------------------------------
REGISTER = (
    "numen;nom;prenom;date_naissance;email;etablissement\n"
    "01E9501234ABC;Dupont;Jean;15/03/1975;jean.dupont@ac-dijon.fr;0211234C\n"
    "02A1234567XYZ;Martin;Éloïse;1980-12-01;eloise.martin@ac-amiens.fr;0801234D\n"
)


def test_import_register_command(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_text(REGISTER, encoding="utf-8")
    code, out, err = cli.run("import-register", str(path))
    assert code == 0, err
    assert "2 électeur(s) ajouté(s)" in out
    bad = tmp_path / "mauvais.csv"
    bad.write_text(REGISTER + "01E95;X;Y;01/01/1980;x@ac-dijon.fr;0211234C\n", encoding="utf-8")
    code, out, err = cli.run("import-register", str(bad))
    assert code == 2 and "Ligne 4 :" in err and "NON chargé" in out
    assert "01E95" not in err
    code, out, err = cli.run("import-register", str(bad), "--skip-bad")
    assert code == 0 and "Ligne 4 :" in err and "2 inchangé(s)" in out


# --- options and errors ---------------------------------------------------------------------
def test_global_options_before_or_after_the_subcommand(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    url = f"sqlite:///{other / 'c.db'}"
    assert cli.run("--data-dir", str(other), "--database-url", url, "issue-platform-token")[0] == 0
    assert cli.run("issue-platform-token", "--data-dir", str(other), "--database-url", url)[0] == 0
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            assert session.scalar(select(func.count()).select_from(PlatformToken)) == 2
    finally:
        engine.dispose()
    assert (other / "keys.json").exists()


def test_usage_errors_are_french(cli: Cli) -> None:
    code, _, err = cli.run("enrol-kiosk")
    assert code == 2 and "obligatoires" in err
    code, _, err = cli.run("no-such-command")
    assert code == 2 and "Erreur : option COMMANDE : choix invalide" in err
    assert "valeurs possibles" in err and "choose" not in err
    code, _, err = cli.run("serve", "--no-such-option")
    assert code == 2 and "Erreur : option inconnue : --no-such-option\n" in err
    code, _, err = cli.run("serve", "extra")
    assert code == 2 and "arguments inconnus : extra" in err


def test_a_mistyped_option_is_named_even_before_the_command(cli: Cli) -> None:
    # argparse itself calls the option's value a wrong command: "invalid choice: '2'".
    for args in (["--wor", "2", "serve"], ["--wor=2", "serve"], ["serve", "--wor", "2"]):
        code, _, err = cli.run(*args)
        assert code == 2 and err.endswith(
            "Erreur : option inconnue : --wor (vouliez-vous dire --workers ? les options "
            "s'écrivent en entier)\n"), (args, err)
    code, _, err = cli.run("--data-dir", "x", "--databse-url", "y", "serve")
    assert "option inconnue : --databse-url (vouliez-vous dire --database-url ?" in err
    code, _, err = cli.run("--zzzz", "serve")
    assert err.endswith("Erreur : option inconnue : --zzzz\n")


def test_help_is_french_and_long_options_are_written_whole(cli: Cli) -> None:
    for args in (["--help"], ["serve", "--help"], ["import-register", "-h"]):
        code, out, _ = cli.run(*args)
        assert code == 0 and out.startswith("utilisation : kiosk-central"), out
        assert "afficher cette aide et quitter" in out
        assert not {"usage:", "positional", "show", "help", "exit"} & set(out.split()), out
    code, out, _ = cli.run("--help")
    assert "\narguments:\n" in out and "\noptions:\n" in out
    # An abbreviation is not taken for the option it begins (it started a server).
    code, _, err = cli.run("--wor=2", "serve")
    assert code == 2 and "option inconnue : --wor " in err


def test_the_type_and_flag_errors_read_in_french() -> None:
    from kiosk.french_argparse import in_french

    assert in_french("argument --port: invalid int value: 'abc'") == \
        "option --port : valeur invalide : 'abc'"
    assert in_french("argument --counter: ignored explicit argument 'yes'") == \
        "option --counter : cette option ne prend pas de valeur : 'yes'"


def _subprocess(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_CENTRAL_")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "kiosk.central.cli", *args], env=full,
                          capture_output=True, text=True, timeout=120, check=False)


def test_real_entry_point_exit_codes_and_no_traceback(cli: Cli, tmp_path: Path) -> None:
    done = _subprocess(cli.env, "enrol-kiosk", "--establishment", "0211234C")
    assert done.returncode == 0
    assert len(done.stdout.strip().splitlines()[-1]) == 24
    done = _subprocess(cli.env, "import-register", str(tmp_path / "absent.csv"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Erreur" in done.stderr
    done = _subprocess({**cli.env, "KIOSK_CENTRAL_PORT": "pas-un-port"}, "verify-audit")
    assert done.returncode == 2 and "KIOSK_CENTRAL_PORT" in done.stderr
    assert "pas-un-port" not in done.stderr


def test_unreachable_database_is_a_french_error(cli: Cli, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://kiosk:motdepasse@127.0.0.1:{port}/central"
    done = _subprocess({**cli.env, "KIOSK_CENTRAL_DATABASE_URL": url}, "verify-audit")
    assert done.returncode == 2 and "base de données" in done.stderr
    assert "Traceback" not in done.stderr and "motdepasse" not in done.stderr
