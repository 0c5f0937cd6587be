"""Manifestations: one edition in one format, with its own ISBN, as every catalogue shares it.

A popular work comes as the printed book, a pocket edition, an e-book, an audiobook, a talking
book from MTM (no ISBN: talking books are lent, never sold), large print, and a DVD when it was
filmed. Each catalogue later writes its own record of a manifestation, so only what real
records agree on is fixed here: title, people, year, publisher, ISBN, format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from federator.demo import names
from federator.demo.isbns import IsbnMint
from federator.demo.names import Publisher
from federator.demo.works import Person, WorkSpec

NEWEST_YEAR = 2026


class Kind(StrEnum):
    BOOK = "book"
    POCKET = "pocket"
    EBOOK = "ebook"
    AUDIOBOOK = "audiobook"
    TALKING_BOOK = "talking_book"
    LARGE_PRINT = "large_print"
    DVD = "dvd"
    PERIODICAL = "periodical"
    MUSIC = "music"


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifestation:
    key: str  # stable and unique in the pool: "w017-ebook"
    kind: Kind
    title: str
    subtitle: str | None = None
    part: tuple[str, str] | None = None  # 245 $n, $p
    author: Person | None = None  # 100
    group: str | None = None  # 110: a band
    added: tuple[tuple[Person, str], ...] = ()  # 700 with relator term (245 $c order)
    year: int
    original_year: int | None = None  # "Originalupplaga 1879" for a reprint
    publisher: Publisher
    isbn: str | None = None  # ISBN-13 digits
    issn: str | None = None
    language: str = "swe"
    original: tuple[str, str] | None = None  # (language, title) of a translation
    romanized: str | None = None
    sab: str
    children: bool = False
    literary_form: str = "0"  # 008/33: 0 non-fiction, 1 fiction, p poetry, d drama
    genre: str = ""
    subjects: tuple[str, ...] = ()
    series: tuple[str, str] | None = None
    pages: int | None = None
    minutes: int | None = None
    edition: str | None = None
    frequency: str = ""  # periodicals: 008/18
    domain: str = "fiction"
    weight: float = 1.0  # how likely a catalogue holds it
    demand: float = 0.3  # 0..1: copies bought and share out on loan


def _literary_form(genre: str) -> str:
    return {"Poesi": "p", "Dramatik": "d", "": "0", "Biografier": "0"}.get(genre, "1")


def _later(rng: random.Random, year: int, low: int, high: int) -> int:
    return min(NEWEST_YEAR, year + rng.randint(low, high))


def _pages(rng: random.Random, spec: WorkSpec) -> int:
    if spec.genre == "Bilderböcker":
        return rng.choice((24, 28, 32, 40))
    if spec.children:
        return rng.randint(90, 260)
    if spec.genre in ("Poesi", "Dramatik"):
        return rng.randint(60, 140)
    return rng.randint(140, 620)


def _print_publisher(rng: random.Random, spec: WorkSpec) -> Publisher:
    if spec.sab.startswith("F"):  # dictionaries and language courses are published here
        return rng.choice(names.NONFICTION_PUBLISHERS)
    if spec.language != "swe":
        return rng.choice(names.FOREIGN_PUBLISHERS[spec.language])
    if spec.children:
        return rng.choice(names.CHILDREN_PUBLISHERS)
    if not spec.genre:
        return rng.choice(names.NONFICTION_PUBLISHERS)
    return rng.choice(names.FICTION_PUBLISHERS)


def _domain(spec: WorkSpec) -> str:
    if spec.children:
        return "children"
    if spec.genre:
        return "fiction"
    return "health" if spec.sab.startswith("V") else "general"


def _reader(rng: random.Random) -> Person:
    return Person(name=f"{rng.choice(names.SURNAMES)}, {rng.choice(names.FIRST_NAMES)}")


def _template(spec: WorkSpec, publisher: Publisher, year: int, pages: int) -> Manifestation:
    people = [(p, "författare") for p in (spec.coauthor,) if p]
    people += [(p, "översättare") for p in (spec.translator,) if p]
    return Manifestation(
        key="",
        kind=Kind.BOOK,
        title=spec.title,
        subtitle=spec.subtitle,
        part=spec.part,
        author=spec.author if spec.author.name else None,
        added=tuple(people),
        year=year,
        original_year=spec.year if year - spec.year > 2 else None,
        publisher=publisher,
        language=spec.language,
        original=spec.original,
        romanized=spec.romanized,
        sab=spec.sab,
        children=spec.children,
        literary_form=_literary_form(spec.genre),
        genre=spec.genre,
        subjects=spec.subjects,
        series=spec.series,
        pages=pages,
        domain=_domain(spec),
        weight=2.0 ** (spec.popularity - 2),
        demand=min(1.0, spec.popularity / 9 + (0.2 if spec.year >= 2015 else 0.0)),
    )


class _Editions:
    """Collects a work's manifestations, minting an ISBN for each that has a publisher prefix."""

    def __init__(self, number: int, template: Manifestation, mint: IsbnMint) -> None:
        self.number, self.template, self.mint = number, template, mint
        self.found: list[Manifestation] = []

    def add(
        self, kind: Kind, year: int, publisher: Publisher, factor: float, **changes: Any
    ) -> None:
        # Books got ISBNs from about 1970; older editions in the pool have none.
        isbn = self.mint.mint(publisher.prefix) if publisher.prefix and year >= 1970 else None
        key = f"w{self.number:03d}-{kind.value}-{len(self.found)}"
        weight = self.template.weight * factor
        self.found.append(
            replace(
                self.template,
                key=key,
                kind=kind,
                year=year,
                publisher=publisher,
                isbn=isbn,
                weight=weight,
                **changes,
            )
        )


