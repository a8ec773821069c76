"""The kiosk's version travels with what it sends: ``kiosk_version`` in every outbox record
(requests and seal handovers), checked against what the centre stored, and a ``User-Agent``
on every HTTP call, checked on a real TLS server."""

from __future__ import annotations

import http.server
import ssl
import threading
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import create_engine, select, text

import kiosk
from kiosk.central.api_models import HandoverRecord, ReissueRecord
from kiosk.central.decision_inputs import payload_digest
from kiosk.services import outbox
from kiosk.services.central_client import CentralClient
from kiosk.store.models import OutboxRecord
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    add_voters,
    enrolled_kiosk,
    new_phone,
    new_voter,
    ref_of,
    submit,
)


def _stored_digests(centre: Centre) -> dict[str, str]:
    engine = create_engine(centre.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, payload_digest FROM reissue_requests UNION ALL "
                "SELECT id, payload_digest FROM seal_handovers")).all()
    finally:
        engine.dispose()
    return {str(r[0]): str(r[1]) for r in rows}


def _digest(wire: dict[str, Any]) -> str:
    model = ReissueRecord if wire["kind"] == outbox.REISSUE else HandoverRecord
    return payload_digest(model.model_validate(wire))


def test_every_record_carries_the_version_the_centre_received(ready_centre: Centre,
                                                              tmp_path: Path) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    app = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    try:
        letter = app.prepare_letter(ref_of(app, voter))
        app.record_handover(letter)
        assert submit(app, voter, new_phone()).state == "envoyée"
        app.sync_now()
        assert not app.pending_records()
        store = app.ctx.require_enrolled().store
        with store.sessions() as session:
            wires = [outbox.wire_form(store.ring, row)
                     for row in session.scalars(select(OutboxRecord))]
    finally:
        app.close()
    assert sorted(w["kind"] for w in wires) == [outbox.REISSUE, outbox.SEAL_HANDOVER]
    stored = _stored_digests(ready_centre)
    for wire in wires:
        assert wire["payload"]["kiosk_version"] == kiosk.__version__
        # The centre keeps the digest of the record it parsed: it matches the record with the
        # version, not the same record without it, so the version reached the centre.
        assert stored[wire["id"]] == _digest(wire)
        without = dict(wire, payload={k: v for k, v in wire["payload"].items()
                                      if k != "kiosk_version"})
        assert stored[wire["id"]] != _digest(without)


class _Recorder(http.server.BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []  # what the server saw, read by the test

    def do_GET(self) -> None:  # http.server's naming
        self.agents.append(self.headers.get("User-Agent", ""))
        body = b'{"status": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_every_http_call_names_the_kiosk_version(ready_centre: Centre) -> None:
    """A TLS server with the centre's own certificate, recording the headers it receives."""
    tls_dir = ready_centre.settings.tls_dir
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_dir / "server.pem", tls_dir / "server-key.pem")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}"
        with CentralClient(url, ready_centre.ca_file) as client:
            assert client.health()
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.agents == [f"kiosk/{kiosk.__version__}"]
