from __future__ import annotations

import pytest

from kiosk.domain.errors import InvalidInput
from kiosk.domain.security_code import check_security_code, generate_security_code
from kiosk.domain.voter_id import (
    VOTER_ID_ALPHABET,
    generate_reference,
    generate_voter_id,
    is_reference,
    normalise_voter_id,
)


def test_generated_ids_use_the_unambiguous_alphabet() -> None:
    ids = {generate_voter_id() for _ in range(2000)}
    assert len(ids) == 2000
    for value in ids:
        assert len(value) == 12 and set(value) <= set(VOTER_ID_ALPHABET)
    assert not set("0O1I") & set(VOTER_ID_ALPHABET)
    assert is_reference(generate_reference())


def test_generated_symbols_are_uniform() -> None:
    # 2,000 IDs and references: 56,000 symbols, 1,750 of each expected (sd about 41); a
    # symbol never drawn, or drawn twice as often, means a biased mapping, not bad luck.
    drawn = "".join(generate_voter_id() + generate_reference() for _ in range(2000))
    counts = {symbol: drawn.count(symbol) for symbol in VOTER_ID_ALPHABET}
    assert min(counts.values()) > 1400 and max(counts.values()) < 2100, counts


def test_normalise() -> None:
    assert normalise_voter_id("68wm euwd-5aej") == "68WMEUWD5AEJ"
    for bad in ("68WMEUWD5AE", "68WMEUWD5AE0", None, "x" * 500):
        with pytest.raises(InvalidInput):
            normalise_voter_id(bad)


def test_security_code() -> None:
    code = generate_security_code()
    assert len(code) == 4 and code.isdigit()
    assert check_security_code("0427", " 0427 ")
    assert check_security_code("0427", "04 27")
    for wrong in ("0428", "427", "04270", "٠٤٢٧", None, ""):
        assert not check_security_code("0427", wrong)
