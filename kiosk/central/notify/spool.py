"""The development spool: one readable file per message under ``spool_dir``.

SMS go to ``sms/<key>.txt``, e-mails to ``mail/<key>.eml`` while no SMTP relay is configured.
Files are named after the notification, so a resend after a crash rewrites the same file
instead of making a second message; they are written atomically (a reader never sees half).
"""

from __future__ import annotations

import email
import email.message
import email.policy
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def _target(directory: Path, key: str, suffix: str) -> Path:
    if not _SAFE_KEY.match(key) or key.startswith("."):
        raise ValueError("spool key must be a plain file name")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory / f"{key}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_sms(spool_dir: Path, *, key: str, sender: str, destination: str, text: str) -> Path:
    path = _target(spool_dir / "sms", key, ".txt")
    content = f"De : {sender}\nÀ : {destination}\n\n{text}\n"
    _write_atomic(path, content.encode("utf-8"))
    return path


def write_mail(spool_dir: Path, *, key: str, message: email.message.EmailMessage) -> Path:
    path = _target(spool_dir / "mail", key, ".eml")
    _write_atomic(path, message.as_bytes(policy=email.policy.SMTP))
    return path


@dataclass(frozen=True)
class SpooledSms:
    path: Path
    sender: str
    destination: str
    text: str


def read_sms(path: Path) -> SpooledSms:
    header, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(" : ", 1) for line in header.splitlines())
    return SpooledSms(path, fields["De"], fields["À"], text.rstrip("\n"))


def list_sms(spool_dir: Path) -> list[SpooledSms]:
    """Every SMS in the spool, oldest first (tests read the new voter ID from here)."""
    directory = spool_dir / "sms"
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.txt"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    return [read_sms(p) for p in files]


def list_mail(spool_dir: Path) -> list[email.message.EmailMessage]:
    directory = spool_dir / "mail"
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
    messages = []
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        messages.append(message)
    return messages
