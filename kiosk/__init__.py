"""Assisted voter-ID re-issue kiosk and its central store."""

__version__ = "0.1.0"
