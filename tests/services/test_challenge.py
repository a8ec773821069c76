"""The security code: an image (real PNG, drawn without a font), single use, short-lived."""

from __future__ import annotations

import random
import threading

from PySide6.QtGui import QImage

from kiosk.services.challenge import HEIGHT, TTL_SECONDS, WIDTH, ChallengeBook, render_code_png


def _image(png: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(png, "PNG")
    return image


def test_the_image_is_a_png_of_the_expected_size() -> None:
    png = render_code_png("0123")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = _image(png)
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)


def test_every_digit_draws_something_distinct() -> None:
    drawings = set()
    for digit in "0123456789":
        image = _image(render_code_png(digit * 4, rng=random.Random(7)))
        dark = sum(1 for x in range(0, WIDTH, 2) for y in range(0, HEIGHT, 2)
                   if image.pixelColor(x, y).lightness() < 110)
        assert dark > 60, digit  # ink on the image, not just noise
        drawings.add(bytes(image.constBits()))
    assert len(drawings) == 10


def test_rendering_works_off_the_main_thread() -> None:
    # The UI calls services from a worker thread: no font, no application needed.
    out: list[bytes] = []
    worker = threading.Thread(target=lambda: out.append(render_code_png("4567")))
    worker.start()
    worker.join(30)
    assert out and out[0].startswith(b"\x89PNG")


def test_a_code_checks_once() -> None:
    book = ChallengeBook()
    token, code = book.issue()
    assert len(code) == 4 and code.isdigit()
    assert book.peek(token) == code
    assert book.consume(token, f" {code} ")
    assert not book.consume(token, code)  # spent
    assert book.peek(token) is None


def test_a_wrong_code_spends_the_token() -> None:
    book = ChallengeBook()
    token, code = book.issue()
    wrong = "0000" if code != "0000" else "1111"
    assert not book.consume(token, wrong)
    assert not book.consume(token, code)


def test_unknown_token_and_garbage() -> None:
    book = ChallengeBook()
    assert not book.consume("no-such-token", "1234")
    token, _ = book.issue()
    assert not book.consume(token, "12345678" * 10)


def test_codes_expire() -> None:
    now = [1000.0]
    book = ChallengeBook(clock=lambda: now[0])
    token, code = book.issue()
    now[0] += TTL_SECONDS + 1
    assert not book.consume(token, code)


def test_tokens_are_unguessable_and_distinct() -> None:
    book = ChallengeBook()
    tokens = {book.issue()[0] for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 20 for t in tokens)
