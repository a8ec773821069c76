"""Development certificates: a chain that verifies for loopback names, kept across runs."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from kiosk.central.certs import ensure_dev_certificates, tls_files
from kiosk.central.settings import CentralSettings


def _load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_chain_verifies_and_names_loopback(tmp_path: Path) -> None:
    files = ensure_dev_certificates(tmp_path / "tls")
    assert files.ca_file is not None
    ca, server = _load(files.ca_file), _load(files.cert_file)
    server.verify_directly_issued_by(ca)
    sans = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["localhost"]
    assert set(sans.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False


def test_private_keys_are_private(tmp_path: Path) -> None:
    files = ensure_dev_certificates(tmp_path / "tls")
    for key in (files.key_file, tmp_path / "tls" / "ca-key.pem"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(files.cert_file.stat().st_mode) == 0o644


def test_second_run_reuses_the_same_files(tmp_path: Path) -> None:
    first = ensure_dev_certificates(tmp_path / "tls")
    before = {p: p.read_bytes() for p in (first.cert_file, first.key_file, first.ca_file)}
    second = ensure_dev_certificates(tmp_path / "tls")
    assert second == first
    assert {p: p.read_bytes() for p in before} == before


def test_expired_server_certificate_is_renewed_under_the_same_ca(tmp_path: Path) -> None:
    files = ensure_dev_certificates(tmp_path / "tls")
    assert files.ca_file is not None
    ca_before, server_before = files.ca_file.read_bytes(), files.cert_file.read_bytes()
    later = datetime.now(UTC) + timedelta(days=400)
    renewed = ensure_dev_certificates(tmp_path / "tls", now=later)
    assert files.ca_file.read_bytes() == ca_before
    assert renewed.cert_file.read_bytes() != server_before
    new = _load(renewed.cert_file)
    assert new.not_valid_after_utc > later
    new.verify_directly_issued_by(_load(files.ca_file))


def test_configured_certificates_are_used_as_given(tmp_path: Path) -> None:
    settings = CentralSettings(data_dir=tmp_path, tls_cert=tmp_path / "c.pem",
                               tls_key=tmp_path / "k.pem")
    files = tls_files(settings)
    assert (files.cert_file, files.key_file, files.ca_file) == (
        tmp_path / "c.pem", tmp_path / "k.pem", None)
    assert not (tmp_path / "tls").exists()


def test_a_tls_client_pinned_to_the_ca_accepts_the_server(tmp_path: Path) -> None:
    files = ensure_dev_certificates(tmp_path / "tls")
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(files.cert_file, files.key_file)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept_one() -> None:
        conn, _ = listener.accept()
        try:
            with server_ctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"ok")
        except (ssl.SSLError, OSError):
            pass

    for host in ("localhost", "127.0.0.1"):
        thread = threading.Thread(target=accept_one)
        thread.start()
        client_ctx = ssl.create_default_context(cafile=str(files.ca_file))
        with socket.create_connection(("127.0.0.1", port)) as raw, \
                client_ctx.wrap_socket(raw, server_hostname=host) as tls:
            assert tls.recv(2) == b"ok"
        thread.join()
    # The system store does not know our CA.
    thread = threading.Thread(target=accept_one)
    thread.start()
    with pytest.raises(ssl.SSLCertVerificationError), \
            socket.create_connection(("127.0.0.1", port)) as raw, \
            ssl.create_default_context().wrap_socket(raw, server_hostname="localhost"):
        pass
    thread.join()
    listener.close()
