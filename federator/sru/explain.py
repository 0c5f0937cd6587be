"""SRU explain answers (a ZeeRex record, http://explain.z3950.org/dtd/2.0/) -> `ExplainInfo`."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from federator.errors import TargetDiagnostic, TargetProtocolError
from federator.sru.response import (
    children,
    envelope_version,
    parse_diagnostics,
    sru_root,
)
from federator.xmlsafe import XmlError, local_name, parse_xml


@dataclass(frozen=True, slots=True, kw_only=True)
class ExplainInfo:
    target: str
    sru_version: str | None
    title: str | None
    indexes: frozenset[str]  # "set.name", e.g. "dc.title"
    schemas: tuple[str, ...]
    # configInfo <supports type=...>value</supports>: ("maskingCharacter", "*"), ...
    supports: frozenset[tuple[str, str]] = frozenset()

    @property
    def truncates(self) -> bool:
        """Explain says the server takes right truncation with "*"."""
        return ("maskingCharacter", "*") in self.supports

    @property
    def ranks(self) -> bool:
        """Explain says the server takes the relation modifier "relevant"."""
        return ("relationModifier", "relevant") in self.supports


def _descendants(element: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in element.iter() if isinstance(e.tag, str) and local_name(e) == name]


def _zeerex(root: etree._Element) -> etree._Element | None:
    for record_data in _descendants(root, "recordData"):
        explain = [e for e in record_data if isinstance(e.tag, str)]
        if explain:
            return explain[0]
        text = (record_data.text or "").strip()
        if text:
            try:
                return parse_xml(text.encode("utf-8")).root
            except XmlError:
                raise TargetProtocolError("explain record is not well-formed XML") from None
    return None


def _indexes(explain: etree._Element) -> frozenset[str]:
    names = set()
    for index_info in _descendants(explain, "indexInfo"):
        for index in children(index_info, "index"):
            for mapping in children(index, "map"):
                for name in children(mapping, "name"):
                    text = (name.text or "").strip()
                    context_set = name.get("set")
                    if text:
                        names.add(f"{context_set}.{text}" if context_set else text)
    return frozenset(names)


def parse_explain_response(data: bytes, target_id: str) -> ExplainInfo:
    root, _ = sru_root(data, "explainResponse")
    diagnostics = parse_diagnostics(next(iter(children(root, "diagnostics")), None))
    explain = _zeerex(root)
    if explain is None:
        if diagnostics:
            first = diagnostics[0]
            raise TargetDiagnostic(first.uri, first.message, first.details)
        # An empty explain record (yaz-ztest sends one) still proves the server speaks SRU.
        return ExplainInfo(
            target=target_id,
            sru_version=envelope_version(root),
            title=None,
            indexes=frozenset(),
            schemas=(),
        )
    titles = [(e.text or "").strip() for e in _descendants(explain, "title")]
    schemas = []
    for schema_info in _descendants(explain, "schemaInfo"):
        schemas += [
            s.get("name") or s.get("identifier") or "?" for s in children(schema_info, "schema")
        ]
    supports = {
        (s.get("type") or "", (s.text or "").strip()) for s in _descendants(explain, "supports")
    }
    return ExplainInfo(
        target=target_id,
        sru_version=envelope_version(root),
        title=next((t for t in titles if t), None),
        indexes=_indexes(explain),
        schemas=tuple(schemas),
        supports=frozenset(supports),
    )
