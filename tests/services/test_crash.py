"""``kill -9`` of the kiosk right after a submission: on restart the record is there, and it
reaches the centre exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.services.app import build_kiosk
from tests.fixtures.centre import Centre
from tests.fixtures.kiosk import (
    AGENT,
    PASSWORD,
    add_voters,
    centre_requests,
    enrolled_kiosk,
    new_phone,
    new_voter,
    ref_of,
)

# Runs in a child process: submit one request, say so, then hang until killed.
SCRIPT = r"""
import json, sys, time
from kiosk.services.app import build_kiosk
from kiosk.services.contracts import RequestForm

args = json.loads(sys.argv[1])
kiosk = build_kiosk(__import__("pathlib").Path(args["data_dir"]), background=False)
kiosk.sign_in(args["agent"], args["password"])
challenge = kiosk.new_security_challenge()
confirmation = kiosk.submit_request(RequestForm(
    voter_ref=args["ref"], numen=args["numen"], birth_date=args["birth"], phone=args["phone"],
    channel="sms", identity_document="Passeport", challenge_token=challenge.token,
    security_code=kiosk.ctx.challenges.peek(challenge.token)))
print("SUBMITTED", confirmation.reference, confirmation.state, flush=True)
time.sleep(3600)
"""


def _submit_then_kill(data_dir: Path, voter_args: dict[str, str]) -> tuple[str, str]:
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, json.dumps({**voter_args, "data_dir": str(data_dir),
                                                    "agent": AGENT, "password": PASSWORD})],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("SUBMITTED"), line + (child.stderr.read() if child.stderr
                                                      else "")
        os.kill(child.pid, signal.SIGKILL)  # no clean-up, as in a power cut
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    _, reference, state = line.split(" ", 2)
    return reference, state.strip()


@pytest.mark.parametrize("centre_up", [False, True], ids=["offline", "online"])
def test_kill_9_after_submission_loses_nothing_and_sends_once(
        ready_centre: Centre, tmp_path: Path, centre_up: bool) -> None:
    voter = new_voter()
    add_voters(ready_centre, tmp_path, [voter])
    kiosk = enrolled_kiosk(ready_centre, tmp_path / "kiosk")
    ref = ref_of(kiosk, voter)
    kiosk.close()
    if not centre_up:
        ready_centre.kill()
    reference, state = _submit_then_kill(tmp_path / "kiosk", {
        "ref": ref, "numen": voter.numen, "birth": voter.birth, "phone": new_phone()})
    assert state == ("envoyée" if centre_up else "en attente de synchronisation")

    restarted = build_kiosk(tmp_path / "kiosk", background=False)
    try:
        restarted.sign_in(AGENT, PASSWORD)
        assert len(restarted.pending_records()) == (0 if centre_up else 1)
        if not ready_centre.running:
            ready_centre.start()
        assert restarted.sync_now().pending == 0
        restarted.sync_now()
        mine = [r for r in centre_requests(ready_centre) if r["reference"] == reference]
        assert len(mine) == 1 and mine[0]["status"] == "accepted"
        assert restarted.requests_left(ref) == 2
    finally:
        restarted.close()
