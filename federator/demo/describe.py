"""The descriptive fields of one catalogue's record of a manifestation (020-830).

Catalogues describe the same book differently, and the demo shows it: RDA (264, "sidor",
336-338) or older AACR2 practice (260, "s.", a GMD in 245 $h), ISBD punctuation at the end of
subfields or none, headings with or without life dates, the subtitle transcribed or not.
Everything that identifies the manifestation (title, year, ISBN, format) stays the same.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from federator.demo.editions import Kind, Manifestation
from federator.demo.fields import datafield
from federator.demo.isbns import mistyped, written_isbn
from federator.demo.works import Person

_FORM_SUBDIVISIONS = {"tidskrifter", "ordböcker", "läroböcker", "läroböcker för invandrare"}
_ARTICLES = {"eng": ("The ", "A ", "An ")}
_GMD = {
    Kind.AUDIOBOOK: "[Ljudupptagning]",
    Kind.TALKING_BOOK: "[Ljudupptagning (DAISY)]",
    Kind.DVD: "[Videoupptagning]",
}
_QUALIFIERS = {
    Kind.BOOK: "inb.",
    Kind.POCKET: "hft.",
    Kind.EBOOK: "e-bok",
    Kind.AUDIOBOOK: "mp3-cd",
    Kind.LARGE_PRINT: "inb.",
}
# RDA content, media and carrier types (336/337/338) in Swedish, as Libris records have them.
_RDA_TYPES = {
    "text": (("text", "txt"), ("oförmedlad", "n"), ("volym", "nc")),
    "online": (("text", "txt"), ("dator", "c"), ("onlineresurs", "cr")),
    "spoken": (("talad text", "spw"), ("audio", "s"), ("ljudskiva", "sd")),
    "music": (("framförd musik", "prm"), ("audio", "s"), ("ljudskiva", "sd")),
    "video": (("tvådimensionell rörlig bild", "tdi"), ("video", "v"), ("videoskiva", "vd")),
}


@dataclass(frozen=True, slots=True)
class Habits:
    """How one catalogue tends to describe things; each record draws from these shares."""

    rda: float
    isbd: float
    dates: float
    subtitle: float
    isbn_missing: float
    relators: float


def catalogue_habits(rng: random.Random) -> Habits:
    return Habits(
        rda=rng.uniform(0.5, 0.95),
        isbd=rng.uniform(0.7, 0.98),
        dates=rng.uniform(0.3, 0.95),
        subtitle=rng.uniform(0.75, 0.98),
        isbn_missing=rng.uniform(0.02, 0.07),
        relators=rng.uniform(0.1, 0.8),
    )


@dataclass(frozen=True, slots=True)
class Choices:
    """One record's draws from the catalogue's habits."""

    rda: bool
    isbd: bool
    dates: bool
    subtitle: bool
    isbn: bool
    relators: bool

    @classmethod
    def draw(cls, habits: Habits, rng: random.Random) -> Choices:
        return cls(
            rda=rng.random() < habits.rda,
            isbd=rng.random() < habits.isbd,
            dates=rng.random() < habits.dates,
            subtitle=rng.random() < habits.subtitle,
            isbn=rng.random() >= habits.isbn_missing,
            relators=rng.random() < habits.relators,
        )


def punctuated(
    parts: list[tuple[str, str]], choices: Choices, marks: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """ISBD: the mark that introduces the next subfield ends this one ('Röda rummet :')."""
    for position, (code, value) in enumerate(parts):
        following = parts[position + 1][0] if position + 1 < len(parts) else ""
        mark = marks.get(following, "") if choices.isbd else ""
        yield code, value + mark


def isbn_fields(m: Manifestation, choices: Choices, rng: random.Random) -> list[str]:
    if m.isbn is None or not choices.isbn:
        return []
    text = written_isbn(m.isbn, m.publisher.prefix, m.year, rng)
    qualifier = _QUALIFIERS.get(m.kind) if m.language == "swe" else None
    if qualifier and not choices.rda:  # AACR2 practice: "(inb.)" after the number in $a
        fields = [datafield("020", (("a", f"{text} ({qualifier})"),))]
    else:  # RDA: spelled out in $q
        spelled = {"inb.": "inbunden", "hft.": "häftad"}.get(qualifier or "", qualifier)
        fields = [datafield("020", (("a", text), ("q", spelled)))]
    if rng.random() < 0.02:  # a mistyped number the cataloguer kept as cancelled/invalid
        fields.append(datafield("020", (("z", mistyped(text)),)))
    return fields


def person_field(
    tag: str, person: Person, role: str | None, choices: Choices, title: str | None = None
) -> str:
    dates = person.dates if choices.dates else ""
    after_name = "," if choices.isbd and (dates or role) else ""
    after_dates = "," if choices.isbd and dates and role else ("." if title and dates else "")
    parts = (
        ("a", person.name + after_name),
        ("d", dates + after_dates if dates else None),
        ("e", role),
        ("t", title),
    )
    return datafield(tag, parts, ind1="1" if ", " in person.name else "0")


def nonfiling(title: str, language: str) -> str:
    for article in _ARTICLES.get(language, ()):
        if title.startswith(article):
            return str(len(article))
    return "0"


def responsibility(m: Manifestation) -> str | None:
    authors = [m.author.direct] if m.author else []
    authors += [p.direct for p, role in m.added if role == "författare"]
    parts = [" & ".join(authors)] if authors else []
    labels = {"översättare": "översättning", "uppläsare": "uppläsare", "regissör": "regi"}
    parts += [f"{labels[role]}: {p.direct}" for p, role in m.added if role in labels]
    return " ; ".join(parts) or None


def title_field(m: Manifestation, choices: Choices, has_main_entry: bool) -> str:
    parts = [("a", m.title)]
    if m.part:
        number, name = m.part
        parts += [("n", number)] + ([("p", name)] if name else [])
    if not choices.rda and m.kind in _GMD:
        parts.append(("h", _GMD[m.kind]))
    if m.subtitle and choices.subtitle:
        parts.append(("b", m.subtitle))
    statement = responsibility(m)
    if statement:
        parts.append(("c", statement))
    marks = {"n": ".", "p": ",", "b": " :", "c": " /"}
    return datafield(
        "245",
        punctuated(parts, choices, marks),
        ind1="1" if has_main_entry else "0",
        ind2=nonfiling(m.title, m.language),
    )


def publication_field(m: Manifestation, choices: Choices) -> list[str]:
    year = f"{m.year}-" if m.kind is Kind.PERIODICAL else str(m.year)
    parts = [("a", m.publisher.place), ("b", m.publisher.name), ("c", year)]
    marked = list(punctuated(parts, choices, {"b": " :", "c": ","}))
    if not choices.rda:
        return [datafield("260", marked)]
    fields = [datafield("264", marked, ind2="1")]
    if m.kind in (Kind.BOOK, Kind.POCKET) and m.year % 3 == 0:
        fields.append(datafield("264", (("c", f"©{m.year}"),), ind2="4"))
    return fields


def rda_types(m: Manifestation) -> list[str]:
    kind = {
        Kind.EBOOK: "online",
        Kind.AUDIOBOOK: "spoken",
        Kind.TALKING_BOOK: "spoken",
        Kind.MUSIC: "music",
        Kind.DVD: "video",
    }.get(m.kind, "text")
    return [
        datafield(tag, (("a", term), ("b", code), ("2", source)))
        for tag, source, (term, code) in zip(
            ("336", "337", "338"),
            ("rdacontent", "rdamedia", "rdacarrier"),
            _RDA_TYPES[kind],
            strict=True,
        )
    ]


def subject_fields(m: Manifestation) -> list[str]:
    fields = []
    for heading in m.subjects:
        if heading.startswith("gf:"):
            fields.append(datafield("655", (("a", heading[3:]), ("2", "saogf")), ind2="7"))
            continue
        main, *subdivisions = heading.removeprefix("g:").split(" -- ")
        parts = [("a", main)] + [(_subdivision_code(s), s) for s in subdivisions]
        tag = "651" if heading.startswith("g:") else "650"
        fields.append(datafield(tag, (*parts, ("2", "sao")), ind2="7"))
    return fields


def _subdivision_code(text: str) -> str:
    if text in _FORM_SUBDIVISIONS:
        return "v"
    if text[:1].isdigit():
        return "y"
    return "z" if text[:1].isupper() else "x"
