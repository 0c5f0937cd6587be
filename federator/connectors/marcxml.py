"""MARCXML (MARC 21 slim) -> `SourceRecord`. Pure: an element in, a frozen record out.

Field choices follow MARC 21 Bibliographic (https://www.loc.gov/marc/bibliographic/):
title 245 $a $b, part 245 $n $p, authors 1XX/7XX, year 264/260 $c else 008/07-10, ISBN 020
($a valid -> ISBN-13; bad check digits and $z cancelled ones kept apart), language 008/35-37
then 041, subjects 650/651/655; what a record page shows besides (300, 5XX, 084, series,
the uniform title) in marcdetails.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from lxml import etree

from federator.connectors.holdings import map_holdings
from federator.connectors.marc import MEMO_CHARS, MarcView, clean, read_marc
from federator.connectors.marc_extras import is_online_resource, online_links, original_script
from federator.connectors.marcdetails import read_details
from federator.connectors.marcformat import detect_format
from federator.isbn import parse_isbn
from federator.models import Author, SourceRecord, Target
from federator.xmlsafe import serialise

_ISBD_TAIL = re.compile(r"[\s/:;=,.]+$")
_ISBD_TAIL_KEEP_PERIOD = re.compile(r"[\s/:;=,]+$")
_ISBD_HEAD = re.compile(r"^[\s/:;=,.]+")
_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)")
_ISSN = re.compile(r"\b(\d{4}-?\d{3}[\dXx])\b")
_MAIN_ENTRY_TAGS = ("100", "110", "111")
_ADDED_ENTRY_TAGS = ("700", "710", "711")
_NO_LANGUAGE = {"", "   ", "|||", "und", "zxx", "mul"}


def strip_isbd(text: str | None, *, keep_period: bool = False) -> str:
    """'Röda rummet :' -> 'Röda rummet'. ISBD punctuation separates subfields; it is not data.

    keep_period: for fields that end in an abbreviation ("2. uppl.").
    """
    if not text:
        return ""
    # Places, publishers, codes and names recur in every answer: short ones are memoised.
    if len(text) <= MEMO_CHARS:
        return _strip_isbd_memo(text, keep_period)
    return _strip_isbd(text, keep_period)


def _strip_isbd(text: str, keep_period: bool) -> str:
    tail = _ISBD_TAIL_KEEP_PERIOD if keep_period else _ISBD_TAIL
    return _ISBD_HEAD.sub("", tail.sub("", text)).strip()


_strip_isbd_memo = lru_cache(maxsize=8_192)(_strip_isbd)


@lru_cache(maxsize=4_096)  # the same authors come back from every catalogue
def _name(text: str) -> str:
    name = text.strip().rstrip(",").strip()
    # Drop a closing full stop, but not the one after an initial ("Tolkien, J. R. R.").
    if name.endswith(".") and not re.search(r"(?:^|[\s.])\w\.$", name):
        name = name[:-1]
    return name.strip()


def _authors(marc: MarcView) -> tuple[Author, ...]:
    """The 1XX main entry first, wherever it stands in the record, then the 7XX added ones:
    a narrator's 700 placed before the 100 must not become the author."""
    found: list[Author] = []
    fields = [*marc.datafields(*_MAIN_ENTRY_TAGS), *marc.datafields(*_ADDED_ENTRY_TAGS)]
    for field in fields:
        name = field.first("a")
        if not name:
            continue
        if field.tag.endswith(("10", "11")) and field.first("b"):
            name = f"{strip_isbd(name)}. {field.first('b')}"
        dates = strip_isbd(field.first("d")).strip("() ") or None
        role = strip_isbd(field.first("e") or field.first("4")) or None
        author = Author(name=_name(name), dates=dates, role=role)
        if author.name and all(a.name != author.name for a in found):
            found.append(author)
    return tuple(found)


def _year(marc: MarcView) -> int | None:
    publication = [f for f in marc.datafields("264") if f.ind2 == "1"]
    others = [f for f in marc.datafields("264", "260") if f not in publication]
    for field in publication + others:
        for text in field.all("c"):
            match = _YEAR.search(text)
            if match:
                return int(match.group(1))
    date1 = marc.control.get("008", "")[7:11]
    return int(date1) if date1.isdigit() and date1 != "0000" else None


