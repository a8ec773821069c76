"""Shared helpers of the API tests (no tests here): a real centre per test module, voters loaded
through ``kiosk-central import-register``, kiosks enrolled through ``/v1/enrol``, records built
as a kiosk sends them, the SMS spool read for the voter IDs the centre sent."""

from __future__ import annotations

import itertools
import random
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.central.notify import spool
from kiosk.store.engine import make_engine, make_sessionmaker
from kiosk.store.models import (
    AuditEntry,
    Notification,
    PhoneBinding,
    ReissueRequest,
    SealHandover,
    Voter,
    VoterCredential,
)
from tests.fixtures.centre import Centre, new_centre
from tests.fixtures.kiosk import cli_ok

SCHOOL = "0211234C"
OTHER_SCHOOL = "0219999Z"
_numbers = itertools.count(random.randrange(1_000_000, 8_000_000))
_ID_IN_SMS = re.compile(r"identifiant de vote: ([A-Z0-9]{12})")
DB_PARAMS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
TEST_AGENT = "agent.test"


@dataclass(frozen=True)
class RegisteredVoter:
    numen: str
    birth_date: date
    last_name: str
    first_name: str
    email: str
    establishment: str


@dataclass
class EnrolledKiosk:
    kiosk_id: str
    token: str
    establishments: list[str]
    phone_hash_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_phone() -> str:
    return f"+336{next(_numbers):08d}"


def reissue(voter: RegisteredVoter, phone: str | None = None, *, channel: str = "sms",
            record_id: str | None = None, created_at: datetime | None = None,
            **payload: Any) -> dict[str, Any]:
    """A push record as a kiosk sends it."""
    body: dict[str, Any] = {
        "numen": voter.numen, "birth_date": voter.birth_date.isoformat(),
        "phone": phone if phone is not None else new_phone(), "channel": channel,
        "agent": TEST_AGENT, "identity_document": "carte nationale d'identité",
    }
    body.update(payload)
    return {"id": record_id or str(uuid.uuid4()), "kind": "reissue_request",
            "created_at": (created_at or datetime.now(UTC)).isoformat(), "payload": body}


