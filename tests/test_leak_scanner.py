"""The log scanner itself must catch what it is there for (and leave ordinary lines alone)."""

from __future__ import annotations

import pytest

from tests.fixtures.leaks import find_leaks


@pytest.mark.parametrize("line", [
    "voter 01E9501234ABC refused",
    "sending to +33612345678",
    "phone 06 12 34 56 78",
    "born 15/03/1975",
    "born 1975-03-15",
    "new id 68WMEUWD5AEJ",
    "token abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
])
def test_secrets_are_found(line: str) -> None:
    assert find_leaks([line])


@pytest.mark.parametrize("line", [
    "2026-11-23 17:00:01,123 INFO uvicorn.error: Application startup complete.",
    "notification 3f2a9c1e-5b7d-4c8e-9f10-1a2b3c4d5e6f: attempt 2 failed: SMTPConnectError",
    "request CONFIRMATION accepted, reference masked",
    "audit hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
])
def test_ordinary_lines_pass(line: str) -> None:
    assert find_leaks([line]) == []
