"""``kiosk-central import-register FILE.csv``: load or update the register of voters.

File: a header ``numen;nom;prenom;date_naissance;email;etablissement`` (``;`` as French
spreadsheets write it, ``,`` accepted), dates ``jj/mm/aaaa`` or ``aaaa-mm-jj``, UTF-8 with or
without BOM. Idempotent on NUMEN: an existing voter gets the file's names, e-mail, establishment
and birth date, and keeps its counters (requests used, ID version, phone).

Two passes, so the national register (a million rows) never sits in memory:
1. validate every row, streaming; any bad row and nothing is written (unless ``skip_bad``);
2. read again and write in chunks, each chunk one short transaction: one SELECT of the chunk's
   existing voters, then bulk writes (``register_bulk``: COPY on PostgreSQL). Short
   transactions keep the API answering during an import; an interrupted import is completed
   by running it again (the file was valid, and re-importing is idempotent).
The cost per row is validation (twice) and two AES-GCM encryptions (NUMEN, birth date) for new
voters; unchanged voters cost one decryption (their birth date, to compare).
Only new or changed voters get a new change sequence (so kiosks pull only what changed).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.admin import AdminError, parse_uai
from kiosk.central.register_bulk import bulk_insert, bulk_update
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.errors import DomainError
from kiosk.domain.numen import parse_numen
from kiosk.store import audit
from kiosk.store.base import utcnow
from kiosk.store.crypto import KeyRing
from kiosk.store.models import Voter, next_change_seqs

COLUMNS = ("numen", "nom", "prenom", "date_naissance", "email", "etablissement")
NUMEN_PURPOSE = "numen"
CHUNK = 2000
MAX_FIELD = 300
MAX_NAME = 100
MAX_PROBLEMS_KEPT = 1000
_EMAIL = re.compile(r"^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FIELD_LABELS = {
    "numen": "NUMEN", "nom": "nom", "prenom": "prénom", "date_naissance": "date de naissance",
    "email": "adresse électronique", "etablissement": "établissement",
}


class RegisterFileError(ValueError):
    """The file as a whole cannot be read (encoding, header); French message."""


@dataclass(frozen=True)
class RegisterRow:
    line: int
    numen: str
    last_name: str
    first_name: str
    birth_date: date
    email: str
    establishment: str


@dataclass
class ImportReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    loaded: bool = False
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded:
            return (f"Registre NON chargé : {self.bad} ligne(s) refusée(s) sur {self.rows}. "
                    "Corrigez le fichier ou relancez avec --skip-bad.")
        return (f"Registre chargé : {self.rows} ligne(s) lue(s), {self.inserted} électeur(s) "
                f"ajouté(s), {self.updated} mis à jour, {self.unchanged} inchangé(s), "
                f"{self.bad} ligne(s) refusée(s).")


# --- reading and validation -----------------------------------------------------------------
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "_")


def _clean_name(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw.strip())
    if not name:
        raise ValueError("vide")
    if len(name) > MAX_NAME:
        raise ValueError(f"plus de {MAX_NAME} caractères")
    if _CONTROL.search(name):
        raise ValueError("caractère de contrôle")
    return name


def _clean_email(raw: str) -> str:
    address = raw.strip().lower()
    if len(address) > 254 or not _EMAIL.match(address):
        raise ValueError("forme invalide (prenom.nom@ac-academie.fr attendu)")
    return address


@lru_cache(maxsize=65536)
def _birth_date(raw: str, today: date) -> date:
    # A register holds at most a few tens of thousands of distinct dates: parse each once.
    return parse_birth_date(raw.strip(), on=today)


def parse_row(line: int, values: dict[str, str], *, today: date) -> RegisterRow:
    """One CSV record -> RegisterRow, or ValueError naming every bad field (no values echoed)."""
    errors: list[str] = []
    parsed: dict[str, object] = {}
    checks: list[tuple[str, Callable[[str], object]]] = [
        ("numen", parse_numen), ("nom", _clean_name), ("prenom", _clean_name),
        ("date_naissance", lambda raw: _birth_date(raw, today)),
        ("email", _clean_email), ("etablissement", parse_uai),
    ]
    for column, check in checks:
        raw = values[column]
        try:
            if len(raw) > MAX_FIELD:
                raise ValueError(f"plus de {MAX_FIELD} caractères")
            parsed[column] = check(raw)
        except (DomainError, AdminError, ValueError) as exc:
            errors.append(f"{_FIELD_LABELS[column]} : {exc}")
    if errors:
        raise ValueError(f"Ligne {line} : " + " ; ".join(errors))
    return RegisterRow(
        line=line, numen=str(parsed["numen"]), last_name=str(parsed["nom"]),
        first_name=str(parsed["prenom"]), birth_date=parsed["date_naissance"],  # type: ignore[arg-type]
        email=str(parsed["email"]), establishment=str(parsed["etablissement"]),
    )


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every non-empty record after the header; header -> columns."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise RegisterFileError(f"Fichier illisible : {exc.strerror or 'accès refusé'}.") from None
    line = 1
    with handle:
        try:
            first = handle.readline()
            delimiter = ";" if first.count(";") >= first.count(",") else ","
            header = [_fold(name) for name in next(csv.reader([first], delimiter=delimiter), [])]
            if sorted(header) != sorted(COLUMNS):
                raise RegisterFileError(
                    "En-tête invalide : la première ligne doit être "
                    "« numen;nom;prenom;date_naissance;email;etablissement »."
                )
            yield 1, header
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            for fields in reader:
                line = reader.line_num + 1
                if fields and any(f.strip() for f in fields):
                    yield line, fields
        except UnicodeDecodeError:
            # Decoding runs ahead by a buffer: the line is where reading stopped, roughly.
            raise RegisterFileError(
                f"Le fichier n'est pas en UTF-8 (vers la ligne {line + 1}) : "
                "enregistrez-le en « CSV UTF-8 »."
            ) from None
        except csv.Error:
            raise RegisterFileError(
                f"Fichier CSV mal formé vers la ligne {line + 1} (guillemets ?)."
            ) from None


def read_register(path: Path, *, today: date | None = None
                  ) -> Iterator[RegisterRow | tuple[int, str]]:
    """Stream the file: a RegisterRow per good record, (line, French problem) per bad one."""
    today = today or date.today()
    records = _records(path)
    _, header = next(records)
    seen: set[str] = set()
    for line, fields in records:
        if len(fields) != len(header):
            yield line, (f"Ligne {line} : {len(fields)} colonne(s) au lieu de {len(header)}.")
            continue
        try:
            row = parse_row(line, dict(zip(header, fields, strict=True)), today=today)
        except ValueError as exc:
            yield line, str(exc)
            continue
        if row.numen in seen:
            yield line, f"Ligne {line} : NUMEN déjà présent plus haut dans le fichier."
            continue
        seen.add(row.numen)
        yield row


# --- loading --------------------------------------------------------------------------------
SessionFactory = Callable[[], Session]


def import_register(
    session_factory: SessionFactory, keyring: KeyRing, path: Path, *, skip_bad: bool = False,
    actor: str = "cli", today: date | None = None, chunk_size: int = CHUNK,
) -> ImportReport:
    report = ImportReport()
    bad_lines: set[int] = set()
    stamp = _stamp(path)
    for item in read_register(path, today=today):
        report.rows += 1
        if isinstance(item, tuple):
            bad_lines.add(item[0])
            if len(report.problems) < MAX_PROBLEMS_KEPT:
                report.problems.append(item[1])
    report.bad = len(bad_lines)
    if bad_lines and not skip_bad:
        return report

    chunk: list[RegisterRow] = []
    for item in read_register(path, today=today):
        if isinstance(item, RegisterRow):
            chunk.append(item)
        elif item[0] not in bad_lines:
            raise RegisterFileError("Le fichier a changé pendant l'import : relancez-le.")
        if len(chunk) >= chunk_size:
            _load_chunk(session_factory, keyring, chunk, report)
            chunk = []
    if chunk:
        _load_chunk(session_factory, keyring, chunk, report)
    if _stamp(path) != stamp:
        raise RegisterFileError("Le fichier a changé pendant l'import : relancez-le.")
    report.loaded = True
    with session_factory() as session, session.begin():
        audit.append(session, actor=actor, action="register.imported", subject=path.name,
                     details={"rows": report.rows, "inserted": report.inserted,
                              "updated": report.updated, "unchanged": report.unchanged,
                              "bad": report.bad})
    return report


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _load_chunk(session_factory: SessionFactory, keyring: KeyRing, rows: list[RegisterRow],
                report: ImportReport) -> None:
    hashes = {keyring.hash(row.numen, NUMEN_PURPOSE): row for row in rows}
    now = utcnow()
    with session_factory() as session, session.begin():
        existing = {
            found.numen_hash: found
            for found in session.execute(
                select(Voter.id, Voter.numen_hash, Voter.last_name, Voter.first_name,
                       Voter.email, Voter.establishment, Voter.birth_date_enc)
                .where(Voter.numen_hash.in_(list(hashes)))
            )
        }
        inserts: list[dict[str, object]] = []
        updates: list[dict[str, object]] = []
        for numen_hash, row in hashes.items():
            old = existing.get(numen_hash)
            if old is None:
                inserts.append({
                    "numen_hash": numen_hash, "numen_enc": keyring.encrypt(row.numen),
                    "birth_date_enc": keyring.encrypt(row.birth_date.isoformat()),
                    "last_name": row.last_name, "first_name": row.first_name,
                    "email": row.email, "establishment": row.establishment,
                    "requests_used": 0, "id_version": 0, "failed_checks": 0,
                    "locked_until": None, "updated_at": now,
                })
                continue
            same_birth = keyring.decrypt(old.birth_date_enc) == row.birth_date.isoformat()
            if same_birth and (old.last_name, old.first_name, old.email, old.establishment) == (
                    row.last_name, row.first_name, row.email, row.establishment):
                report.unchanged += 1
                continue
            changes: dict[str, object] = {
                "id": old.id, "last_name": row.last_name, "first_name": row.first_name,
                "email": row.email, "establishment": row.establishment, "updated_at": now,
            }
            if not same_birth:
                changes["birth_date_enc"] = keyring.encrypt(row.birth_date.isoformat())
            updates.append(changes)
        seqs = iter(next_change_seqs(session, len(inserts) + len(updates)))
        for values in inserts + updates:
            values["change_seq"] = next(seqs)
        if inserts:
            bulk_insert(session, inserts)
        if updates:
            bulk_update(session, updates)
    report.inserted += len(inserts)
    report.updated += len(updates)
