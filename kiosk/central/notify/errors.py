"""The one error senders raise: what failed, without the address, number or text concerned."""

from __future__ import annotations


class SendError(RuntimeError):
    """Sending failed. ``permanent`` failures are not retried (a refused address, say)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
