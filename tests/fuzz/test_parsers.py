"""Property fuzzing of everything that reads outside input: arbitrary input ends in a result or
in the module's own typed error, never in anything else."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from federator.connectors.marcxml import map_marc_record
from federator.cql import CqlSyntaxError, parse_cql
from federator.errors import TargetProtocolError
from federator.models import Target
from federator.query import QueryError, expert_query, render_cql
from federator.sru.response import parse_search_response
from tests.connectors.marc_builders import controlfield, datafield, marc_record

TARGET = Target(id="t", name="T", url="http://127.0.0.1:1/t")
CQL_ALPHABET = st.sampled_from(
    list('abc xyz"\\()=<>/*?^')
    + ["and", "or", "not", "prox", "sortby", "title", "dc.title", "any", "all"]
)


@settings(max_examples=500)
@given(st.lists(CQL_ALPHABET, max_size=30).map(" ".join) | st.text(max_size=80))
@example('title =/"x" y')
@example("(" * 40 + "a" + ")" * 40)
def test_expert_cql_is_a_query_or_a_query_error(text: str) -> None:
    try:
        query = expert_query(text)
    except QueryError:
        return
    rendered = render_cql(query, TARGET)
    parse_cql(rendered)  # what we send is always valid CQL


@settings(max_examples=500)
@given(st.text(max_size=200))
def test_cql_parser_raises_only_its_syntax_error(text: str) -> None:
    try:
        parse_cql(text)
    except CqlSyntaxError:
        pass


ENVELOPE_PARTS = st.sampled_from(
    [
        '<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/">',
        "</zs:searchRetrieveResponse>",
        "<zs:numberOfRecords>",
        "</zs:numberOfRecords>",
        "-1",
        "99999999999999999999",
        "x",
        "<zs:records>",
        "</zs:records>",
        "<zs:record>",
        "</zs:record>",
        "<zs:recordData>",
        "</zs:recordData>",
        "<zs:recordPacking>string</zs:recordPacking>",
        "&lt;record&gt;",
        "&lt;/record",
        "<record xmlns='http://www.loc.gov/MARC21/slim'/>",
        "<zs:diagnostics><diagnostic><uri>info:srw/diagnostic/1/1</uri></diagnostic></zs:diagnostics>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]>",
        "&a;",
        "\x00",
        "\udcff",
        "å",
        "<",
        ">",
    ]
)


@settings(max_examples=500)
@given(st.lists(ENVELOPE_PARTS, max_size=25).map("".join) | st.binary(max_size=300))
def test_sru_parser_returns_a_page_or_a_protocol_error(body: str | bytes) -> None:
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        parse_search_response(data)
    except TargetProtocolError:
        pass


# Text XML can carry (the SRU parser's own tests feed it what XML cannot).
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
SUBFIELD = st.tuples(st.sampled_from("abcdhnpqvxyz0127"), XML_TEXT)
FIELD = st.builds(
    lambda tag, subfields, ind: datafield(tag, *subfields, ind1=ind, ind2=ind),
    st.sampled_from(
        ["020", "041", "100", "245", "250", "260", "264", "490", "650", "700", "852", "952", "999"]
    ),
    st.lists(SUBFIELD, max_size=5),
    st.sampled_from([" ", "0", "1", "4", "9"]),
)


@settings(max_examples=500)
@given(
    st.lists(FIELD, max_size=12),
    st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz |", max_size=45),
    st.text(alphabet="0123456789 acgijmst", max_size=30),
)
def test_marc_mapper_maps_any_record(fields: list[str], f008: str, leader: str) -> None:
    xml = marc_record(controlfield("008", f008), *fields, leader=leader)
    record = map_marc_record(etree.fromstring(xml.encode()), TARGET, fallback_id="f")
    assert isinstance(record.title, str) and record.target == "t"