def work_editions(
    spec: WorkSpec, number: int, rng: random.Random, mint: IsbnMint
) -> list[Manifestation]:
    """Every manifestation of one work; non-Swedish works only in print (and English e-books)."""
    publisher = _print_publisher(rng, spec)
    pages = _pages(rng, spec)
    first = spec.year if spec.year >= 1990 else rng.randint(max(spec.year + 1, 1965), 2000)
    editions = _Editions(number, _template(spec, publisher, first, pages), mint)
    editions.add(Kind.BOOK, first, publisher, 1.0)
    if spec.year < 1990 and spec.popularity >= 5:  # classics are reprinted: a newer edition
        editions.add(
            Kind.BOOK, rng.randint(max(first + 5, 2005), 2024), publisher, 0.9, edition="[Ny utg.]"
        )
    if spec.language != "swe":
        reissued = first
        for chance in (0.8, 0.5 if spec.popularity >= 4 else 0.0):  # reissues, other houses
            if spec.popularity >= 3 and rng.random() < chance:
                reissued = _later(rng, max(reissued, 1995), 2, 10)
                editions.add(Kind.BOOK, reissued, _print_publisher(rng, spec), 0.7)
        if spec.language == "eng" and spec.popularity >= 3 and rng.random() < 0.6:
            editions.add(Kind.EBOOK, max(first, rng.randint(2011, 2018)), publisher, 0.4)
        return editions.found
    _swedish_formats(spec, rng, editions, first)
    return editions.found


def _swedish_formats(spec: WorkSpec, rng: random.Random, editions: _Editions, first: int) -> None:
    pages = editions.template.pages or 200
    readers = (*editions.template.added, (_reader(rng), "uppläsare"))
    minutes = pages * rng.randint(17, 22) // 10
    if spec.popularity >= 4 and spec.genre != "Bilderböcker" and rng.random() < 0.8:
        year = _later(rng, max(first, 1985), 1, 3)
        editions.add(Kind.POCKET, year, rng.choice(names.POCKET_PUBLISHERS), 0.7, pages=pages + 40)
    if spec.popularity >= 3 and rng.random() < 0.7:
        editions.add(
            Kind.EBOOK, max(first, rng.randint(2010, 2016)), editions.template.publisher, 0.6
        )
    if spec.popularity >= 4 and rng.random() < 0.75:
        year = _later(rng, max(first, 2003), 0, 4)
        audio = rng.choice(names.AUDIO_PUBLISHERS)
        editions.add(Kind.AUDIOBOOK, year, audio, 0.5, minutes=minutes, added=readers, pages=None)
    if spec.popularity >= 3 and rng.random() < 0.55:
        year = _later(rng, max(first, 1995), 0, 2)
        mtm = names.TALKING_BOOK_PUBLISHERS[1 if year >= 2013 else 0]  # TPB became MTM in 2013
        editions.add(Kind.TALKING_BOOK, year, mtm, 0.35, minutes=minutes, added=readers, pages=None)
    if spec.popularity >= 5 and not spec.children and spec.genre and rng.random() < 0.5:
        year = _later(rng, max(first, 1995), 1, 4)
        editions.add(
            Kind.LARGE_PRINT,
            year,
            names.LARGE_PRINT_PUBLISHERS[0],
            0.25,
            pages=pages * 3 // 2,
            edition="Storstilsutg.",
        )
    if spec.film:
        film_year, director = spec.film
        year = rng.randint(2000, 2012) if film_year < 1998 else _later(rng, film_year, 0, 1)
        editions.add(
            Kind.DVD,
            year,
            rng.choice(names.FILM_DISTRIBUTORS),
            0.6,
            subtitle=None,
            part=None,
            author=None,
            original_year=film_year,
            pages=None,
            minutes=rng.randint(85, 150),
            added=((director, "regissör"), (spec.author, "författare av förlaga")),
        )
