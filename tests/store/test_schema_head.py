"""The start-up's cheap schema check (kiosk.store.engine.head_revisions / upgrade): it agrees
with Alembic on the real scripts, and Alembic still runs whenever the database is not exactly at
the head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from kiosk.store.engine import MIGRATIONS, alembic_config, head_revisions, make_engine, upgrade


def _script(directory: Path, name: str, revision: str, down: str) -> None:
    (directory / "versions").mkdir(parents=True, exist_ok=True)
    (directory / "versions" / f"{name}.py").write_text(
        f'"""{name}"""\n\nrevision = "{revision}"\ndown_revision = {down}\n'
        "branch_labels = None\n", encoding="utf-8")


def test_the_heads_read_from_the_scripts_are_alembics(tmp_path: Path) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'k.db'}"))
    assert head_revisions(MIGRATIONS) == frozenset(scripts.get_heads())


def test_a_chain_a_merge_and_an_unusual_script(tmp_path: Path) -> None:
    _script(tmp_path, "a", "0001", "None")
    _script(tmp_path, "b", "0002", "'0001'")
    assert head_revisions(tmp_path) == {"0002"}
    _script(tmp_path, "c", "0003", "'0001'")
    assert head_revisions(tmp_path) == {"0002", "0003"}
    _script(tmp_path, "d", "0004", "('0002', '0003')")
    assert head_revisions(tmp_path) == {"0004"}
    _script(tmp_path, "e", "0005", "'9999'")  # a parent that is not there: ask Alembic
    assert head_revisions(tmp_path) is None
    (tmp_path / "versions" / "e.py").write_text("revision = make_id()\n", encoding="utf-8")
    assert head_revisions(tmp_path) is None


@pytest.fixture
def alembic_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time Alembic is asked to upgrade (and lets it)."""
    calls: list[str] = []
    real = command.upgrade

    def recording(config: Any, revision: str, **kwargs: Any) -> None:
        calls.append(revision)
        real(config, revision, **kwargs)

    monkeypatch.setattr(command, "upgrade", recording)
    return calls


def test_alembic_runs_only_when_the_database_is_not_at_the_head(
        tmp_path: Path, alembic_runs: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    upgrade(url)  # an empty file: the whole schema
    assert alembic_runs == ["head"]
    upgrade(url)  # at the head: nothing to do, Alembic left alone
    assert alembic_runs == ["head"]

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
        with pytest.raises(Exception, match="older"):  # Alembic, not us, judges it
            upgrade(engine)
        assert alembic_runs == ["head", "head"]
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE alembic_version")
        with pytest.raises(Exception):  # noqa: B017 - tables there, no version: Alembic's call
            upgrade(engine)
        assert alembic_runs == ["head", "head", "head"]
    finally:
        engine.dispose()
