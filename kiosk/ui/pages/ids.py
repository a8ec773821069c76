"""The wizard's steps, in order. Pages branch with these in ``nextId()``."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    VOTER = 1
    NUMEN = 2
    LETTER = 3
    REQUEST = 4
    CONFIRMATION = 5
    END = 6
