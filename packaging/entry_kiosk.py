"""Frozen entry point of the kiosk (PyInstaller runs this file as __main__)."""

from kiosk.ui.main import main

raise SystemExit(main())
