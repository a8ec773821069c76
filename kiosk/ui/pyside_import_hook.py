"""PySide6's import hook without its copy of every module's source.

Once shiboken6 is loaded, its ``__import__`` asks ``shibokensupport.feature._mod_uses_pyside``
about each module imported after it, and that function answers with ``inspect.getsource()``,
which leaves the whole source file in ``linecache`` for the life of the process (PYSIDE-2029).
The kiosk imports SQLAlchemy, httpx and the rest after Qt, so that cache held ~18 MiB of text
no traceback ever needed, in small strings interleaved with the modules' own objects: clearing
it later frees no page (benchmarks/bench_memory.py). The same question, answered by reading the
file once and keeping nothing, leaves the hook's behaviour as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_kiosk_reads_without_cache"


def install() -> bool:
    """Replace the hook's source check; False when this PySide6 has none to replace."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or upstream is None:
        return False
    if getattr(upstream, _MARK, False):
        return True

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return upstream(module)  # built-in, extension or frozen: its own answer
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return upstream(module)

    setattr(mod_uses_pyside, _MARK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True
