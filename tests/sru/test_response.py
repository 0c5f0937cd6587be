from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from federator.errors import TargetProtocolError
from federator.sru.response import parse_search_response

MARC = (
    '<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000cam a2200000 a 4500</leader>'
    '<controlfield tag="001">r1</controlfield>'
    '<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Aniara</subfield></datafield>'
    "</record>"
)


def sru1(records: str, count: int = 1, version: str = "1.2", extra: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/">'
        f"<zs:version>{version}</zs:version><zs:numberOfRecords>{count}</zs:numberOfRecords>"
        f"<zs:records>{records}</zs:records>{extra}</zs:searchRetrieveResponse>"
    ).encode()


def record1(data: str, packing: str = "xml", position: int = 1) -> str:
    return (
        "<zs:record><zs:recordSchema>info:srw/schema/1/marcxml-v1.1</zs:recordSchema>"
        f"<zs:recordPacking>{packing}</zs:recordPacking><zs:recordData>{data}</zs:recordData>"
        f"<zs:recordPosition>{position}</zs:recordPosition></zs:record>"
    )


def test_sru_12_packed_as_xml() -> None:
    page = parse_search_response(sru1(record1(MARC)))
    assert page.version == "1.2" and page.number_of_records == 1
    assert len(page.records) == 1 and page.records[0].position == 1
    assert page.records[0].payload.findtext("{*}controlfield") == "r1"


def test_sru_11_packed_as_string() -> None:
    page = parse_search_response(sru1(record1(escape(MARC), "string"), version="1.1"))
    assert page.version == "1.1"
    assert page.records[0].payload.findtext("{*}controlfield") == "r1"


def test_sru_20_envelope_with_xml_escaping_string() -> None:
    body = (
        '<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse">'
        "<sru:numberOfRecords>7</sru:numberOfRecords><sru:records><sru:record>"
        "<sru:recordSchema>marcxml</sru:recordSchema><sru:recordXMLEscaping>string</sru:recordXMLEscaping>"
        f"<sru:recordData>{escape(MARC)}</sru:recordData><sru:recordIdentifier>id-9</sru:recordIdentifier>"
        "</sru:record></sru:records></sru:searchRetrieveResponse>"
    ).encode()
    page = parse_search_response(body)
    assert page.version == "2.0" and page.number_of_records == 7
    assert page.records[0].identifier == "id-9"


def test_fatal_diagnostics_are_read_in_both_namespaces() -> None:
    diag1 = (
        '<zs:diagnostics><diag:diagnostic xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/">'
        "<diag:uri>info:srw/diagnostic/1/16</diag:uri><diag:details>dc.foo</diag:details>"
        "<diag:message>Unsupported index</diag:message></diag:diagnostic></zs:diagnostics>"
    )
    page = parse_search_response(sru1("", count=0, extra=diag1))
    assert page.diagnostics[0].uri == "info:srw/diagnostic/1/16"
    assert page.diagnostics[0].details == "dc.foo"
    body = (
        b'<searchRetrieveResponse xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse">'
        b'<diagnostics><diagnostic xmlns="http://docs.oasis-open.org/ns/search-ws/diagnostic">'
        b"<uri>info:srw/diagnostic/1/10</uri><message>Query syntax error</message></diagnostic>"
        b"</diagnostics></searchRetrieveResponse>"
    )
    page = parse_search_response(body)
    assert page.number_of_records is None
    assert page.diagnostics[0].message == "Query syntax error"


def test_one_broken_string_record_costs_only_itself() -> None:
    records = record1(escape(MARC), "string") + record1(escape("<record><broken"), "string", 2)
    page = parse_search_response(sru1(records, count=2))
    assert len(page.records) == 1
    assert any("broken" in w for w in page.warnings)


def test_surrogate_diagnostic_becomes_a_warning() -> None:
    surrogate = (
        "<zs:record><zs:recordSchema>info:srw/schema/1/diagnostics-v1.1</zs:recordSchema>"
        '<zs:recordData><diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/">'
        "<uri>info:srw/diagnostic/1/64</uri><message>Record temporarily unavailable</message>"
        "</diagnostic></zs:recordData></zs:record>"
    )
    page = parse_search_response(sru1(record1(MARC) + surrogate, count=2))
    assert len(page.records) == 1
    assert page.warnings == (
        "the server could not deliver one record: Record temporarily unavailable",
    )


def test_absurd_number_of_records_is_ignored_not_fatal() -> None:
    body = sru1(record1(MARC)).replace(b">1</zs:numberOfRecords>", b">lots</zs:numberOfRecords>")
    page = parse_search_response(body)
    assert page.number_of_records is None and len(page.records) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body><h1>500 Internal Server Error</h1></body></html>", "an HTML page"),
        (
            b"<zs:searchRetrieveResponse xmlns:zs='http://www.loc.gov/zing/srw/'><zs:num",
            "not well-formed",
        ),
        (b"Service Unavailable", "not well-formed"),
        (b"", "empty body"),
        (b"<other xmlns='urn:x'/>", "not an SRU searchRetrieveResponse"),
    ],
)
def test_non_sru_bodies_are_protocol_errors(body: bytes, message: str) -> None:
    with pytest.raises(TargetProtocolError, match=message):
        parse_search_response(body)


def test_a_record_without_ids_gets_a_stable_id_from_its_content() -> None:
    from federator.connectors.records import map_records
    from federator.models import Target

    no_001 = MARC.replace('<controlfield tag="001">r1</controlfield>', "")
    target = Target(id="t", name="T", url="http://127.0.0.1:1/t")
    first = map_records(parse_search_response(sru1(record1(no_001, position=1))).records, target)[0]
    later = map_records(parse_search_response(sru1(record1(no_001, position=7))).records, target)[0]
    assert first[0].record_id == later[0].record_id and first[0].record_id.startswith("t:h")


REAL = Path(__file__).parent.parent / "data" / "real"


def test_the_namespace_without_its_trailing_slash_is_read_with_a_warning() -> None:
    """A real answer (sruthi's fixture of a Swiss SRU server): before, all 10 records were lost."""
    data = (REAL / "swiss-srw_dc" / "sru11-srw_dc-root-ns-without-slash.xml").read_bytes()
    page = parse_search_response(data)
    assert page.number_of_records == 10 and len(page.records) == 10
    assert page.version == "1.1"
    assert page.warnings == (
        "the SRU namespace 'http://www.loc.gov/zing/srw' lacks its trailing slash; read as SRU 1.x",
    )
