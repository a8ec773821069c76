"""The kiosk's log: a rotating file in its data directory (``logs/kiosk.log``, 1 MB x 5).

What a support person needs after the fact (starts, sync failures, bugs with their stack) on a
PC nobody watches, in bounded space. The code never logs personal data; the file handler also
masks anything shaped like a NUMEN, a phone number, a voter ID or a token, because the file
stays on an office PC for months and is e-mailed to the helpdesk: one careless log line must
not become a leak there.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

LOG_DIR = "logs"
LOG_NAME = "kiosk.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_kiosk_handler"  # set on the handlers installed here, so a second call replaces them

_PATTERNS = (
    re.compile(r"\b\d{2}[A-Za-z]\d{7}[A-Za-z]{3}\b"),  # NUMEN
    re.compile(r"(?<![\w.])(?:\+\d{9,15}|0[67](?:[ .]?\d{2}){4})\b"),  # mobile phone
    re.compile(r"\b\d{2}/\d{2}/(?:19|20)\d{2}\b"),  # a date of birth as typed
    re.compile(r"\b(?=(?:[A-Z]*\d){2})(?=(?:\d*[A-Z]){2})[A-HJ-NP-Z2-9]{12}\b"),  # voter ID
    re.compile(r"(?<![\w-])[A-Za-z0-9_-]{43}(?![\w-])"),  # device token (32 bytes, base64)
)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("[masqué]", text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks what looks like personal data or a secret (the message,
    the arguments and the traceback alike, since all end up in the text)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_file(directory: Path) -> Path:
    return directory / LOG_DIR / LOG_NAME


def setup_logging(directory: Path | None, *, console_level: int = logging.WARNING) -> Path | None:
    """Warnings to the console and, when ``directory`` is given, everything from INFO up to
    the rotating file there. Returns the file's path. Calling it again replaces what an earlier
    call installed (tests run ``main()`` more than once in one process)."""
    teardown_logging()
    root = logging.getLogger()
    if not root.handlers:  # as basicConfig: a host that set up logging (tests) keeps its own
        console = logging.StreamHandler()
        console.setLevel(console_level)
        console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        setattr(console, _MARK, True)
        root.addHandler(console)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # One INFO line per HTTP call (or per Alembic plugin) would bury what matters.
    for chatty in ("httpx", "httpcore", "alembic.runtime.plugins"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if directory is None:
        return None
    path = log_file(directory)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        # A read-only or full disk must not stop the kiosk from starting: say it once.
        logging.getLogger(__name__).warning("log file unavailable: %s", type(exc).__name__)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(RedactingFormatter(FORMAT))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    return path


def teardown_logging() -> None:
    """Remove and close what :func:`setup_logging` installed (the file is flushed)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()


def log_uncaught(kind: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the kiosk: a bug in a Qt slot reaches the log with its type and
    stack, never its message (it may quote a NUMEN or a phone number)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    logging.getLogger("kiosk").error("unexpected error: %s.%s\n%s", kind.__module__,
                                     kind.__qualname__, frames)
