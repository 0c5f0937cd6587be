"""Call numbers as on the spine label: the SAB shelf plus a shelving word ("Hc Strindberg").

Children's books get the "u" prefix many Swedish public libraries use ("uHc Lindgren");
books in other scripts are shelved by language, as the language shelves are.
"""

from __future__ import annotations

import re

from federator.demo.editions import Kind, Manifestation

_LANGUAGE_SHELVES = {"ara": "Arabiska", "per": "Persiska", "som": "Somaliska", "tir": "Tigrinska"}
_ARTICLES = ("the ", "a ", "an ")
# Age and picture-book marks belong in the catalogue, not on the spine: Hcf(yb), Hcg, ",u".
_CHILDREN_MARKS = re.compile(r"\(y.\)|,u$|,u\b")


def _shelf(m: Manifestation) -> str:
    sab = m.sab.removesuffix(".01")
    if sab.startswith("Hce"):  # fiction in Swedish stands together, translated or not
        sab = "Hc" + sab.partition(",")[1] + sab.partition(",")[2]
    if m.language in _LANGUAGE_SHELVES and sab == "H":
        return _LANGUAGE_SHELVES[m.language]
    if m.children:
        sab = _CHILDREN_MARKS.sub("", sab)
        if sab in ("Hcf", "Hcg"):
            sab = "Hc"
        return "u" + sab
    return sab


def shelving_word(m: Manifestation) -> str:
    if m.author:
        return m.author.surname
    if m.group:
        return m.group
    title = m.title
    for article in _ARTICLES:
        if title.lower().startswith(article):
            title = title[len(article) :]
    return title.split()[0].rstrip(",.:;") if title.split() else title


def call_number(m: Manifestation) -> str:
    if m.kind is Kind.EBOOK:
        return "E-bok"
    if m.kind is Kind.PERIODICAL:
        return f"Tidskrift {m.title}"
    if m.kind is Kind.DVD:
        return f"Film {shelving_word(m)}"
    if m.kind in (Kind.AUDIOBOOK, Kind.TALKING_BOOK):
        return f"{_shelf(m)}/LC {shelving_word(m)}"  # /LC: SAB's media mark for audio CD
    return f"{_shelf(m)} {shelving_word(m)}"
