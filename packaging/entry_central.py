"""Frozen entry point of the local centre shipped beside the kiosk (``kiosk demo`` starts it)."""

from kiosk.central.cli import main

raise SystemExit(main())
