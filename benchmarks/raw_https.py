"""A load generator's HTTPS client: HTTP/1.1 with keep-alive over asyncio's TLS streams,
POSTing JSON and reading JSON answers, and nothing else.

The kiosks a centre serves run on other machines; in a benchmark their clients share the 2
cores with the centre. httpx spent ~0.55 core pushing 50 kiosks' requests, a quarter of the
machine taken from the centre being measured; this client does the same requests for ~0.07
(``bench_contention`` prints what its clients used). TLS is the same: the pinned CA and the
host name are checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

MAX_HEADER = 64 * 1024


class HttpError(RuntimeError):
    pass


class RawHttpsClient:
    """One kept-alive connection; one request at a time, as a kiosk pushes."""

    def __init__(self, base_url: str, context: ssl.SSLContext, headers: dict[str, str], *,
                 timeout: float = 120.0) -> None:
        self._timeout = timeout
        parts = urlsplit(base_url)
        if parts.scheme != "https" or parts.hostname is None:
            raise ValueError(f"an https:// address is expected, not {base_url!r}")
        self._host, self._port = parts.hostname, parts.port or 443
        self._context = context
        lines = [f"Host: {parts.netloc}", "Content-Type: application/json",
                 *(f"{name}: {value}" for name, value in headers.items())]
        self._headers = ("\r\n".join(lines) + "\r\n").encode("latin-1")
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> RawHttpsClient:
        async with asyncio.timeout(self._timeout):
            self._reader, self._writer = await asyncio.open_connection(
                self._host, self._port, ssl=self._context, server_hostname=self._host,
                limit=MAX_HEADER)
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        if self._writer is not None:
            self._writer.close()
            # the server may close first at the end of a run
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await self._writer.wait_closed()

    async def post_json(self, path: str, body: Any) -> Any:
        """The JSON answer of a ``200``; anything else raises ``HttpError`` (``TimeoutError``
        when the answer takes longer than the client's timeout)."""
        async with asyncio.timeout(self._timeout):
            return await self._exchange(path, body)

    async def _exchange(self, path: str, body: Any) -> Any:
        assert self._reader is not None and self._writer is not None, "use it in async with"
        data = json.dumps(body).encode()
        self._writer.write(b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
                           % (path.encode("ascii"), self._headers, len(data), data))
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *fields = head[:-4].split(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length = None
        for field in fields:
            name, _, value = field.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise HttpError("chunked answers are not read by this client")
        if length is None:
            raise HttpError(f"HTTP {status} without Content-Length")
        answer = await self._reader.readexactly(length)
        if status != 200:
            raise HttpError(f"HTTP {status}: {answer[:200]!r}")
        return json.loads(answer)
