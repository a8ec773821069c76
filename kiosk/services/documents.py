"""The printed side of a re-issue: the confidential letter, the receipt, the handover sheet.

Everything is drawn with QPainter on a ``QPagedPaintDevice``, so one piece of code feeds both a
PDF file (``QPdfWriter``) and a real printer chosen in the print dialog (``QPrinter``). Text stays
text, so the documents can be read back (pypdf, screen readers); the QR code is drawn as vector
squares, which stay crisp on any printer where a raster image would be resampled.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from kiosk.domain.calendar import PARIS, format_paris
from kiosk.domain.decision import MAX_REQUESTS
from kiosk.services.contracts import Confirmation, HandoverRecord, SealedLetter, ServiceError
from kiosk.services.document_sheet import BLUE, GREY, LIGHT_BLUE, RED, Sheet

CONFIDENTIAL_TITLE = "Pli confidentiel — à ouvrir par le destinataire seulement"
INVALIDATION_WARNING = "Tout envoi d'un nouvel identifiant invalide le précédent."
CHANNEL_LABELS = {"sms": "SMS", "email": "courriel"}
_FOLDS_MM = (99.0, 198.0)  # A4 folded in three fits a DL envelope
_PDF_DPI = 300

_app: QGuiApplication | None = None


def _ensure_gui() -> None:
    """Fonts need a QGuiApplication; a command-line caller may not have one yet."""
    global _app
    if QCoreApplication.instance() is None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("documents: create the Qt application on the main thread first")
        _app = QGuiApplication([])


def _write_pdf(path: Path, title: str, landscape: bool, draw: Callable[[Sheet], None]) -> Path:
    """Draw into ``path`` through a temporary file, so a crash never leaves half a PDF."""
    _ensure_gui()
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setResolution(_PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("Borne de réassort — Ministère de l'Éducation nationale")
    orientation = QPageLayout.Orientation.Landscape if landscape else \
        QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise ServiceError("Impossible d'écrire le document PDF : vérifiez que le dossier existe "
                           "et qu'il est accessible en écriture.", code="document_not_written")
    try:
        draw(Sheet(painter, writer))
    finally:
        painter.end()
    os.replace(partial, path)
    return path


def _paint(device: QPagedPaintDevice, draw: Callable[[Sheet], None]) -> None:
    _ensure_gui()
    painter = QPainter()
    if not painter.begin(device):
        raise ServiceError("L'impression n'a pas pu commencer : vérifiez l'imprimante.",
                           code="print_failed")
    try:
        draw(Sheet(painter, device))
    finally:
        painter.end()


# --- the confidential letter ---------------------------------------------------------------
def _draw_letter(letter: SealedLetter, sheet: Sheet) -> None:
    full_name = f"{letter.first_name} {letter.last_name.upper()}"
    sheet.letterhead(f"Édité le {format_paris(letter.created_at)}")
    sheet.text(90, 36, 100, f"Pli n° {letter.serial}", 10, bold=True,
               align=Qt.AlignmentFlag.AlignRight, wrap=False)
    y = sheet.text(20, 44, 170, "Votre NUMEN, sous pli confidentiel", 17, bold=True, color=BLUE)
    y = sheet.text(20, y + 4, 170, full_name, 12, bold=True)
    y = sheet.text(20, y + 1, 170, f"Établissement : {letter.establishment}", 10)
    sheet.text(20, y + 5, 170,
               "Vous avez demandé au secrétariat votre NUMEN (numéro d'identification Éducation "
               "nationale). Il vous est remis sous pli confidentiel, en main propre et contre "
               "émargement. Avec votre date de naissance, il permet de demander l'envoi d'un "
               "nouvel identifiant électeur : ne le communiquez à personne.", 10)
    for fold in _FOLDS_MM:
        sheet.fold_mark(fold)

    # The NUMEN sits in the middle third: folded in three, paper covers it on both sides.
    top, height = 112.0, 52.0
    sheet.hatch(20, top, 170, height)
    sheet.box(20, top, 170, height, width=0.8, color=RED)
    sheet.fill(24, top + 5, 162, 9, QColor("white"))
    sheet.text(24, top + 6, 162, CONFIDENTIAL_TITLE, 11, bold=True, color=RED,
               align=Qt.AlignmentFlag.AlignHCenter)
    sheet.fill(45, top + 19, 120, 27, QColor("white"))
    sheet.box(45, top + 19, 120, 27, width=0.3, color=GREY)
    sheet.text(45, top + 21, 120, "Votre NUMEN", 9, color=GREY,
               align=Qt.AlignmentFlag.AlignHCenter)
    sheet.text(45, top + 27, 120, letter.numen, 26, bold=True, mono=True,
               align=Qt.AlignmentFlag.AlignHCenter)

    y = sheet.text(20, 170, 170, "Pour obtenir un nouvel identifiant électeur", 12, bold=True,
                   color=BLUE)
    steps = (
        "Présentez-vous au secrétariat, ou rendez-vous sur le portail des élections, avec ce "
        "NUMEN, votre date de naissance et votre téléphone mobile.",
        f"La demande d'envoi d'un nouvel identifiant ne peut être faite que {MAX_REQUESTS} fois.",
        INVALIDATION_WARNING + " Seul le dernier identifiant reçu permet de voter.",
        "Aucun service ne vous demandera votre NUMEN par téléphone ou par courriel.",
    )
    for step in steps:
        sheet.text(22, y + 2, 4, "•", 10, color=BLUE)
        y = sheet.text(27, y + 2, 163, step, 10)

    sheet.cut_line(236, "Talon à détacher et à conserver par le secrétariat")
    sheet.fill(20, 244, 170, 40, LIGHT_BLUE)
    sheet.text(25, 247, 120, "TALON — remise d'un pli confidentiel", 10, bold=True, color=BLUE)
    sheet.text(105, 247, 80, f"Pli n° {letter.serial}", 10, bold=True,
               align=Qt.AlignmentFlag.AlignRight, wrap=False)
    sheet.text(25, 255, 160, f"Destinataire : {full_name} — établissement {letter.establishment}",
               9)
    sheet.text(25, 262, 90, "Remis le : ____/____/________  à  ____ h ____", 9)
    sheet.text(25, 270, 90, "Par (agent) : ______________________________", 9)
    sheet.text(120, 262, 65, "Signature du destinataire :", 9)
    sheet.box(120, 267, 65, 14, width=0.3, color=GREY)


def render_letter_pdf(letter: SealedLetter, path: Path) -> Path:
    """Write the confidential letter (A4 portrait) to ``path``; return ``path``."""
    return _write_pdf(Path(path), "Pli confidentiel", False, lambda s: _draw_letter(letter, s))


def print_letter(letter: SealedLetter, device: QPagedPaintDevice) -> None:
    """Print the confidential letter on ``device`` (a QPrinter from the print dialog)."""
    _paint(device, lambda s: _draw_letter(letter, s))


# --- the receipt ---------------------------------------------------------------------------
def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), with the standard 4-module quiet zone."""
    qrcode = _qrcode_without_pillow()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def _qrcode_without_pillow() -> ModuleType:
    """``qrcode``, imported on first use (not at the top: the wizard's pages import this module
    for printing, and the first screen would wait for it) and without Pillow.

    Its module drawers import Pillow when they can, and skip themselves when they cannot; the
    kiosk only reads the matrix and paints it with Qt, so Pillow would be ~4 MiB of the kiosk's
    memory and ~15 ms for nothing (benchmarks/bench_memory.py). A ``None`` in ``sys.modules``
    makes that one import fail, for the time of this import only."""
    if "qrcode" not in sys.modules and "PIL" not in sys.modules:
        sys.modules["PIL"] = None  # type: ignore[assignment]
        try:
            import qrcode
        finally:
            if sys.modules.get("PIL", ...) is None:
                del sys.modules["PIL"]
    import qrcode

    return qrcode


