"""The county's shared pool of manifestations, from which every catalogue draws its collection.

Works from the vocabulary tables come with all their formats (editions.py); non-fiction is
generated from topic stems with made-up authors; magazines and music records are added as-is.
One seeded generator makes the pool, so the same seed gives the same ISBNs everywhere.
"""

from __future__ import annotations

import random
from dataclasses import replace

from federator.demo import names
from federator.demo.editions import Kind, Manifestation, work_editions
from federator.demo.fiction_sv import SWEDISH_FICTION
from federator.demo.fiction_world import WORLD_WORKS
from federator.demo.isbns import IsbnMint, mint_issn
from federator.demo.names import Publisher
from federator.demo.nonfiction import SUBTITLES, TOPICS, Topic
from federator.demo.works import Person, split_title

_WORKS_PER_STEM = (1, 2, 3, 4, 5)
_WORKS_PER_STEM_WEIGHTS = (3, 3, 3, 2, 1)


def build_pool(seed: int) -> tuple[Manifestation, ...]:
    rng = random.Random(f"{seed}/pool")
    mint = IsbnMint(rng)
    pool: list[Manifestation] = []
    for number, spec in enumerate(SWEDISH_FICTION + WORLD_WORKS):
        pool += work_editions(spec, number, rng, mint)
    for topic_number, topic in enumerate(TOPICS):
        pool += _topic_books(topic, topic_number, rng, mint)
    pool += _periodicals(rng)
    pool += _albums()
    return tuple(pool)


def _author(rng: random.Random) -> Person:
    born = rng.randint(1938, 1992)
    # Many catalogues know an author's birth year; a made-up author has one half the time.
    dates = f"{born}-" if rng.random() < 0.5 else ""
    return Person(
        name=f"{rng.choice(names.SURNAMES)}, {rng.choice(names.FIRST_NAMES)}", dates=dates
    )


def _publisher(rng: random.Random, domain: str) -> Publisher:
    if domain in names.LOCAL_PUBLISHERS:
        return rng.choice(names.LOCAL_PUBLISHERS[domain])
    if domain in ("health", "education"):
        return rng.choice(names.TEXTBOOK_PUBLISHERS)
    if domain == "children":
        return rng.choice(names.CHILDREN_PUBLISHERS)
    return rng.choice(names.NONFICTION_PUBLISHERS)


def _subtitle_pool(domain: str) -> tuple[str, ...]:
    return SUBTITLES["local" if domain.startswith("local") else domain]


def _topic_books(
    topic: Topic, topic_number: int, rng: random.Random, mint: IsbnMint
) -> list[Manifestation]:
    found: list[Manifestation] = []
    for stem_number, stem in enumerate(topic.titles):
        count = rng.choices(_WORKS_PER_STEM, _WORKS_PER_STEM_WEIGHTS)[0]
        subtitles = list(_subtitle_pool(topic.domain))
        rng.shuffle(subtitles)
        for copy_number in range(count):
            title, subtitle = split_title(stem)
            if subtitle is None and copy_number < len(subtitles) and rng.random() < 0.6:
                subtitle = subtitles[copy_number]
            key = f"t{topic_number:02d}-{stem_number:02d}-{copy_number}"
            found += _nonfiction_editions(topic, key, title, subtitle, rng, mint)
    return found


def _nonfiction_editions(
    topic: Topic, key: str, title: str, subtitle: str | None, rng: random.Random, mint: IsbnMint
) -> list[Manifestation]:
    year = rng.choice(range(1985, 2027)) if rng.random() < 0.4 else rng.randint(2010, 2026)
    publisher = _publisher(rng, topic.domain)
    children = topic.domain == "children"
    authors = [_author(rng) for _ in range(2 if rng.random() < 0.2 else 1)]
    book = Manifestation(
        key=f"{key}-book",
        kind=Kind.BOOK,
        title=title,
        subtitle=subtitle,
        author=authors[0],
        added=tuple((a, "författare") for a in authors[1:]),
        year=year,
        publisher=publisher,
        isbn=mint.mint(publisher.prefix) if publisher.prefix else None,
        sab=topic.sab,
        children=children,
        subjects=topic.headings,
        pages=rng.randint(32, 64) if children else rng.randint(96, 420),
        domain=topic.domain,
        weight=0.3 + 3.0 * rng.random() ** 2,
        demand=0.15 + 0.3 * rng.random() + (0.15 if year >= 2020 else 0.0),
    )
    found = [book]
    if year <= 2019 and publisher.prefix and rng.random() < 0.2:
        later = rng.randint(year + 3, min(year + 8, 2026))
        found.append(_edition(book, mint, Kind.BOOK, later, edition="2., rev. uppl."))
    if year >= 2010 and publisher.prefix and rng.random() < 0.25:
        found.append(_edition(book, mint, Kind.EBOOK, year))
    return found


def _edition(
    book: Manifestation, mint: IsbnMint, kind: Kind, year: int, edition: str | None = None
) -> Manifestation:
    return replace(
        book,
        key=f"{book.key[:-5]}-{kind.value}-{year}",
        kind=kind,
        year=year,
        isbn=mint.mint(book.publisher.prefix),
        edition=edition,
        weight=book.weight * 0.6,
    )


def _periodicals(rng: random.Random) -> list[Manifestation]:
    used: set[str] = set()
    return [
        Manifestation(
            key=f"p{number:02d}",
            kind=Kind.PERIODICAL,
            title=periodical.title,
            year=rng.randint(1975, 2005),
            publisher=Publisher(
                name=periodical.publisher, place=periodical.place, country="sw ", prefix=""
            ),
            issn=mint_issn(rng, used),
            sab=periodical.sab,
            children=periodical.domain == "children",
            subjects=(f"{periodical.heading} -- tidskrifter",),
            frequency=periodical.frequency,
            domain=periodical.domain,
            weight=6.0,
            demand=0.3,
        )
        for number, periodical in enumerate(names.PERIODICALS)
    ]


def _albums() -> list[Manifestation]:
    return [
        Manifestation(
            key=f"m{number:02d}",
            kind=Kind.MUSIC,
            title=album.title.partition(" : ")[0],
            subtitle=album.title.partition(" : ")[2] or None,
            author=None if album.is_group else Person(name=album.performer),
            group=album.performer if album.is_group else None,
            year=album.year,
            publisher=Publisher(name=album.label, place="Stockholm", country="sw ", prefix=""),
            language=album.language,
            sab="Y",
            subjects=(f"{album.heading} -- Sverige",),
            domain="music",
            weight=1.5,
            demand=0.2,
        )
        for number, album in enumerate(names.ALBUMS)
    ]
