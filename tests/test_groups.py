"""Work groups: editions of one work together, translations with their original, never merged."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from federator.groups import group_id, group_works, main_author, page_of_groups, work_key
from federator.merge import merge_records
from federator.models import Author, Format, HoldingStatus, RankedWork, SourceRecord
from tests.test_merge import record


def ranked(*records: SourceRecord) -> list[RankedWork]:
    works = merge_records(list(records))
    return [RankedWork(work=w, score=float(-i), explanation=()) for i, w in enumerate(works)]


def test_formats_and_editions_of_one_work_form_one_group_in_rank_order() -> None:
    editions = ranked(
        record("a", "1", year=1986),
        record("a", "2", year=1967),
        record("b", "3", year=2024, fmt=Format.EBOOK),
        record("b", "4", year=2001, fmt=Format.TALKING_BOOK),
        record("c", "5", "Hemsöborna", year=1887),
    )
    (red_room, hemso) = sorted(group_works(editions), key=lambda g: -len(g.editions))
    assert len(red_room.editions) == 4 and len(hemso.editions) == 1
    assert [e.work.id for e in red_room.editions] == [
        e.work.id for e in editions if e.work.title == "Röda rummet"
    ]
    assert set(red_room.formats) == {Format.BOOK, Format.EBOOK, Format.TALKING_BOOK}
    assert red_room.years == (1967, 2024)


def test_a_translation_joins_its_original_by_uniform_title() -> None:
    original = record("a", "1", "Pride and prejudice", author="Austen, Jane", year=1813)
    translation = replace(
        record("b", "2", "Stolthet och fördom", author="Austen, Jane", year=2009),
        uniform_title="Pride and prejudice",
    )
    (group,) = group_works(ranked(original, translation))
    assert {e.work.title for e in group.editions} == {"Pride and prejudice", "Stolthet och fördom"}


def test_volumes_other_authors_and_titles_stay_apart() -> None:
    works = ranked(
        record("a", "1", "Utvandrarna", author="Moberg, Vilhelm", part="D. 1"),
        record("a", "2", "Utvandrarna", author="Moberg, Vilhelm", part="D. 2"),
        record("a", "3", "Dikter", author="Fröding, Gustaf"),
        record("a", "4", "Dikter", author="Karlfeldt, Erik Axel"),
    )
    assert len(group_works(works)) == 4


def test_the_film_of_a_novel_is_another_work() -> None:
    works = ranked(
        record("a", "1", "Utvandrarna", author="Moberg, Vilhelm", year=1949),
        record("a", "2", "Utvandrarna", author="Moberg, Vilhelm", year=2005, fmt=Format.AUDIOBOOK),
        record("a", "3", "Utvandrarna", author="Moberg, Vilhelm", year=1971, fmt=Format.VIDEO),
    )
    assert sorted(len(g.editions) for g in group_works(works)) == [1, 2]


def test_the_main_author_is_not_the_translator_or_reader() -> None:
    reader = Author(name="Lindgren, Astrid", role="uppläsare")
    author = Author(name="Lagerlöf, Selma", role="författare")
    assert main_author((reader, author)) == author
    assert main_author((Author(name="Troell, Jan", role="regissör"),)) is not None
    assert main_author(()) is None


def test_the_group_counts_copies_on_the_shelf_across_editions() -> None:
    first, second = (
        replace(
            record("a", n, year=year),
            holdings=(replace(record("a", n).holdings[0], status=HoldingStatus.AVAILABLE),),
        )
        for n, year in (("1", 1960), ("2", 1970))
    )
    (group,) = group_works(ranked(first, second))
    assert group.available_count == 2 and group.library_count == 1


_titles = st.sampled_from(["Röda rummet", "röda rummet!", "Hemsöborna", "Dikter", ""])
_authors = st.sampled_from(["Strindberg, August", "August Strindberg", "Lagerlöf, Selma", None])


@given(
    st.lists(
        st.tuples(_titles, _authors, st.integers(1900, 2030), st.sampled_from(list(Format))),
        max_size=12,
    )
)
def test_every_edition_is_in_exactly_one_group_and_ids_follow_keys(specs) -> None:  # type: ignore[no-untyped-def]
    records = [
        record("t", str(n), title, author=author, year=year, fmt=fmt)
        for n, (title, author, year, fmt) in enumerate(specs)
    ]
    works = ranked(*records)
    groups = group_works(works)
    listed = [e.work.id for g in groups for e in g.editions]
    assert sorted(listed) == sorted(w.work.id for w in works)  # each once, nothing merged
    for group in groups:
        assert {work_key(e.work) for e in group.editions} == {group.key}
        assert group.id == group_id(group.lead)
    assert len({g.id for g in groups}) == len(groups)
    assert page_of_groups(groups, 1, 100) == groups
    assert page_of_groups(groups, 2, max(1, len(groups))) == ()
