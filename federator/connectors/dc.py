"""Dublin Core records (srw_dc:dc, oai_dc:dc) -> `SourceRecord`, with what DC has to give."""

from __future__ import annotations

import re

from lxml import etree

from federator.connectors.marc import clean
from federator.connectors.marcxml import record_url, strip_isbd
from federator.isbn import parse_isbn
from federator.models import Author, Format, SourceRecord, Target
from federator.xmlsafe import local_name, serialise

DC_NS = "http://purl.org/dc/elements/1.1/"
_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)")
_ISBN_HINT = re.compile(r"^(?:urn:isbn:|isbn:?\s*)", re.IGNORECASE)
# The ISBN in an identifier, perhaps followed by a price: "978-3-11-042629-8 : EUR 102.80".
_ISBN_TOKEN = re.compile(r"^[0-9][0-9 -]{8,15}[0-9Xx]")
# Hyphenated as an ISBN is (group-publisher-title-check): a bare run of digits is not enough,
# since a national library's record number often passes the ISBN-10 check digit too.
_HYPHENATED_ISBN = re.compile(r"^(97[89]-)?\d{1,5}-\d{1,7}-\d{1,7}-[\dXx]$")
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
# DCMI Type vocabulary and the words catalogues put in dc:type instead.
_TYPES = {
    "text": Format.BOOK,
    "book": Format.BOOK,
    "bok": Format.BOOK,
    "sound": Format.AUDIOBOOK,
    "audiobook": Format.AUDIOBOOK,
    "ljudbok": Format.AUDIOBOOK,
    "talbok": Format.TALKING_BOOK,
    "movingimage": Format.VIDEO,
    "video": Format.VIDEO,
    "film": Format.VIDEO,
    "ebook": Format.EBOOK,
    "e-bok": Format.EBOOK,
    "music": Format.MUSIC,
    "musik": Format.MUSIC,
    "periodical": Format.PERIODICAL,
    "tidskrift": Format.PERIODICAL,
    "cartographic": Format.MAP,
    "karta": Format.MAP,
}


def is_dc_record(element: etree._Element) -> bool:
    return any(
        etree.QName(child).namespace == DC_NS for child in element if isinstance(child.tag, str)
    )


def _elements(element: etree._Element, name: str) -> list[etree._Element]:
    return [
        child
        for child in element
        if isinstance(child.tag, str)
        and etree.QName(child).namespace == DC_NS
        and local_name(child) == name
    ]


def _values(element: etree._Element, name: str) -> list[str]:
    return [text for child in _elements(element, name) if (text := clean(child.text))]


def isbn_candidate(identifier: str, xsi_type: str | None) -> str | None:
    """The ISBN an identifier claims to be, or None when it does not say it is one: typed
    xsi:type ...ISBN, prefixed urn:isbn: or ISBN, or hyphenated as an ISBN is."""
    kind = (xsi_type or "").rpartition(":")[2].casefold()
    if kind and kind != "isbn":
        return None  # dnb:IDN, tel:URL, dcterms:URI: typed as something else
    stripped = _ISBN_HINT.sub("", identifier)
    token = _ISBN_TOKEN.match(stripped)
    if token is None:
        return None
    if kind == "isbn" or _ISBN_HINT.match(identifier):
        return token.group(0)
    return token.group(0) if _HYPHENATED_ISBN.match(token.group(0).strip()) else None


def _format(types: list[str]) -> Format:
    for value in types:
        key = value.casefold().replace(" ", "")
        if key in _TYPES:
            return _TYPES[key]
    return Format.OTHER


def map_dc_record(element: etree._Element, target: Target, *, fallback_id: str) -> SourceRecord:
    isbns: list[str] = []
    invalid: list[str] = []
    other_ids: list[str] = []
    for child in _elements(element, "identifier"):
        identifier = clean(child.text)
        candidate = isbn_candidate(identifier, child.get(_XSI_TYPE)) if identifier else None
        parsed = parse_isbn(candidate) if candidate else None
        if parsed is not None and parsed.isbn13:
            isbns.append(parsed.isbn13)
        elif parsed is not None and parsed.rejected:
            invalid.append(parsed.rejected)
        elif identifier:
            other_ids.append(identifier)
    years = [int(m.group(1)) for d in _values(element, "date") if (m := _YEAR.search(d))]
    titles = _values(element, "title")
    title, _, subtitle = (strip_isbd(titles[0]) if titles else "").partition(" : ")
    languages = tuple(dict.fromkeys(v.lower() for v in _values(element, "language")))
    record_id = fallback_id
    creators = _values(element, "creator") + _values(element, "contributor")
    return SourceRecord(
        target=target.id,
        record_id=record_id,
        schema="dc",
        title=title.strip(),
        subtitle=subtitle.strip() or None,
        authors=tuple(Author(name=strip_isbd(n)) for n in dict.fromkeys(creators)),
        year=years[0] if years else None,
        isbns=tuple(dict.fromkeys(isbns)),
        invalid_isbns=tuple(dict.fromkeys(invalid)),
        publisher=next(iter(_values(element, "publisher")), None),
        language=languages[0] if languages else None,
        languages=languages,
        format=_format(_values(element, "type")),
        subjects=tuple(dict.fromkeys(_values(element, "subject"))),
        url=record_url(target, record_id),
        raw=serialise(element),
    )
