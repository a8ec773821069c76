"""The printed documents, read back as a person or a phone would read them: text with pypdf,
the QR code decoded with zxing-cpp (from the PNG, and from the vector drawing inside the PDF)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from pypdf.generic import ContentStream
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from kiosk.services import documents
from kiosk.services.contracts import Confirmation, HandoverRecord, SealedLetter, ServiceError
from kiosk.ui.pages.letter import new_printer

NUMEN = "01E9501234ABC"
NUMEN_SHAPE = re.compile(r"\d{2}[A-Z]\d{7}[A-Z]{3}")
MOMENT = datetime(2018, 11, 12, 9, 5, tzinfo=UTC)  # 10:05 in Paris
URL = "https://127.0.0.1:8443/v1/requests/ABCDEFGHJKLMNPQR"


@pytest.fixture
def letter() -> SealedLetter:
    return SealedLetter(voter_ref="v-1", serial="0211234C-20181112-7Q2K4M", last_name="Lefèvre",
                        first_name="Anaïs", establishment="0211234C", numen=NUMEN,
                        created_at=MOMENT)


@pytest.fixture
def confirmation() -> Confirmation:
    return Confirmation(
        reference="ABCDEFGHJKLMNPQR", phone_masked="06xxxxxx78", channel="sms",
        created_at=MOMENT, requests_left=2, state="envoyée",
        message="Votre demande a été correctement prise en compte. Un SMS vous a été envoyé, "
                "vous le recevrez dans quelques minutes.",
        status_url=URL)


def _text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_letter_carries_name_numen_and_the_serial_on_letter_and_stub(
        qapp: object, tmp_path: Path, letter: SealedLetter) -> None:
    path = documents.render_letter_pdf(letter, tmp_path / "letter.pdf")
    pages, text = _text(path)
    flat = _flat(text)
    assert pages == 1
    box = pypdf.PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    assert "Anaïs LEFÈVRE" in flat
    assert "0211234C" in flat
    assert NUMEN in flat
    assert flat.count("0211234C-20181112-7Q2K4M") == 2  # on the letter and on the detachable stub
    assert "Pli confidentiel — à ouvrir par le destinataire seulement" in flat
    assert "Ministère de l'Éducation nationale" in flat
    assert "Talon à détacher" in flat
    assert "12/11/2018 10:05 (heure de Paris)" in flat
    assert not list(tmp_path.glob("*.part"))


def test_receipt_has_what_the_voter_needs_and_no_secret(
        qapp: object, tmp_path: Path, confirmation: Confirmation) -> None:
    pages, text = _text(documents.render_receipt_pdf(confirmation, tmp_path / "r.pdf"))
    flat = _flat(text)
    assert pages == 1
    for expected in ("ABCDEFGHJKLMNPQR", "06xxxxxx78", "par SMS", "2 sur 3", "envoyée",
                     "12/11/2018 10:05 (heure de Paris)", confirmation.message,
                     "Tout envoi d'un nouvel identifiant invalide le précédent."):
        assert expected in flat, expected
    # pypdf sometimes splits long monospaced runs; poppler does not: compare without spaces.
    assert URL in flat.replace(" ", "")
    assert not NUMEN_SHAPE.search(flat)


def test_offline_receipt_says_it_waits_for_the_centre(
        qapp: object, tmp_path: Path, confirmation: Confirmation) -> None:
    offline = Confirmation(**{**confirmation.__dict__, "state": "en attente de synchronisation"})
    _, text = _text(documents.render_receipt_pdf(offline, tmp_path / "r.pdf"))
    assert "en attente de synchronisation" in _flat(text)
    assert "dès que la liaison sera rétablie" in _flat(text)


def test_qr_png_decodes_to_the_status_address(qapp: object) -> None:
    image = QImage.fromData(documents.qr_png(URL))
    assert not image.isNull()
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == [URL]


_CHILD = """
import sys
from kiosk.services.documents import qr_matrix
bits = "".join("1" if dark else "0" for row in qr_matrix(sys.argv[1]) for dark in row)
loaded = "PIL" in sys.modules
import PIL  # still importable: the import was refused for qrcode's import only
print(loaded, PIL.__name__, bits)
"""


def test_the_qr_code_is_made_without_loading_pillow() -> None:
    """Pillow would be ~4 MiB of the kiosk's memory for a matrix that Qt paints."""
    done = subprocess.run([sys.executable, "-c", _CHILD, URL], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                          cwd=Path(__file__).parents[2], timeout=60, check=True)
    loaded, pil, bits = done.stdout.split()
    assert (loaded, pil) == ("False", "PIL")
    import qrcode  # here, with Pillow: the same modules

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(URL)
    code.make(fit=True)
    assert bits == "".join("1" if dark else "0" for row in code.get_matrix() for dark in row)


