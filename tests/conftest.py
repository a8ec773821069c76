"""Test-wide set-up. Qt needs its platform chosen before it is first imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the developer's real keyring.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

pytest_plugins = [
    "tests.fixtures.leaks",
    "tests.fixtures.postgres",
    "tests.fixtures.centre",
    "tests.fixtures.kiosk",
]
