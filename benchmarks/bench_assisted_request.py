"""One assisted request: the real kiosk's wizard driven by code from step 1 to the
confirmation (and back to step 1 for the next voter), receipt PDF rendered, against a local
centre (``kiosk-central serve`` over TLS on loopback, dispatcher on), N requests, against the
same steps' service calls without the UI, in the same run.

Both run in a kiosk process of their own (benchmarks/kiosk_driver.py: ``build()`` with its
background sync, the real ``MainWindow`` offscreen), each request for a voter of its own (the
NUMEN known, sent by SMS), pushed to the centre at once as at a real counter.

Run: ``.venv/bin/python -m benchmarks.bench_assisted_request [--requests N] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import machine, report
from benchmarks.fleet import bench_voters, kiosk_for, phone_of, running_centre
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import AGENT, PASSWORD, RegisterVoter

WARM_UP = 2  # the first requests of a process load fonts, compile statements, open pools


def voters_file(path: Path, voters: list[RegisterVoter], first_phone: int) -> Path:
    path.write_text(json.dumps([
        {"email": v.email, "numen": v.numen, "birth": v.birth,
         "phone": phone_of(first_phone + n)} for n, v in enumerate(voters)]), encoding="utf-8")
    return path


def drive(mode: str, data_dir: Path, voters: Path, out: Path) -> dict[str, Any]:
    """Run the kiosk driver in its own process; its JSON answer."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.kiosk_driver", "--data-dir", str(data_dir),
         "--voters", str(voters), "--mode", mode, "--out", str(out), "--user", AGENT,
         "--password", PASSWORD],
        capture_output=True, text=True, env=env, timeout=1800, check=False)
    if done.returncode != 0:
        raise SystemExit(f"kiosk_driver --mode {mode} failed:\n{done.stderr[-3000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def prepared_kiosk(centre: Centre, directory: Path) -> Path:
    """An enrolled kiosk that has pulled the register and the agents, then closed."""
    kiosk = kiosk_for(centre, directory)
    try:
        kiosk.sync_now()
    finally:
        kiosk.close()
    return directory


def run_modes(directory: Path, requests: int, modes: tuple[str, ...]
              ) -> dict[str, dict[str, Any]]:
    """Each mode's driver answer, ``requests`` measured requests each (after the warm-up)."""
    per_mode = requests + WARM_UP
    voters = bench_voters(per_mode * len(modes))
    results = {}
    with running_centre(directory, voters, dispatch=True) as centre:
        data_dir = prepared_kiosk(centre, directory / "kiosk")
        for index, mode in enumerate(modes):
            chunk = voters[index * per_mode:(index + 1) * per_mode]
            path = voters_file(directory / f"voters-{mode}.json", chunk, index * per_mode)
            results[mode] = drive(mode, data_dir, path, directory)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="10 requests")
    args = parser.parse_args()
    requests = 10 if args.quick else args.requests
    with tempfile.TemporaryDirectory(prefix="bench-request-") as tmp:
        results = run_modes(Path(tmp), requests, ("services", "ui"))
    ui = results["ui"]["times"][WARM_UP:]
    services = results["services"]["times"][WARM_UP:]
    ui_median, services_median = statistics.median(ui), statistics.median(services)
    print(f"machine: {machine()}")
    report("assisted request",
           f"{ui_median:.3f} s per request (median of {len(ui)}; mean {statistics.mean(ui):.3f}, "
           f"max {max(ui):.3f})",
           f"the same service calls without the UI {services_median:.3f} s",
           ui_median / services_median, "< 0.3 s per request")
    steps = results["ui"]["steps"]
    print("  wizard steps (median ms): " + ", ".join(
        f"{name} {statistics.median(values[WARM_UP:]) * 1000:.0f}"
        for name, values in steps.items()))


if __name__ == "__main__":
    main()
