"""SRU as a server: request parameters in, explain / searchRetrieve XML out (1.1, 1.2 and 2.0).

Pure protocol, shared by the demo catalogues and the federator's own /sru: what is searched is
the caller's business. Diagnostics use the LoC list (info:srw/diagnostic/1/N); SRU 2.0 answers
in the OASIS namespaces, 1.x in the zing/srw ones, as Zebra does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from federator.models import SourceRecord, Work
from federator.sru.namespaces import (
    DC_URI,
    DIAG1_NS,
    DIAG2_NS,
    MARCXML_URI,
    SRU1_NS,
    SRU2_NS,
    VERSIONS,
    ZEEREX_NS,
)
from federator.xmlsafe import xml_text

SCHEMAS = {
    "marcxml": "marcxml",
    "marc21": "marcxml",
    "marc21-xml": "marcxml",
    MARCXML_URI: "marcxml",
    "info:srw/schema/1/marcxml-1.1": "marcxml",
    "dc": "dc",
    DC_URI: "dc",
}
DEFAULT_MAXIMUM_RECORDS = 10
MAX_MAXIMUM_RECORDS = 1000


class SruDiagnostic(Exception):
    def __init__(self, number: int, message: str, details: str = "") -> None:
        super().__init__(f"{number} {message}: {details}")
        self.number, self.message, self.details = number, message, details


@dataclass(frozen=True, slots=True, kw_only=True)
class SruRequest:
    operation: str  # explain | searchRetrieve
    version: str
    query: str
    start: int
    maximum: int
    schema: str  # marcxml | dc
    packing: str  # xml | string


def _int(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SruDiagnostic(6, "Unsupported parameter value", name) from None


def version_of(params: Mapping[str, str]) -> str:
    """The version to answer in: the one asked for, else 1.2 with an operation, else 2.0."""
    asked = params.get("version")
    if asked in VERSIONS:
        return asked
    return "1.2" if params.get("operation") and asked is None else "2.0"


def parse_request(params: Mapping[str, str]) -> SruRequest:
    """Validate parameters; raise SruDiagnostic for what the server does not support."""
    version = version_of(params)
    if params.get("version") not in (None, *VERSIONS):
        raise SruDiagnostic(5, "Unsupported version", str(params.get("version")))
    query = params.get("query")
    operation = params.get("operation") or ("searchRetrieve" if query is not None else "explain")
    if operation not in ("explain", "searchRetrieve"):
        raise SruDiagnostic(4, "Unsupported operation", operation)
    if operation == "searchRetrieve" and not (query or "").strip():
        raise SruDiagnostic(7, "Mandatory parameter not supplied", "query")
    start = _int(params, "startRecord", 1)
    maximum = _int(params, "maximumRecords", DEFAULT_MAXIMUM_RECORDS)
    if start < 1:
        raise SruDiagnostic(6, "Unsupported parameter value", "startRecord")
    if not 0 <= maximum <= MAX_MAXIMUM_RECORDS:
        raise SruDiagnostic(6, "Unsupported parameter value", "maximumRecords")
    schema_name = params.get("recordSchema") or "marcxml"
    schema = SCHEMAS.get(schema_name.lower()) or SCHEMAS.get(schema_name)
    if schema is None:
        raise SruDiagnostic(66, "Unknown schema for retrieval", schema_name)
    packing = params.get("recordXMLEscaping" if version == "2.0" else "recordPacking") or "xml"
    if packing not in ("xml", "string"):
        raise SruDiagnostic(71, "Unsupported record packing", packing)
    return SruRequest(
        operation=operation,
        version=version,
        query=query or "",
        start=start,
        maximum=maximum,
        schema=schema,
        packing=packing,
    )


def _ns(version: str) -> tuple[str, str]:
    return (SRU2_NS, DIAG2_NS) if version == "2.0" else (SRU1_NS, DIAG1_NS)


def _open(element: str, version: str) -> str:
    namespace, _ = _ns(version)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<zs:{element} xmlns:zs="{namespace}">'
    return head + ("" if version == "2.0" else f"<zs:version>{version}</zs:version>")


def _diagnostics(version: str, diagnostic: SruDiagnostic) -> str:
    _, namespace = _ns(version)
    return (
        f'<zs:diagnostics><diag:diagnostic xmlns:diag="{namespace}">'
        f"<diag:uri>info:srw/diagnostic/1/{diagnostic.number}</diag:uri>"
        f"<diag:details>{xml_text(diagnostic.details)}</diag:details>"
        f"<diag:message>{xml_text(diagnostic.message)}</diag:message>"
        "</diag:diagnostic></zs:diagnostics>"
    )


def diagnostic_response(params: Mapping[str, str], diagnostic: SruDiagnostic) -> bytes:
    version = version_of(params)
    asked = params.get("operation") or ("searchRetrieve" if "query" in params else "explain")
    operation = "explainResponse" if asked == "explain" else "searchRetrieveResponse"
    return (
        _open(operation, version) + _diagnostics(version, diagnostic) + f"</zs:{operation}>"
    ).encode()


def search_response(request: SruRequest, total: int, records: list[str]) -> bytes:
    """records: this page's records as XML text, in the requested schema."""
    version = request.version
    packing_element = "recordXMLEscaping" if version == "2.0" else "recordPacking"
    schema_uri = MARCXML_URI if request.schema == "marcxml" else DC_URI
    parts = [
        _open("searchRetrieveResponse", version),
        f"<zs:numberOfRecords>{total}</zs:numberOfRecords>",
    ]
    if records:
        parts.append("<zs:records>")
        for offset, record in enumerate(records):
            data = xml_text(record) if request.packing == "string" else record
            parts.append(
                f"<zs:record><zs:recordSchema>{schema_uri}</zs:recordSchema>"
                f"<zs:{packing_element}>{request.packing}</zs:{packing_element}>"
                f"<zs:recordData>{data}</zs:recordData>"
                f"<zs:recordPosition>{request.start + offset}</zs:recordPosition></zs:record>"
            )
        parts.append("</zs:records>")
        following = request.start + len(records)
        if following <= total:
            parts.append(f"<zs:nextRecordPosition>{following}</zs:nextRecordPosition>")
    if version == "2.0":
        parts.append(
            "<zs:resultCountPrecision>info:srw/vocabulary/resultCountPrecision/1/exact"
            "</zs:resultCountPrecision>"
        )
    parts.append("</zs:searchRetrieveResponse>")
    return "".join(parts).encode()


