"""Everything we write as XML is well-formed for any input: /sru (GET and POST, every
version and operation) and the OpenSearch description. Fails before the fix: control
characters from the request (version=1.1%00, recordSchema=%0B) were echoed into diagnostics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app

SRU_PARAMS = (
    "operation",
    "version",
    "query",
    "startRecord",
    "maximumRecords",
    "recordSchema",
    "recordPacking",
    "recordXMLEscaping",
    "stylesheet",
    "x-anything",
)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
PARAMS = st.dictionaries(st.sampled_from(SRU_PARAMS), ANY_TEXT, max_size=6)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    data = {"targets": [], "limits": {"requests_per_minute": 100_000, "burst": 100_000}}
    with TestClient(create_app(parse_settings(data, environ={}))) as test_client:
        yield test_client


def well_formed(body: bytes) -> etree._Element:
    return etree.fromstring(body, parser=PARSER)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=PARAMS, post=st.booleans())
@example(params={"version": "1.1\x00"}, post=False)
@example(params={"recordSchema": "\x0b", "query": "x"}, post=False)
@example(params={"query": "title=\x01", "version": "2.0"}, post=True)
@example(params={"operation": "explain", "recordPacking": "string"}, post=False)
def test_sru_answers_are_well_formed_xml_for_any_parameters(
    client: TestClient, params: dict[str, str], post: bool
) -> None:
    response = client.post("/sru", data=params) if post else client.get("/sru", params=params)
    assert response.status_code == 200
    root = well_formed(response.content)
    assert etree.QName(root).localname in ("searchRetrieveResponse", "explainResponse")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(host=st.from_regex(r"[a-z0-9.\-]{1,30}(:[0-9]{1,5})?", fullmatch=True))
def test_opensearch_is_well_formed_whatever_the_host_header(client: TestClient, host: str) -> None:
    response = client.get("/opensearch.xml", headers={"Host": host})
    well_formed(response.content)
