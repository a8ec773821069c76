"""``make package`` builds the one-folder bundle, and the bundled program runs ``kiosk demo``
offscreen with no Python of ours: the PDFs it writes are checked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.ui.demo_centre import demo_voters

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "kiosk"

# The first test also pays for the module's bundle build (up to the fixture's own 900 s), which
# pytest-timeout counts with it: ~400 s on a slow day of the 2-core machine, past the default.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]


@pytest.fixture(scope="module")
def bundle() -> Path:
    done = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for name in ("kiosk", "kiosk-central", "kiosk.desktop"):
        assert (BUNDLE / name).exists(), name
    return BUNDLE


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """No virtualenv, no PYTHONPATH: only what the bundle carries."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "KIOSK_"))}
    env["PATH"] = "/usr/bin:/bin"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")
    env["KIOSK_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_bundled_kiosk_runs_the_demo(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run([str(bundle / "kiosk"), "demo", "--out", str(out)],
                          env=_bare_env(tmp_path), capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    voter = demo_voters()[0]
    letter = " ".join(PdfReader(out / "letter.pdf").pages[0].extract_text().split())
    receipt = " ".join(PdfReader(out / "receipt.pdf").pages[0].extract_text().split())
    assert voter.numen in letter and voter.last_name.upper() in letter
    assert "Récépissé" in receipt and "envoyée" in receipt and voter.numen not in receipt
    assert sorted(p.name for p in out.glob("page-*.png"))


def test_bundled_version(bundle: Path, tmp_path: Path) -> None:
    import kiosk

    done = subprocess.run([str(bundle / "kiosk"), "--version"], env=_bare_env(tmp_path),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == f"kiosk {kiosk.__version__}"
