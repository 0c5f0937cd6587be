"""The demo vocabulary's tables: one work a line, fields split by "|", parsed once at import.

Tables are text rather than Python literals so ~150 works fit on a few screens and read like a
shelf list. A line starting with whitespace continues the line before it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    name: str  # inverted, as in 100 $a: "Strindberg, August"
    dates: str = ""  # "1849-1912"; "" when a catalogue would not know them

    @property
    def direct(self) -> str:
        """'August Strindberg', as the title page (245 $c) has it."""
        last, _, first = self.name.partition(", ")
        return f"{first} {last}" if first else last

    @property
    def surname(self) -> str:
        return self.name.partition(",")[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkSpec:
    popularity: int  # 1 (rarely held) .. 9 (in every library, several copies)
    author: Person
    title: str
    subtitle: str | None
    year: int  # first publication of this text in this language
    sab: str  # SAB class (084 $2 kssb/8)
    genre: str  # 655 term, "" for non-fiction
    language: str = "swe"
    children: bool = False
    original: tuple[str, str] | None = None  # (language, title) of a translation's original
    translator: Person | None = None
    coauthor: Person | None = None
    series: tuple[str, str] | None = None  # (series, number)
    film: tuple[int, Person] | None = None  # (year, director) of a film on DVD
    part: tuple[str, str] | None = None  # (number, name): 245 $n $p
    romanized: str | None = None  # 246 for titles in non-Latin script
    subjects: tuple[str, ...] = ()


def table_rows(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        is_continuation = line[0].isspace() and bool(rows)
        body = line.strip().removeprefix("|") if is_continuation else line.strip()
        cells = [cell.strip() for cell in body.split("|")]
        if is_continuation:
            rows[-1].extend(cells)
        else:
            rows.append(cells)
    return rows


def split_title(text: str) -> tuple[str, str | None]:
    title, _, subtitle = text.partition(" : ")
    return title, subtitle or None


def _person(text: str) -> Person:
    name, _, dates = text.partition("/")
    return Person(name=name, dates=dates)


def _pair(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    first, _, second = text.partition("/")
    return first, second


def parse_work(cells: list[str]) -> WorkSpec:
    """pop|author|dates|title[ : subtitle]|year|sab|genre, then key=value extras."""
    popularity, author, dates, full_title, year, sab, genre = cells[:7]
    extra = dict(cell.split("=", 1) for cell in cells[7:] if cell)
    title, subtitle = split_title(full_title)
    film = _pair(extra.get("film"))
    return WorkSpec(
        popularity=int(popularity),
        author=Person(name=author, dates=dates),
        title=title,
        subtitle=subtitle,
        year=int(year),
        sab=sab,
        genre=genre,
        language=extra.get("lang", "swe"),
        children=extra.get("aud") == "j",
        original=_pair(extra.get("orig")),
        translator=_person(extra["tr"]) if "tr" in extra else None,
        coauthor=_person(extra["co"]) if "co" in extra else None,
        series=_pair(extra.get("series")),
        film=(int(film[0]), _person(film[1])) if film else None,
        part=_pair(extra.get("part")),
        romanized=extra.get("roman"),
        subjects=tuple(s for s in extra.get("subj", "").split(";") if s),
    )


def parse_works(text: str) -> tuple[WorkSpec, ...]:
    return tuple(parse_work(cells) for cells in table_rows(text))
