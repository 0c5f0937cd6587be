"""schemathesis against /openapi.json: generated requests to every API endpoint end in no 5xx
and in answers that match the documented schemas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from federator.config import parse_settings
from federator.web.app import create_app
from tests import fakesru
from tests.threaded import serve_in_thread

CALLS: dict[str, int] = {}


# schemathesis needs the schema at import time (its fixture route fails on pytest 9), so the
# catalogue starts here and the fixture below stops it when the module is done.
_catalogue = serve_in_thread(
    {"catalogue": lambda: fakesru.paging_handler(fakesru.sample_records(5))}
)
_urls = _catalogue.__enter__()
_target = {"id": "catalogue", "name": "Catalogue", "url": _urls["catalogue"], "timeout_s": 2}
_data = {"targets": [_target], "limits": {"requests_per_minute": 1_000_000, "burst": 1_000_000}}
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(parse_settings(_data, environ={}))
)


@pytest.fixture(scope="module", autouse=True)
def _stop_catalogue() -> Iterator[None]:
    yield
    _catalogue.__exit__(None, None, None)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case: schemathesis.Case) -> None:
    response = case.call()
    CALLS[case.path] = CALLS.get(case.path, 0) + 1
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=[response_schema_conformance])


def test_schemathesis_really_called_the_api() -> None:
    assert CALLS.get("/api/v1/search", 0) >= 10, CALLS