def _isbns(marc: MarcView) -> tuple[tuple[str, ...], tuple[str, ...]]:
    valid: list[str] = []
    invalid: list[str] = []
    for field in marc.datafields("020"):
        for text in field.all("a"):
            parsed = parse_isbn(text)
            if parsed.isbn13 and parsed.isbn13 not in valid:
                valid.append(parsed.isbn13)
            elif parsed.rejected and parsed.rejected not in invalid:
                invalid.append(parsed.rejected)
        for text in field.all("z"):  # cancelled or invalid, by the cataloguer's own word
            digits = re.sub(r"[^0-9Xx]", "", text.split("(")[0]).upper()
            if digits and digits not in invalid:
                invalid.append(digits)
    return tuple(valid), tuple(i for i in invalid if i not in valid)


def _languages(marc: MarcView) -> tuple[str, ...]:
    found: list[str] = []
    fixed = marc.control.get("008", "").ljust(40)[35:38].strip().lower()
    candidates = [fixed]
    for field in marc.datafields("041"):
        for code in field.all("a"):
            code = code.strip().lower()
            # Older records pack several codes into one subfield: "swefin".
            candidates += (
                [code[i : i + 3] for i in range(0, len(code), 3)] if len(code) % 3 == 0 else [code]
            )
    for code in candidates:
        if code not in _NO_LANGUAGE and code.isalpha() and code not in found:
            found.append(code)
    return tuple(found)


def _subjects(marc: MarcView) -> tuple[str, ...]:
    found: list[str] = []
    for field in marc.datafields("600", "610", "650", "651", "655"):
        heading = " -- ".join(strip_isbd(v) for c, v in field.subfields if c in "abvxyz" and v)
        if heading and heading not in found:
            found.append(heading)
    return tuple(found)


def _title(marc: MarcView) -> tuple[str, str | None, str | None]:
    field = next(marc.datafields("245"), None)
    if field is None:  # no 245: fall back to a uniform or varying title rather than lose the record
        fallback = next(marc.datafields("240", "130", "246"), None)
        return strip_isbd(fallback.first("a") if fallback else ""), None, None
    title = strip_isbd(field.first("a") or field.first("k"))
    subtitle = strip_isbd(" ".join(field.all("b"))) or None
    part = strip_isbd(field.joined("np")) or None
    return title, subtitle, part


def map_marc_record(
    element: etree._Element,
    target: Target,
    *,
    fallback_id: str | Callable[[], str],
    schema: str = "marcxml",
) -> SourceRecord:
    """fallback_id: the id of a record without 001, or how to make it (called only then)."""
    marc = read_marc(element)
    title, subtitle, part = _title(marc)
    details = read_details(marc)
    isbns, invalid_isbns = _isbns(marc)
    languages = _languages(marc)
    record_id = clean(marc.control.get("001")) or (
        fallback_id() if callable(fallback_id) else fallback_id
    )
    url = record_url(target, record_id)
    issns = tuple(
        dict.fromkeys(
            m.group(1) for f in marc.datafields("022") for v in f.all("a") if (m := _ISSN.search(v))
        )
    )
    record_format = detect_format(marc)
    online = is_online_resource(marc, record_format)
    return SourceRecord(
        target=target.id,
        record_id=record_id,
        schema=schema,
        title=title,
        subtitle=subtitle,
        part=part or details.series_volume,
        authors=_authors(marc),
        year=_year(marc),
        isbns=isbns,
        invalid_isbns=invalid_isbns,
        issns=issns,
        edition=strip_isbd(marc.first("250", "a"), keep_period=True) or None,
        publisher=strip_isbd(marc.first("264", "b") or marc.first("260", "b")) or None,
        language=languages[0] if languages else None,
        languages=languages,
        format=record_format,
        subjects=_subjects(marc),
        series=details.series,
        uniform_title=details.uniform_title,
        extent=details.extent,
        notes=details.notes,
        contents=details.contents,
        classifications=details.classifications,
        holdings=map_holdings(marc, target, record_id=record_id, url=url, online=online),
        url=url,
        original_script=original_script(marc),
        online=online_links(marc, online),
        raw=serialise(element),
    )


def record_url(target: Target, record_id: str) -> str | None:
    if target.record_url is None:
        return None
    return target.record_url.replace("{record_id}", quote(record_id, safe=""))
