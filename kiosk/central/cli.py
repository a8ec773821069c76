"""``kiosk-central``: serve the centre and administer it.

Settings options (``--data-dir``, ``--database-url``, ...) go before or after the subcommand;
each also has a ``KIOSK_CENTRAL_*`` variable. Every command first brings the database schema to
head. Expected problems print a French message on stderr and exit with status 2 (never a
traceback); ``verify-audit`` exits with 1 when the chain is broken.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.settings import (
    CentralSettings,
    SettingsError,
    add_settings_arguments,
    settings_from_args,
)
from kiosk.french_argparse import FrenchParser

EXIT_OK, EXIT_BROKEN, EXIT_ERROR = 0, 1, 2
PASSWORD_ENV = "KIOSK_CENTRAL_AGENT_PASSWORD"  # noqa: S105 - a variable name


class CliError(Exception):
    """An expected failure: its message (French) is printed, exit status 2."""


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in a bare container
        return "cli"


_engines: list[Engine] = []


def _sessions(settings: CentralSettings) -> sessionmaker[Session]:
    from kiosk.central.server import prepare
    from kiosk.store.engine import make_engine, make_sessionmaker

    prepare(settings)
    engine = make_engine(settings.database_url)
    _engines.append(engine)  # disposed when the command ends (main may run in a test process)
    return make_sessionmaker(engine)


@contextlib.contextmanager
def _reading(settings: CentralSettings) -> Iterator[Session]:
    """A session for a command that only reads (verify-audit, the listings, the report). On
    the SQLite centre it takes no write lock, as the API's reads do: a verification of a long
    audit chain would otherwise hold every decision of the running centre until it ends."""
    from kiosk.store.engine import read_only

    sessions = _sessions(settings)  # brings the schema to head first: that one may write
    with read_only(), sessions() as session:
        yield session


# --- commands ---------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.server import serve

    return serve(settings)


def cmd_import_register(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.keys import load_or_create_keyring
    from kiosk.central.register_import import import_register

    sessions = _sessions(settings)
    report = import_register(
        sessions, load_or_create_keyring(settings), Path(args.file), skip_bad=args.skip_bad,
        actor=_actor(),
    )
    for problem in report.problems[:200]:
        print(problem, file=sys.stderr)
    if len(report.problems) > 200:
        print(f"... et {len(report.problems) - 200} autres lignes refusées.", file=sys.stderr)
    print(report.summary())
    return EXIT_ERROR if report.problems and not args.skip_bad else EXIT_OK


def cmd_set_calendar(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import set_calendar
    from kiosk.domain.calendar import ElectionCalendar, format_paris, parse_paris_datetime

    calendar = ElectionCalendar(
        requests_open=parse_paris_datetime(args.requests_open),
        voting_opens=parse_paris_datetime(args.voting_opens),
        voting_closes=parse_paris_datetime(args.voting_closes),
        results=parse_paris_datetime(args.results),
    )
    with _sessions(settings).begin() as session:
        set_calendar(session, calendar, actor=_actor())
    print("Calendrier enregistré (heure de Paris) :")
    print(f"  ouverture des demandes : {format_paris(calendar.requests_open)}")
    print(f"  ouverture du vote      : {format_paris(calendar.voting_opens)}")
    print(f"  clôture du vote        : {format_paris(calendar.voting_closes)}")
    print(f"  résultats              : {format_paris(calendar.results)}")
    return EXIT_OK


def cmd_enrol_kiosk(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import create_enrolment_code
    from kiosk.domain.calendar import format_paris

    with _sessions(settings).begin() as session:
        code, expires_at = create_enrolment_code(
            session, args.establishment or [], ttl=settings.enrolment_code_ttl, actor=_actor()
        )
    print(f"Code d'enrôlement à usage unique pour {', '.join(sorted(set(args.establishment)))}"
          f", valable jusqu'au {format_paris(expires_at)} :")
    print(code)
    return EXIT_OK


def _read_password(username: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError(
            f"Mot de passe absent : donnez-le dans la variable {PASSWORD_ENV} "
            "ou lancez la commande dans un terminal."
        )
    first = getpass.getpass(f"Mot de passe de {username} : ")
    if getpass.getpass("Confirmez le mot de passe : ") != first:
        raise CliError("Les deux mots de passe saisis diffèrent.")
    return first


def cmd_add_agent(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import add_agent, check_password_policy
    from kiosk.central.agent_scope import agent_key

    username = agent_key(args.username)
    password = _read_password(args.username)
    # Checked before touching the database, so a refusal costs nothing.
    check_password_policy(password, username=username, email=args.email)
    with _sessions(settings).begin() as session:
        add_agent(session, args.username, display_name=args.name, role=args.role,
                  establishments=args.establishment or [], password=password,
                  email=args.email, actor=_actor(), update=args.update)
    print(f"Agent {username} enregistré ({args.role}).")
    return EXIT_OK


def cmd_deactivate_agent(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import deactivate_agent

    with _sessions(settings).begin() as session:
        agent = deactivate_agent(session, args.username, actor=_actor())
        name = agent.username
    print(f"Agent {name} désactivé : les bornes refuseront sa connexion dès leur prochaine "
          "synchronisation (add-agent --update avec un nouveau mot de passe le réactive).")
    return EXIT_OK


def cmd_verify_audit(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.store import audit

    try:
        anchors = [audit.parse_anchor(text) for text in args.anchor or ()]
    except ValueError as exc:
        raise CliError(str(exc)) from None
    with _reading(settings) as session:
        walked = audit.check(session, anchors)
    problems, count, last = walked.problems, walked.count, walked.last
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"Journal d'audit ROMPU : {len(problems)} anomalie(s) sur {count} entrées.")
        return EXIT_BROKEN
    held = f", {len(anchors)} ancre(s) retrouvée(s)" if anchors else ""
    print(f"Journal d'audit intègre : {count} entrées vérifiées{held}.")
    if last is not None:
        # Its own last line, for a script to keep it elsewhere (another host, a ticket).
        print("Ancre à conserver hors de la base (verify-audit --anchor) :")
        print(last)
    return EXIT_OK


def cmd_issue_platform_token(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import issue_platform_token

    with _sessions(settings).begin() as session:
        token = issue_platform_token(session, actor=_actor())
    print("Jeton de la plateforme de vote (affiché une seule fois, conservez-le) :")
    print(token)
    return EXIT_OK


def cmd_revoke_kiosk(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.admin import revoke_kiosk

    with _sessions(settings).begin() as session:
        kiosk = revoke_kiosk(session, args.kiosk_id, actor=_actor())
        named = f"{kiosk.id} ({', '.join(sorted(kiosk.establishments or ()))})"
    print(f"Borne {named} révoquée : son jeton est désormais refusé.")
    return EXIT_OK


def _print_listing(settings: CentralSettings, establishments: list[str] | None,
                   listing: Callable[[Session, Sequence[str]], str]) -> int:
    with _reading(settings) as session:
        print(listing(session, establishments or []))
    return EXIT_OK


def cmd_list_kiosks(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.listings import kiosks_text

    return _print_listing(settings, args.establishment, kiosks_text)


def cmd_list_agents(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.listings import agents_text

    return _print_listing(settings, args.establishment, agents_text)


def cmd_dispatch(args: argparse.Namespace, settings: CentralSettings) -> int:
    import threading

    from kiosk.central.keys import load_or_create_keyring
    from kiosk.central.notify.dispatcher import Dispatcher, run_forever

    sessions = _sessions(settings)
    if args.once:
        sent = Dispatcher(sessions, load_or_create_keyring(settings), settings).run_once()
        print(f"{sent} message(s) envoyé(s).")
        return EXIT_OK
    from kiosk.central.server import configure_logging

    configure_logging()
    print("Envoi des notifications en cours (Ctrl+C pour arrêter).", flush=True)
    stop = threading.Event()
    try:
        run_forever(settings, stop)
    except KeyboardInterrupt:
        stop.set()
    return EXIT_OK


def cmd_rotate_keys(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.keys import rotate_keyring
    from kiosk.store import audit

    sessions = _sessions(settings)
    rotate_keyring(settings)
    with sessions.begin() as session:
        audit.append(session, actor=_actor(), action="keys.rotated", subject="keyring",
                     details={})
    print("Nouvelle clé de chiffrement en service ; les anciennes restent pour déchiffrer.")
    print("Redémarrez le centre (serve, dispatch) pour qu'il la prenne en compte.")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.report import academy_report, parse_day, write_report

    try:
        day = parse_day(args.day)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    with _reading(settings) as session:
        lines = academy_report(session, day)
    count = write_report(lines, day, Path(args.out))
    print(f"Rapport du {day.strftime('%d/%m/%Y')} écrit dans {args.out} "
          f"({count} académie(s)).")
    return EXIT_OK


# --- parser -----------------------------------------------------------------------------
Command = Callable[[argparse.Namespace, CentralSettings], int]

def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="kiosk-central", description="Centre de réassort des identifiants électeurs."
    )
    add_settings_arguments(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    def command(name: str, func: Command, helptext: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=helptext, description=helptext)
        add_settings_arguments(p, suppress=True)
        p.set_defaults(func=func)
        return p

    command("serve", cmd_serve, "Servir l'API en HTTPS (et envoyer les notifications).")
    p = command("import-register", cmd_import_register, "Charger ou mettre à jour le registre.")
    p.add_argument("file", metavar="FICHIER.csv")
    p.add_argument("--skip-bad", action="store_true",
                   help="charger les lignes valides et signaler les autres")
    p = command("set-calendar", cmd_set_calendar, "Fixer le calendrier du scrutin.")
    for option in ("--requests-open", "--voting-opens", "--voting-closes", "--results"):
        p.add_argument(option, required=True, metavar="DATE_ISO")
    p = command("enrol-kiosk", cmd_enrol_kiosk, "Créer un code d'enrôlement de borne.")
    p.add_argument("--establishment", action="append", required=True, metavar="UAI")
    p = command("add-agent", cmd_add_agent, "Créer un compte d'agent.")
    p.add_argument("username", metavar="IDENTIFIANT")
    p.add_argument("--name", required=True, metavar="NOM_AFFICHÉ")
    p.add_argument("--role", choices=("agent", "supervisor"), default="agent")
    p.add_argument("--establishment", action="append", required=True, metavar="UAI")
    p.add_argument("--email", default=None, help="adresse professionnelle (politique de mot "
                   "de passe)")
    p.add_argument("--update", action="store_true", help="modifier un agent existant")
    p = command("list-agents", cmd_list_agents, "Lister les comptes d'agents.")
    p.add_argument("--establishment", action="append", metavar="UAI",
                   help="seulement les agents de cet établissement (répétable)")
    p = command("deactivate-agent", cmd_deactivate_agent,
                "Désactiver un compte d'agent (départ, mot de passe divulgué).")
    p.add_argument("username", metavar="IDENTIFIANT")
    p = command("verify-audit", cmd_verify_audit, "Vérifier la chaîne du journal d'audit.")
    p.add_argument("--anchor", action="append", metavar="NUMÉRO:EMPREINTE",
                   help="une ancre imprimée par un verify-audit précédent et gardée hors de la "
                   "base : le journal doit encore la contenir (répétable)")
    command("issue-platform-token", cmd_issue_platform_token,
            "Créer un jeton pour la plateforme de vote.")
    p = command("list-kiosks", cmd_list_kiosks,
                "Lister les bornes enrôlées (pour en retrouver une à révoquer).")
    p.add_argument("--establishment", action="append", metavar="UAI",
                   help="seulement les bornes de cet établissement (répétable)")
    p = command("revoke-kiosk", cmd_revoke_kiosk, "Révoquer une borne.")
    p.add_argument("kiosk_id", metavar="ID_BORNE", help="affiché par list-kiosks")
    p = command("dispatch", cmd_dispatch, "Envoyer les notifications en attente.")
    p.add_argument("--once", action="store_true", help="vider la file puis s'arrêter")
    command("rotate-keys", cmd_rotate_keys, "Mettre en service une nouvelle clé de chiffrement.")
    p = command("report", cmd_report, "Écrire le rapport d'un jour par académie (CSV).")
    p.add_argument("--day", required=True, metavar="AAAA-MM-JJ")
    p.add_argument("--out", required=True, metavar="FICHIER.csv")
    return parser


def _expected_errors() -> tuple[type[BaseException], ...]:
    """Errors that are the user's or the environment's, not bugs: message, no traceback."""
    from kiosk.central.admin import AdminError
    from kiosk.central.keys import KeyFileError
    from kiosk.central.register_import import RegisterFileError
    from kiosk.domain.errors import DomainError

    return (CliError, SettingsError, AdminError, KeyFileError, RegisterFileError, DomainError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        code: int = args.func(args, settings)
        return code
    except KeyboardInterrupt:
        return 130
    except OperationalError:
        print("Erreur : base de données injoignable ou refusée (vérifiez --database-url).",
              file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:
        if isinstance(exc, _expected_errors()):
            print(f"Erreur : {exc}", file=sys.stderr)
            return EXIT_ERROR
        if isinstance(exc, OSError):
            name = f" ({exc.filename})" if exc.filename else ""
            print(f"Erreur : fichier ou répertoire inaccessible{name} : "
                  f"{exc.strerror or type(exc).__name__}.", file=sys.stderr)
            return EXIT_ERROR
        raise
    finally:
        while _engines:
            _engines.pop().dispose()


if __name__ == "__main__":
    sys.exit(main())
