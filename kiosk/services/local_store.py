"""The kiosk's SQLite store: its copy of the register, kept by pull, and what it needs to decide
offline (requests used, phone bindings as keyed hashes, lockouts, calendar, agents).

Same schema as the centre (``kiosk.store``); the NUMEN and the birth date are encrypted with
the kiosk's own :class:`KeyRing` (kept in the OS keyring), looked up by keyed hash. Queries on
the register live here; decisions live in :mod:`kiosk.services.requests`.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.calendar import ElectionCalendar
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    make_engine,
    make_sessionmaker,
    read_only,
    sqlite_url,
    upgrade,
)
from kiosk.store.models import CalendarRow, PhoneBinding, SyncState, Voter

log = logging.getLogger(__name__)

SEARCH_LIMIT = 20
NUMEN_PURPOSE = "numen"
BIRTH_PURPOSE = "birth_date"


# Apostrophes, typed or typographic, are dropped: "ndiaye", "n'diaye" and "N’Diaye" all find
# N'Diaye, and "n diaye" still does (two words, each in the key). Revision 0005 has the keys
# folded before this fold again.
APOSTROPHES = "'\u2019\u02bc\u2018"
_DROPPED = str.maketrans("", "", APOSTROPHES)


def fold(text: str | None) -> str:
    """Lower case without accents or apostrophes, for searching ("Éloïse" finds "eloise")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold() \
        .translate(_DROPPED)


def open_engine(directory: Path) -> Engine:
    """The kiosk database, upgraded to the current schema, its search keys filled."""
    engine = make_engine(sqlite_url(directory / "kiosk.db"))
    upgrade(engine)
    _fill_search_keys(engine)
    analyse_voters(engine)
    return engine


# Rows ANALYZE reads per index: enough to tell the planner how many voters an establishment
# holds, in a few milliseconds at 200,000 voters (the whole table took ~40 ms an index).
ANALYSIS_LIMIT = 1000


# How long the analysis waits for another writer. The statistics only steer the search's
# plan, so they are not worth the 30 s busy timeout of real writes: the sync thread runs the
# analysis after a pull, holding the sync lock a submission's push waits for.
ANALYSIS_WAIT_MS = 1000


def analyse_voters(engine: Engine, changed: int = 0) -> bool:
    """Renew SQLite's statistics on ``voters`` when it has none, or when ``changed`` rows
    (just pulled) are a tenth or more of the rows they counted; whether it did. The search's
    plan depends on them (``LocalStore.search``). Never raises for the store: when the write
    lock stays held or the disk refuses the write, the statistics stay as they were, and the
    next opening of the store or the next pull tries again (a committed pull is not a failed
    sync for it)."""
    with read_only(), engine.connect() as connection:
        if not _statistics_stale(connection, changed):
            return False
    try:
        with engine.connect() as connection:
            # On the driver's cursor: through SQLAlchemy, the PRAGMA would first begin the
            # transaction, and BEGIN IMMEDIATE is what waits for the lock.
            cursor = connection.connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {ANALYSIS_WAIT_MS}")
            try:
                with connection.begin():
                    connection.exec_driver_sql(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                    connection.exec_driver_sql("ANALYZE voters")
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                cursor.close()
    except OperationalError as exc:
        log.warning("search statistics not renewed: %s",
                    getattr(exc.orig, "sqlite_errorname", type(exc.orig).__name__))
        return False
    return True


def _statistics_stale(connection: Connection, changed: int) -> bool:
    if not connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        return True
    # Each index's row count, estimated from what ANALYZE read: the largest is the nearest (a
    # stat begins with it, and CAST keeps a text's leading integer).
    counted = connection.exec_driver_sql(
        "SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'voters'").scalar()
    return not counted or changed * 10 >= counted


# What comes around a name or an address an agent pastes: "Élodie Martin
# <elodie.martin@ac-dijon.fr>" from a message's header, "mailto:" from a link, quotes, brackets,
# the full stop ending a sentence. The search key holds none of it, so a word wrapped in it
# found nobody.
_WRAPPING = "<>()[]{}\"«»“”‹›:;."
_SEPARATORS = str.maketrans(",;", "  ")


def query_words(query: str) -> list[str]:
    """The folded words of a search, unwrapped (at most the first six count)."""
    words = []
    for word in fold(query).translate(_SEPARATORS).split():
        word = word.strip(_WRAPPING)
        word = word.removeprefix("mailto:").strip(_WRAPPING)
        if word:
            words.append(word)
    return words


def search_key(last_name: str, first_name: str, email: str) -> str:
    return fold(f"{last_name} {first_name} {email}")


def _fill_search_keys(engine: Engine) -> None:
    """Rows pulled before the column existed (revision 0002), or whose key held an apostrophe
    (emptied by revision 0005), get their key; afterwards the pull writes it, and this finds
    nothing to do, without taking the write lock. The key comes from ``search_key`` as the
    pull's does, not from a second spelling of it in SQL."""
    with read_only(), engine.connect() as connection:
        # Two counts from indexes (the table's smallest; the key's, which holds exactly the
        # rows that have one) before a scan of the table, which at 200,000 voters took 24 ms
        # of every opening to find nothing (8 ms for both counts).
        voters = connection.exec_driver_sql("SELECT count(*) FROM voters").scalar()
        keyed = connection.exec_driver_sql(
            "SELECT count(*) FROM voters INDEXED BY ix_voters_search_key "
            "WHERE search_key IS NOT NULL").scalar()
        if voters == keyed:
            return
        missing = connection.exec_driver_sql(
            "SELECT id, last_name, first_name, email FROM voters WHERE search_key IS NULL").all()
    if not missing:
        return
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE voters SET search_key = ? WHERE id = ? AND search_key IS NULL",
            [(search_key(last, first, email), voter_id)
             for voter_id, last, first, email in missing])


