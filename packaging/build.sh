#!/usr/bin/env bash
# `make package`: a one-folder bundle in dist/kiosk/ (kiosk and kiosk-central, no Python needed),
# plus the desktop entry and icon beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/kiosk.spec
cp packaging/kiosk.desktop dist/kiosk/
[ -f resources/icons/kiosk.png ] && cp resources/icons/kiosk.png dist/kiosk/
du -sh dist/kiosk | awk '{print "bundle: dist/kiosk (" $1 ")"}'
