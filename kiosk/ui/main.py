"""``kiosk``: the kiosk's command line.

- ``kiosk``: the window (enrolment on first run, then agent sign-in, then the wizard);
- ``kiosk --counter``: counter mode (full screen, reset on idle, supervisor to leave);
- ``kiosk demo --out DIR`` / ``kiosk demo --interactive``: a local centre and one whole request;
- ``kiosk sync``: one synchronisation with the centre, then exit;
- ``kiosk doctor``: checks and explains in French what may stop the kiosk (exit 0/1/2);
- ``kiosk --version``.
Expected problems print a French message and exit with status 2, never a traceback.
Except for the demo (its own temporary folders), the kiosk logs to ``logs/kiosk.log`` in its
data directory (:mod:`kiosk.services.logs`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import kiosk
from kiosk.french_argparse import FrenchParser
from kiosk.services.errors import ServiceError

if TYPE_CHECKING:
    from kiosk.services.contracts import KioskServices
    from kiosk.ui.window import MainWindow

EXIT_OK, EXIT_ERROR = 0, 2
STARTUP_PROBE_ENV = "KIOSK_STARTUP_PROBE"  # benchmarks: print the time the first screen is up
STARTUP_READY = "KIOSK_STARTUP_READY"  # ... and the time the services are ready
def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="kiosk", description="Borne de réassort des identifiants électeurs.")
    parser.add_argument("--version", action="version", version=f"kiosk {kiosk.__version__}")
    parser.add_argument("--counter", action="store_true",
                        help="mode guichet : plein écran, retour à l'accueil après inactivité")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DOSSIER",
                        help="dossier des données de la borne (sinon KIOSK_DATA_DIR ou le "
                             "dossier de l'utilisateur)")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    demo = sub.add_parser("demo", help="démonstration avec un centre local",
                          description="Démonstration complète avec un centre local.")
    target = demo.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="DOSSIER",
                        help="sans écran : écrire les PDF et les captures dans DOSSIER")
    target.add_argument("--interactive", action="store_true",
                        help="ouvrir la fenêtre pour un essai à la main")
    sub.add_parser("sync", help="synchroniser une fois avec le centre",
                   description="Envoyer les demandes en attente et recevoir le registre.")
    doctor = sub.add_parser(
        "doctor", help="diagnostic de la borne (centre, certificat, horloge, imprimante...)",
        description="Vérifie la borne et explique chaque problème avec sa solution. Code de "
                    "sortie : 0 tout va bien, 1 point d'attention, 2 erreur.")
    doctor.add_argument("--centre", metavar="ADRESSE", default=None,
                        help="vérifier ce centre plutôt que celui de la configuration "
                             "(avant l'enrôlement)")
    doctor.add_argument("--ca", type=Path, metavar="FICHIER", default=None,
                        help="autorité de certification à utiliser avec --centre")
    return parser


def run_gui(args: argparse.Namespace) -> int:
    from kiosk.services.deferred import DeferredServices
    from kiosk.services.logs import log_uncaught
    from kiosk.services.paths import data_dir, load_config
    from kiosk.ui.application import make_application
    from kiosk.ui.window import MainWindow

    app = make_application()
    directory = data_dir(args.data_dir)
    config = load_config(directory)

    def build_services() -> KioskServices:
        # Runs on the window's worker thread, at its first service call: the libraries the
        # services need (most of the start-up time) load while the window is already shown.
        from kiosk.services.app import build

        return build(directory)

    services = DeferredServices(build_services)
    counter = bool(args.counter or config.counter_mode)
    window = MainWindow(cast("KioskServices", services), counter=counter,
                        lock_after_ms=config.idle_lock_seconds * 1000,
                        counter_reset_ms=config.counter_reset_seconds * 1000)
    window.resize(1180, 800)
    failures: list[ServiceError] = []

    def start_failed(error: ServiceError) -> None:
        failures.append(error)  # e.g. unreadable secrets: as before, a message and exit 2
        app.exit(EXIT_ERROR)

    window.start_failed.connect(start_failed)
    window.start()
    if counter:
        window.showFullScreen()
    else:
        window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        _probe_first_screen(window)
    previous_hook = sys.excepthook
    sys.excepthook = log_uncaught  # a bug in a Qt slot lands in the log, message left out
    try:
        status = int(app.exec())
        if failures:
            raise failures[0]
        return status
    finally:
        sys.excepthook = previous_hook
        window.worker.wait(10_000)  # a build still running finishes before it is closed
        services.close()


def _probe_first_screen(window: MainWindow) -> None:
    """For benchmarks/bench_kiosk_start.py and bench_bundle.py: print the wall-clock time once
    the first screen is shown (after one turn of the event loop, as the Qt baseline does), then
    ``KIOSK_STARTUP_READY`` and the time once the services have answered and chosen between
    enrolment and sign-in, and quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    QTimer.singleShot(0, lambda: print(f"{STARTUP_PROBE_ENV} {time.time():.6f}", flush=True))

    def answered(busy: bool) -> None:
        if not busy:  # the first answer (is_enrolled) has just chosen the screen
            QTimer.singleShot(0, lambda: (print(f"{STARTUP_READY} {time.time():.6f}",
                                                flush=True), QApplication.quit()))

    window.worker.busy_changed.connect(answered)


