"""Development TLS: a private CA and a server certificate for localhost, made on first run.

Kiosks pin ``ca.pem`` (never the system store), so a development centre is as strictly verified
as a production one. A site with its own certificates sets ``tls_cert``/``tls_key`` instead.
Files in ``<data_dir>/tls``: ``ca.pem``, ``ca-key.pem`` (0600, kept to renew the server
certificate), ``server.pem``, ``server-key.pem`` (0600).
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.central.settings import CentralSettings

DNS_NAMES = ("localhost",)
IP_ADDRESSES = ("127.0.0.1", "::1")
CA_VALIDITY = timedelta(days=3650)
SERVER_VALIDITY = timedelta(days=365)
# Renew a little before the end so a running kiosk never meets an expired certificate.
RENEW_BEFORE = timedelta(days=7)


@dataclass(frozen=True)
class TlsFiles:
    cert_file: Path
    key_file: Path
    ca_file: Path | None  # None when the site's certificates are used


def tls_files(settings: CentralSettings, *, now: datetime | None = None) -> TlsFiles:
    """The certificate the server presents: the configured one, or development ones."""
    if settings.tls_cert is not None and settings.tls_key is not None:
        return TlsFiles(Path(settings.tls_cert), Path(settings.tls_key), None)
    return ensure_dev_certificates(settings.tls_dir, now=now)


def ensure_dev_certificates(tls_dir: Path, *, now: datetime | None = None) -> TlsFiles:
    """Create the CA and server certificate if missing; renew the server one when due."""
    now = now or datetime.now(UTC)
    tls_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ca_file, ca_key_file = tls_dir / "ca.pem", tls_dir / "ca-key.pem"
    cert_file, key_file = tls_dir / "server.pem", tls_dir / "server-key.pem"

    if ca_file.exists() and ca_key_file.exists():
        ca_cert = x509.load_pem_x509_certificate(ca_file.read_bytes())
        ca_key = serialization.load_pem_private_key(ca_key_file.read_bytes(), password=None)
        if not isinstance(ca_key, ec.EllipticCurvePrivateKey) or _due(ca_cert, now):
            ca_cert, ca_key = _new_ca(tls_dir, now)
    else:
        ca_cert, ca_key = _new_ca(tls_dir, now)

    if not (cert_file.exists() and key_file.exists()) or _server_needs_renewal(
        x509.load_pem_x509_certificate(cert_file.read_bytes()), ca_cert, now
    ):
        _new_server_certificate(tls_dir, ca_cert, ca_key, now)
    return TlsFiles(cert_file, key_file, ca_file)


def _due(cert: x509.Certificate, now: datetime) -> bool:
    return cert.not_valid_after_utc - RENEW_BEFORE <= now or cert.not_valid_before_utc > now


def _server_needs_renewal(
    cert: x509.Certificate, ca_cert: x509.Certificate, now: datetime
) -> bool:
    if _due(cert, now) or cert.issuer != ca_cert.subject:
        return True
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature):
        return True  # signed by a CA that was since replaced
    return False


def _new_ca(tls_dir: Path, now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "kiosk-central (développement)"),
        x509.NameAttribute(NameOID.COMMON_NAME, "AC de développement kiosk-central"),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    _write(tls_dir / "ca-key.pem", _key_pem(key), private=True)
    _write(tls_dir / "ca.pem", cert.public_bytes(serialization.Encoding.PEM), private=False)
    return cert, key


def _new_server_certificate(
    tls_dir: Path, ca_cert: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, now: datetime
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in DNS_NAMES]
    sans += [x509.IPAddress(ipaddress.ip_address(a)) for a in IP_ADDRESSES]
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(min(now + SERVER_VALIDITY, ca_cert.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(tls_dir / "server-key.pem", _key_pem(key), private=True)
    _write(tls_dir / "server.pem", cert.public_bytes(serialization.Encoding.PEM), private=False)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Atomic write; private files are never readable by others, not even for an instant."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)  # mkstemp creates 0600
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if not private:
        os.chmod(tmp, 0o644)
    os.replace(tmp, path)
