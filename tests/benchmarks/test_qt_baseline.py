"""The memory benchmark's second reference, the bare wizard with the kiosk's libraries imported,
imports what the kiosk itself loads by its first receipt, and nothing the kiosk does not."""

from __future__ import annotations

import os

from benchmarks.qt_baseline import KIOSK_LIBRARIES, bare_wizard, wizard_with_libraries
from tests.fixtures.imports import modules_loaded_after

# The modules a kiosk has run by the end of one request: its services and its window, every
# wizard page, and the receipt (qrcode is loaded when the first one is drawn).
KIOSK_REQUEST = (
    "import os\nos.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
    "import kiosk.services.app, kiosk.ui.window, kiosk.services.documents\n"
    "from kiosk.ui.pages import confirmation, end, letter, numen, request, voter\n"
    "kiosk.services.documents.qr_matrix('ABCDEFGHJKLMNPQR')\n"
)


def test_the_reference_imports_only_what_the_kiosk_loads() -> None:
    loaded = set(modules_loaded_after(KIOSK_REQUEST, KIOSK_LIBRARIES))
    assert [name for name in KIOSK_LIBRARIES if name not in loaded] == []


def test_both_wizards_come_up_and_say_their_memory() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare, with_libraries = bare_wizard(), wizard_with_libraries()
    assert bare.rss_kib > 0 and with_libraries.rss_kib > bare.rss_kib
