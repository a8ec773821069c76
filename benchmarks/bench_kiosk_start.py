"""Kiosk start: from spawning ``kiosk`` (``python -m kiosk.ui.main``) on an enrolled kiosk,
offscreen, to its first screen shown, against a bare PySide6 ``QWizard`` with three empty pages
in a fresh process, in the same run; alternating runs, medians compared.

The first screen of an enrolled kiosk is the agent's sign-in (the agent's password is asked on
every start; it is never stored), so that is where the measure stops: the kiosk's
``KIOSK_STARTUP_PROBE`` (kiosk/ui/main.py) prints the time once the window is shown with it
(after one turn of the event loop, as the baseline), then ``KIOSK_STARTUP_READY`` and the time
once the services are built and have answered (the sign-in panel, disabled and saying
"Chargement…" until then, accepts a sign-in), and quits. The ratio is on the first; the second
is reported beside it. A local centre is running, as at a secretariat, but the start does not
wait for it (the sync runs in the background).

Run: ``.venv/bin/python -m benchmarks.bench_kiosk_start [--runs N] [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.common import machine, report
from benchmarks.fleet import bench_voters, kiosk_for, running_centre
from benchmarks.qt_baseline import Started, bare_wizard, offscreen_env, timed_start

PROBE = "KIOSK_STARTUP_PROBE"
READY = "KIOSK_STARTUP_READY"


def kiosk_start(data_dir: Path) -> Started:
    return timed_start([sys.executable, "-m", "kiosk.ui.main", "--data-dir", str(data_dir)],
                       PROBE, offscreen_env(**{PROBE: "1"}), ready_marker=READY)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    ours: list[float] = []
    ready: list[float] = []
    baseline: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp, \
            running_centre(Path(tmp), bench_voters(20)) as centre:
        data_dir = Path(tmp) / "kiosk"
        kiosk = kiosk_for(centre, data_dir)
        try:
            kiosk.sync_now()  # the register and the agents, as a kiosk in service has
        finally:
            kiosk.close()
        kiosk_start(data_dir)  # first run: compiled bytecode, disk cache
        bare_wizard()
        for _ in range(runs):
            baseline.append(bare_wizard().seconds)
            started = kiosk_start(data_dir)
            ours.append(started.seconds)
            if started.ready_seconds is None:
                raise SystemExit(f"the kiosk never said {READY}")
            ready.append(started.ready_seconds)
    ours_median, base_median = statistics.median(ours), statistics.median(baseline)
    print(f"machine: {machine()}")
    report("kiosk start",
           f"{ours_median:.2f} s to the sign-in screen (median of {runs}, "
           f"min {min(ours):.2f}); sign-in ready at {statistics.median(ready):.2f} s "
           f"(ratio {statistics.median(ready) / base_median:.1f})",
           f"bare QWizard, 3 empty pages {base_median:.2f} s", ours_median / base_median,
           "ratio <= 1.5")


if __name__ == "__main__":
    main()