@dataclass(frozen=True)
class PulledAgent:
    username: str
    display_name: str
    role: str
    establishments: tuple[str, ...]
    password_hash: str
    active: bool


@dataclass(frozen=True)
class Acceptance:
    """A request the centre accepted: its voter, what the centre says is left, its phone."""

    voter_id: int
    requests_left: int
    phone_hash: str | None


class LocalStore:
    """Sessions on the kiosk database, plus the register queries."""

    def __init__(self, directory: Path, ring: KeyRing) -> None:
        self.engine = open_engine(directory)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.ring = ring

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for work that only reads: its transaction begins deferred and reads what
        is committed, instead of waiting for the write lock. The sync thread holds that lock
        while it writes a pull page or a push's answers (a page of 1,000 voters: ~0.2 s, and
        2.3 s when they were applied one at a time), and the agent's search, the status bar
        and the supervision lists waited behind it, and behind a slow disk. Nothing may be
        written here: SQLite refuses to upgrade a snapshot that another writer has moved on
        from."""
        with read_only(), self.sessions() as session:
            yield session

    # --- sync state --------------------------------------------------------------------
    @staticmethod
    def sync_state(session: Session) -> SyncState:
        state = session.get(SyncState, 1)
        if state is None:
            state = SyncState(id=1, cursor=0)
            session.add(state)
            session.flush()
        return state

    def agents(self) -> list[PulledAgent]:
        with self.reading() as session:
            state = session.get(SyncState, 1)
            raw = state.agents_json if state is not None else None
        if not raw:
            return []
        agents = []
        for item in json.loads(raw):
            agents.append(PulledAgent(
                username=str(item.get("username", "")).strip().lower(),
                display_name=str(item.get("display_name") or item.get("username", "")),
                role=str(item.get("role", "agent")),
                establishments=tuple(str(e) for e in item.get("establishments") or ()),
                password_hash=str(item.get("password_hash", "")),
                active=bool(item.get("active", True)),
            ))
        return agents

    def calendar(self) -> ElectionCalendar | None:
        with self.reading() as session:
            row = session.get(CalendarRow, 1)
        if row is None:
            return None
        return ElectionCalendar(row.requests_open, row.voting_opens, row.voting_closes,
                                row.results)

    # --- pull --------------------------------------------------------------------------
    def apply_pull(self, session: Session, changes: Iterable[dict[str, Any]],
                   agents: list[dict[str, Any]] | None,
                   calendar: dict[str, Any] | None) -> int:
        """Apply one page of changes (voter snapshots, last write wins by ``seq``)."""
        snapshots = [(int(change.get("seq") or 0), change["voter"]) for change in changes
                     if change.get("type") == "voter" and isinstance(change.get("voter"), dict)]
        if snapshots:
            self._apply_voters(session, snapshots)
        state = self.sync_state(session)
        if agents is not None:
            state.agents_json = json.dumps(agents, ensure_ascii=False)
        if calendar:
            self._apply_calendar(session, calendar)
        return len(snapshots)

    def _apply_voters(self, session: Session, snapshots: list[tuple[int, dict[str, Any]]]
                      ) -> None:
        """The page's snapshots in page order, as if applied one at a time, in a few
        statements: the voters and phone bindings they touch are read at once, changed in
        memory, and flushed together. One at a time, a page of 1,000 voters took some 6,000
        statements and held the kiosk's write lock ~2.3 s (a submission waited that long)."""
        ids = {int(data["voter_id"]) for _seq, data in snapshots}
        voters = {row.id: row for row in _rows_among(session, Voter, Voter.id, ids)}
        applied: list[tuple[int, set[str]]] = []
        for seq, data in snapshots:
            voter_id = int(data["voter_id"])
            row = voters.get(voter_id)
            if row is not None and row.change_seq > seq:
                continue  # an older snapshot arriving late
            if row is None:
                row = voters[voter_id] = Voter(id=voter_id, failed_checks=0)
                session.add(row)
            self._copy_snapshot(row, seq, data)
            applied.append((voter_id, {str(h) for h in data.get("phone_hashes") or ()}))
        session.flush()  # the voters exist before any binding points at them
        _bind_phones(session, applied)

    def _copy_snapshot(self, row: Voter, seq: int, data: dict[str, Any]) -> None:
        numen = str(data["numen"])
        row.numen_hash = self.ring.hash(numen, NUMEN_PURPOSE)
        row.numen_enc = self.ring.encrypt(numen)
        row.birth_date_enc = self.ring.encrypt(str(data["birth_date"]))
        row.last_name = str(data.get("last_name", ""))
        row.first_name = str(data.get("first_name", ""))
        row.email = str(data.get("email", ""))
        row.search_key = search_key(row.last_name, row.first_name, row.email)
        row.establishment = str(data.get("establishment", ""))
        row.requests_used = int(data.get("requests_used", 0))
        row.id_version = int(data.get("id_version", 0))
        centre_lock = _parse_time(data.get("locked_until"))
        if centre_lock is not None and (row.locked_until is None or centre_lock > row.locked_until):
            row.locked_until = centre_lock  # the local lockout is kept if it runs longer
        row.change_seq = seq

    @staticmethod
    def _apply_calendar(session: Session, data: dict[str, Any]) -> None:
        moments = [_parse_time(data.get(k)) for k in
                   ("requests_open", "voting_opens", "voting_closes", "results")]
        if any(m is None for m in moments):
            return
        calendar = ElectionCalendar(*moments)  # type: ignore[arg-type]
        row = session.get(CalendarRow, 1) or CalendarRow(id=1)
        row.requests_open = calendar.requests_open
        row.voting_opens = calendar.voting_opens
        row.voting_closes = calendar.voting_closes
        row.results = calendar.results
        session.add(row)

    # --- register queries --------------------------------------------------------------
    def search(self, session: Session, query: str, establishments: Sequence[str],
               limit: int = SEARCH_LIMIT) -> list[Voter]:
        """Voters whose name or e-mail contains every word of ``query`` (accents and case
        ignored), in the given establishments only."""
        words = query_words(query)
        if not words or not establishments:
            return []
        # In the key's order, so that SQLite can walk ix_voters_search_key and stop at the
        # first page of matches. It does so when its statistics (``analyse_voters``) say
        # the agent's establishments hold most of the kiosk's voters, as at a counter, where
        # the establishment's index and a sort of all of them took 0.2-0.7 s a search of
        # 200,000 voters (now 1-30 ms); for an agent of one establishment among many it keeps
        # that index.
        statement = select(Voter).where(Voter.search_key.is_not(None),
                                        Voter.establishment.in_(list(establishments)))
        for word in words[:6]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            # The folded column, not fold() of the columns: one Python call per row of the
            # establishments made a search of 20,000 voters ~30 times slower.
            statement = statement.where(Voter.search_key.like(f"%{escaped}%", escape="\\"))
        statement = statement.order_by(Voter.search_key, Voter.id).limit(limit)
        return list(session.scalars(statement))

    def numen_of(self, voter: Voter) -> str:
        return self.ring.decrypt(voter.numen_enc)

    def birth_date_of(self, voter: Voter) -> date:
        return date.fromisoformat(self.ring.decrypt(voter.birth_date_enc))

    @staticmethod
    def phone_owner(session: Session, phone_hash: str) -> int | None:
        return session.scalar(select(PhoneBinding.voter_id).where(
            PhoneBinding.phone_hash == phone_hash))

    @staticmethod
    def record_acceptances(session: Session, accepted: Sequence[Acceptance],
                           max_requests: int) -> None:
        """What the centre just accepted, applied ahead of the next pull so a second request
        for the same voter counts it (the pull's snapshot will agree or go further).

        One read of the voters and one of the phone bindings for the whole batch: a read per
        answer also flushed the previous answer's writes first, two queries and an UPDATE per
        record (benchmarks/bench_sync_throughput.py)."""
        if not accepted:
            return
        voters = {v.id: v for v in session.scalars(
            select(Voter).where(Voter.id.in_({a.voter_id for a in accepted})))}
        hashes = {a.phone_hash for a in accepted if a.phone_hash}
        owners: dict[str, int] = {phone: voter_id for phone, voter_id in session.execute(
            select(PhoneBinding.phone_hash, PhoneBinding.voter_id)
            .where(PhoneBinding.phone_hash.in_(hashes)))} if hashes else {}
        for acceptance in accepted:
            voter = voters.get(acceptance.voter_id)
            if voter is None:
                continue
            voter.requests_used = max(voter.requests_used,
                                      max_requests - acceptance.requests_left)
            if acceptance.phone_hash and acceptance.phone_hash not in owners:
                session.add(PhoneBinding(phone_hash=acceptance.phone_hash, voter_id=voter.id))
                owners[acceptance.phone_hash] = voter.id


