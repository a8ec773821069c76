"""Property tests of the parsers that had none: whatever comes in, a value or a clear French
refusal, never another exception (an unexpected one is a crash or a trace at the counter, in
the centre's log, or a centre that does not start).

Covered elsewhere with hypothesis: NUMEN, phone, birth date (tests/domain). Here: register CSV
rows and files, the centre's settings and rate-limit variables, enrolment codes, bearer
headers, voter IDs and references, the security code, the kiosk's config file and the field
checks the wizard runs on every keystroke, the phone hash key of an enrolment, agent passwords
and UAI codes, ISO dates of the calendar, and the centre's validation of a pushed payload.
"""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.central.admin import (
    AdminError,
    check_password_policy,
    enrolment_code_hash,
    normalise_enrolment_code,
    parse_uai,
)
from kiosk.central.api_models import ReissueRecord
from kiosk.central.decision_inputs import validate
from kiosk.central.ratelimit import RateLimits
from kiosk.central.register_import import (
    COLUMNS,
    RegisterFileError,
    RegisterRow,
    parse_row,
    read_register,
)
from kiosk.central.settings import SECRET_SETTINGS, CentralSettings, SettingsError, env_name
from kiosk.central.tokens import new_token, parse_bearer
from kiosk.domain.calendar import parse_paris_datetime
from kiosk.domain.errors import DomainError, InvalidInput
from kiosk.domain.security_code import check_security_code
from kiosk.domain.voter_id import (
    VOTER_ID_ALPHABET,
    normalise_reference,
    normalise_voter_id,
)
from kiosk.services import validation
from kiosk.services.context import decode_phone_key
from kiosk.services.contracts import ServiceError
from kiosk.services.paths import CONFIG_NAME, ConfigError, KioskConfig, load_config

TODAY = date(2026, 11, 20)
NUMENS = st.from_regex(r"\A[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}\Z")
# Text as people and spreadsheets make it: any Unicode, with the separators of a CSV close by.
TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(";,\"'\n\r\t -/"),
               max_size=40)
FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_french(message: str) -> None:
    assert message.strip(), "empty message"
    assert "Traceback" not in message


# --- register CSV ---------------------------------------------------------------------------
@FAST
@given(st.fixed_dictionaries({column: TEXT for column in COLUMNS}), st.integers(2, 10**6))
def test_a_register_row_is_a_voter_or_a_refusal_naming_its_line(values: dict[str, str],
                                                                 line: int) -> None:
    try:
        row = parse_row(line, values, today=TODAY)
    except ValueError as exc:
        assert str(exc).startswith(f"Ligne {line} : ")
    else:
        assert isinstance(row, RegisterRow) and row.line == line


@FAST
@given(NUMENS, st.dates(date(1930, 1, 1), date(2005, 1, 1)), TEXT, TEXT)
def test_a_refused_row_never_repeats_the_numen_or_the_birth_date(
        numen: str, birth: date, last_name: str, email: str) -> None:
    values = {"numen": numen, "nom": last_name, "prenom": "\x00", "date_naissance":
              birth.strftime("%d/%m/%Y"), "email": email, "etablissement": "0211234C"}
    with pytest.raises(ValueError) as refused:  # a control character in the first name
        parse_row(7, values, today=TODAY)
    message = str(refused.value)
    assert numen not in message and birth.strftime("%d/%m/%Y") not in message


@FAST
@given(st.binary(max_size=400) | TEXT.map(lambda t: t.encode("utf-8")),
       st.sampled_from([b"", b"numen;nom;prenom;date_naissance;email;etablissement\n",
                        b"\xef\xbb\xbfnumen,nom,prenom,date_naissance,email,etablissement\r\n"]))
def test_any_register_file_gives_rows_problems_or_a_file_error(tmp_path_factory:
                                                               pytest.TempPathFactory,
                                                               body: bytes, header: bytes) -> None:
    path = tmp_path_factory.mktemp("csv") / "registre.csv"
    path.write_bytes(header + body)
    try:
        items = list(read_register(path, today=TODAY))
    except RegisterFileError as exc:
        assert_french(str(exc))
        return
    for item in items:
        if isinstance(item, tuple):
            line, problem = item
            assert problem.startswith(f"Ligne {line} : ")
        else:
            assert isinstance(item, RegisterRow)


# --- settings of the centre -----------------------------------------------------------------
SETTING_NAMES = sorted(f for f in CentralSettings.__dataclass_fields__ if f != "data_dir")


@FAST
@given(st.sampled_from(SETTING_NAMES),
       st.text(max_size=30) | st.from_regex(r"\A~?[0-9]{1,30}(\.[0-9]+)?[smhjd]?\Z")
       | st.sampled_from(["~nobody-here/x", "nan", "inf", "-1", "1e999", "0", "99999999999999h"]))
