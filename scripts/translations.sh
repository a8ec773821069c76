#!/usr/bin/env bash
# Refresh the English translation: collect every tr() text of the screens into
# resources/kiosk_en.ts (existing translations are kept; new texts come out "unfinished" for
# Qt Linguist or a text editor), then compile resources/kiosk_en.qm, which the kiosk loads.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${VENV:-.venv}/bin"
"$BIN/pyside6-lupdate" $(find kiosk/ui -name '*.py' | sort) -no-obsolete \
    -source-language fr_FR -target-language en_GB -ts resources/kiosk_en.ts
"$BIN/pyside6-lrelease" resources/kiosk_en.ts -qm resources/kiosk_en.qm
