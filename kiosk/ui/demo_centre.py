"""A local centre for ``kiosk demo``: a real ``kiosk-central serve`` subprocess over TLS on
loopback, with a register of fictitious voters, an election calendar open now, a demo agent and
supervisor, and a one-time enrolment code for the kiosk.

It runs the centre's command line as a separate process (as an administrator would), so the
kiosk side never imports the centre's code.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import unicodedata
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

UAI = "0211234C"
AGENT = ("secretariat.demo", "Claire Dupont (démo)", "DemoReassort2026", "agent")
SUPERVISOR = ("superviseur.demo", "Marc Lefort (démo)", "SuperDemo2026x", "supervisor")
_NAMES = [
    ("Martin", "Élodie"), ("Bernard", "Lucas"), ("Thomas", "Chloé"), ("Petit", "Hugo"),
    ("Robert", "Inès"), ("Richard", "Louis"), ("Durand", "Léa"), ("Dubois", "Gabriel"),
    ("Moreau", "Manon"), ("Laurent", "Jules"), ("Simon", "Camille"), ("Michel", "Nathan"),
    ("Lefèvre", "Anaïs"), ("Leroy", "Théo"), ("Roux", "Sarah"), ("David", "Raphaël"),
    ("Bertrand", "Zoé"), ("Morel", "Arthur"), ("Fournier", "Jade"), ("Girard", "Noé"),
]


@dataclass(frozen=True)
class DemoVoter:
    numen: str
    last_name: str
    first_name: str
    birth_date: str  # jj/mm/aaaa
    email: str


def centre_command() -> list[str]:
    """How to start ``kiosk-central``: this interpreter with the module, or, in the bundle (no
    Python there), the ``kiosk-central`` program shipped beside ``kiosk``."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).with_name("kiosk-central"))]
    return [sys.executable, "-m", "kiosk.central.cli"]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "-")


def demo_voters() -> list[DemoVoter]:
    """Twenty fictitious voters of one school in the académie de Dijon (stable from run to run)."""
    voters = []
    for index, (last, first) in enumerate(_NAMES):
        letters = "".join("ABCDEFGHJKLMNPRSTUVWXYZ"[(index * 7 + k * 5) % 23] for k in range(3))
        numen = f"21E{9_500_000 + index * 7919:07d}{letters}"
        birth = f"{(index * 3) % 28 + 1:02d}/{index % 12 + 1:02d}/{1965 + index}"
        voters.append(DemoVoter(numen, last, first, birth,
                                f"{_ascii(first)}.{_ascii(last)}@ac-dijon.fr"))
    return voters


def register_csv(voters: list[DemoVoter]) -> str:
    lines = ["numen;nom;prenom;date_naissance;email;etablissement"]
    lines += [f"{v.numen};{v.last_name};{v.first_name};{v.birth_date};{v.email};{UAI}"
              for v in voters]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoCentreError(RuntimeError):
    """The local centre could not be prepared or started (French message)."""


class LocalCentre:
    """``with LocalCentre(directory) as centre:`` prepares, starts and finally stops it."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.enrolment_code = ""
        self.voters = demo_voters()
        self.log_path = self.directory / "centre.log"

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> Path:
        return self.directory / "tls" / "ca.pem"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_CENTRAL_")}
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def cli(self, *args: str, password: str | None = None) -> str:
        env = self._env()
        if password is not None:
            env["KIOSK_CENTRAL_AGENT_PASSWORD"] = password
        command = [*centre_command(), "--data-dir", str(self.directory),
                   "--port", str(self.port), *args]
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed module and arguments
            command, capture_output=True, text=True, env=env, timeout=180, check=False)
        if done.returncode != 0:
            raise DemoCentreError(f"La commande du centre « {args[0]} » a échoué :\n"
                                  f"{done.stderr.strip()[-2000:]}")
        return done.stdout

    def prepare(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        register = self.directory / "registre-demo.csv"
        register.write_text(register_csv(self.voters), encoding="utf-8")
        self.cli("import-register", str(register))
        now = datetime.now(UTC)
        self.cli("set-calendar",
                 "--requests-open", (now - timedelta(days=1)).isoformat(),
                 "--voting-opens", (now + timedelta(days=3)).isoformat(),
                 "--voting-closes", (now + timedelta(days=10)).isoformat(),
                 "--results", (now + timedelta(days=11)).isoformat())
        for username, name, password, role in (AGENT, SUPERVISOR):
            self.cli("add-agent", username, "--name", name, "--role", role,
                     "--establishment", UAI, password=password)
        lines = self.cli("enrol-kiosk", "--establishment", UAI).strip().splitlines()
        self.enrolment_code = lines[-1].strip()

    def start(self, timeout: float = 60.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [*centre_command(), "--data-dir", str(self.directory),
             "--port", str(self.port), "serve"],
            env=self._env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoCentreError("Le centre de démonstration s'est arrêté au démarrage "
                                      f"(voir {self.log_path}).")
            if self._healthy():
                return
            time.sleep(0.2)
        self.stop()
        raise DemoCentreError(f"Le centre de démonstration ne répond pas (voir {self.log_path}).")

    def _healthy(self) -> bool:
        if not self.ca_file.exists():
            return False
        context = ssl.create_default_context(cafile=str(self.ca_file))
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", context=context,  # noqa: S310
                                        timeout=2) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self) -> LocalCentre:
        self.prepare()
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
