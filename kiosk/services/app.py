"""``build()``: the one :class:`KioskServices` object the UI talks to.

It wires the parts (configuration, secrets, local store, centre client, sync loop) and delegates
each use case to its module: :mod:`voters`, :mod:`requests`, :mod:`documents` (PDFs, QR).
"""

from __future__ import annotations

import functools
import logging
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from keyring.backend import KeyringBackend
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from kiosk.services import (
    deliveries,
    follow_up,
    handover_register,
    lookups,
    outbox,
    reports,
    requests,
    roles,
    settings,
    voters,
)
from kiosk.services.agents import still_allowed
from kiosk.services.central_client import CentralClient, CentralRefused, CentralUnreachable
from kiosk.services.challenge import ChallengeBook
from kiosk.services.context import Enrolled, KioskContext, decode_phone_key
from kiosk.services.contracts import (
    AgentSession,
    Confirmation,
    FollowUpItem,
    HandoverRecord,
    KioskServices,
    RequestForm,
    SealedLetter,
    SecurityChallenge,
    ServiceError,
    SyncStatus,
    VoterMatches,
)
from kiosk.services.daily_contracts import (
    DailyReport,
    LetterEntry,
    VoterHistory,
    sheet_records,
)
from kiosk.services.local_store import LocalStore
from kiosk.services.paths import data_dir as resolve_data_dir
from kiosk.services.paths import load_config, save_config
from kiosk.services.secrets_store import DATA_KEYRING, DEVICE_TOKEN, PHONE_HASH_KEY, SecretsStore
from kiosk.services.settings_model import KioskSettings
from kiosk.services.sync import Syncer, SyncLoop
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.models import OutboxRecord

