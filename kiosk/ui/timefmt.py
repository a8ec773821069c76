"""Dates and times as the screens write them: the voter's local time for DROM-COM, with Paris
time stated, in the chosen language. The territory comes from the services
(``validation.voter_region``); the words come from the translation files."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.services.validation import time_parts, voter_region

__all__ = ["voter_region", "when_text"]


def when_text(moment: datetime, region: str = "FR") -> str:
    """``12/11/2026 09:30 (heure de Paris)``, or for an overseas voter
    ``12/11/2026 12:30 (heure locale, La Réunion) — 12/11/2026 09:30 (heure de Paris)``."""
    local, territory, paris = time_parts(moment, region)
    if territory is None:
        return QCoreApplication.translate("Time", "%1 (heure de Paris)").replace("%1", paris)
    return (QCoreApplication.translate("Time", "%1 (heure locale, %2) — %3 (heure de Paris)")
            .replace("%1", local).replace("%2", territory).replace("%3", paris))
