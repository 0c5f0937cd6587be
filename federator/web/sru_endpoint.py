"""/sru: the federator answering SRU, so another library system can search the whole county.

A searchRetrieve runs one federated search; each merged work becomes one MARCXML record whose
852 fields carry every library's copies ($a library, $b branch, $h call number, $y status, $d
due date, $u the record in that library's catalogue), or a Dublin Core record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from urllib.parse import urlsplit

from lxml import etree

from federator.models import Holding, HoldingStatus, SearchRequest, Work
from federator.query import QueryError, QueryProblem, expert_query
from federator.service import SearchService
from federator.sru.namespaces import MARC_NS
from federator.sru.server import (
    SruDiagnostic,
    SruRequest,
    diagnostic_response,
    dublin_core,
    explain_response,
    parse_request,
    search_response,
)

STATUS_WORDS = {
    HoldingStatus.AVAILABLE: "Available",
    HoldingStatus.ON_LOAN: "On loan",
    HoldingStatus.IN_TRANSIT: "In transit",
    HoldingStatus.ON_HOLD: "On hold",
    HoldingStatus.ON_ORDER: "On order",
    HoldingStatus.NOT_FOR_LOAN: "Not for loan",
    HoldingStatus.LOST: "Lost",
    HoldingStatus.UNKNOWN: "Unknown",
}
INDEXES = [
    ("cql", "serverChoice"),
    ("dc", "title"),
    ("dc", "creator"),
    ("dc", "subject"),
    ("dc", "date"),
    ("bath", "isbn"),
]
# Raw records were parsed hardened once already; this parser stays hardened all the same.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_DIAGNOSTIC_MESSAGES = {
    QueryProblem.SYNTAX: "Query syntax error",
    QueryProblem.UNSUPPORTED_INDEX: "Unsupported index",
    QueryProblem.UNSUPPORTED_RELATION: "Unsupported relation",
    QueryProblem.UNSUPPORTED_RELATION_MODIFIER: "Unsupported relation modifier",
    QueryProblem.EMPTY_TERM: "Empty term unsupported",
    QueryProblem.INVALID_TERM: "Term in invalid format for index or relation",
    QueryProblem.TOO_MANY_TERMS: "Too many boolean operators in query",
}


def _diagnostic(error: QueryError) -> SruDiagnostic:
    return SruDiagnostic(int(error.problem), _DIAGNOSTIC_MESSAGES[error.problem], str(error))


def _subfields(parent: etree._Element, tag: str, pairs: list[tuple[str, str | None]]) -> None:
    field = etree.SubElement(parent, f"{{{MARC_NS}}}datafield", tag=tag, ind1=" ", ind2=" ")
    for code, value in pairs:
        if value:
            etree.SubElement(field, f"{{{MARC_NS}}}subfield", code=code).text = value


def _base_record(work: Work) -> etree._Element:
    source = next(
        (s for s in work.sources if f"{s.target}:{s.record_id}" == work.display_source), None
    )
    if source is not None and source.schema == "marcxml" and source.raw:
        record = etree.fromstring(source.raw.encode("utf-8"), parser=_PARSER)
        for field in record.findall(f"{{{MARC_NS}}}datafield"):
            if field.get("tag") in ("852", "952"):
                record.remove(field)
        return record
    record = etree.Element(f"{{{MARC_NS}}}record", nsmap={None: MARC_NS})  # type: ignore[dict-item]
    etree.SubElement(record, f"{{{MARC_NS}}}leader").text = "00000nam a2200000 a 4500"
    _subfields(record, "245", [("a", work.title), ("b", work.subtitle)])
    return record


def _holding_field(record: etree._Element, holding: Holding) -> None:
    _subfields(
        record,
        "852",
        [
            ("a", holding.library),
            ("b", holding.branch or holding.branch_code),
            ("h", holding.call_number),
            ("y", STATUS_WORDS[holding.status]),
            ("d", holding.due_date.isoformat() if holding.due_date else None),
            ("u", holding.url),
        ],
    )


def work_marcxml(work: Work) -> str:
    record = _base_record(work)
    for holding in work.holdings:
        _holding_field(record, holding)
    return etree.tostring(record, encoding="unicode")


async def answer(service: SearchService, params: Mapping[str, str], public_url: str) -> bytes:
    """`public_url`: the federator's configured address (explain names it, not the Host)."""
    try:
        request = parse_request(params)
        if request.operation == "explain":
            base = urlsplit(public_url)
            port = base.port or (443 if base.scheme == "https" else 80)
            database = f"{base.path.strip('/')}/sru".lstrip("/")
            title = "Samsök Region Örebro län"
            return explain_response(
                request,
                host=base.hostname or "127.0.0.1",
                port=port,
                database=database,
                title=title,
                indexes=INDEXES,
            )
        return await _search(service, request)
    except SruDiagnostic as diagnostic:
        return diagnostic_response(params, diagnostic)


async def _search(service: SearchService, request: SruRequest) -> bytes:
    try:
        query = expert_query(request.query)
    except QueryError as exc:
        raise _diagnostic(exc) from None
    wanted = max(1, request.start - 1 + request.maximum)
    result = await service.search(SearchRequest(query=query, page=1, page_size=wanted))
    if request.start > result.total and result.total and request.maximum:
        raise SruDiagnostic(61, "First record position out of range", str(request.start))
    page = result.results[request.start - 1 : request.start - 1 + request.maximum]
    build = dublin_core if request.schema == "dc" else work_marcxml
    records = await asyncio.to_thread(lambda: [build(r.work) for r in page])
    return search_response(request, result.total, records)
