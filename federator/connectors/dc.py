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


def _values(element: etree._Element, name: str) -> list[str]:
    return [
        text
        for child in element
        if isinstance(child.tag, str)
        and etree.QName(child).namespace == DC_NS
        and local_name(child) == name
        and (text := clean(child.text))
    ]


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
    for identifier in _values(element, "identifier"):
        stripped = _ISBN_HINT.sub("", identifier)
        parsed = parse_isbn(stripped)
        if parsed.isbn13:
            isbns.append(parsed.isbn13)
        elif parsed.rejected and _ISBN_HINT.match(identifier):
            invalid.append(parsed.rejected)
        else:
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
