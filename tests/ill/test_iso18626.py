"""The request for a chosen copy: its fields map one to one onto ISO 18626's, and the Request
message is valid against the ISO 18626 v1.2 schema and well-formed for any text at all."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from federator.ill.copies import ill_options
from federator.ill.iso18626 import NAMESPACE, request_message
from federator.ill.request import (
    FIELDS,
    IllRequest,
    MissingAgencyId,
    address_lines,
    build_request,
    field_values,
)
from tests.ill.builders import ADDRESS, NOW, TODAY, copy, library, target, work

SCHEMA_PATH = Path(__file__).parent.parent / "data" / "iso18626" / "ISO-18626-v1_2.xsd"
# The hardened parser of federator/xmlsafe.py's kind: no entities, no DTD, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMA_PATH), PARSER))
OWN = library(
    "Nora bibliotek",
    "bergslagsbibblan",
    isil="SE-Nor",
    ill_email="fjarrlan@nor.bibliotek.example",
    address=ADDRESS,
)
LENDER = library("Örebro stadsbibliotek", "orebro", isil="SE-Ob")
TARGETS = {"orebro": target("orebro", LENDER), "bergslagsbibblan": target("bergslagsbibblan", OWN)}


def a_request(**changes: Any) -> IllRequest:
    holding = copy(
        "orebro", "Örebro stadsbibliotek", branch="Vivalla bibliotek", call_number="Hc Strindberg"
    )
    book = work(holding)
    (option,) = ill_options(book, TARGETS, today=TODAY, now=NOW, own=OWN)
    return replace(build_request(book, option, OWN, NOW, "Inne (direkt från katalogen)"), **changes)


def parsed(message: str) -> etree._Element:
    return etree.fromstring(message.encode("utf-8"), PARSER)


def elements(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(path, namespaces={"i": NAMESPACE})
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def test_the_message_is_valid_against_the_iso_18626_schema() -> None:
    root = parsed(request_message(a_request()))
    SCHEMA.assertValid(root)
    assert root.get(f"{{{NAMESPACE}}}version") == "1.2"


def test_every_request_field_is_one_iso_18626_element_and_carries_the_same_value() -> None:
    assert [name for name, _ in FIELDS] == [f.name for f in fields(IllRequest)]
    request = a_request(subtitle="skildringar ur artist- och författarlivet", edition="2. uppl.")
    root = parsed(request_message(request))
    for name, path, text in field_values(request):
        xpath = "i:request/" + "/".join(f"i:{step}" for step in path.split("/"))
        found = elements(root, xpath)
        assert found, f"{name}: no {path}"
        if name == "delivery_address":
            lines = [e.text for e in found[0]]
            assert lines == ["Nora bibliotek", "Fjärrlån", "Nora", "713 30", "SE"]
            assert text == ", ".join(address_lines(ADDRESS))
        elif name == "isbns":
            assert [e.text for e in found] == list(request.isbns)
        else:
            assert found[0].text == text, name


def test_both_libraries_need_an_isil() -> None:
    with pytest.raises(MissingAgencyId):
        request_message(a_request(supplying_agency=None))
    with pytest.raises(MissingAgencyId):
        request_message(a_request(requesting_agency=None, requesting_name=None))


_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


@given(title=_ANY_TEXT, author=_ANY_TEXT, place=_ANY_TEXT, note=_ANY_TEXT, record=_ANY_TEXT)
@example(
    title="<script>&amp;\x00\x1b\ufffe]]>",
    author="\"quoted\" 'single'",
    place="Nora & Co <b>",
    note="\r\n\t",
    record="x]]>y",
)
def test_any_text_gives_a_well_formed_valid_message(
    title: str, author: str, place: str, note: str, record: str
) -> None:
    request = a_request(
        title=title,
        author=author or None,
        supplier_description=place,
        availability_note=note or None,
        record_id=record,
    )
    root = parsed(request_message(request))
    SCHEMA.assertValid(root)
    shown = elements(root, "i:request/i:bibliographicInfo/i:title")[0].text or ""
    assert shown == _as_xml_reads_it(title)


def _as_xml_reads_it(text: str) -> str:
    """What arrives: characters XML 1.0 cannot carry as U+FFFD, line ends as line feeds."""
    allowed = "".join(
        c
        if c in "\t\n\r"
        or "\x20" <= c <= "\ud7ff"
        or "\ue000" <= c <= "\ufffd"
        or c >= "\U00010000"
        else "\ufffd"
        for c in text
    )
    return allowed.replace("\r\n", "\n").replace("\r", "\n")
