"""The kind of material a MARC record describes: leader 06-07, 007 and 008 (MARC 21).

Swedish catalogues mark talking books (talböcker, DAISY from MTM) only in text fields, so those
are checked too. Sources: https://www.loc.gov/marc/bibliographic/bdleader.html , bd007.html,
bd008b.html (form of item, 008/23).
"""

from __future__ import annotations

from federator.connectors.marc import MarcView
from federator.models import Format

_TALKING_BOOK_WORDS = ("talbok", "talböcker", "daisy", "talking book")
_TEXT_TYPES = "at"  # leader 06: language material, manuscript language material
_ONLINE_FORMS = "oqs"  # 008/23 (books): online, direct electronic, electronic
_LARGE_PRINT_FORMS = "d"


def _mentions_talking_book(marc: MarcView) -> bool:
    for field in marc.datafields("245", "300", "500", "538", "655", "336", "340"):
        text = " ".join(value for code, value in field.subfields if code in "ah").casefold()
        if any(word in text for word in _TALKING_BOOK_WORDS):
            return True
    return False


def _has_computer_007(marc: MarcView) -> bool:
    value = marc.control.get("007", "")
    return value[:1] == "c"


def detect_format(marc: MarcView) -> Format:
    record_type = marc.leader[6:7]
    bib_level = marc.leader[7:8]
    form = marc.control.get("008", "").ljust(40)[23:24]
    if record_type in _TEXT_TYPES:
        if bib_level in "s":  # serial
            return Format.PERIODICAL
        if form in _ONLINE_FORMS or _has_computer_007(marc):
            return Format.EBOOK
        if form in _LARGE_PRINT_FORMS:
            return Format.LARGE_PRINT
        return Format.BOOK
    if record_type == "i":  # nonmusical sound recording
        return Format.TALKING_BOOK if _mentions_talking_book(marc) else Format.AUDIOBOOK
    if record_type in "jcd":  # musical sound recording, notated music
        return Format.MUSIC
    if record_type == "g":  # projected medium: film, DVD, Blu-ray
        return Format.VIDEO
    if record_type in "ef":  # cartographic
        return Format.MAP
    return Format.OTHER
