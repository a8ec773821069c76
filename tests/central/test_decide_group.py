"""A group of pushes decided together (kiosk.central.decisions.decide_group): a push whose
records cannot even be made ready (a bug in parsing or hashing, not bad input) fails alone,
and the other pushes of its group are decided and stored as usual."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.central import decisions
from kiosk.central.api_auth import KioskPrincipal
from kiosk.central.api_context import AppContext
from kiosk.central.api_models import PushIn, ReissueRecord
from kiosk.central.server import prepare
from kiosk.central.settings import CentralSettings
from kiosk.store.models import ReissueRequest

KIOSK = KioskPrincipal("borne-test", ("0211234C",))
BROKEN_AGENT = "agent.casse"


@pytest.fixture
def context(tmp_path: Path) -> Iterator[AppContext]:
    settings = CentralSettings(data_dir=tmp_path)
    prepare(settings)
    built = AppContext.build(settings)
    yield built
    built.engine.dispose()


@pytest.fixture
def broken_for_one_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    real = decisions.prepare

    def prepare_or_fail(record: ReissueRecord, *args: Any) -> Any:
        if record.payload.agent == BROKEN_AGENT:
            raise RuntimeError("bug while preparing")
        return real(record, *args)

    monkeypatch.setattr(decisions, "prepare", prepare_or_fail)


def _record(agent: str) -> ReissueRecord:
    body = PushIn.model_validate({"records": [{
        "id": str(uuid.uuid4()), "kind": "reissue_request",
        "created_at": datetime.now(UTC).isoformat(),
        "payload": {"numen": "01E9501234ABC", "birth_date": "1975-03-15",
                    "phone": "+33612345678", "channel": "sms", "agent": agent,
                    "identity_document": "CNI", "security_code_checked": True}}]})
    record = body.records[0]
    assert isinstance(record, ReissueRecord)
    return record


def _stored(context: AppContext) -> int:
    with context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ReissueRequest)) or 0)


@pytest.mark.usefixtures("broken_for_one_agent")
def test_a_push_that_breaks_preparation_fails_alone(context: AppContext) -> None:
    broken = decisions.Job(KIOSK, "127.0.0.1", [_record(BROKEN_AGENT)], date.today())
    sound = decisions.Job(KIOSK, "127.0.0.1", [_record("agent.dupont")], date.today())
    decisions.decide_group(context, [broken, sound])
    assert isinstance(broken.error, RuntimeError) and broken.results == []
    assert sound.error is None
    assert [result.status for result in sound.results] == ["refused"]  # an unknown NUMEN
    assert _stored(context) == 1  # the sound push's request, and only it


@pytest.mark.usefixtures("broken_for_one_agent")
def test_its_caller_gets_the_error_and_others_their_answers(context: AppContext) -> None:
    async def both() -> list[object]:
        return list(await asyncio.gather(
            decisions.decide_batch(context, KIOSK, [_record(BROKEN_AGENT)], "127.0.0.1"),
            decisions.decide_batch(context, KIOSK, [_record("agent.dupont")], "127.0.0.1"),
            return_exceptions=True))

    failed, answered = asyncio.run(both())
    assert isinstance(failed, RuntimeError)
    assert isinstance(answered, list) and [r.status for r in answered] == ["refused"]
