"""What a person typed or pasted, read as what they meant.

A number pasted from an e-mail signature or a word processor carries no-break and narrow
no-break spaces (French typography puts them in ``06 12 34 56 78``), typographic dashes, and
sometimes invisible marks (zero-width spaces, soft hyphens, direction marks); some keyboards and
input methods type full-width digits and letters (``０６``). They look like what the parsers
expect and are what the person meant, so each parser reads its field through ``as_typed``:
Unicode's compatibility folding (NFKC) makes the full-width forms and the special spaces plain,
the dashes become hyphens and the invisible marks go. The parsers' own checks then apply to the
result, as before.
"""

from __future__ import annotations

import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"),
                        "-")


def as_typed(text: str) -> str:
    """``text`` with compatibility forms folded, dashes made ``-`` and format marks dropped."""
    if text.isascii():
        return text  # the common case, on every keystroke
    # The marks go first: dropped after the folding, they could leave a letter and an accent
    # side by side that a second folding would join.
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", visible).translate(_DASHES)
