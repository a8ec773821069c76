"""Reading and checking the register file, and preparing its rows for the database.

``parse_row`` is the rule: it says which records are good and, for a bad one, what is wrong
(French, no value echoed). ``RowPreparer`` checks a whole chunk of records once, through a fast
path that only ever accepts what ``parse_row`` accepts (with the same normalised values) and
hands every other record to ``parse_row`` itself, so refusals keep their exact messages. It then
hashes the NUMEN and encrypts the NUMEN and the birth date of the good rows, and packs them
into one compact string: the import spools that and never parses the file a second time.
``RowPreparer`` imports nothing of the database, so the import can run it in worker processes.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from kiosk.central.admin import AdminError, parse_uai
from kiosk.domain.birthdate import parse_birth_date
from kiosk.domain.errors import DomainError
from kiosk.domain.numen import parse_numen
from kiosk.store.crypto import KeyRing

COLUMNS = ("numen", "nom", "prenom", "date_naissance", "email", "etablissement")
NUMEN_PURPOSE = "numen"
MAX_FIELD = 300
MAX_NAME = 100
_EMAIL = re.compile(r"^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FIELD_LABELS = {
    "numen": "NUMEN", "nom": "nom", "prenom": "prénom", "date_naissance": "date de naissance",
    "email": "adresse électronique", "etablissement": "établissement",
}
# Fast-path shapes: a field that matches is returned unchanged by parse_numen / parse_uai
# (ASCII digits and capitals, nothing to strip or fold); anything else goes to parse_row.
_PLAIN_NUMEN = re.compile(r"[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}")
_PLAIN_UAI = re.compile(r"[0-9]{7}[A-Z]")
# Separators of the packed rows: control characters, which no stored field can hold (names
# refuse them, the other fields have fixed ASCII shapes).
FIELD_SEP = "\x1f"
ROW_SEP = "\x1e"


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


def records(path: Path) -> Iterator[tuple[int, list[str]]]:
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
                # A blank record (only separators and spaces) is skipped; most start with a
                # NUMEN, so the first field usually settles it.
                if fields and (fields[0].strip() or any(f.strip() for f in fields)):
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
    found = records(path)
    _, header = next(found)
    seen: set[str] = set()
    for line, fields in found:
        if len(fields) != len(header):
            yield line, column_count_problem(line, len(fields), len(header))
            continue
        try:
            row = parse_row(line, dict(zip(header, fields, strict=True)), today=today)
        except ValueError as exc:
            yield line, str(exc)
            continue
        if row.numen in seen:
            yield line, duplicate_problem(line)
            continue
        seen.add(row.numen)
        yield row


def column_count_problem(line: int, count: int, expected: int) -> str:
    return f"Ligne {line} : {count} colonne(s) au lieu de {expected}."


def duplicate_problem(line: int) -> str:
    return f"Ligne {line} : NUMEN déjà présent plus haut dans le fichier."


# --- one pass: check, hash, encrypt ---------------------------------------------------------
# A prepared row: line, NUMEN hash, encrypted NUMEN, encrypted birth date, birth date
# (aaaa-mm-jj), last name, first name, e-mail, establishment.
PreparedRow = tuple[int, str, str, str, str, str, str, str, str]
# What a chunk gives back: its problems (line, message), the NUMEN of each good row (line,
# NUMEN; duplicates across chunks are the caller's to find) and the good rows, packed.
PreparedChunk = tuple[list[tuple[int, str]], list[tuple[int, str]], str]


class RowPreparer:
    def __init__(self, keyring: KeyRing, header: list[str], today: date) -> None:
        self.keyring = keyring
        self.header = header
        self.today = today
        self._hash = keyring.hasher(NUMEN_PURPOSE)
        self._pick = itemgetter(*(header.index(column) for column in COLUMNS))
        self._births: dict[str, str] = {}  # raw date -> aaaa-mm-jj, for accepted dates only

    def _fast(self, fields: list[str]) -> tuple[str, str, str, str, str, str] | None:
        """The row's normalised values if it is plainly good, else None (parse_row decides).
        Every test below is the one parse_row makes, on the same value."""
        numen, last, first, born, email, uai = self._pick(fields)
        if not (_PLAIN_NUMEN.fullmatch(numen) and _PLAIN_UAI.fullmatch(uai)):
            return None
        if len(last) > MAX_FIELD or len(first) > MAX_FIELD or len(email) > MAX_FIELD \
                or len(born) > MAX_FIELD:
            return None
        last = unicodedata.normalize("NFC", last.strip())
        first = unicodedata.normalize("NFC", first.strip())
        if not (0 < len(last) <= MAX_NAME and 0 < len(first) <= MAX_NAME) \
                or _CONTROL.search(last) or _CONTROL.search(first):
            return None
        email = email.strip().lower()
        if len(email) > 254 or not _EMAIL.match(email):
            return None
        iso = self._births.get(born)
        if iso is None:
            try:
                iso = parse_birth_date(born.strip(), on=self.today).isoformat()
            except DomainError:
                return None
            self._births[born] = iso
        return numen, last, first, iso, email, uai

    def prepare(self, chunk: list[tuple[int, list[str]]]) -> PreparedChunk:
        problems: list[tuple[int, str]] = []
        good: list[tuple[int, tuple[str, str, str, str, str, str]]] = []
        width = len(self.header)
        for line, fields in chunk:
            if len(fields) != width:
                problems.append((line, column_count_problem(line, len(fields), width)))
                continue
            values = self._fast(fields)
            if values is None:
                try:
                    row = parse_row(line, dict(zip(self.header, fields, strict=True)),
                                    today=self.today)
                except ValueError as exc:
                    problems.append((line, str(exc)))
                    continue
                values = (row.numen, row.last_name, row.first_name, row.birth_date.isoformat(),
                          row.email, row.establishment)
            good.append((line, values))
        numens = [values[0] for _, values in good]
        numen_encs = self.keyring.encrypt_many(numens)
        birth_encs = self.keyring.encrypt_many([values[3] for _, values in good])
        packed = ROW_SEP.join(
            FIELD_SEP.join((str(line), self._hash(numen), numen_enc, birth_enc, born, last,
                            first, email, uai))
            for (line, (numen, last, first, born, email, uai)), numen_enc, birth_enc
            in zip(good, numen_encs, birth_encs, strict=True)
        )
        return problems, [(line, values[0]) for line, values in good], packed


def unpack(packed: str) -> list[PreparedRow]:
    """The rows ``RowPreparer.prepare`` packed."""
    if not packed:
        return []
    rows: list[PreparedRow] = []
    for text in packed.split(ROW_SEP):
        line, *rest = text.split(FIELD_SEP)
        rows.append((int(line), *rest))  # type: ignore[arg-type]
    return rows
