"""The kiosk's services leave out what they never run: httpx's command-line client, and the
click, rich and pygments it would load (kiosk/services/__init__.py)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.fixtures.imports import modules_loaded_after

CLI_PACKAGES = ("click", "rich", "pygments")


def _loaded_after(code: str) -> list[str]:
    return modules_loaded_after(code, CLI_PACKAGES)


def test_the_central_client_loads_no_command_line_packages() -> None:
    assert _loaded_after("import kiosk.services.central_client") == []


def test_httpx_alone_would_load_them_here() -> None:
    """What the first test is worth: in this environment, httpx does bring them."""
    if importlib.util.find_spec("rich") is None:
        pytest.skip("rich is not installed here: nothing for httpx to load")
    assert "rich" in _loaded_after("import httpx")


def test_httpx_still_works_without_its_command_line() -> None:
    code = ("import kiosk.services, httpx\n"
            "assert callable(httpx.main) and httpx.Client().timeout.connect == 5.0")
    assert _loaded_after(code) == []
