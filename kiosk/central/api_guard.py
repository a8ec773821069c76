"""The outermost layer of the API: request bodies capped, and no exception ever leaves as a trace.

Bodies are read whole here (they are small: a push batch is well under the cap) so that an
oversize one is refused with 413 before any JSON parsing or database work, whether it announced
its length or came chunked. An exception that escaped every handler is logged by type and place
only (its text could hold data) and answered with a JSON 500, if nothing was sent yet.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from kiosk.central.api_errors import INTERNAL_ERROR, json_bytes

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 2 * 1024 * 1024
TOO_LARGE = "Requête trop volumineuse : 2 Mo au plus (500 enregistrements par lot au plus)."


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


class GuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except _TooLarge:
            await _send_json(send, 413, json_bytes("too_large", TOO_LARGE))
            return
        except _Disconnected:
            return
        if body:
            # Every endpoint takes JSON: a body sent with another or no Content-Type is read
            # as JSON too, so a malformed one gets the same clear 400 whatever its label.
            headers = [(k, v) for k, v in scope.get("headers", []) if k != b"content-type"]
            scope = dict(scope, headers=[*headers, (b"content-type", b"application/json")])

        sent_body = False

        async def replay() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect as usual

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, replay, tracking_send)
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1:]
            where = f"{frame[0].filename}:{frame[0].lineno}" if frame else "?"
            log.error("unexpected %s at %s on %s %s", type(exc).__name__, where,
                      scope.get("method"), _route_of(scope))
            if not started:
                await _send_json(send, 500, json_bytes("internal_error", INTERNAL_ERROR))

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > self.max_body:
                        raise _TooLarge
                except ValueError:
                    pass  # the server itself refuses a malformed length
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _route_of(scope: Scope) -> str:
    # Only the first path segments: /v1/requests/{reference} carries a capability.
    path = str(scope.get("path", ""))
    return "/".join(path.split("/")[:3])


async def _send_json(send: Send, status: int, body: bytes) -> None:
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode("ascii")),
                    (b"connection", b"close")],
    })
    await send({"type": "http.response.body", "body": body, "more_body": False})