CA_COPY = "centre-ca.pem"
STORAGE_ERROR = ("La base de données de la borne est inaccessible (disque plein, protégé en "
                 "écriture ou occupé) : rien n'a été enregistré. Réessayez ; si le problème "
                 "persiste, prévenez l'assistance.")

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def _expected(method: Callable[P, R]) -> Callable[P, R]:
    """A storage failure (disk full, read-only, locked) is an expected problem: a French
    message for the agent, and a log line without the SQL (its parameters may be personal)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            # The driver's own message ("database is locked") carries no SQL nor parameters.
            log.error("kiosk storage error in %s: %s: %s", method.__name__,
                      type(exc.orig).__name__, str(exc.orig)[:200])
            raise ServiceError(STORAGE_ERROR, code="storage_error") from None

    return wrapper


class KioskApp:
    """Implements :class:`KioskServices`. Every method may block: the UI calls them off the
    GUI thread."""

    def __init__(self, ctx: KioskContext, *, background: bool = True) -> None:
        self.ctx = ctx
        self.background = background
        self._open()

    # --- wiring ------------------------------------------------------------------------
    @property
    def challenges(self) -> ChallengeBook:
        """The open security codes (``.peek(token)`` for tests and the demo driver)."""
        return self.ctx.challenges

    def _open(self) -> None:
        config, secrets = self.ctx.config, self.ctx.secrets
        token = secrets.get(DEVICE_TOKEN)
        ring_json, phone_key = secrets.get(DATA_KEYRING), secrets.get(PHONE_HASH_KEY)
        if not (config.kiosk_id and config.centre_url and config.ca_file and token
                and ring_json and phone_key):
            return
        try:
            ring = KeyRing.from_json(ring_json)
        except (ValueError, KeyError):
            raise ServiceError("Les clés de chiffrement de la borne sont illisibles : "
                               "enrôlez à nouveau la borne.", code="secrets_error") from None
        store = LocalStore(self.ctx.data_dir, ring)
        client = CentralClient(config.centre_url, Path(config.ca_file), token)
        syncer = Syncer(store, lambda: client)
        enrolled = Enrolled(
            kiosk_id=config.kiosk_id, establishments=config.establishments,
            centre_url=config.centre_url, ring=ring, phone_key=decode_phone_key(phone_key),
            store=store, client=client, syncer=syncer)
        if self.background:
            enrolled.loop = SyncLoop(syncer)
            enrolled.loop.start()
        self.ctx.enrolled = enrolled

    def close(self) -> None:
        if self.ctx.enrolled is not None:
            self.ctx.enrolled.close()
            self.ctx.enrolled = None

    # --- enrolment ---------------------------------------------------------------------
    @_expected
    def is_enrolled(self) -> bool:
        return self.ctx.enrolled is not None

    @_expected
    def enrol(self, centre_url: str, ca_file: Path, code: str) -> None:
        url = (centre_url or "").strip().rstrip("/")
        if not url.startswith("https://") or len(url) <= len("https://"):
            raise ServiceError("L'adresse du centre doit commencer par https://.",
                               code="invalid_input", field="centre_url")
        source = Path(ca_file)
        if not source.is_file():
            raise ServiceError(f"Le fichier de certificat {source} est introuvable.",
                               code="invalid_input", field="ca_file")
        if not (code or "").strip():
            raise ServiceError("Saisissez le code d'enrôlement donné par le centre.",
                               code="invalid_input", field="code")
        pinned = self.ctx.data_dir / CA_COPY
        temporary = pinned.with_suffix(".new")
        shutil.copyfile(source, temporary)  # the kiosk keeps its own copy of what it pins
        try:
            with CentralClient(url, temporary) as client:
                enrolment = client.enrol(code)
        except CentralRefused as exc:
            temporary.unlink(missing_ok=True)
            raise ServiceError(exc.message, code=exc.code, field="code") from None
        except CentralUnreachable:
            temporary.unlink(missing_ok=True)
            raise
        decode_phone_key(enrolment.phone_hash_key)  # refuse a bad key before storing anything
        temporary.replace(pinned)
        self.close()
        secrets = self.ctx.secrets
        if not secrets.get(DATA_KEYRING):
            secrets.set(DATA_KEYRING, KeyRing.generate().to_json())
        secrets.set(PHONE_HASH_KEY, enrolment.phone_hash_key)
        secrets.set(DEVICE_TOKEN, enrolment.token)
        config = self.ctx.config.with_changes(
            centre_url=url, ca_file=str(pinned), kiosk_id=enrolment.kiosk_id,
            establishments=enrolment.establishments)
        previous = self.ctx.config.kiosk_id
        save_config(self.ctx.data_dir, config)
        self.ctx.config = config
        self._open()
        if self.ctx.enrolled is not None:
            store = self.ctx.enrolled.store
            if previous != enrolment.kiosk_id:
                # Another enrolment may serve other establishments: pull them from the start.
                with store.sessions.begin() as session:
                    store.sync_state(session).cursor = 0
            self.ctx.enrolled.syncer.sync_once()  # agents and register, so sign-in works

    # --- agents ------------------------------------------------------------------------
    @_expected
    def sign_in(self, username: str, password: str) -> AgentSession:
        enrolled = self.ctx.require_enrolled()
        session = self.ctx.signin.check(enrolled.store.agents(), enrolled.establishments,
                                        username, password)
        self.ctx.agent = session
        return session

    @_expected
    def sign_out(self) -> None:
        self.ctx.agent = None

    # --- voters ------------------------------------------------------------------------
    @_expected
    def find_voters(self, query: str) -> VoterMatches:
        return voters.find_voters(self.ctx, query)

    @_expected
    def verify_identity(self, voter_ref: str, numen: str, birth_date: str) -> None:
        voters.verify_identity(self.ctx, voter_ref, numen, birth_date)

    @_expected
    def prepare_letter(self, voter_ref: str) -> SealedLetter:
        return voters.prepare_letter(self.ctx, voter_ref)

    @_expected
    def record_handover(self, letter: SealedLetter) -> HandoverRecord:
        return voters.record_handover(self.ctx, letter)

    @_expected
    def day_handovers(self, day: date) -> list[HandoverRecord]:
        return voters.day_handovers(self.ctx, day)

    @_expected
    def requests_left(self, voter_ref: str) -> int:
        return voters.requests_left(self.ctx, voter_ref)

    # --- requests ----------------------------------------------------------------------
    @_expected
    def new_security_challenge(self) -> SecurityChallenge:
        from kiosk.services.challenge import render_code_png

        token, code = self.ctx.challenges.issue()
        return SecurityChallenge(token=token, png=render_code_png(code))

    @_expected
    def submit_request(self, form: RequestForm) -> Confirmation:
        return requests.submit_request(self.ctx, form)

    # --- documents (kiosk.services.documents) ------------------------------------------
    @_expected
    def render_letter_pdf(self, letter: SealedLetter, path: Path) -> Path:
        from kiosk.services import documents

        return documents.render_letter_pdf(letter, path)

    @_expected
    def render_receipt_pdf(self, confirmation: Confirmation, path: Path) -> Path:
        from kiosk.services import documents

        return documents.render_receipt_pdf(confirmation, path)

    @_expected
    def qr_png(self, text: str) -> bytes:
        from kiosk.services import documents

        return documents.qr_png(text)

    # --- sync --------------------------------------------------------------------------
    @_expected
    def status(self) -> SyncStatus:
        if self.ctx.enrolled is None:
            return SyncStatus(online=False, pending=0, follow_up=0, last_sync=None)
        return self._withdraw_if_deactivated(self.ctx.enrolled.syncer.status())

    @_expected
    def sync_now(self) -> SyncStatus:
        return self._withdraw_if_deactivated(self.ctx.require_enrolled().syncer.sync_once())

    def _withdraw_if_deactivated(self, status: SyncStatus) -> SyncStatus:
        """End the session of an agent the last pull no longer lets sign in here (deactivated
        at the centre, or moved to other establishments): the window asks for the status every
        few seconds, so their session ends then rather than at the next lock."""
        agent, enrolled = self.ctx.agent, self.ctx.enrolled
        if agent is None or enrolled is None or still_allowed(
                enrolled.store.agents(), enrolled.establishments, agent.username):
            return status
        self.ctx.agent = None
        return replace(status, agent_withdrawn=True)

    @_expected
    def follow_up_items(self) -> list[FollowUpItem]:
        return follow_up.items(self.ctx)

    @_expected
    def mark_handled(self, item_id: str, agent: str | None = None) -> None:
        follow_up.mark_handled(self.ctx, item_id, agent)

    # --- supervision and daily work (issue 9) ------------------------------------------
    @_expected
    def letter_printed(self, letter: SealedLetter) -> None:
        handover_register.letter_printed(self.ctx, letter)

    @_expected
    def day_register(self, day: date) -> list[LetterEntry]:
        return handover_register.day_register(self.ctx, day)

    @_expected
    def mark_destroyed(self, serial: str) -> LetterEntry:
        return handover_register.mark_destroyed(self.ctx, serial)

    @_expected
    def render_register_pdf(self, day: date, path: Path) -> Path:
        from kiosk.services import documents

        records = sheet_records(self.day_register(day))
        return documents.render_handover_sheet_pdf(records, day, path)

    @_expected
    def refresh_deliveries(self) -> int:
        return deliveries.refresh_deliveries(self.ctx)

    @_expected
    def daily_report(self, day: date) -> DailyReport:
        return reports.daily_report(self.ctx, day)

    @_expected
    def render_report_pdf(self, report: DailyReport, path: Path) -> Path:
        from kiosk.services import report_pdf

        roles.require_supervisor(self.ctx)
        return report_pdf.render_report_pdf(report, path)

    @_expected
    def write_report_csv(self, report: DailyReport, path: Path) -> Path:
        roles.require_supervisor(self.ctx)
        return reports.write_csv(report, path)

    @_expected
    def voter_history(self, voter_ref: str) -> VoterHistory:
        return lookups.voter_history(self.ctx, voter_ref)

    # --- settings (issue 6) ---------------------------------------------------------------
    @_expected
    def kiosk_settings(self) -> KioskSettings:
        return settings.current(self.ctx)

    @_expected
    def save_settings(self, wanted: KioskSettings) -> KioskSettings:
        """Supervisors only. A new centre address or CA reconnects at once (the signed-in
        agent stays); delays apply when the window reads them back, counter mode at restart."""
        with self.ctx.lock:
            if settings.save(self.ctx, wanted):
                self.close()
                self._open()
        return settings.current(self.ctx)

    @_expected
    def pending_records(self) -> list[str]:
        """Ids of the records still waiting for the centre (diagnostics, tests)."""
        enrolled = self.ctx.require_enrolled()
        with enrolled.store.reading() as session:
            return list(session.scalars(select(OutboxRecord.id).where(
                OutboxRecord.state == outbox.PENDING).order_by(OutboxRecord.created_at)))


def build_kiosk(data_dir: Path | None = None, *, background: bool = True,
                backend: KeyringBackend | None = None,
                clock: Callable[[], datetime] = utcnow) -> KioskApp:
    """The kiosk in ``data_dir`` (default: ``KIOSK_DATA_DIR`` or the platform data dir)."""
    directory = resolve_data_dir(data_dir)
    ctx = KioskContext(data_dir=directory, config=load_config(directory),
                       secrets=SecretsStore(directory, backend), clock=clock)
    return KioskApp(ctx, background=background)


def build(data_dir: Path | None = None) -> KioskServices:
    return build_kiosk(data_dir)
