"""Text keys for matching and sorting: folded titles and names, Swedish collation.

Pure functions, no federator imports. Every key starts with Unicode NFC, because catalogues
deliver å both composed (U+00E5) and decomposed (a + U+030A).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d")
# ISBD separators end the main title: "Röda rummet : roman", "Pippi / Astrid Lindgren".
_TITLE_END = re.compile(r"\s+[:/=;]\s*|\s*\.\s+-\s+")
# Swedish alphabet: ... x y z å ä ö. Code points put ä (E4) before å (E5): map the three past z.
_SWEDISH_LAST = str.maketrans({"å": "z{", "ä": "z|", "æ": "z|", "ö": "z}", "ø": "z}"})
_LEADING_ARTICLES = ("the ", "a ", "an ", "en ", "ett ", "den ", "det ", "de ")


@lru_cache(maxsize=65_536)  # titles and names repeat across catalogues and searches
def fold(text: str | None) -> str:
    """Lower case, diacritics removed (å -> a), punctuation -> space, spaces collapsed."""
    if not text:
        return ""
    # Case-fold after the compatibility decomposition too: NFKD turns some lower-case forms
    # (modifier letters such as "ᴬ") into capitals, and a key must be its own key.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold())
    stripped = "".join(c for c in decomposed.casefold() if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


@lru_cache(maxsize=8_192)  # the words of every result's title and names, again each search
def fold_keep_swedish(text: str | None) -> str:
    """Like fold, but å ä ö stay letters of their own: the exact Swedish form of a word."""
    if not text:
        return ""
    lowered = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", lowered).split())


def main_title(title: str) -> str:
    """The title proper, without a subtitle a catalogue left inside 245 $a."""
    return _TITLE_END.split(unicodedata.normalize("NFC", title), maxsplit=1)[0]


@lru_cache(maxsize=8_192)  # merge keys: the same titles from many catalogues
def title_key(title: str | None) -> str:
    return fold(main_title(title or ""))


def _name_parts(name: str) -> tuple[str, list[str]]:
    """(surname, other names), from "Strindberg, August, 1849-1912" or "August Strindberg"."""
    without_dates = _DIGITS.sub(" ", name)
    if "," in without_dates:
        surname, _, rest = without_dates.partition(",")
        return fold(surname), fold(rest).split()
    words = fold(without_dates).split()
    return (words[-1], words[:-1]) if words else ("", [])


@lru_cache(maxsize=8_192)
def author_key(name: str | None) -> str:
    """Surname and first initial: "Strindberg, August" = "August Strindberg" = "Strindberg, A."."""
    if not name:
        return ""
    surname, others = _name_parts(name)
    initial = others[0][0] if others else ""
    return f"{surname} {initial}".strip()


@lru_cache(maxsize=8_192)  # facet values and titles, sorted in every search
def swedish_sort_key(text: str | None) -> str:
    """Sort key in Swedish order (å ä ö after z); leading articles skipped, other accents folded."""
    lowered = unicodedata.normalize("NFC", text or "").casefold().translate(_SWEDISH_LAST)
    folded = _fold_keeping_marks(lowered)
    for article in _LEADING_ARTICLES:
        if folded.startswith(article) and len(folded) > len(article):
            return folded[len(article) :]
    return folded


def _fold_keeping_marks(lowered: str) -> str:
    # fold() would turn the {|} markers of å ä ö into spaces.
    out = []
    for char in unicodedata.normalize("NFKD", lowered):
        if unicodedata.combining(char):
            continue
        out.append(char if char.isalnum() or char in "{|}" else " ")
    return " ".join("".join(out).split())