def test_any_setting_value_gives_settings_or_a_french_refusal(tmp_path_factory:
                                                              pytest.TempPathFactory,
                                                              name: str, raw: str) -> None:
    env = {env_name("data_dir"): str(tmp_path_factory.getbasetemp() / "settings"),
           env_name(name): raw}
    try:
        settings_ = CentralSettings.from_env(env)
    except SettingsError as exc:
        assert_french(str(exc))
        if name in SECRET_SETTINGS or "smtp_password" in name:
            assert raw not in str(exc) or len(raw) < 4
    else:
        assert isinstance(settings_, CentralSettings)


@FAST
@given(st.dictionaries(st.sampled_from(["IDENTITY_FAILURES_PER_KIOSK", "STATUS_PER_ADDRESS",
                                        "CHECKS_PER_TOKEN", "ENROL_FAILURES_PER_ADDRESS"]),
                       st.text(max_size=20) | st.sampled_from(["1/1e400", "5/inf", "5/nan",
                                                               "3/-1", "0", "9" * 40])))
def test_rate_limit_variables_never_stop_the_api_from_starting(values: dict[str, str]) -> None:
    limits = RateLimits.from_env({f"KIOSK_CENTRAL_RATE_{k}": v for k, v in values.items()})
    for limit in (limits.identity_failures_per_kiosk, limits.status_per_address,
                  limits.checks_per_token, limits.enrol_failures_per_address):
        assert limit.count >= 1 and limit.window > timedelta(0)


# --- enrolment codes, bearer tokens, IDs, security code -------------------------------------
CODE = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=20, max_size=20)


@FAST
@given(CODE, st.lists(st.sampled_from([" ", "-", "  ", "\t"]), max_size=6), st.booleans())
def test_an_enrolment_code_typed_any_way_is_the_same_code(code: str, separators: list[str],
                                                          lower: bool) -> None:
    canonical = normalise_enrolment_code(code)
    typed = code.lower() if lower else code
    for i, sep in enumerate(separators):  # separators typed anywhere
        cut = (i * 7) % len(typed)
        typed = typed[:cut] + sep + typed[cut:]
    assert normalise_enrolment_code(typed) == canonical
    assert enrolment_code_hash(typed) == enrolment_code_hash(canonical)


@FAST
@given(st.text(max_size=200))
@example("u\u00a8")  # a spacing diaeresis: a space and a combining one once folded
@example("abcd-\u0301e")
def test_any_enrolment_code_normalises_without_error(raw: str) -> None:
    once = normalise_enrolment_code(raw)
    assert normalise_enrolment_code(once) == once
    assert len(enrolment_code_hash(raw)) == 64


@FAST
@given(st.none() | st.text(max_size=600))
def test_any_authorization_header_gives_a_token_or_none(header: str | None) -> None:
    token = parse_bearer(header)
    assert token is None or (0 < len(token) <= 512 and token == token.strip())


def test_a_real_token_comes_back_whatever_the_case_of_the_scheme() -> None:
    token = new_token()
    for scheme in ("Bearer", "bearer", "BEARER"):
        assert parse_bearer(f"  {scheme}   {token} ") == token


@FAST
@given(st.one_of(st.text(max_size=80), st.none(), st.integers(), st.binary(max_size=20)))
def test_voter_ids_and_references_normalise_or_refuse(raw: object) -> None:
    for parse, length in ((normalise_voter_id, 12), (normalise_reference, 16)):
        try:
            value = parse(raw)
        except InvalidInput as exc:
            assert_french(exc.message)
        else:
            assert len(value) == length and set(value) <= set(VOTER_ID_ALPHABET)


@FAST
@given(st.from_regex(r"\A[0-9]{4}\Z"), st.one_of(st.text(max_size=40), st.none(),
                                                st.integers(), st.binary(max_size=8)))
def test_a_security_code_check_is_a_yes_or_a_no(expected: str, typed: object) -> None:
    assert check_security_code(expected, typed) in (True, False)
    assert check_security_code(expected, f" {expected} ")


# --- what the kiosk reads: its config file, the wizard's fields, the enrolment answer -------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
CONFIG_KEYS = sorted(KioskConfig.__dataclass_fields__)


@FAST
@given(st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(CONFIG_KEYS), JSON_VALUES, max_size=7).map(
        lambda d: json.dumps(d).encode()),
))
@example(b"[" * 100_000 + b"]" * 100_000)  # nesting deeper than the parser's recursion
@example(b'{"idle_lock_seconds": 1' + b"0" * 5000 + b"}")  # an integer too long to convert
def test_any_config_file_gives_a_config_or_a_french_error(tmp_path_factory:
                                                          pytest.TempPathFactory,
                                                          content: bytes) -> None:
    directory = tmp_path_factory.mktemp("kiosk-config")
    (directory / CONFIG_NAME).write_bytes(content)
    try:
        config = load_config(directory)
    except ConfigError as exc:
        assert_french(exc.message)
        assert str(directory) in exc.message  # says which file to fix
    else:
        assert isinstance(config, KioskConfig)
        assert all(isinstance(e, str) for e in config.establishments)


