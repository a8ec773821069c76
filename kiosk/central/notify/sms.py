"""SMS: one interface, an HTTP client for the operator's gateway and a file spool for development.

The HTTP gateway contract is the common one: ``POST <sms_gateway_url>`` with
``Authorization: Bearer <token>`` and JSON ``{"from", "to", "text", "reference"}``; any 2xx is
success, 4xx (but 408/429) is permanent, everything else is retried. ``reference`` is the
notification id, so a gateway that deduplicates can drop a resend after a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import httpx

from kiosk.central.notify import spool
from kiosk.central.notify.errors import SendError
from kiosk.central.notify.messages import SMS_SENDER
from kiosk.central.settings import CentralSettings


class SmsGateway(Protocol):
    def send(self, destination: str, text: str, *, key: str) -> None: ...


class HttpSmsGateway:
    def __init__(
        self, url: str, token: str | None, *, sender: str = SMS_SENDER, timeout: float = 10.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.url, self._token, self.sender = url, token, sender
        self._client = client or httpx.Client(timeout=timeout)

    def send(self, destination: str, text: str, *, key: str) -> None:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        payload = {"from": self.sender, "to": destination, "text": text, "reference": key}
        try:
            response = self._client.post(self.url, json=payload, headers=headers)
        except httpx.HTTPError as exc:
            raise SendError(f"Passerelle SMS injoignable ({type(exc).__name__}).") from None
        status = response.status_code
        if 200 <= status < 300:
            return
        permanent = 400 <= status < 500 and status not in (408, 429)
        raise SendError(f"La passerelle SMS a répondu {status}.", permanent=permanent)

    def close(self) -> None:
        self._client.close()


class SpoolSmsGateway:
    def __init__(self, spool_dir: Path, *, sender: str = SMS_SENDER) -> None:
        self.spool_dir, self.sender = spool_dir, sender

    def send(self, destination: str, text: str, *, key: str) -> None:
        try:
            spool.write_sms(
                self.spool_dir, key=key, sender=self.sender, destination=destination, text=text
            )
        except OSError as exc:
            raise SendError(f"Écriture dans le spool impossible ({type(exc).__name__}).") from None


def gateway_from_settings(settings: CentralSettings) -> SmsGateway:
    if settings.sms_gateway_url:
        return HttpSmsGateway(
            settings.sms_gateway_url, settings.sms_gateway_token, sender=settings.sms_sender,
            timeout=settings.smtp_timeout,
        )
    return SpoolSmsGateway(settings.spool_dir, sender=settings.sms_sender)
