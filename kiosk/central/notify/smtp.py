"""E-mail: real ``smtplib`` to the configured relay, or the spool while none is configured."""

from __future__ import annotations

import email.message
import email.utils
import smtplib
import ssl
from pathlib import Path
from typing import Protocol

from kiosk.central.notify import spool
from kiosk.central.notify.errors import SendError
from kiosk.central.notify.messages import EmailText
from kiosk.central.settings import CentralSettings


def build_email(
    *, sender: str, to: str, text: EmailText, key: str
) -> email.message.EmailMessage:
    message = email.message.EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = text.subject
    message["Date"] = email.utils.formatdate(localtime=False)
    # A stable Message-ID per notification lets a receiving system drop a resend after a crash.
    domain = sender.rpartition("@")[2] or "kiosk-central.invalid"
    message["Message-ID"] = f"<{key}@{domain}>"
    message.set_content(text.body, charset="utf-8")
    return message


class Mailer(Protocol):
    def send(self, message: email.message.EmailMessage, *, key: str) -> None: ...


class SmtpMailer:
    """One connection per message: at our volume (a few per second) simplicity beats pooling."""

    def __init__(
        self, host: str, port: int, *, starttls: bool = False, user: str | None = None,
        password: str | None = None, timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.user, self._password, self.timeout = user, password, timeout

    def send(self, message: email.message.EmailMessage, *, key: str) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.user:
                    client.login(self.user, self._password or "")
                refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise SendError("Adresse refusée par le relais SMTP.", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            # 5xx: the relay will never take it; 4xx: try again later.
            raise SendError(
                f"Le relais SMTP a répondu {exc.smtp_code}.", permanent=500 <= exc.smtp_code < 600
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"Relais SMTP injoignable ({type(exc).__name__}).") from None
        if refused:
            raise SendError("Adresse refusée par le relais SMTP.", permanent=True)


class SpoolMailer:
    def __init__(self, spool_dir: Path) -> None:
        self.spool_dir = spool_dir

    def send(self, message: email.message.EmailMessage, *, key: str) -> None:
        try:
            spool.write_mail(self.spool_dir, key=key, message=message)
        except OSError as exc:
            raise SendError(f"Écriture dans le spool impossible ({type(exc).__name__}).") from None


def mailer_from_settings(settings: CentralSettings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(
            settings.smtp_host, settings.smtp_port, starttls=settings.smtp_starttls,
            user=settings.smtp_user, password=settings.smtp_password,
            timeout=settings.smtp_timeout,
        )
    return SpoolMailer(settings.spool_dir)
