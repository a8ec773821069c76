"""The centre sends nothing of its requests to OpenTelemetry, even where a tracer provider is
set in its process: FastAPI's own instrumentation would put each request's path in a span, and
``/v1/requests/{reference}`` carries a capability (access logs are off for the same reason).
The app runs in a fresh interpreter, since a provider can be set only once per process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import json, pathlib, sys
from opentelemetry import trace
from opentelemetry.trace import NoOpTracer

spans = []

class RecordingTracer(NoOpTracer):
    def start_span(self, name, *args, **kwargs):
        spans.append({"name": name, **dict(kwargs.get("attributes") or {})})
        return super().start_span(name, *args, **kwargs)

class RecordingProvider(trace.TracerProvider):
    def get_tracer(self, *args, **kwargs):
        return RecordingTracer()

trace.set_tracer_provider(RecordingProvider())

from starlette.testclient import TestClient
import kiosk.central.app
from kiosk.central.server import prepare
from kiosk.central.settings import CentralSettings

if sys.argv[2] == "fastapi-default":  # the control: FastAPI's own telemetry settings
    kiosk.central.app.NO_TELEMETRY = {}
settings = CentralSettings(data_dir=pathlib.Path(sys.argv[1]))
prepare(settings)
with TestClient(kiosk.central.app.create_app(settings), base_url="https://testserver") as client:
    statuses = [client.get("/v1/requests/ABCDEFGHJKLMNPQR").status_code,
                client.get("/healthz").status_code]
print(json.dumps({"statuses": statuses, "spans": spans}))
"""


def _probe(data_dir: Path, telemetry: str) -> dict[str, list[object]]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(data_dir), telemetry],
                          capture_output=True, text=True, timeout=120, check=True)
    result: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_no_span_carries_a_request_path_even_with_a_provider_set(tmp_path: Path) -> None:
    seen = _probe(tmp_path / "ours", "ours")
    assert seen["statuses"] == [404, 200]
    assert seen["spans"] == []


def test_fastapi_s_default_would_have_sent_the_reference(tmp_path: Path) -> None:
    """What the first test is worth: the same app with FastAPI's default telemetry gives the
    recording provider the capability in a span's ``url.path``."""
    seen = _probe(tmp_path / "default", "fastapi-default")
    assert {"name": "GET", "url.path": "/v1/requests/ABCDEFGHJKLMNPQR"}.items() <= next(
        span for span in seen["spans"] if isinstance(span, dict) and "url.path" in span
    ).items()
