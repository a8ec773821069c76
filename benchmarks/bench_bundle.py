"""The bundle (``make package``): its size beside the virtualenv it replaces, and its start-up
time beside the unbundled program's, in the same run (median of 5 each):

- ``kiosk --version``: process start and imports up to argument parsing;
- first screen: start the window offscreen on a fresh data folder and stop once the first
  screen is up (``KIOSK_STARTUP_PROBE=1`` makes the program print the wall-clock time then and
  quit): Qt, the services, the keyring, the configuration, everything a person waits for.

Builds the bundle first if ``dist/kiosk`` is missing (or with ``--rebuild``: a bundle built
before the probe existed never prints it, and is reported as such).

Run: ``.venv/bin/python -m benchmarks.bench_bundle [--rebuild] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine, median_time, report

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "kiosk"
VENV = ROOT / ".venv"
PROBE = "KIOSK_STARTUP_PROBE"
PROBE_TIMEOUT = 60.0


def du_bytes(path: Path) -> int:
    done = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[0])


def build() -> None:
    print("building the bundle (bash packaging/build.sh)...", flush=True)
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, check=True)


def environment(data_dir: Path, *, bundled: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    if bundled:  # only what the bundle carries, as on an office PC
        env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(data_dir),
               # the developer's own keyring stays out of it; both programs alike
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


def command(bundled: bool) -> list[str]:
    return [str(BUNDLE / "kiosk")] if bundled else [sys.executable, "-m", "kiosk.ui.main"]


def version_time(bundled: bool, repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp), bundled=bundled)
        return median_time(lambda: subprocess.run(
            [*command(bundled), "--version"], env=env, capture_output=True, check=True),
            repeat)


def first_screen(bundled: bool) -> float | None:
    """Seconds from launch to the first screen, on a fresh data folder; None if the program
    does not print the probe (a bundle older than the probe)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp) / "data", bundled=bundled)
        env[PROBE] = "1"
        start = time.time()
        process = subprocess.Popen(command(bundled), env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            out, _ = process.communicate(timeout=PROBE_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
    for line in out.splitlines():
        if line.startswith(PROBE + " "):
            return float(line.split()[1]) - start
    return None


def median_first_screen(bundled: bool, repeat: int) -> float | None:
    samples = []
    for _ in range(repeat):
        sample = first_screen(bundled)
        if sample is None:
            return None
        samples.append(sample)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="build the bundle first")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.rebuild or not (BUNDLE / "kiosk").exists():
        build()
    print(f"machine: {machine()}")
    size, venv = du_bytes(BUNDLE), du_bytes(VENV)
    report("bundle size", f"dist/kiosk {size / 1024**2:.0f} MB",
           f"the virtualenv it replaces {venv / 1024**2:.0f} MB", size / venv, "ratio < 1")

    bundled, unbundled = version_time(True, args.repeat), version_time(False, args.repeat)
    report("start-up, kiosk --version", f"bundle {bundled * 1000:.0f} ms",
           f"unbundled {unbundled * 1000:.0f} ms", bundled / unbundled,
           "bundle < 300 ms (the bootloader's fixed cost dominates the ratio)")

    screen = median_first_screen(True, args.repeat)
    plain = median_first_screen(False, args.repeat)
    if plain is None:
        raise SystemExit("the unbundled program did not print the first-screen probe")
    if screen is None:
        print(f"[start-up, first screen] unbundled {plain * 1000:.0f} ms | the bundle does "
              "not print the probe: rebuild it (--rebuild)")
        return
    report("start-up, first screen", f"bundle {screen * 1000:.0f} ms",
           f"unbundled {plain * 1000:.0f} ms", screen / plain, "ratio <= 1.2")


if __name__ == "__main__":
    main()
