#!/usr/bin/env bash
# `make bench`: every benchmark, each printing its figures and a ratio to a baseline measured
# in the same run. Each also runs on its own: .venv/bin/python -m benchmarks.<name>.
# `scripts/bench.sh --quick` runs them at small sizes (a couple of minutes instead of about
# ten); a benchmark without a --quick option runs as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
# Measure what is deployed: compiled bytecode, not a compile of every module on each start.
unset PYTHONDONTWRITEBYTECODE
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for bench in benchmarks/bench_*.py; do
  name=$(basename "$bench" .py)
  args=()
  for arg in "$@"; do
    if [[ "$arg" != "--quick" ]] || grep -q -- '"--quick"' "$bench"; then
      args+=("$arg")
    fi
  done
  echo "== $name"
  start=$(date +%s)
  .venv/bin/python -m "benchmarks.$name" "${args[@]}"
  echo "   ($(( $(date +%s) - start )) s)"
done