_CHUNK = 500  # bound parameters per IN (...), well under SQLite's limit


def _rows_among(session: Session, entity: Any, column: Any, values: set[Any]) -> list[Any]:
    ordered = sorted(values)
    rows: list[Any] = []
    for start in range(0, len(ordered), _CHUNK):
        rows.extend(session.scalars(
            select(entity).where(column.in_(ordered[start:start + _CHUNK]))))
    return rows


def _bind_phones(session: Session, applied: list[tuple[int, set[str]]]) -> None:
    """Each applied voter holds exactly the phones of its snapshot, and a phone one voter only
    (the later snapshot takes it). A binding that changes hands is updated in place rather
    than deleted and inserted (the hash is unique, and a flush inserts before it deletes); new
    ones go in one INSERT at the end (the ORM inserts them one by one on SQLite, to read each
    new id back)."""
    voter_ids = {voter_id for voter_id, _hashes in applied}
    wanted = {h for _voter_id, hashes in applied for h in hashes}
    current: dict[str, PhoneBinding] = {}
    for binding in (_rows_among(session, PhoneBinding, PhoneBinding.voter_id, voter_ids)
                    + _rows_among(session, PhoneBinding, PhoneBinding.phone_hash, wanted)):
        current[binding.phone_hash] = binding
    held: dict[int, set[str]] = {}
    for phone_hash, binding in current.items():
        held.setdefault(binding.voter_id, set()).add(phone_hash)
    released: dict[str, PhoneBinding] = {}
    fresh: dict[str, PhoneBinding] = {}  # not in the session: inserted at the end
    for voter_id, hashes in applied:
        mine = held.setdefault(voter_id, set())
        for phone_hash in mine - hashes:
            released[phone_hash] = current.pop(phone_hash)
        mine &= hashes
        for phone_hash in sorted(hashes - mine):
            binding = current.get(phone_hash) or released.pop(phone_hash, None)
            if binding is None:
                binding = fresh[phone_hash] = PhoneBinding(phone_hash=phone_hash,
                                                           voter_id=voter_id)
            else:
                held.get(binding.voter_id, set()).discard(phone_hash)
                binding.voter_id, binding.bound_at = voter_id, utcnow()
            current[phone_hash] = binding
            mine.add(phone_hash)
    for phone_hash, binding in released.items():
        if fresh.pop(phone_hash, None) is None:
            session.delete(binding)
    if fresh:
        now = utcnow()
        session.execute(insert(PhoneBinding), [
            {"phone_hash": b.phone_hash, "voter_id": b.voter_id, "bound_at": now}
            for b in fresh.values()])


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