def explain_response(
    request: SruRequest,
    *,
    host: str,
    port: int,
    database: str,
    title: str,
    indexes: list[tuple[str, str]],
    supports: Sequence[tuple[str, str]] = (),
) -> bytes:
    """indexes: (context set, name) pairs the server supports; supports: ZeeRex
    (type, value) pairs such as ("maskingCharacter", "*")."""
    index_xml = "".join(
        f"<index><title>{xml_text(name)}</title>"
        f'<map><name set="{xml_text(context)}">{xml_text(name)}</name></map></index>'
        for context, name in indexes
    )
    sets = sorted({context for context, _ in indexes})
    set_xml = "".join(
        f'<set name="{c}" identifier="info:srw/cql-context-set/1/{c}-v1.1"/>' for c in sets
    )
    zeerex = (
        f'<explain xmlns="{ZEEREX_NS}">'
        f'<serverInfo protocol="SRU" version="{request.version}"><host>{xml_text(host)}</host>'
        f"<port>{port}</port><database>{xml_text(database)}</database></serverInfo>"
        f'<databaseInfo><title lang="sv" primary="true">{xml_text(title)}</title></databaseInfo>'
        f"<indexInfo>{set_xml}{index_xml}</indexInfo>"
        f'<schemaInfo><schema identifier="{MARCXML_URI}" name="marcxml"><title>MARCXML</title>'
        f'</schema><schema identifier="{DC_URI}" name="dc"><title>Dublin Core</title></schema>'
        "</schemaInfo>"
        f'<configInfo><default type="numberOfRecords">{DEFAULT_MAXIMUM_RECORDS}</default>'
        f'<setting type="maximumRecords">{MAX_MAXIMUM_RECORDS}</setting>'
        + "".join(
            f'<supports type="{xml_text(kind)}">{xml_text(value)}</supports>'
            for kind, value in supports
        )
        + "</configInfo></explain>"
    )
    packing = "recordXMLEscaping" if request.version == "2.0" else "recordPacking"
    data = xml_text(zeerex) if request.packing == "string" else zeerex
    return (
        _open("explainResponse", request.version)
        + "<zs:record><zs:recordSchema>http://explain.z3950.org/dtd/2.0/</zs:recordSchema>"
        + f"<zs:{packing}>{request.packing}</zs:{packing}>"
        + f"<zs:recordData>{data}</zs:recordData></zs:record>"
        + "</zs:explainResponse>"
    ).encode()


def dublin_core(record: SourceRecord | Work) -> str:
    """A record or work as srw_dc:dc, with what Dublin Core can carry."""
    title = record.title + (f" : {record.subtitle}" if record.subtitle else "")
    values: list[tuple[str, str]] = [("title", title)]
    values += [("creator", a.name) for a in record.authors]
    values += [("subject", s) for s in record.subjects]
    values += [("publisher", record.publisher)] if record.publisher else []
    values += [("date", str(record.year))] if record.year else []
    values += [("type", record.format.value)]
    values += [("identifier", f"urn:isbn:{i}") for i in record.isbns]
    values += [("language", lang) for lang in record.languages]
    body = "".join(f"<dc:{name}>{xml_text(value)}</dc:{name}>" for name, value in values)
    return (
        '<srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/">{body}</srw_dc:dc>'
    )