def _black_rectangles(path: Path) -> list[tuple[float, float, float, float]]:
    """Axis-aligned rectangles of every black-filled path of the page, in drawing units."""
    reader = pypdf.PdfReader(path)
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    colour: list[float] = []
    points: list[tuple[float, float]] = []
    current: list[list[tuple[float, float]]] = []
    found: list[tuple[float, float, float, float]] = []
    for operands, op in operations:
        if op == b"scn":
            colour = [float(v) for v in operands]
        elif op == b"m":
            points = [(float(operands[0]), float(operands[1]))]
            current.append(points)
        elif op == b"l":
            points.append((float(operands[0]), float(operands[1])))
        elif op in (b"f", b"f*"):
            if colour == [0.0, 0.0, 0.0]:
                for shape in current:
                    xs, ys = [p[0] for p in shape], [p[1] for p in shape]
                    found.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
            current = []
        elif op in (b"S", b"n"):
            current = []
    return found


def test_receipt_pdf_draws_a_vector_qr_code_that_decodes_to_the_status_address(
        qapp: object, tmp_path: Path, confirmation: Confirmation) -> None:
    rects = _black_rectangles(documents.render_receipt_pdf(confirmation, tmp_path / "r.pdf"))
    assert len(rects) > 50  # a QR code is made of many dark runs, not one image
    left, top = min(r[0] for r in rects), min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    scale = 400 / (right - left)
    image = QImage(480, 480, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for x, y, w, h in rects:
        painter.fillRect(QRectF(40 + (x - left) * scale, 40 + (y - top) * scale,
                                w * scale, h * scale), QColor("black"))
    painter.end()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [URL]


def test_handover_sheet_lists_the_day_with_a_signature_column(
        qapp: object, tmp_path: Path) -> None:
    records = [HandoverRecord(id=str(i), serial=f"0211234C-20181112-{i:06d}",
                              voter_name=f"Voter{i} NOM", agent="secretariat.dijon",
                              handed_at=MOMENT + timedelta(minutes=i))
               for i in range(12)]
    records[3] = HandoverRecord(**{**records[3].__dict__, "destroyed_at": MOMENT})
    pages, text = _text(documents.render_handover_sheet_pdf(records, date(2018, 11, 12),
                                                            tmp_path / "sheet.pdf"))
    flat = _flat(text)
    assert pages == 2  # ten letters a page
    assert "Feuille d'émargement" in flat and "Signature de l'électeur" in flat
    assert "Journée du 12/11/2018" in flat
    for record in records:
        assert record.serial in flat and record.voter_name in flat
    assert "10:05" in flat and "10:16" in flat
    assert "détruit le 12/11/2018" in flat
    assert "12 pli(s) remis" in flat
    assert not NUMEN_SHAPE.search(flat)


def test_empty_sheet_says_so(qapp: object, tmp_path: Path) -> None:
    _, text = _text(documents.render_handover_sheet_pdf([], date(2018, 11, 12),
                                                        tmp_path / "s.pdf"))
    assert "Aucun pli remis ce jour." in _flat(text)


def test_unwritable_destination_is_a_french_refusal_and_leaves_nothing(
        qapp: object, tmp_path: Path, letter: SealedLetter) -> None:
    target = tmp_path / "absent" / "letter.pdf"
    with pytest.raises(ServiceError) as caught:
        documents.render_letter_pdf(letter, target)
    assert "Impossible d'écrire le document PDF" in caught.value.message
    assert NUMEN not in str(caught.value)
    assert not target.parent.exists()


def _pdf_printer(path: Path) -> QPrinter:

    printer = new_printer()  # what the print dialog starts from
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_goes_through_the_same_drawing(qapp: object, tmp_path: Path,
                                               letter: SealedLetter) -> None:
    documents.print_letter(letter, _pdf_printer(tmp_path / "printed.pdf"))
    flat = _flat(_text(tmp_path / "printed.pdf")[1])
    assert NUMEN in flat and flat.count(letter.serial) == 2

    records = [HandoverRecord(id="1", serial="0211234C-20181112-AAAAAA", voter_name="Anaïs NOM",
                              agent="secretariat.dijon", handed_at=MOMENT)]
    sheet = tmp_path / "sheet.pdf"
    documents.print_handover_sheet(records, date(2018, 11, 12), _pdf_printer(sheet))
    box = pypdf.PdfReader(sheet).pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape, like the PDF
    assert "0211234C-20181112-AAAAAA" in _flat(_text(sheet)[1])
