"""SRU envelopes (1.1, 1.2 and 2.0) -> plain values. Pure: bytes in, values or errors out.

Elements are matched by local name inside either SRU namespace, because real servers mix them
(an SRU 2.0 envelope around a 1.1 explain record is seen in the wild). Record payloads packed as
escaped strings are parsed again, one by one, so one broken record costs only itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from federator.errors import TargetProtocolError
from federator.sru.namespaces import SRU1_NS, SRU1_NS_VARIANTS, SRU2_NS
from federator.xmlsafe import XmlError, local_name, parse_xml

_SURROGATE_SCHEMA = "info:srw/schema/1/diagnostics-v1.1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    uri: str
    message: str | None = None
    details: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SruRecord:
    payload: etree._Element  # the record itself: marc:record, srw_dc:dc, ...
    schema: str | None
    position: int | None
    identifier: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SruResponse:
    version: str | None
    number_of_records: int | None
    next_record_position: int | None
    records: tuple[SruRecord, ...]
    diagnostics: tuple[Diagnostic, ...]
    warnings: tuple[str, ...]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def child_text(element: etree._Element, name: str) -> str | None:
    for child in children(element, name):
        text = (child.text or "").strip()
        return text or None
    return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def parse_diagnostics(container: etree._Element | None) -> tuple[Diagnostic, ...]:
    if container is None:
        return ()
    found = []
    for diagnostic in children(container, "diagnostic"):
        uri = child_text(diagnostic, "uri") or "unknown"
        found.append(
            Diagnostic(
                uri=uri,
                message=child_text(diagnostic, "message"),
                details=child_text(diagnostic, "details"),
            )
        )
    return tuple(found)


def sru_root(data: bytes, expected: str) -> tuple[etree._Element, tuple[str, ...]]:
    """Parse the body and check it is the SRU response we asked for."""
    try:
        parsed = parse_xml(data)
    except XmlError as exc:
        raise TargetProtocolError(f"not well-formed XML: {exc}") from None
    root = parsed.root
    namespace = etree.QName(root).namespace
    if local_name(root) != expected or namespace not in (*SRU1_NS_VARIANTS, SRU2_NS, None):
        found = local_name(root) or "?"
        hint = " (an HTML page)" if found.lower() == "html" else ""
        raise TargetProtocolError(f"not an SRU {expected}: got <{found}>{hint}")
    repairs = parsed.repairs
    if namespace is not None and namespace != SRU1_NS and namespace in SRU1_NS_VARIANTS:
        repairs += (f"the SRU namespace {namespace!r} lacks its trailing slash; read as SRU 1.x",)
    return root, repairs


def envelope_version(root: etree._Element) -> str | None:
    if etree.QName(root).namespace == SRU2_NS:
        return "2.0"
    return child_text(root, "version")


def _first_children(record: etree._Element) -> dict[str, etree._Element]:
    """Each local name's first child, in one pass: a record has four or five children, and
    looking each name up by its own pass was most of the envelope's Python time."""
    found: dict[str, etree._Element] = {}
    for child in record:
        name = local_name(child)
        if name and name not in found:
            found[name] = child
    return found


def _text(element: etree._Element | None) -> str | None:
    return ((element.text or "").strip() or None) if element is not None else None


def _payload(data: etree._Element | None, warnings: list[str]) -> etree._Element | None:
    if data is None:
        warnings.append("a record had no recordData")
        return None
    elements = [child for child in data if isinstance(child.tag, str)]
    if elements:
        return elements[0]
    text = (data.text or "").strip()
    if not text:
        warnings.append("a record had empty recordData")
        return None
    try:  # recordPacking=string / recordXMLEscaping=string: the record is escaped text
        return parse_xml(text.encode("utf-8")).root
    except XmlError as exc:
        warnings.append(f"skipped a record whose escaped XML is broken: {exc}")
        return None


def _records(root: etree._Element, warnings: list[str]) -> tuple[SruRecord, ...]:
    found = []
    for container in children(root, "records"):
        for record in children(container, "record"):
            parts = _first_children(record)
            schema = _text(parts.get("recordSchema"))
            payload = _payload(parts.get("recordData"), warnings)
            if payload is None:
                continue
            if schema == _SURROGATE_SCHEMA or local_name(payload) == "diagnostic":
                message = child_text(payload, "message") or child_text(payload, "uri") or "?"
                warnings.append(f"the server could not deliver one record: {message}")
                continue
            found.append(
                SruRecord(
                    payload=payload,
                    schema=schema,
                    position=_int(_text(parts.get("recordPosition"))),
                    identifier=_text(parts.get("recordIdentifier")),
                )
            )
    return tuple(found)


def parse_search_response(data: bytes) -> SruResponse:
    root, repairs = sru_root(data, "searchRetrieveResponse")
    warnings = list(repairs)
    count_text = child_text(root, "numberOfRecords")
    count = _int(count_text)
    if count_text is not None and (count is None or count < 0):
        warnings.append(f"ignored an invalid numberOfRecords {count_text[:40]!r}")
        count = None
    records = _records(root, warnings)
    return SruResponse(
        version=envelope_version(root),
        number_of_records=count,
        next_record_position=_int(child_text(root, "nextRecordPosition")),
        records=records,
        diagnostics=parse_diagnostics(next(iter(children(root, "diagnostics")), None)),
        warnings=tuple(warnings),
    )