def run_doctor(args: argparse.Namespace) -> int:
    from kiosk.services.doctor import run_checks
    from kiosk.services.doctor_model import exit_status, render
    from kiosk.services.paths import data_dir

    if (args.centre is None) != (args.ca is None):
        print("Erreur : --centre et --ca vont ensemble.", file=sys.stderr)
        return EXIT_ERROR
    directory = data_dir(args.data_dir)
    checks = run_checks(directory, centre_url=args.centre, ca_file=args.ca)
    print(render(checks, header=f"Diagnostic de la borne (kiosk {kiosk.__version__})"))
    status = exit_status(checks)
    logging.getLogger("kiosk.doctor").info("doctor finished with status %d", status)
    return status


def run_sync(args: argparse.Namespace) -> int:
    from kiosk.services.app import build
    from kiosk.services.validation import format_paris

    services = build(args.data_dir)
    try:
        if not services.is_enrolled():
            print("Erreur : la borne n'est pas enrôlée ; lancez « kiosk » pour l'enrôler.",
                  file=sys.stderr)
            return EXIT_ERROR
        status = services.sync_now()
    finally:
        close = getattr(services, "close", None)
        if callable(close):
            close()
    print("Centre joignable." if status.online else "Centre injoignable : hors ligne.")
    print(f"{status.pending} demande(s) en attente, {status.follow_up} à suivre.")
    if status.last_sync is not None:
        print(f"Dernière synchronisation : {format_paris(status.last_sync)}")
    return EXIT_OK if status.online else EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _setup_logging(args)
        if args.command == "demo":
            from kiosk.ui.demo import run_demo

            return run_demo(args.out, interactive=args.interactive, counter=args.counter)
        if args.command == "sync":
            return run_sync(args)
        if args.command == "doctor":
            return run_doctor(args)
        return run_gui(args)
    except ServiceError as exc:
        logging.getLogger("kiosk").warning("stopped: %s", exc.code)
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from kiosk.services.logs import log_uncaught
        from kiosk.ui.demo import DemoError
        from kiosk.ui.demo_centre import DemoCentreError

        if isinstance(exc, DemoError | DemoCentreError):
            print(f"Erreur : {exc}", file=sys.stderr)
            return EXIT_ERROR
        log_uncaught(type(exc), exc, exc.__traceback__)
        raise
    finally:
        from kiosk.services.logs import teardown_logging

        teardown_logging()  # main() may run more than once in a process (tests)


def _setup_logging(args: argparse.Namespace) -> None:
    from kiosk.services.logs import setup_logging
    from kiosk.services.paths import data_dir

    directory = None if args.command == "demo" else data_dir(args.data_dir)
    setup_logging(directory)
    logging.getLogger("kiosk").info("kiosk %s started (%s)", kiosk.__version__,
                                    args.command or ("counter" if args.counter else "window"))


if __name__ == "__main__":
    sys.exit(main())
