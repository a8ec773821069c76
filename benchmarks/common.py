"""Helpers shared by the benchmarks: timing and the one-line report every benchmark prints."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, " \
        f"Python {platform.python_version()}"


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def median_time(run: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(name: str, figure: str, baseline: str, ratio: float | None, target: str) -> None:
    """One line per figure; ``ratio`` None for a figure with no baseline (a latency target)."""
    shown = "n/a" if ratio is None else f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.4f}"
    print(f"[{name}] {figure} | baseline: {baseline} | ratio {shown} | target {target}")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.99 for p99) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]
