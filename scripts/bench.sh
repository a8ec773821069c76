#!/usr/bin/env bash
# `make bench`: every benchmark, each printing its figures and a ratio to a baseline measured
# in the same run. Each also runs on its own: .venv/bin/python -m benchmarks.<name>.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
for bench in benchmarks/bench_*.py; do
  name=$(basename "$bench" .py)
  echo "== $name"
  .venv/bin/python -m "benchmarks.$name"
done