def qr_png(text: str, module_px: int = 8) -> bytes:
    """The QR code of ``text`` as a PNG image (for the screen)."""
    matrix = qr_matrix(text)
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                painter.fillRect(col * module_px, row * module_px, module_px, module_px,
                                 QColor("black"))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    written = QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    if not written:  # pragma: no cover - Qt's PNG writer is built in
        raise RuntimeError("PNG encoding failed")
    return bytes(data.data())


def _draw_receipt(confirmation: Confirmation, sheet: Sheet) -> None:
    sheet.letterhead(f"Édité le {format_paris(confirmation.created_at)}")
    y = sheet.text(20, 44, 170, "Récépissé de demande de nouvel identifiant", 16,
                   bold=True, color=BLUE)
    banner_top = y + 5
    sheet.fill(20, banner_top, 170, 16, LIGHT_BLUE)
    sheet.fill(20, banner_top, 2, 16, BLUE)
    sheet.text(26, banner_top + 3, 160, confirmation.message, 10)
    channel = CHANNEL_LABELS.get(confirmation.channel, confirmation.channel)
    rows = (
        ("Référence de la demande", confirmation.reference),
        ("Date et heure", format_paris(confirmation.created_at)),
        ("Envoi du nouvel identifiant", f"par {channel}"),
        ("Téléphone mobile", confirmation.phone_masked),
        ("Demandes encore possibles", f"{confirmation.requests_left} sur {MAX_REQUESTS}"),
        ("État de la demande", confirmation.state),
    )
    y = banner_top + 24
    for label, value in rows:
        sheet.text(20, y, 50, label, 9, color=GREY)
        sheet.text(70, y, 78, value, 10.5, bold=True, mono=label.startswith("Référence"),
                   wrap=not label.startswith("Référence"))
        sheet.hline(20, 146, y + 9, color=GREY, width=0.1)
        y += 12
    qr_top = banner_top + 22
    sheet.qr(152, qr_top, 38, qr_matrix(confirmation.status_url))
    sheet.text(150, qr_top + 39, 42, "Suivez votre demande avec votre téléphone", 8,
               color=GREY, align=Qt.AlignmentFlag.AlignHCenter)
    y = sheet.text(20, y + 6, 170, INVALIDATION_WARNING, 11, bold=True, color=RED)
    y = sheet.text(20, y + 2, 170, "Seul le dernier identifiant reçu permet de voter. Le mot de "
                   "passe que vous avez choisi sur le portail reste le même.", 10)
    if "attente" in confirmation.state:
        y = sheet.text(20, y + 4, 170, "La borne transmettra la demande au centre dès que la "
                       "liaison sera rétablie ; le suivi en ligne sera alors disponible.", 10)
    y = sheet.text(20, y + 6, 170, "Adresse de suivi :", 9, color=GREY)
    sheet.text(20, y + 1, 170, confirmation.status_url, 9, mono=True)
    sheet.hline(20, 190, 270, color=GREY, width=0.2)
    sheet.text(20, 272, 170, "Ce récépissé ne contient ni votre NUMEN ni votre identifiant "
               "électeur. Conservez-le jusqu'à la clôture du scrutin.", 8, color=GREY)


