"""``kiosk demo --out DIR``, run as a person would run it (a subprocess, no screen): it starts its
own centre, drives one whole request through the wizard and leaves the documents and
screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from PySide6.QtGui import QImage
from pytestqt.logging import QtLoggingPlugin

from kiosk.ui.demo import quiet_offscreen_noise
from kiosk.ui.demo_centre import demo_voters
from kiosk.ui.main import main

PAGES = ["page-0-connexion", "page-1-electeur", "page-2-numen", "page-3-pli", "page-4-demande",
         "page-5-confirmation", "page-6-fin"]


def test_demo_writes_the_letter_the_receipt_and_a_screenshot_per_page(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")  # the demo must not touch the user's own kiosk
    done = subprocess.run([sys.executable, "-m", "kiosk.ui.main", "demo", "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=240, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "propagateSizeHints" not in done.stderr  # the offscreen platform's noise

    voter = demo_voters()[0]
    letter = " ".join(pypdf.PdfReader(out / "letter.pdf").pages[0].extract_text().split())
    assert voter.numen in letter and voter.last_name.upper() in letter
    receipt = " ".join(pypdf.PdfReader(out / "receipt.pdf").pages[0].extract_text().split())
    assert "Récépissé" in receipt and "envoyée" in receipt and voter.numen not in receipt
    for name in PAGES:
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull() and image.width() >= 1000, name
    assert sorted(p.stem for p in out.glob("page-*.png")) == sorted(PAGES)


def test_only_the_offscreen_noise_is_dropped(qtlog: QtLoggingPlugin) -> None:
    previous = quiet_offscreen_noise()
    try:
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("QPainter::begin: Paint device returned engine == 0")
    finally:
        qInstallMessageHandler(previous)
    assert [r.message for r in qtlog.records] == [
        "QPainter::begin: Paint device returned engine == 0"]


def test_command_line_answers_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0 and capsys.readouterr().out.strip() == "kiosk 0.1.0"
    with pytest.raises(SystemExit) as helped:
        main(["--help"])
    out = capsys.readouterr().out
    assert helped.value.code == 0 and out.startswith("utilisation : kiosk")
    assert "afficher la version du programme et quitter" in out
    assert not {"usage:", "positional", "show", "exit"} & set(out.split()), out
    with pytest.raises(SystemExit) as wrong:
        main(["demo"])
    assert wrong.value.code == 2
    assert "Erreur : une des options --out --interactive est obligatoire" in \
        capsys.readouterr().err
    for args, french in ((["no-such-command"],
                          "option COMMANDE : choix invalide : 'no-such-command'"),
                         (["demo", "--out"], "option --out : une valeur est attendue"),
                         (["demo", "--out", "x", "--interactive"],
                          "option --interactive : incompatible avec l'option --out"),
                         (["--counter=yes"],
                          "option --counter : cette option ne prend pas de valeur : 'yes'"),
                         (["--count"], "option inconnue : --count (vouliez-vous dire "
                                       "--counter ? les options s'écrivent en entier)"),
                         (["--count", "sync"], "option inconnue : --count "),
                         (["sync", "extra"], "arguments inconnus : extra")):
        with pytest.raises(SystemExit) as wrong:
            main(args)
        err = capsys.readouterr().err
        assert wrong.value.code == 2 and f"Erreur : {french}" in err, err
        assert not {"invalid", "expected", "allowed", "choose"} & set(err.split()), err


def test_sync_of_a_kiosk_never_enrolled_says_so(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "sync"]) == 2
    assert "la borne n'est pas enrôlée" in capsys.readouterr().err
