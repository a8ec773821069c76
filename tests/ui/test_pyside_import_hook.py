"""PySide6's import hook, once the kiosk's application module is loaded, still tells modules
that use PySide6 from those that do not, and no longer keeps their source in ``linecache``
(kiosk.ui.pyside_import_hook)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, linecache, sys
{first}
sys.path.insert(0, {folder!r})
import uses_qt_module, plain_module
feature = sys.modules["shibokensupport.feature"]
print(json.dumps({{
    "flags": [feature.pyside_feature_dict.get(n) for n in ("uses_qt_module", "plain_module")],
    "cached": sorted(k for k in linecache.cache if k.startswith({folder!r})),
}}))
"""


def _imports_after(first: str, folder: Path) -> dict[str, list[object]]:
    folder.mkdir()
    (folder / "uses_qt_module.py").write_text("import PySide6.QtCore  # Qt\n", encoding="utf-8")
    (folder / "plain_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE.format(first=first, folder=str(folder))],
                          capture_output=True, text=True, timeout=120, check=True)
    answer: dict[str, list[object]] = json.loads(done.stdout)
    return answer


def test_the_hook_answers_as_before_without_caching_sources(tmp_path: Path) -> None:
    upstream = _imports_after("import PySide6.QtCore", tmp_path / "upstream")
    ours = _imports_after("import kiosk.ui.application", tmp_path / "ours")
    assert upstream["flags"] == [0, -1]  # 0: uses PySide (switchable), -1: ignored
    assert len(upstream["cached"]) == 2  # what the replacement is for
    assert ours == {"flags": [0, -1], "cached": []}


def test_installing_twice_keeps_one_replacement() -> None:
    import PySide6.QtCore  # noqa: F401  - loads shibokensupport

    from kiosk.ui import pyside_import_hook

    feature = sys.modules["shibokensupport.feature"]
    assert pyside_import_hook.install()
    replaced = feature._mod_uses_pyside
    assert pyside_import_hook.install()
    assert feature._mod_uses_pyside is replaced
