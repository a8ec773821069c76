"""The live OpenAPI schema of a real centre fuzzed with schemathesis, over TLS with the CA pinned.

Every operation of ``/openapi.json`` gets a bounded number of generated requests (valid and
invalid by the schema), sent by a ``requests`` session that trusts only the centre's CA and
carries the right bearer token for the route (a kiosk's for sync, the platform's for credential
checks). Each answer must be no server error (no 500, no crash), conform to the schema (status
code documented, JSON body of the declared shape and content type) and refuse what the schema
forbids. The seed is fixed and shrinking is off, so a run is deterministic and bounded.

The cases come from schemathesis's strategies (``APIOperation.as_strategy``) under Hypothesis,
one pytest test per operation: its lazy pytest loader (``schemathesis.pytest.from_fixture``)
reads ``request.node._nodeid``, which pytest 9 no longer has.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.central.test_api_support import ApiCentre, module_centre

MAX_EXAMPLES = 50
SEED = 20260108
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                   "no-shrink": True, "database": "none"},
    # Examples and fuzzing only: the coverage phase enumerates edge cases without a bound of
    # its own, and the stateful phase needs links this API does not declare.
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
})


class Fuzzed:
    """The running centre and what a caller needs: a pinned session and the tokens."""

    def __init__(self, api: ApiCentre) -> None:
        self.api = api
        self.session = requests.Session()
        self.session.verify = str(api.centre.ca_file)
        self.kiosk = api.enrol()
        self.platform = api.platform_token()

    def headers_for(self, path: str) -> dict[str, str]:
        if path.startswith("/v1/sync/"):
            return {"Authorization": f"Bearer {self.kiosk.token}"}
        if path == "/v1/credentials/check":
            return {"Authorization": f"Bearer {self.platform}"}
        return {}


@pytest.fixture(scope="module")
def fuzzed(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    for api in module_centre(request, tmp_path_factory, dispatch=False):
        api.set_calendar()
        api.add_voters(3)
        target = Fuzzed(api)
        yield target
        target.session.close()


@pytest.fixture(scope="module")
def live_schema(fuzzed: Fuzzed) -> Any:
    schema = schemathesis.openapi.from_url(
        f"{fuzzed.api.centre.base_url}/openapi.json", config=CONFIG,
        verify=str(fuzzed.api.centre.ca_file), timeout=15)
    return schema


# Every operation of the contract (issue 3). The first test proves the live schema has no other,
# so an endpoint added later cannot escape the fuzzing unnoticed.
OPERATIONS = [
    ("GET", "/healthz"),
    ("POST", "/v1/enrol"),
    ("POST", "/v1/sync/push"),
    ("GET", "/v1/sync/pull"),
    ("GET", "/v1/requests/{reference}"),
    ("POST", "/v1/credentials/check"),
]


def test_the_schema_lists_exactly_the_fuzzed_operations(live_schema: Any) -> None:
    listed = {(op.ok().method.upper(), op.ok().path) for op in live_schema.get_all_operations()}
    assert listed == set(OPERATIONS), "a new operation: add it to OPERATIONS to fuzz it"


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_answer_is_a_server_error_or_off_schema(live_schema: Any, fuzzed: Fuzzed,
                                                  method: str, path: str) -> None:
    operation = live_schema[path][method]
    # Cases valid by the schema (they reach the domain checks) and invalid ones (refused by
    # the API layer), from one deterministic stream.
    cases = (operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
             | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    headers = fuzzed.headers_for(path)
    seen: list[int] = []

    @seed(SEED)
    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def fuzz(case: Any) -> None:
        response = case.call_and_validate(
            base_url=fuzzed.api.centre.base_url, session=fuzzed.session, headers=headers,
            checks=CHECKS, timeout=30, verify=str(fuzzed.api.centre.ca_file))
        seen.append(response.status_code)

    fuzz()
    assert seen, "no case was sent"
    assert fuzzed.api.centre.running  # no request brought the server down


def _edge_cases(fuzzed: Fuzzed) -> list[tuple[str, str, dict[str, Any], int]]:
    """Answers the generator rarely reaches, each of which must be documented too."""
    kiosk = {"Authorization": f"Bearer {fuzzed.kiosk.token}"}
    platform = {"Authorization": f"Bearer {fuzzed.platform}"}
    stranger = {"Authorization": "Bearer " + "A" * 43}
    return [
        ("GET", "/v1/requests/{reference}", {"path_parameters": {"reference": "Z" * 16}}, 404),
        ("POST", "/v1/credentials/check",
         {"headers": kiosk, "body": {"voter_id": "ABCDEFGHJKLM"}}, 403),
        ("POST", "/v1/credentials/check",
         {"headers": platform, "body": {"voter_id": "ABCDEFGHJKLM"}}, 200),
        ("POST", "/v1/sync/push", {"headers": stranger, "body": {"records": []}}, 401),
        ("GET", "/v1/sync/pull", {"headers": platform}, 401),
        ("POST", "/v1/enrol", {"body": {"code": "ABCD-EFGH-JKLM-NPQR-STUV"}}, 401),
    ]


def test_edge_answers_are_documented(live_schema: Any, fuzzed: Fuzzed) -> None:
    for method, path, parts, status in _edge_cases(fuzzed):
        case = live_schema[path][method].Case(**parts)
        response = case.call_and_validate(
            base_url=fuzzed.api.centre.base_url, session=fuzzed.session, checks=CHECKS,
            timeout=30, verify=str(fuzzed.api.centre.ca_file))
        assert response.status_code == status, (method, path, response.text)