@FAST
@given(st.text(max_size=60))
def test_the_wizard_field_checks_answer_none_or_a_french_message(text: str) -> None:
    for check in (validation.check_numen, validation.check_phone,
                  validation.check_security_code, validation.check_search_query):
        answer = check(text)
        assert answer is None or answer.strip()
    answer = validation.check_birth_date(text, on=TODAY)
    assert answer is None or answer.strip()
    masked = validation.masked_phone(text)
    assert masked is None or "x" in masked


@FAST
@given(st.text(max_size=80))
def test_a_phone_hash_key_from_the_centre_is_bytes_or_a_refusal(text: str) -> None:
    try:
        key = decode_phone_key(text)
    except ServiceError as exc:
        assert exc.code == "bad_enrolment"
    else:
        assert len(key) >= 16


# --- what administrators type: UAI, passwords, calendar dates -------------------------------
_PASSWORD_RULES = ("entre 8 et 24 caractères", "au moins une lettre minuscule",
                   "au moins une lettre majuscule", "au moins un chiffre")
_PASSWORD_REFUSALS = {
    "Mot de passe refusé : il faut " + ", ".join(rules) + "."
    for n in range(1, len(_PASSWORD_RULES) + 1)
    for rules in itertools.combinations(_PASSWORD_RULES, n)
} | {"Mot de passe refusé : il doit être différent de l'adresse électronique professionnelle "
     "et de l'identifiant."}


@FAST
@given(st.text(max_size=40), st.text(max_size=30))
@example("", "un c")
@example("", "agent.x")
def test_uai_and_password_policy_accept_or_refuse_in_french(raw: str, password: str) -> None:
    try:
        assert len(parse_uai(raw)) == 8
    except AdminError as exc:
        assert_french(str(exc))
    try:
        check_password_policy(password, username="agent.x", email="a@ac-dijon.fr")
    except AdminError as exc:
        assert_french(str(exc))
        # One of the policy's fixed texts: nothing of the password is echoed (checking that
        # the password is not a substring failed on "un c", which is in "au moins un chiffre").
        assert str(exc) in _PASSWORD_REFUSALS


@FAST
@given(st.text(max_size=40) | st.datetimes().map(datetime.isoformat)
       | st.datetimes(timezones=st.timezones()).map(datetime.isoformat))
@example("0001-01-01T00:00")  # Paris time then is before year 1 in UTC
@example("9999-12-31T23:59:59-23:59")
def test_calendar_dates_parse_or_refuse(text: str) -> None:
    try:
        moment = parse_paris_datetime(text)
    except DomainError as exc:
        assert_french(exc.message)
    else:
        assert moment.tzinfo is not None
        moment.astimezone(UTC)  # usable as every caller uses it


# --- the centre's reading of a pushed payload -----------------------------------------------
PAYLOAD_TEXT = st.text(max_size=30) | NUMENS | st.dates().map(date.isoformat)


@FAST
@given(st.fixed_dictionaries(
    {"numen": PAYLOAD_TEXT, "birth_date": PAYLOAD_TEXT, "channel": st.sampled_from(
        ["sms", "email", "SMS", "fax", ""]), "agent": st.text(max_size=20)},
    optional={"phone": st.none() | st.text(max_size=20)
              | st.from_regex(r"\A\+33[67][0-9]{8}\Z"),
              "security_code_checked": st.none() | st.booleans(),
              "reference": st.none() | st.text(max_size=32)}))
def test_a_pushed_payload_is_a_request_or_an_invalid_input(payload: dict[str, object]) -> None:
    record = ReissueRecord.model_validate({
        "id": str(uuid.uuid4()), "kind": "reissue_request",
        "created_at": datetime(2026, 11, 20, 10, tzinfo=UTC).isoformat(),
        "payload": payload,
    })
    try:
        valid = validate(record, TODAY)
    except InvalidInput as exc:
        assert_french(exc.message)
    else:
        assert len(valid.request.numen) == 13


def test_the_strategies_reach_both_outcomes(tmp_path: Path) -> None:
    """Guard against properties that only ever see refusals: a good row and a good config."""
    good = {"numen": "01E9501234ABC", "nom": "Dupont", "prenom": "Jean",
            "date_naissance": "15/03/1975", "email": "jean.dupont@ac-dijon.fr",
            "etablissement": "0211234C"}
    assert parse_row(2, good, today=TODAY).numen == "01E9501234ABC"
    (tmp_path / CONFIG_NAME).write_text(json.dumps({"idle_lock_seconds": 60}), encoding="utf-8")
    assert load_config(tmp_path).idle_lock_seconds == 60
