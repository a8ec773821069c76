"""``kiosk-central serve`` for real: uvicorn over TLS on loopback, in its own process."""

from __future__ import annotations

import signal
import socket

import httpx
import pytest
from sqlalchemy import func, select

from kiosk.store.engine import make_engine, make_sessionmaker
from kiosk.store.models import PlatformToken
from tests.fixtures.centre import Centre, assert_tls_floor


def test_https_with_the_pinned_ca(centre: Centre) -> None:
    with centre.https_client() as client:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert client.get("/openapi.json").json()["paths"]
    assert str(centre.ca_file) in centre.log_text()  # serve says where the CA is


def test_the_system_ca_store_does_not_trust_the_dev_ca(centre: Centre) -> None:
    with httpx.Client(verify=True, timeout=5) as client, pytest.raises(httpx.ConnectError):
        client.get(f"{centre.base_url}/healthz")


def test_plain_http_gets_no_http_answer(centre: Centre) -> None:
    with socket.create_connection(("127.0.0.1", centre.port), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        received = b""
        try:
            while chunk := sock.recv(4096):
                received += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    assert not received.startswith(b"HTTP/")
    assert b"healthz" not in received and b"200" not in received
    with httpx.Client(timeout=5) as client, pytest.raises(httpx.HTTPError):
        client.get(f"http://127.0.0.1:{centre.port}/healthz")


def test_tls_1_2_is_the_floor(centre: Centre) -> None:
    assert_tls_floor(centre)


@pytest.mark.parametrize(
    "centre_database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
    indirect=True,
)
def test_kill_9_then_restart_on_the_same_data(centre: Centre) -> None:
    code, out, _ = centre.cli("issue-platform-token")
    assert code == 0
    token = out.strip().splitlines()[-1]
    ca_before = centre.ca_file.read_bytes()
    centre.kill()
    assert centre.process is not None and centre.process.returncode == -9
    with pytest.raises(httpx.ConnectError), centre.https_client(timeout=2) as client:
        client.get("/healthz")
    centre.start()
    assert centre.ca_file.read_bytes() == ca_before  # same CA: kiosks keep their pin
    with centre.https_client() as client:
        assert client.get("/healthz").status_code == 200
    engine = make_engine(centre.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            assert session.scalar(select(func.count()).select_from(PlatformToken)) == 1
    finally:
        engine.dispose()
    assert token not in centre.log_text()
    code, out, _ = centre.cli("verify-audit")
    assert code == 0, out


def test_graceful_stop(centre: Centre) -> None:
    # uvicorn shuts down cleanly on SIGTERM, then re-raises it: -15 is a clean exit here.
    assert centre.stop() in (0, -signal.SIGTERM)
    assert not centre.running
    assert "Finished server process" in centre.log_text()
    assert "dispatcher stopped" in centre.log_text()
