"""The contention benchmark's client against the real centre over TLS: it gets what httpx
gets, says when the answer is not a 200, and trusts only the pinned CA."""

from __future__ import annotations

import asyncio
import ssl

import pytest

from benchmarks.raw_https import HttpError, RawHttpsClient
from kiosk.services.central_client import pinned_context
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import enrolment_code


def test_it_enrols_and_is_refused_like_any_client(centre: Centre) -> None:
    async def run() -> tuple[object, str]:
        context = pinned_context(centre.ca_file)
        async with RawHttpsClient(centre.base_url, context, {}) as client:
            enrolled = await client.post_json("/v1/enrol", {"code": enrolment_code(centre)})
            with pytest.raises(HttpError) as refused:
                await client.post_json("/v1/sync/push", {"records": []})  # no token
            again = await client.post_json("/v1/enrol", {"code": enrolment_code(centre)})
        return (enrolled, again), str(refused.value)

    (first, second), refusal = asyncio.run(run())
    assert isinstance(first, dict) and isinstance(second, dict)
    assert first["token"] and second["token"] and first["token"] != second["token"]
    with centre.https_client() as client:  # what httpx is answered
        status = client.post("/v1/sync/push", json={"records": []}).status_code
    assert refusal.startswith(f"HTTP {status}: ") and status == 401


def test_it_refuses_a_centre_its_ca_did_not_sign(centre: Centre) -> None:
    async def run() -> None:
        async with RawHttpsClient(centre.base_url, ssl.create_default_context(), {}):
            pass

    with pytest.raises(ssl.SSLCertVerificationError):
        asyncio.run(run())
    with pytest.raises(ValueError, match="https://"):
        RawHttpsClient(centre.base_url.replace("https", "http"), ssl.create_default_context(),
                       {})


def test_a_server_that_never_answers_times_out() -> None:
    async def run() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read()  # takes the TLS hello and never says anything

        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            client = RawHttpsClient(f"https://127.0.0.1:{port}", ssl.create_default_context(),
                                    {}, timeout=0.3)
            async with client:
                pass

    with pytest.raises(TimeoutError):
        asyncio.run(run())
