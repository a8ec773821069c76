"""The kiosk's services: everything the wizard asks for, without Qt widgets."""

import sys

# The httpx package imports its command-line client, and with it click, rich and pygments,
# whenever those are installed (the test tools bring them, and a bundle built beside them
# ships them): ~6 MiB and ~90 ms of a kiosk that never runs it. A None entry makes that one
# import fail as it does where they are absent, and httpx defines its stub main() instead.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
