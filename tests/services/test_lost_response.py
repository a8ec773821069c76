"""The connection drops after the centre committed a push: the retry gets the stored result,
and the request exists once at the centre."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services import central_client
from kiosk.services.app import build_kiosk
from kiosk.services.requests import SENT, WAITING
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    centre_requests,
    enrolment_code,
    new_phone,
    new_voter,
    prepare_centre,
    submit,
)
from tests.services.tcp_proxy import LossyProxy


@pytest.fixture
def tls12(monkeypatch: pytest.MonkeyPatch) -> None:
    """TLS 1.2 between kiosk and proxy, so the proxy can tell the answer from the handshake
    (TLS 1.3 encrypts both as application data). The kiosk accepts 1.2 anyway."""
    original = central_client.pinned_context

    def pinned_tls12(ca_file: Path) -> ssl.SSLContext:
        context = original(ca_file)
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        return context

    monkeypatch.setattr(central_client, "pinned_context", pinned_tls12)


@pytest.fixture
def proxy(module_centre: Centre) -> Iterator[LossyProxy]:
    relay = LossyProxy(module_centre.port)
    yield relay
    relay.close()


def _count(centre: Centre, sql: str, **params: object) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(centre.database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql), params).scalar_one())
    finally:
        engine.dispose()


def test_a_lost_answer_is_recovered_by_the_retry(module_centre: Centre, proxy: LossyProxy,
                                                 tls12: None, tmp_path: Path) -> None:
    voter = new_voter()
    prepare_centre(module_centre, tmp_path, [voter])
    kiosk = build_kiosk(tmp_path / "kiosk", background=False)
    kiosk.enrol(proxy.url, module_centre.ca_file, enrolment_code(module_centre))
    kiosk.sign_in(AGENT, PASSWORD)
    try:
        # The immediate push of a submission loses its answer: the receipt says "waiting".
        proxy.lose_next_response.set()
        confirmation = submit(kiosk, voter, new_phone())
        assert proxy.lost == 1
        assert confirmation.state == WAITING
        assert kiosk.status().pending == 1
        [record_id] = kiosk.pending_records()
        # ...yet the centre has decided and committed it.
        [stored] = [r for r in centre_requests(module_centre) if r["id"] == record_id]
        assert stored["status"] == "accepted"
        assert stored["reference"] == confirmation.reference

        # A sync's push loses its answer too: still pending, nothing decided twice.
        proxy.lose_next_response.set()
        assert kiosk.sync_now().pending == 1
        assert proxy.lost == 2

        status = kiosk.sync_now()  # the retry gets the stored result
        assert (status.pending, status.follow_up) == (0, 0)
        assert [r["id"] for r in centre_requests(module_centre)].count(record_id) == 1
        assert _count(module_centre, "SELECT requests_used FROM voters WHERE id = :v",
                      v=stored["voter_id"]) == 1
        assert _count(module_centre, "SELECT count(*) FROM notifications "
                                     "WHERE request_id = :r AND kind = 'sms'", r=record_id) == 1
        assert kiosk.requests_left(str(stored["voter_id"])) == 2
        assert submit(kiosk, voter, new_phone()).state == SENT  # the link works again
    finally:
        kiosk.close()
