"""A MARCXML element -> a small, namespace-free view of its fields, with text cleaned once.

Cleaning: Unicode NFC (catalogues send å both composed and decomposed), control characters
dropped, whitespace collapsed, and each value capped so one 10 000-character field cannot flood
a result page.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from federator.xmlsafe import local_name

log = logging.getLogger(__name__)

MAX_VALUE_CHARS = 2000
MEMO_CHARS = 200
# The data fields mapping reads (marcdetails.DETAIL_TAGS: what a record page shows); the rest
# (local 9XX, access and provenance notes) are not worth the time of cleaning every subfield.
# The raw record keeps everything for the staff view.
MAPPED_TAGS = frozenset(
    "020 022 041 084 100 110 111 130 240 245 246 250 260 264 300 336 340 440 490 "
    "500 501 502 504 505 508 511 515 518 520 521 525 530 534 538 546 550 586 588 "
    "600 610 650 651 655 700 710 711 765 775 800 810 811 830 852 856 880 945 949 952 999 "
    "AVA".split()
)
MARC_NS = "http://www.loc.gov/MARC21/slim"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str | None) -> str:
    if not text:
        return ""
    if text.isascii() and text.isprintable() and len(text) <= MAX_VALUE_CHARS:
        return " ".join(text.split())  # the common case, without the Unicode work
    return _clean_slow(text)


def _clean_slow(text: str) -> str:
    # Codes, places, publishers and subject words recur across records and searches: short
    # ones are memoised, so the cache is bounded in bytes too (notes run to 2,000 characters).
    return _clean_memo(text) if len(text) <= MEMO_CHARS else _clean_unicode(text)


def _clean_unicode(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    if len(text) > MAX_VALUE_CHARS:
        log.info("capped an overlong MARC value", extra={"length": len(text)})
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return text


_clean_memo = lru_cache(maxsize=8_192)(_clean_unicode)


class DataField(NamedTuple):
    # A tuple, not a frozen dataclass: a record has some thirty of these, and a frozen
    # dataclass's __init__ (object.__setattr__ per field) took 0.8 µs each against 0.2.
    tag: str
    ind1: str
    ind2: str
    subfields: tuple[tuple[str, str], ...]

    def first(self, code: str) -> str | None:
        return next((value for c, value in self.subfields if c == code and value), None)

    def all(self, code: str) -> list[str]:
        return [value for c, value in self.subfields if c == code and value]

    def joined(self, codes: str) -> str:
        return " ".join(value for c, value in self.subfields if c in codes and value)


@dataclass(frozen=True, slots=True)
class MarcView:
    leader: str
    control: dict[str, str]
    fields: tuple[DataField, ...]
    # tag -> its fields in record order, filled in read_marc's one walk: mapping asks for
    # some twenty tags a record, each then a dict look-up instead of a scan of every field.
    by_tag: dict[str, list[DataField]]

    def datafields(self, *tags: str) -> Iterator[DataField]:
        if len(tags) == 1:  # most calls: one tag, one look-up
            return iter(self.by_tag.get(tags[0], ()))
        found = [self.by_tag[tag] for tag in tags if tag in self.by_tag]
        if len(found) == 1:
            return iter(found[0])
        if not found:
            return iter(())
        # Fields of several tags keep the record's order (a 700 before the 100 stays there).
        wanted = frozenset(tags)
        return (f for f in self.fields if f.tag in wanted)

    def first(self, tag: str, code: str) -> str | None:
        return next((v for f in self.by_tag.get(tag, ()) if (v := f.first(code))), None)


def is_marc_record(element: etree._Element) -> bool:
    if local_name(element) != "record":
        return False
    return any(local_name(child) in ("leader", "controlfield", "datafield") for child in element)


def find_marc_records(payload: etree._Element) -> list[etree._Element]:
    """The MARC record(s) in a payload: the payload itself, or those inside a collection."""
    if is_marc_record(payload):
        return [payload]
    return [e for e in payload.iter() if isinstance(e.tag, str) and is_marc_record(e)]


def read_marc(record: etree._Element) -> MarcView:
    # iterchildren with a "{*}" tag filter runs in C: the hot loop of mapping an answer.
    leader = next((e.text or "" for e in record.iterchildren("{*}leader")), "")
    control: dict[str, str] = {}
    for element in record.iterchildren("{*}controlfield"):
        tag = element.get("tag") or ""
        control.setdefault(tag, unicodedata.normalize("NFC", element.text or ""))
    fields: list[DataField] = []
    by_tag: dict[str, list[DataField]] = {}
    for element in record.iterchildren("{*}datafield"):
        tag = element.get("tag") or ""
        if tag not in MAPPED_TAGS:
            continue
        subfields = []
        for sub in element.iterchildren("{*}subfield"):
            text = sub.text
            # clean(), its common case inline: a call per subfield is a sixth of the walk.
            if not text:
                text = ""
            elif text.isascii() and text.isprintable() and len(text) <= MAX_VALUE_CHARS:
                text = " ".join(text.split())
            else:
                text = _clean_slow(text)
            subfields.append((sub.get("code") or "", text))
        field = DataField(
            tag, element.get("ind1") or " ", element.get("ind2") or " ", tuple(subfields)
        )
        fields.append(field)
        if tag in by_tag:
            by_tag[tag].append(field)
        else:
            by_tag[tag] = [field]
    return MarcView(leader.ljust(24)[:24], control, tuple(fields), by_tag)
