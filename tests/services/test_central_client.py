"""CentralClient against a real centre over TLS: pinning, refusals, French messages."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from kiosk.central.certs import ensure_dev_certificates
from kiosk.services.central_client import (
    CentralClient,
    CentralRefused,
    CentralUnreachable,
    pinned_context,
)
from tests.fixtures.centre import Centre, free_port
from tests.fixtures.kiosk import enrolment_code


def test_health_with_the_pinned_ca(module_centre: Centre) -> None:
    with CentralClient(module_centre.base_url, module_centre.ca_file) as client:
        assert client.health() is True


def test_pinned_context_trusts_only_the_given_ca(module_centre: Centre) -> None:
    context = pinned_context(module_centre.ca_file)
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert len(context.get_ca_certs()) == 1  # not the system's store


def test_a_wrong_ca_is_refused_with_a_clear_message(module_centre: Centre,
                                                    tmp_path: Path) -> None:
    other = ensure_dev_certificates(tmp_path / "other-tls")
    assert other.ca_file is not None
    with CentralClient(module_centre.base_url, other.ca_file) as client:
        assert client.health() is False
        with pytest.raises(CentralUnreachable) as caught:
            client.enrol("ABCD-EFGH")
    assert "certificat présenté par le centre n'est pas reconnu" in caught.value.message


def test_missing_ca_file(tmp_path: Path) -> None:
    with pytest.raises(CentralUnreachable) as caught:
        CentralClient("https://127.0.0.1:1", tmp_path / "absent.pem")
    assert "absent ou illisible" in caught.value.message


def test_nothing_listening(module_centre: Centre) -> None:
    with CentralClient(f"https://127.0.0.1:{free_port()}", module_centre.ca_file,
                       token="t") as client:
        assert client.health() is False
        with pytest.raises(CentralUnreachable) as caught:
            client.pull(0)
    assert "injoignable" in caught.value.message


def test_plain_http_on_the_tls_port_is_not_spoken(module_centre: Centre) -> None:
    url = module_centre.base_url.replace("https://", "http://")
    with CentralClient(url, module_centre.ca_file, token="t") as client, \
            pytest.raises((CentralUnreachable, CentralRefused)):
        client.pull(0)


def test_bad_enrolment_code_is_refused_without_echo(module_centre: Centre) -> None:
    with CentralClient(module_centre.base_url, module_centre.ca_file) as client, \
            pytest.raises(CentralRefused) as caught:
        client.enrol("NOT-A-REAL-CODE-42")
    assert 400 <= caught.value.status < 500
    assert caught.value.message and "NOT-A-REAL-CODE-42" not in caught.value.message


def test_calls_need_a_token(module_centre: Centre) -> None:
    with CentralClient(module_centre.base_url, module_centre.ca_file) as client:
        with pytest.raises(CentralRefused) as caught:
            client.push([])
        assert caught.value.status == 401 and "enrôlée" in caught.value.message
    with CentralClient(module_centre.base_url, module_centre.ca_file,
                       token="forged-token") as client:
        with pytest.raises(CentralRefused) as caught:
            client.pull(0)
        assert caught.value.status == 401
        assert "forged-token" not in caught.value.message


def test_enrol_then_pull_and_status(module_centre: Centre) -> None:
    code = enrolment_code(module_centre)
    with CentralClient(module_centre.base_url, module_centre.ca_file) as client:
        enrolment = client.enrol(code)
    assert enrolment.establishments == ("0211234C",)
    assert enrolment.token not in repr(enrolment)
    with CentralClient(module_centre.base_url, module_centre.ca_file,
                       token=enrolment.token) as client:
        page = client.pull(0)
        assert page.cursor >= 0 and isinstance(page.changes, list)
        assert client.push([]) == []
        with pytest.raises(CentralRefused) as caught:
            client.request_status("ABCDEFGHJKLMNPQR")
        assert caught.value.status == 404
    with CentralClient(module_centre.base_url, module_centre.ca_file) as client, \
            pytest.raises(CentralRefused):
        client.enrol(code)  # one-time code