@dataclass
class ApiCentre:
    centre: Centre
    _engine: Engine | None = None
    _clients: list[httpx.Client] = field(default_factory=list)
    _agent_added: bool = False

    # --- set-up through the real commands and endpoints ------------------------------------
    def cli_ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        code, out, err = self.centre.cli(*args, env=env)
        assert code == 0, (out, err)
        return out

    def add_voters(self, count: int, establishment: str = SCHOOL) -> list[RegisteredVoter]:
        voters = []
        for _ in range(count):
            n = next(_numbers)
            voters.append(RegisteredVoter(
                numen=f"01E{n:07d}ABC", birth_date=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                last_name=f"Nom{n}", first_name="Prénom", email=f"agent{n}@ac-dijon.fr",
                establishment=establishment))
        path = self.centre.data_dir / f"register-{uuid.uuid4().hex}.csv"
        lines = ["numen;nom;prenom;date_naissance;email;etablissement"] + [
            f"{v.numen};{v.last_name};{v.first_name};{v.birth_date:%d/%m/%Y};{v.email};"
            f"{v.establishment}" for v in voters]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.cli_ok("import-register", str(path))
        return voters

    def set_calendar(self, *, opened: timedelta = timedelta(days=-1)) -> None:
        """Requests open ``opened`` from now (negative: already open), voting later."""
        now = datetime.now(UTC)
        self.cli_ok("set-calendar", "--requests-open", (now + opened).isoformat(),
                    "--voting-opens", (now + opened + timedelta(days=20)).isoformat(),
                    "--voting-closes", (now + opened + timedelta(days=30)).isoformat(),
                    "--results", (now + opened + timedelta(days=31)).isoformat())

    def enrolment_code(self, *establishments: str) -> str:
        args = [a for e in establishments or (SCHOOL,) for a in ("--establishment", e)]
        return self.cli_ok("enrol-kiosk", *args).strip().splitlines()[-1]

    def ensure_agent(self) -> None:
        """The agent the records of ``reissue()`` name: the centre refuses a record naming
        nobody it knows for the voter's establishment (kiosk.central.agent_scope)."""
        if not self._agent_added:
            cli_ok(self.centre, "add-agent", TEST_AGENT, "--name", "Agent de test",
                   "--establishment", SCHOOL, "--establishment", OTHER_SCHOOL,
                   env={"KIOSK_CENTRAL_AGENT_PASSWORD": "AgentTest2026"})
            self._agent_added = True

    def enrol(self, *establishments: str) -> EnrolledKiosk:
        self.ensure_agent()  # every test that pushes enrols first
        code = self.enrolment_code(*establishments)
        answer = self.client().post("/v1/enrol", json={"code": code})
        assert answer.status_code == 200, answer.text
        data = answer.json()
        return EnrolledKiosk(data["kiosk_id"], data["token"], data["establishments"],
                             data["phone_hash_key"])

    def platform_token(self) -> str:
        return self.cli_ok("issue-platform-token").strip().splitlines()[-1]

    # --- calls -----------------------------------------------------------------------------
    def client(self) -> httpx.Client:
        if not self._clients:
            self._clients.append(self.centre.https_client())
        return self._clients[0]

    def push(self, kiosk: EnrolledKiosk, *records: dict[str, Any]) -> list[dict[str, Any]]:
        answer = self.client().post("/v1/sync/push", json={"records": list(records)},
                                    headers=kiosk.headers)
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        assert [r["id"] for r in results] == [r["id"] for r in records]
        return results

    def check(self, token: str, voter_id: str) -> bool:
        answer = self.client().post("/v1/credentials/check", json={"voter_id": voter_id},
                                    headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        return bool(answer.json()["valid"])

    # --- what the centre stored and sent ---------------------------------------------------
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.centre.database_url)
        return self._engine

    def session(self) -> Session:
        return make_sessionmaker(self.engine())()

    def count(self, model: type) -> int:
        with self.session() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    def counts(self) -> dict[str, int]:
        models = (ReissueRequest, VoterCredential, PhoneBinding, Notification, SealHandover,
                  AuditEntry)
        return {m.__name__: self.count(m) for m in models}

    def voter_row(self, voter: RegisteredVoter) -> Voter:
        with self.session() as session:  # last names are unique in these tests
            return session.scalars(select(Voter).where(Voter.last_name == voter.last_name)
                                   ).one()

    def ids_sent_to(self, phone: str, count: int, timeout: float = 20.0) -> list[str]:
        """The voter IDs the dispatcher wrote to the SMS spool for ``phone``, oldest first."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in spool.list_sms(self.centre.spool_dir) if m.destination == phone]
            if len(found) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert len(found) >= count, f"{len(found)} SMS for this phone, {count} expected"
        return [_ID_IN_SMS.search(m.text).group(1) for m in found]  # type: ignore[union-attr]

    def close(self) -> None:
        for client in self._clients:
            client.close()
        if self._engine is not None:
            self._engine.dispose()
        self.centre.close()


def start_centre(directory: Path, database_url: str | None = None,
                 **settings: Any) -> ApiCentre:
    """A real ``kiosk-central serve`` for a whole test module (the fixture ``make_centre`` is
    per test; several of these tests share one centre, each with voters of its own)."""
    return ApiCentre(new_centre(directory, database_url=database_url, **settings))


def database_for(request: pytest.FixtureRequest, kind: str) -> str | None:
    if kind == "postgresql":
        return str(request.getfixturevalue("postgres_server").create_database())
    return None


def pull_all(api: ApiCentre, kiosk: EnrolledKiosk, cursor: int = 0, limit: int = 1000
             ) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    changes: list[dict[str, Any]] = []
    while True:
        answer = api.client().get("/v1/sync/pull", params={"cursor": cursor, "limit": limit},
                                  headers=kiosk.headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert len(page["changes"]) <= limit
        changes += page["changes"]
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["more"]:
            return changes, cursor, page["agents"]


def module_centre(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  kind: str = "sqlite", **settings: Any) -> Iterator[ApiCentre]:
    api = start_centre(tmp_path_factory.mktemp("api-centre"), database_for(request, kind),
                       **settings)
    try:
        yield api
    finally:
        api.close()
