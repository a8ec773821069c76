"""The dependency rules of DESIGN.md, checked on the source: a wrong import fails here."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "kiosk"


def _imports(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                found.append((path, "<relative>"))
    return found


def _violations(
    package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()
) -> list[str]:
    return [f"{path.relative_to(ROOT.parent)}: {module}"
            for path, module in _imports(package)
            if module.startswith(forbidden) and not module.startswith(allowed)]


def test_domain_imports_nothing_of_ours_nor_qt_nor_sql() -> None:
    assert _violations("domain", ("kiosk.", "PySide6", "sqlalchemy", "httpx", "fastapi"),
                       allowed=("kiosk.domain",)) == []


def test_central_never_imports_qt_nor_the_kiosk_side() -> None:
    assert _violations("central", ("PySide6", "kiosk.ui", "kiosk.services")) == []


def test_ui_goes_through_services_only() -> None:
    if not (ROOT / "ui").exists():
        pytest.skip("no UI yet")
    assert _violations("ui", ("sqlalchemy", "httpx", "kiosk.store", "kiosk.central",
                              "kiosk.domain", "fastapi")) == []


def test_store_does_not_reach_up() -> None:
    assert _violations("store", ("kiosk.services", "kiosk.ui", "kiosk.central", "PySide6")) == []


def test_the_checker_catches_a_bad_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "bad.py").write_text("from PySide6 import QtCore\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations("domain", ("PySide6",)) != []
