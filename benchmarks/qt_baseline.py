"""The Qt baseline of bench_kiosk_start and bench_memory: a bare PySide6 ``QWizard`` with three
empty pages, shown offscreen, in a fresh process. It prints the wall-clock time once its first
page is up (after one turn of the event loop, as the kiosk's own probe does) and its resident
memory then, and exits.

``wizard_with_libraries`` is the same wizard once the third-party libraries the kiosk runs on
are imported (none of our code): bench_memory prints it beside the kiosk, so that the share of
the kiosk's memory that only loading its libraries costs is measured, not guessed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

BARE_WIZARD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage

app = QApplication(sys.argv[:1])
wizard = QWizard()
for number in range(3):
    page = QWizardPage()
    page.setTitle(f"Page {number + 1}")
    wizard.addPage(page)
wizard.resize(1180, 800)
wizard.show()

def shown():
    rss = next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS:"))
    print(f"SHOWN {time.time():.6f} {rss}", flush=True)
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
"""


@dataclass(frozen=True)
class Started:
    seconds: float  # from just before the process was spawned to its first page shown
    rss_kib: int  # resident memory then (0 when the program does not say)
    ready_seconds: float | None = None  # to its line ``READY_MARKER <epoch seconds>``, if asked


def offscreen_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    # An installed kiosk starts from compiled bytecode (pip compiles what it installs, the
    # bundle ships it): a shell that forbids writing it would time the compiler instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return env


def timed_start(command: list[str], marker: str, env: dict[str, str],
                ready_marker: str | None = None) -> Started:
    """Spawn ``command``; its line ``MARKER <epoch seconds> [rss KiB]`` tells when it was up
    (and ``READY_MARKER <epoch seconds>``, when given, when it was ready for use)."""
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    lines = [line.split() for line in done.stdout.splitlines()]
    ready = next((float(f[1]) - start for f in lines if ready_marker and f[:1] == [ready_marker]),
                 None)
    for fields in lines:
        if fields[:1] == [marker] and len(fields) > 1:
            return Started(float(fields[1]) - start, int(fields[2]) if len(fields) > 2 else 0,
                           ready)
    raise SystemExit(f"{' '.join(command[:4])}... never said {marker} "
                     f"(exit {done.returncode}):\n{done.stderr[-3000:]}")


# What a kiosk process imports from outside the project by the end of its first request
# (``sys.modules`` of benchmarks/kiosk_driver.py): the design's libraries and what they pull in.
KIOSK_LIBRARIES = (
    "sqlalchemy.orm", "httpx", "keyring", "keyrings.cryptfile.cryptfile",
    "cryptography.hazmat.primitives.ciphers.aead", "argon2", "phonenumbers", "platformdirs",
    "qrcode", "PySide6.QtPrintSupport",
)


def bare_wizard() -> Started:
    return timed_start([sys.executable, "-c", BARE_WIZARD], "SHOWN", offscreen_env())


def wizard_with_libraries() -> Started:
    imports = "".join(f"import {name}\n" for name in KIOSK_LIBRARIES)
    return timed_start([sys.executable, "-c", imports + BARE_WIZARD], "SHOWN", offscreen_env())
