"""CSV register import on a real database (SQLite and PostgreSQL through ``database_url``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.register_bulk import existing_voters
from kiosk.central.register_import import NUMEN_PURPOSE, RegisterFileError, import_register
from kiosk.central.register_rows import COLUMNS, RowPreparer, parse_row
from kiosk.central.register_spool import Spool
from kiosk.store.audit import verify
from kiosk.store.crypto import KeyRing
from kiosk.store.engine import make_engine, make_sessionmaker, upgrade
from kiosk.store.models import AuditEntry, Voter

HEADER = "numen;nom;prenom;date_naissance;email;etablissement\n"
TODAY = date(2018, 11, 20)
ROWS = [
    "01E9501234ABC;Dupont;Jean;15/03/1975;jean.dupont@ac-dijon.fr;0211234C",
    "02A1234567XYZ;Martin;Éloïse;1980-12-01;eloise.martin@ac-amiens.fr;0801234D",
    "31T7654321DEF;N'Diaye;Aïssatou;01/01/1990;aissatou.ndiaye@ac-toulouse.fr;0311234E",
]


@pytest.fixture
def db(database_url: str) -> Iterator[tuple[sessionmaker[Session], Engine]]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine), engine
    engine.dispose()


@pytest.fixture
def keyring() -> KeyRing:
    return KeyRing.generate()


def _write(tmp_path: Path, content: str, *, name: str = "registre.csv",
           encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding=encoding)
    return path


def _voters(sessions: sessionmaker[Session]) -> list[Voter]:
    with sessions() as session:
        return list(session.scalars(select(Voter).order_by(Voter.change_seq)))


def _import(sessions: sessionmaker[Session], keyring: KeyRing, path: Path, **kw: object):
    return import_register(sessions, keyring, path, today=TODAY, **kw)


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_separators_bom_and_both_date_forms(db, keyring, tmp_path, separator, bom) -> None:
    sessions, _ = db
    body = (HEADER + "\n".join(ROWS) + "\n").replace(";", separator)
    path = _write(tmp_path, ("\ufeff" if bom else "") + body)
    report = _import(sessions, keyring, path)
    assert report.loaded and (report.inserted, report.updated, report.bad) == (3, 0, 0)
    voters = _voters(sessions)
    assert [v.last_name for v in voters] == ["Dupont", "Martin", "N'Diaye"]
    first = voters[0]
    assert first.numen_hash == keyring.hash("01E9501234ABC", NUMEN_PURPOSE)
    assert keyring.decrypt(first.numen_enc) == "01E9501234ABC"
    assert keyring.decrypt(first.birth_date_enc) == "1975-03-15"
    assert keyring.decrypt(voters[1].birth_date_enc) == "1980-12-01"
    assert "01E9501234ABC" not in first.numen_enc
    assert (first.email, first.establishment, first.requests_used, first.id_version) == (
        "jean.dupont@ac-dijon.fr", "0211234C", 0, 0)
    assert len({v.change_seq for v in voters}) == 3


def test_bad_rows_are_reported_with_line_numbers_and_nothing_loaded(db, keyring, tmp_path) -> None:
    sessions, _ = db
    path = _write(tmp_path, HEADER + "\n".join([
        ROWS[0],
        "01E950123ABC;Durand;Paul;15/03/1975;paul.durand@ac-dijon.fr;0211234C",   # line 3
        "02B1234567XYZ;Petit;Léa;31/02/1980;lea.petit@ac-dijon.fr;0211234C",     # line 4
        "03C1234567XYZ;;Léa;01/02/1980;pas-une-adresse;21234C",                   # line 5
        "04D1234567XYZ;Roux;Zoé;01/02/1980",                                      # line 6
        ROWS[0].replace("Dupont", "Dupond"),                                       # line 7
    ]) + "\n")
    report = _import(sessions, keyring, path)
    assert not report.loaded and report.bad == 5
    by_line = {p.split(" : ")[0]: p for p in report.problems}
    assert set(by_line) == {"Ligne 3", "Ligne 4", "Ligne 5", "Ligne 6", "Ligne 7"}
    assert "NUMEN" in by_line["Ligne 3"]
    assert "date de naissance" in by_line["Ligne 4"]
    assert all(w in by_line["Ligne 5"] for w in ("nom", "adresse électronique", "établissement"))
    assert "colonne" in by_line["Ligne 6"] and "déjà présent" in by_line["Ligne 7"]
    for problem in report.problems:  # nothing of the data is echoed
        assert "01E950123ABC" not in problem and "31/02/1980" not in problem
    assert _voters(sessions) == []
    with sessions() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_skip_bad_loads_the_good_rows(db, keyring, tmp_path) -> None:
    sessions, _ = db
    path = _write(tmp_path, HEADER + "\n".join([ROWS[0], "garbage;;;;;", ROWS[1]]) + "\n")
    report = _import(sessions, keyring, path, skip_bad=True)
    assert report.loaded and report.inserted == 2 and report.bad == 1
    assert report.problems[0].startswith("Ligne 3 :")
    assert [v.last_name for v in _voters(sessions)] == ["Dupont", "Martin"]


def test_reimport_is_idempotent_updates_names_and_keeps_counters(db, keyring, tmp_path) -> None:
    sessions, _ = db
    _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(ROWS) + "\n"))
    with sessions() as session, session.begin():
        session.execute(update(Voter).where(Voter.last_name == "Dupont")
                        .values(requests_used=2, id_version=2))
    seqs = {v.last_name: v.change_seq for v in _voters(sessions)}

    again = _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(ROWS) + "\n"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert {v.last_name: v.change_seq for v in _voters(sessions)} == seqs

    changed = [ROWS[0].replace("Dupont;Jean;15/03/1975", "Dupont-Moreau;Jean;16/03/1975"),
               ROWS[1], ROWS[2].replace("0311234E", "0311235F")]
    report = _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(changed) + "\n"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 2, 1)
    voters = {v.first_name: v for v in _voters(sessions)}
    jean = voters["Jean"]
    assert jean.last_name == "Dupont-Moreau"
    assert keyring.decrypt(jean.birth_date_enc) == "1975-03-16"
    assert (jean.requests_used, jean.id_version) == (2, 2)  # counters kept
    assert voters["Aïssatou"].establishment == "0311235F"
    assert jean.change_seq > max(seqs.values()) and voters["Éloïse"].change_seq == seqs["Martin"]
    assert len(_voters(sessions)) == 3


def test_the_look_up_of_existing_voters_finds_by_hash_and_takes_nothing_else(
        db, keyring, tmp_path) -> None:
    sessions, engine = db
    _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(ROWS) + "\n"))
    hashes = [v.numen_hash for v in _voters(sessions)]
    with sessions() as session:
        found = existing_voters(session, [hashes[2], "0" * 64, hashes[0]])
        assert sorted(row.numen_hash for row in found) == sorted([hashes[0], hashes[2]])
        assert existing_voters(session, []) == []
        for odd in ("x}", "a,b", hashes[1].upper(), '"' + hashes[1]):
            if engine.dialect.name == "postgresql":  # the array goes as text: refused
                with pytest.raises(ValueError, match="not a hex digest"):
                    existing_voters(session, [hashes[0], odd])
            else:  # one bound parameter each: simply not found
                assert [r.numen_hash for r in existing_voters(session, [odd])] == []


def test_injection_looking_strings_are_stored_verbatim(db, keyring, tmp_path) -> None:
    sessions, engine = db
    nasty = "Robert'); DROP TABLE voters;--"
    formula = '=HYPERLINK("http://x";"y")'
    rows = [f'01E9501234ABC;"{nasty}";"{formula.replace(chr(34), chr(34) * 2)}";'
            "15/03/1975;jean.dupont@ac-dijon.fr;0211234C"]
    report = _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(rows) + "\n"))
    assert report.loaded
    [voter] = _voters(sessions)
    assert (voter.last_name, voter.first_name) == (nasty, formula)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM voters")).scalar() == 1


def test_file_level_errors(db, keyring, tmp_path) -> None:
    sessions, _ = db
    with pytest.raises(RegisterFileError, match="En-tête"):
        _import(sessions, keyring, _write(tmp_path, "a;b;c\n1;2;3\n"))
    latin1 = _write(tmp_path, HEADER + ROWS[1] + "\n", name="latin1.csv", encoding="latin-1")
    with pytest.raises(RegisterFileError, match="UTF-8"):
        _import(sessions, keyring, latin1)
    assert _voters(sessions) == []


def test_one_audit_entry_with_counts_only(db, keyring, tmp_path) -> None:
    sessions, _ = db
    _import(sessions, keyring, _write(tmp_path, HEADER + "\n".join(ROWS) + "\n"))
    with sessions() as session:
        [entry] = session.scalars(select(AuditEntry)).all()
        assert entry.action == "register.imported"
        assert "01E9501234ABC" not in entry.details_json and "Dupont" not in entry.details_json
        assert '"inserted": 3' in entry.details_json.replace('":3', '": 3')
        assert verify(session) == []


def test_chunks_make_no_difference(db, keyring, tmp_path) -> None:
    sessions, _ = db
    lines = [f"{i % 100:02d}E{i:07d}ABC;Nom{i};Prénom{i};01/01/1980;p{i}@ac-dijon.fr;0211234C"
             for i in range(250)]
    report = import_register(sessions, keyring, _write(tmp_path, HEADER + "\n".join(lines)),
                             today=TODAY, chunk_size=64)
    assert report.inserted == 250
    seqs = [v.change_seq for v in _voters(sessions)]
    assert len(set(seqs)) == 250


def test_worker_processes_give_the_same_report_and_rows(db, keyring, tmp_path) -> None:
    sessions, _ = db
    lines = [f"{i % 100:02d}E{i:07d}ABC;Nom{i};Prénom{i};01/01/1980;p{i}@ac-dijon.fr;0211234C"
             for i in range(300)]
    bad = list(lines)
    bad[70] = bad[70].replace("01/01/1980", "31/02/1980")   # line 72
    bad[200] = lines[5]                                      # line 202, a later chunk
    bad_path = _write(tmp_path, HEADER + "\n".join(bad) + "\n", name="bad.csv")
    reports = [import_register(sessions, keyring, bad_path, today=TODAY, chunk_size=64,
                               workers=workers) for workers in (0, 2)]
    assert reports[0] == reports[1] and not reports[1].loaded
    assert [p.split(" : ")[0] for p in reports[1].problems] == ["Ligne 72", "Ligne 202"]
    assert _voters(sessions) == []

    report = import_register(sessions, keyring, _write(tmp_path, HEADER + "\n".join(lines)),
                             today=TODAY, chunk_size=64, workers=2)
    assert report.loaded and report.inserted == 300
    voters = _voters(sessions)
    assert [v.last_name for v in voters] == [f"Nom{i}" for i in range(300)]  # file order
    assert keyring.decrypt(voters[7].numen_enc) == "07E0000007ABC"
    assert voters[7].numen_hash == keyring.hash("07E0000007ABC", NUMEN_PURPOSE)
    assert keyring.decrypt(voters[7].birth_date_enc) == "1980-01-01"


# Per column: plain values, and values near them that the fast path must hand to parse_row
# (spaces, lower case, look-alike digits, long or empty fields, accents composed or not).
NEAR = {
    "numen": ["01E9501234ABC", "01e9501234abc", "01E9501234abc", " 01E9501234ABC", "01E 9501234ABC",
              "٠1E9501234ABC", "01E950123ABC", "01E9501234ABC\n"],
    "nom": ["Dupont", " Dupont ", "", " ", "E\u0301loi\u0308se", "a" * 100, "a" * 101,
            "a\x85b", " " * 301 + "x", "N'Diaye"],
    "date_naissance": ["15/03/1975", "1975-03-15", "31/02/1980", "15/03/2020", " 15/03/1975",
                       "1/3/1975", "١٥/03/1975", "15-03-1975", " " * 301 + "15/03/1975"],
    "email": ["jean.dupont@ac-dijon.fr", " Jean.Dupont@AC-Dijon.fr", "x@y", "İ@ac-dijon.fr",
              "a" * 250 + "@ac.fr", " " * 299 + "a@ac.fr"],
    "etablissement": ["0211234C", "0211234c", "٠211234C", "0211234C\n", " 0211234C", "021234C"],
}
NEAR["prenom"] = NEAR["nom"]
PLAIN = dict(zip(COLUMNS, ROWS[0].split(";"), strict=True))


@st.composite
def near_rows(draw: st.DrawFn) -> tuple[str, ...]:
    """A good row with one or two columns swapped for a near value or any text."""
    fields = dict(PLAIN)
    for column in draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=2)):
        fields[column] = draw(st.sampled_from(NEAR[column]) | st.text(max_size=8))
    return tuple(fields[column] for column in COLUMNS)


FIELDS = near_rows()


@settings(max_examples=400, deadline=None)
@given(FIELDS)
def test_the_fast_path_accepts_only_what_parse_row_accepts(fields: tuple[str, ...]) -> None:
    preparer = RowPreparer(KeyRing.generate(), list(COLUMNS), TODAY)
    fast = preparer._fast(list(fields))
    try:
        row = parse_row(2, dict(zip(COLUMNS, fields, strict=True)), today=TODAY)
    except ValueError:
        assert fast is None
        return
    if fast is not None:
        assert fast == (row.numen, row.last_name, row.first_name, row.birth_date.isoformat(),
                        row.email, row.establishment)


def test_the_fast_path_takes_plain_rows() -> None:
    preparer = RowPreparer(KeyRing.generate(), list(COLUMNS), TODAY)
    assert preparer._fast(ROWS[1].split(";")) == (
        "02A1234567XYZ", "Martin", "Éloïse", "1980-12-01", "eloise.martin@ac-amiens.fr",
        "0801234D")


def test_the_spool_gives_back_its_chunks_and_refuses_a_modified_one() -> None:
    with Spool() as spool:
        for text in ["Dupont\x1fJean", "", "Éloïse" * 1000]:
            spool.append(text)
        assert list(spool) == ["Dupont\x1fJean", "", "Éloïse" * 1000]
        spool._file.seek(0)
        assert b"Dupont" not in spool._file.read()
        spool._file.seek(10)
        spool._file.write(b"\x00")
        with pytest.raises(InvalidTag):
            list(spool)
