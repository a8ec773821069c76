"""The kiosk's services leave out what they never run: httpx's command-line client, and the
click, rich and pygments it would load (kiosk/services/__init__.py); SQLAlchemy's PostgreSQL
dialect."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kiosk.services.local_store import LocalStore
from kiosk.store.crypto import KeyRing
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


def test_the_kiosk_s_store_loads_no_postgresql_dialect(tmp_path: Path) -> None:
    """SQLAlchemy imports a dialect to check a model's ``postgresql_*`` option, and the
    PostgreSQL one is 3 MiB a kiosk holds for nothing (benchmarks/bench_memory.py). Only the
    first opening of a store, which runs the migrations, may load it."""
    LocalStore(tmp_path, KeyRing.generate()).close()
    code = ("import pathlib\n"
            "from kiosk.services.local_store import LocalStore\n"
            "from kiosk.store.crypto import KeyRing\n"
            f"store = LocalStore(pathlib.Path({str(tmp_path)!r}), KeyRing.generate())\n"
            "with store.reading() as session:\n"
            "    store.search(session, 'martin', ['0211234C'])\n"
            "store.close()\n")
    assert modules_loaded_after(code, ("sqlalchemy.dialects.postgresql", "psycopg")) == []
