#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing, so a second run costs nothing.
#   run:  Qt's runtime libraries (offscreen and X11/Wayland) and fonts.
#   test: the same, plus PostgreSQL (the database tests start a throw-away cluster).
set -euo pipefail
what="${1:-run}"
pkgs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
      libwayland-cursor0 libwayland-egl1 fonts-dejavu-core)
if [ "$what" = test ]; then
  pkgs+=(postgresql)
fi
if ! command -v dpkg >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
