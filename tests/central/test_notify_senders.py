"""The texts and the senders: a real SMTP server (aiosmtpd) on loopback, the file spool, and an
HTTP SMS gateway stand-in on loopback (the operator's gateway is outside the project)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.notify import spool
from kiosk.central.notify.errors import SendError
from kiosk.central.notify.messages import (
    CONFIRMATION_SUBJECT,
    EmailText,
    notifications_for,
    parse_body,
    sms_text,
)
from kiosk.central.notify.sms import HttpSmsGateway, SpoolSmsGateway, gateway_from_settings
from kiosk.central.notify.smtp import (
    SmtpMailer,
    SpoolMailer,
    build_email,
    mailer_from_settings,
)
from kiosk.central.settings import CentralSettings
from tests.fixtures.centre import SmsGatewaySink, SmtpSink, free_port

VOTER_ID = "68WMEUWD5AEJ"


def test_sms_text_is_the_procedure_text() -> None:
    assert sms_text(VOTER_ID) == (
        "Bonjour, Votre nouvel identifiant de vote: 68WMEUWD5AEJ Votre ancien identifiant a été "
        "invalidé. Cordialement, Le Ministère de l'Éducation Nationale"
    )


def test_notifications_for_an_sms_request() -> None:
    drafts = notifications_for(channel="sms", voter_id=VOTER_ID, phone="+33612345678",
                               email="jean.dupont@ac-dijon.fr", phone_masked="06xxxxxx78",
                               reference="ABCDEFGH23456789")
    assert [(d.kind, d.destination) for d in drafts] == [
        ("sms", "+33612345678"), ("confirmation", "jean.dupont@ac-dijon.fr")]
    assert parse_body("sms", drafts[0].body) == sms_text(VOTER_ID)
    confirmation = parse_body("confirmation", drafts[1].body)
    assert isinstance(confirmation, EmailText)
    assert confirmation.subject == CONFIRMATION_SUBJECT
    assert "06xxxxxx78" in confirmation.body and "ABCDEFGH23456789" in confirmation.body
    assert VOTER_ID not in confirmation.body  # the confirmation never carries the ID


def test_notifications_for_an_email_request() -> None:
    drafts = notifications_for(channel="email", voter_id=VOTER_ID, phone=None,
                               email="jean.dupont@ac-dijon.fr", phone_masked=None,
                               reference="R" * 16)
    assert [(d.kind, d.destination) for d in drafts] == [
        ("email", "jean.dupont@ac-dijon.fr"), ("confirmation", "jean.dupont@ac-dijon.fr")]
    id_mail = parse_body("email", drafts[0].body)
    assert isinstance(id_mail, EmailText) and VOTER_ID in id_mail.body
    with pytest.raises(ValueError):
        notifications_for(channel="fax", voter_id=VOTER_ID, phone=None, email="a@b.fr",
                          phone_masked=None, reference="R" * 16)


def test_smtp_mailer_delivers_to_a_real_smtp_server(smtp_server: SmtpSink) -> None:
    text = EmailText(CONFIRMATION_SUBJECT, "Corps accentué : é à ç\n")
    message = build_email(sender="ne-pas-repondre@education.gouv.fr",
                          to="jean.dupont@ac-dijon.fr", text=text, key="notification-42")
    SmtpMailer(smtp_server.host, smtp_server.port, timeout=5).send(message, key="k")
    [received] = smtp_server.wait_for(1)
    assert received.rcpt_tos == ["jean.dupont@ac-dijon.fr"]
    assert received.mail_from == "ne-pas-repondre@education.gouv.fr"
    assert received.subject == CONFIRMATION_SUBJECT
    assert received.body == "Corps accentué : é à ç\n"
    assert received.message["Message-ID"] == "<notification-42@education.gouv.fr>"


def test_smtp_mailer_reports_a_down_relay_as_retryable() -> None:
    message = build_email(sender="a@b.fr", to="c@d.fr", text=EmailText("s", "b"), key="k")
    with pytest.raises(SendError) as caught:
        SmtpMailer("127.0.0.1", free_port(), timeout=2).send(message, key="k")
    assert not caught.value.permanent
    assert "c@d.fr" not in str(caught.value)


def test_spool_mailer_and_sms_gateway_write_readable_files(tmp_path: Path) -> None:
    message = build_email(sender="a@b.fr", to="jean.dupont@ac-dijon.fr",
                          text=EmailText(CONFIRMATION_SUBJECT, "corps"), key="n1")
    SpoolMailer(tmp_path).send(message, key="n1")
    SpoolSmsGateway(tmp_path).send("+33612345678", sms_text(VOTER_ID), key="n2")
    SpoolSmsGateway(tmp_path).send("+33612345678", sms_text(VOTER_ID), key="n2")  # resend
    [mail] = spool.list_mail(tmp_path)
    assert mail["To"] == "jean.dupont@ac-dijon.fr" and mail["Subject"] == CONFIRMATION_SUBJECT
    [sms] = spool.list_sms(tmp_path)  # the resend rewrote the same file
    assert (sms.sender, sms.destination, sms.text) == ("36001", "+33612345678",
                                                       sms_text(VOTER_ID))
    assert (tmp_path / "sms" / "n2.txt").read_text(encoding="utf-8").startswith("De : 36001")


def test_spool_refuses_keys_that_are_paths(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        SpoolSmsGateway(tmp_path).send("+33612345678", "x", key="../evil")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_settings_choose_spool_or_relay(tmp_path: Path) -> None:
    plain = CentralSettings(data_dir=tmp_path)
    assert isinstance(mailer_from_settings(plain), SpoolMailer)
    assert isinstance(gateway_from_settings(plain), SpoolSmsGateway)
    relay = CentralSettings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=2525,
                            sms_gateway_url="http://127.0.0.1:1/sms")
    assert isinstance(mailer_from_settings(relay), SmtpMailer)
    assert isinstance(gateway_from_settings(relay), HttpSmsGateway)


@pytest.fixture
def sms_gateway() -> Iterator[SmsGatewaySink]:
    gateway = SmsGatewaySink()
    gateway.start()
    yield gateway
    gateway.stop()


def test_http_gateway_posts_with_bearer_token_and_sender(sms_gateway: SmsGatewaySink) -> None:
    client = HttpSmsGateway(sms_gateway.url, "tok-123", timeout=5)
    client.send("+262692123456", sms_text(VOTER_ID), key="notification-7")
    [post] = sms_gateway.posts
    assert post.headers["Authorization"] == "Bearer tok-123"
    assert post.body == {"from": "36001", "to": "+262692123456", "text": sms_text(VOTER_ID),
                    "reference": "notification-7"}


@pytest.mark.parametrize(("status", "permanent"), [(503, False), (429, False), (400, True)])
def test_http_gateway_failures(sms_gateway: SmsGatewaySink, status: int, permanent: bool) -> None:
    sms_gateway.status = status
    with pytest.raises(SendError) as caught:
        HttpSmsGateway(sms_gateway.url, "tok-123", timeout=5).send("+33612345678", "x", key="k")
    assert caught.value.permanent is permanent
    assert "tok-123" not in str(caught.value) and "+33612345678" not in str(caught.value)
