"""What an accepted request sends, end to end: the real centre decides, its dispatcher sends
through a real SMTP server (aiosmtpd) and the SMS spool; the words are the procedure's."""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.central.notify.messages import CONFIRMATION_SUBJECT, ID_EMAIL_SUBJECT, sms_text
from kiosk.central.notify.spool import list_sms
from tests.fixtures.centre import Centre, SmtpSink

from .test_api_support import ApiCentre, new_phone, reissue

_ID = re.compile(r"identifiant de vote : ([A-Z0-9]{12})")


def test_email_and_sms_reach_the_right_addresses_with_the_right_text(
        make_centre: Callable[..., Centre], smtp_server: SmtpSink) -> None:
    api = ApiCentre(make_centre(smtp_host=smtp_server.host, smtp_port=smtp_server.port))
    try:
        api.set_calendar()
        kiosk = api.enrol()
        platform = api.platform_token()
        by_mail, by_sms = api.add_voters(2)

        record = reissue(by_mail, channel="email")
        del record["payload"]["phone"]  # no mobile needed when the ID goes by e-mail
        [mailed] = api.push(kiosk, record)
        assert mailed["status"] == "accepted" and mailed["phone_masked"] is None
        assert "courriel" in mailed["message"]
        received = smtp_server.wait_for(2)
        assert {tuple(m.rcpt_tos) for m in received} == {(by_mail.email,)}
        by_subject = {m.subject: m for m in received}
        assert set(by_subject) == {ID_EMAIL_SUBJECT, CONFIRMATION_SUBJECT}
        found = _ID.search(by_subject[ID_EMAIL_SUBJECT].body)
        assert found is not None
        assert api.check(platform, found.group(1))
        confirmation = by_subject[CONFIRMATION_SUBJECT].body
        assert mailed["reference"] in confirmation and "par courriel" in confirmation
        assert found.group(1) not in confirmation  # the ID travels once, by its channel

        phone = new_phone()
        [texted] = api.push(kiosk, reissue(by_sms, phone))
        [new_id] = api.ids_sent_to(phone, 1)
        [sms] = [m for m in list_sms(api.centre.spool_dir) if m.destination == phone]
        assert sms.sender == "36001" and sms.text == sms_text(new_id)
        mails = smtp_server.wait_for(3)
        [confirm_sms] = [m for m in mails if m.rcpt_tos == [by_sms.email]]
        assert confirm_sms.subject == CONFIRMATION_SUBJECT
        assert f"par SMS au {texted['phone_masked']}" in confirm_sms.body
        assert new_id not in confirm_sms.body and phone not in confirm_sms.body
        state = api.client().get(f"/v1/requests/{texted['reference']}").json()
        assert state["delivery"] == "sent"
    finally:
        api.close()
