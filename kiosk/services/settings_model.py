"""The settings' value type and limits, on their own so the window can import them without the
use case (:mod:`kiosk.services.settings` pulls in the store, hence SQLAlchemy, which the first
screen must not wait for)."""

from __future__ import annotations

from dataclasses import dataclass

MIN_DELAY, MAX_DELAY = 5, 86_400  # as ``paths`` accepts them in the file


@dataclass(frozen=True)
class KioskSettings:
    """What the settings dialog shows and saves. ``kiosk_id`` and ``data_dir`` are shown only
    (About dialog, support); saving ignores them."""

    centre_url: str
    ca_file: str
    counter_mode: bool
    idle_lock_seconds: int
    counter_reset_seconds: int
    kiosk_id: str | None = None
    data_dir: str = ""