def render_receipt_pdf(confirmation: Confirmation, path: Path) -> Path:
    """Write the receipt of a request (A4 portrait, with its QR code) to ``path``."""
    return _write_pdf(Path(path), "Récépissé de demande", False,
                      lambda s: _draw_receipt(confirmation, s))


def print_receipt(confirmation: Confirmation, device: QPagedPaintDevice) -> None:
    _paint(device, lambda s: _draw_receipt(confirmation, s))


# --- the handover sheet (émargement) --------------------------------------------------------
_COLUMNS = (("N° de pli", 50.0), ("Électeur", 68.0), ("Agent", 44.0), ("Heure", 18.0),
            ("Signature de l'électeur", 77.0))
_ROWS_PER_PAGE = 10
_ROW_MM = 12.0


def _draw_handover_sheet(records: Sequence[HandoverRecord], day: date, sheet: Sheet) -> None:
    ordered = sorted(records, key=lambda r: r.handed_at)
    pages = [ordered[i:i + _ROWS_PER_PAGE] for i in range(0, len(ordered), _ROWS_PER_PAGE)] \
        or [[]]
    for number, page in enumerate(pages, start=1):
        if number > 1:
            sheet.new_page()
        sheet.letterhead(f"Journée du {day.strftime('%d/%m/%Y')}", width=297.0)
        sheet.text(20, 40, 257, "Feuille d'émargement — remise des plis confidentiels", 15,
                   bold=True, color=BLUE)
        x, y = 20.0, 52.0
        for title, width in _COLUMNS:
            sheet.fill(x, y, width, 8, BLUE)
            sheet.text(x + 2, y + 1.8, width - 4, title, 9, bold=True, color=QColor("white"))
            x += width
        y += 8
        for record in page:
            x = 20.0
            signature = "" if record.destroyed_at is None else \
                f"Pli non retiré, détruit le {format_paris(record.destroyed_at)}"
            cells = (record.serial, record.voter_name, record.agent,
                     record.handed_at.astimezone(PARIS).strftime("%H:%M"), signature)
            for (_, width), value in zip(_COLUMNS, cells, strict=True):
                sheet.box(x, y, width, _ROW_MM, width=0.2, color=GREY)
                serial = value == record.serial
                sheet.text(x + 2, y + 2, width - 4, value, 8 if serial else 9, mono=serial,
                           wrap=not serial)
                x += width
            y += _ROW_MM
        if not page:
            sheet.text(20, y + 4, 257, "Aucun pli remis ce jour.", 10, color=GREY)
        sheet.text(20, 190, 160, f"{len(ordered)} pli(s) remis. Heures de Paris. Visa du "
                   "responsable : ____________________", 8, color=GREY)
        sheet.text(227, 190, 50, f"Page {number}/{len(pages)}", 8, color=GREY,
                   align=Qt.AlignmentFlag.AlignRight)


def render_handover_sheet_pdf(records: Sequence[HandoverRecord], day: date, path: Path) -> Path:
    """Write the day's émargement sheet (A4 landscape, ten letters a page) to ``path``."""
    return _write_pdf(Path(path), "Feuille d'émargement", True,
                      lambda s: _draw_handover_sheet(records, day, s))


def print_handover_sheet(records: Sequence[HandoverRecord], day: date,
                         device: QPagedPaintDevice) -> None:
    """Print the day's émargement sheet on ``device`` (landscape, like the PDF)."""
    device.setPageOrientation(QPageLayout.Orientation.Landscape)
    _paint(device, lambda s: _draw_handover_sheet(records, day, s))
