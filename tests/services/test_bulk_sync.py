"""A day of offline work at a busy counter: 10,000 pending records sync completely and
correctly (speed belongs in a benchmark; nothing here is timed)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.domain.decision import Channel, ReissueRequest
from kiosk.domain.phone import parse_phone
from kiosk.domain.voter_id import generate_reference
from kiosk.services import outbox
from kiosk.services.requests import reissue_payload
from tests.fixtures.kiosk import (
    RegisterVoter,
    add_voters,
    enrolled_kiosk,
    prepare_centre,
    start_centre,
)

VOTERS = 3_333
RECORDS = 10_000  # three per voter, and one fourth for the first voter: refused


@pytest.mark.slow
def test_ten_thousand_pending_records(tmp_path_factory: pytest.TempPathFactory,
                                      tmp_path: Path) -> None:
    centre = start_centre(tmp_path_factory, dispatch=False)
    try:
        voters = [RegisterVoter(numen=f"02B{1_000_000 + i:07d}XYZ", last_name=f"Masse{i}",
                                first_name="Léa", birth="12/06/1980",
                                email=f"lea.masse{i}@ac-dijon.fr") for i in range(VOTERS)]
        prepare_centre(centre, tmp_path, [])
        add_voters(centre, tmp_path, voters)
        kiosk = enrolled_kiosk(centre, tmp_path / "kiosk")
        enrolled = kiosk.ctx.require_enrolled()
        now = kiosk.ctx.now()
        plan = [i for i in range(VOTERS) for _ in range(3)] + [0]
        random.Random(5).shuffle(plan)
        assert len(plan) == RECORDS
        with enrolled.store.sessions.begin() as session:
            for n, index in enumerate(plan):
                voter = voters[index]
                phone = parse_phone(f"06 20 {index:06d}")
                request = ReissueRequest(voter.numen, date(1980, 6, 12), phone, Channel.SMS,
                                         now + timedelta(microseconds=n))
                reference = generate_reference()
                outbox.add(session, enrolled.ring, kind=outbox.REISSUE,
                           created_at=request.created_at, voter_id=None,
                           phone_hash=kiosk.ctx.phone_hash(phone), reference=reference,
                           agent="agent.dupont",
                           payload=reissue_payload(request, "agent.dupont", "CNI", reference))
        assert kiosk.status().pending == RECORDS

        status = kiosk.sync_now()
        assert (status.pending, status.follow_up) == (0, 1)
        [item] = kiosk.follow_up_items()
        assert item.reason == "quota_exhausted"

        engine = create_engine(centre.database_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(text(
                    "SELECT status, count(*) FROM reissue_requests GROUP BY status")).all()
                used = Counter(connection.execute(text(
                    "SELECT requests_used FROM voters")).scalars())
        finally:
            engine.dispose()
        assert dict(rows) == {"accepted": RECORDS - 1, "refused": 1}
        assert used == Counter({3: VOTERS})
        assert kiosk.sync_now().pending == 0  # nothing left, nothing re-sent
        kiosk.close()
    finally:
        centre.close()
