"""Memory: the kiosk's resident memory after N assisted requests through its wizard (the real
kiosk process of benchmarks/kiosk_driver.py: ``build()`` with its background sync, the real
``MainWindow`` offscreen, a local centre over TLS), against a bare PySide6 ``QWizard`` with
three empty pages in a fresh process, in the same run. A second line gives the same wizard once
the kiosk's third-party libraries are imported (``qt_baseline.KIOSK_LIBRARIES``), against the
same baseline: how much of the ratio they take before any code of ours runs.

Run: ``.venv/bin/python -m benchmarks.bench_memory [--requests N] [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.bench_assisted_request import WARM_UP, run_modes
from benchmarks.common import machine, report
from benchmarks.qt_baseline import bare_wizard, wizard_with_libraries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="20 requests")
    args = parser.parse_args()
    requests = 20 if args.quick else args.requests
    baseline = statistics.median(bare_wizard().rss_kib for _ in range(3))
    libraries = statistics.median(wizard_with_libraries().rss_kib for _ in range(3))
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        # WARM_UP requests are driven first too: N + WARM_UP in all.
        kiosk = run_modes(Path(tmp), requests - WARM_UP, ("ui",))["ui"]
    done = len(kiosk["times"])
    print(f"machine: {machine()}")
    report("kiosk memory",
           f"{kiosk['rss_kib'] / 1024:.0f} MiB resident after {done} requests "
           f"(peak {kiosk['peak_kib'] / 1024:.0f} MiB)",
           f"bare QWizard, 3 pages {baseline / 1024:.0f} MiB", kiosk["rss_kib"] / baseline,
           "ratio <= 2")
    report("kiosk memory, its libraries alone",
           f"{libraries / 1024:.0f} MiB resident: the bare QWizard once the kiosk's libraries "
           f"are imported, none of our code", f"bare QWizard, 3 pages {baseline / 1024:.0f} MiB",
           libraries / baseline, "(reported)")


if __name__ == "__main__":
    main()
