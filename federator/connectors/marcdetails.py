"""The MARC fields a patron reads on a record page, and the work a record is an edition of.

MARC 21 Bibliographic (https://www.loc.gov/marc/bibliographic/): extent 300, notes 5XX
(contents 505 apart), SAB classification 084 with $2 kssb/..., series 440/490/800-830, and the
uniform title that names the work: 240 / 130, else the original a translation links to
(765 $t; 775 $t when its language $e is the original's, 041 $h), else the Swedish practice of a
note "Originaltitel: ...". Pure: a MarcView in, plain values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from federator.connectors.marc import DataField, MarcView

_ISBD_TAIL = re.compile(r"[\s/:;=,]+$")
_ISBD_ENDS = re.compile(r"^[\s/:;=,.]+|[\s/:;=,.]+$")  # as marcxml.strip_isbd: a title's ends
# 505 entries are separated by " -- " (ISBD); enhanced 505s carry each part in $t.
_CONTENTS_SEPARATOR = re.compile(r"\s+--\s*|\s*--\s+")
_ORIGINAL_NOTE = re.compile(r"^\s*(?:originaltitel|original title|orig\.? ?titel)\s*:\s*(.+)", re.I)
# Notes a patron reads; not 505 (contents, shown apart), 506/540 (access terms), 541/561/583
# (provenance and actions, for staff), 59X (local).
NOTE_TAGS = tuple("500 501 502 504 508 511 515 518 520 521 525 530 534 538 546 550 586 588".split())
SERIES_TAGS = ("440", "490", "800", "810", "811", "830")
DETAIL_TAGS = frozenset(("084", "300", "505", "765", "775", *NOTE_TAGS, *SERIES_TAGS))


@dataclass(frozen=True, slots=True, kw_only=True)
class Details:
    uniform_title: str | None
    extent: str | None
    notes: tuple[str, ...]
    contents: tuple[str, ...]
    classifications: tuple[str, ...]
    series: tuple[str, ...]
    series_volume: str | None


def _tidy(text: str | None) -> str:
    return _ISBD_TAIL.sub("", text or "").strip()


def _strip(text: str | None) -> str:
    return _ISBD_ENDS.sub("", text or "").strip()


def _extent(marc: MarcView) -> str | None:
    field = next(marc.datafields("300"), None)
    if field is None:
        return None
    # Keep the record's own ISBD between $a $b $c ("342 s. : ill. ; 22 cm"): it reads well.
    return _tidy(field.joined("abce3")) or None


def _notes(marc: MarcView) -> tuple[str, ...]:
    found: list[str] = []
    for field in marc.datafields(*NOTE_TAGS):
        text = _tidy(field.joined("abcdegpr"))
        if text and text not in found:
            found.append(text)
    return tuple(found)


def _contents(marc: MarcView) -> tuple[str, ...]:
    found: list[str] = []
    for field in marc.datafields("505"):
        titles = field.all("t")
        if titles:  # enhanced: $t title, $r responsibility
            found += [_strip(t) for t in titles]
        else:
            found += [_strip(part) for part in _CONTENTS_SEPARATOR.split(field.first("a") or "")]
    return tuple(dict.fromkeys(part for part in found if part))


def _classifications(marc: MarcView) -> tuple[str, ...]:
    """SAB codes: 084 with $2 kssb/8 etc. (older Swedish records leave $2 out)."""
    found: list[str] = []
    for field in marc.datafields("084"):
        scheme = (field.first("2") or "kssb").lower()
        if scheme.startswith("kssb"):
            found += [c for c in field.all("a") if c not in found]
    return tuple(found)


def _series(marc: MarcView) -> tuple[tuple[str, ...], str | None]:
    series: list[str] = []
    volume = None
    for field in marc.datafields(*SERIES_TAGS):
        # 800-811 are name-title entries: the series title is $t, the name $a.
        name = _strip(field.first("t") if field.tag in ("800", "810", "811") else field.first("a"))
        number = _strip(field.first("v"))
        volume = volume or number or None
        text = f"{name} ; {number}" if name and number else name
        if text and text not in series:
            series.append(text)
    return tuple(series), volume


def _title_of(field: DataField, code: str) -> str | None:
    title = _strip(field.first(code))
    parts = _strip(field.joined("np")) if code == "a" else ""
    return f"{title}. {parts}" if title and parts else title or None


def _uniform_title(marc: MarcView, original_languages: tuple[str, ...]) -> str | None:
    for field in marc.datafields("240", "130"):
        if found := _title_of(field, "a"):
            return found
    for field in marc.datafields("765"):
        if found := _title_of(field, "t"):
            return found
    for field in marc.datafields("775"):
        # 775 links either way (an original may list its translations): only the original.
        language = (field.first("e") or "").strip().lower()
        if language and language in original_languages and (found := _title_of(field, "t")):
            return found
    for field in marc.datafields("500"):
        if match := _ORIGINAL_NOTE.match(field.first("a") or ""):
            return _strip(match.group(1))
    return None


def _original_languages(marc: MarcView) -> tuple[str, ...]:
    return tuple(c.strip().lower() for f in marc.datafields("041") for c in f.all("h"))


def read_details(marc: MarcView) -> Details:
    series, volume = _series(marc)
    return Details(
        uniform_title=_uniform_title(marc, _original_languages(marc)),
        extent=_extent(marc),
        notes=_notes(marc),
        contents=_contents(marc),
        classifications=_classifications(marc),
        series=series,
        series_volume=volume,
    )
