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


def report(name: str, figure: str, baseline: str, ratio: float, target: str) -> None:
    print(f"[{name}] {figure} | baseline: {baseline} | ratio {ratio:.2f} | target {target}")
