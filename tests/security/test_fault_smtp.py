"""The SMTP relay is down while the centre decides requests, then comes back: the whole centre
(``kiosk-central serve`` with its dispatcher thread) keeps deciding, keeps the messages queued,
and delivers each one once, by itself, when the relay answers again.

The dispatcher's retry and backoff are proven in-process with simulated time
(tests/central/test_notify_dispatch.py::test_smtp_down_then_up_is_retried_and_delivered_once);
this is the same story through the real server, on loopback, bounded by the backoff (1 s, 2 s,
4 s: the relay is down for about two seconds).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select

from kiosk.central.notify.messages import CONFIRMATION_SUBJECT, ID_EMAIL_SUBJECT
from kiosk.store.models import Notification
from tests.central.test_api_support import ApiCentre, reissue
from tests.fixtures.centre import Centre, SmtpSink


def test_relay_down_then_up_every_email_arrives_once(make_centre: Callable[..., Centre],
                                                     smtp_server: SmtpSink) -> None:
    smtp_server.stop()  # down before the centre even starts
    api = ApiCentre(make_centre(smtp_host=smtp_server.host, smtp_port=smtp_server.port,
                                smtp_timeout=2))
    try:
        api.set_calendar()
        kiosk = api.enrol()
        voters = api.add_voters(3)
        records = [reissue(v, channel="email") for v in voters]
        for record in records:
            del record["payload"]["phone"]
        results = api.push(kiosk, *records)
        assert [r["status"] for r in results] == ["accepted"] * 3  # decisions do not wait
        time.sleep(1.5)  # the dispatcher tries and fails meanwhile
        assert smtp_server.messages == []
        states = {api.client().get(f"/v1/requests/{r['reference']}").json()["delivery"]
                  for r in results}
        assert states == {"queued"}

        smtp_server.start()  # the same address and port: the relay is back
        received = smtp_server.wait_for(6, timeout=30)
        time.sleep(1.0)  # anything sent twice would have arrived by now
        assert len(smtp_server.messages) == 6 == len(received)
        for voter in voters:
            subjects = sorted(m.subject for m in received if m.rcpt_tos == [voter.email])
            assert subjects == sorted([ID_EMAIL_SUBJECT, CONFIRMATION_SUBJECT])
        assert api.centre.running
        deadline = time.monotonic() + 20  # the row is marked sent just after the SMTP answer
        while time.monotonic() < deadline:
            with api.session() as session:
                rows = session.scalars(select(Notification)).all()
            if {n.status for n in rows} == {"sent"}:
                break
            time.sleep(0.1)
        assert len(rows) == 6 and {(n.status, n.body_enc) for n in rows} == {("sent", "")}
        states = {api.client().get(f"/v1/requests/{r['reference']}").json()["delivery"]
                  for r in results}
        assert states == {"sent"}
    finally:
        api.close()
