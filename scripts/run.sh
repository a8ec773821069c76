#!/usr/bin/env bash
# `make run`: the kiosk against a local centre. With a display, the real window; without one,
# `kiosk demo`, which drives one whole request through the wizard offscreen and writes its output.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: running 'kiosk demo --out out/demo' offscreen."
  QT_QPA_PLATFORM=offscreen exec .venv/bin/kiosk demo --out out/demo
fi
exec .venv/bin/kiosk demo --interactive
