from datetime import date

from federator.facets import decade, facet_counts, matches, page_of, sort_ranked
from federator.merge import merge_records
from federator.models import (
    Author,
    Filters,
    Format,
    Holding,
    HoldingStatus,
    RankedWork,
    SortOrder,
    SourceRecord,
)


def record(
    record_id: str,
    title: str,
    year: int | None,
    fmt: Format,
    holdings: list[Holding],
    lang: str = "swe",
) -> SourceRecord:
    return SourceRecord(
        target="t",
        record_id=record_id,
        schema="marcxml",
        title=title,
        authors=(Author(name="A, B"),),
        year=year,
        format=fmt,
        language=lang,
        languages=(lang,),
        holdings=tuple(holdings),
    )


def copy(
    library: str, branch: str | None, status: HoldingStatus = HoldingStatus.AVAILABLE
) -> Holding:
    return Holding(
        target="t",
        record_id="r",
        library=library,
        branch=branch,
        status=status,
        due_date=date(2026, 12, 1),
    )


WORKS = merge_records(
    [
        record("1", "Åsa", 2012, Format.BOOK, [copy("Örebro", "Rosta"), copy("Örebro", "Vivalla")]),
        record(
            "2", "Zebra", 1999, Format.AUDIOBOOK, [copy("Nora", None, HoldingStatus.ON_LOAN)], "eng"
        ),
        record("3", "Abba", None, Format.BOOK, [copy("Örebro", "Rosta", HoldingStatus.ON_LOAN)]),
    ]
)


def test_counts_per_value_with_branches_under_libraries() -> None:
    facets = dict(facet_counts(WORKS))
    (orebro,) = [v for v in facets["library"] if v.value == "Örebro"]
    assert orebro.count == 2  # two works, however many copies
    assert {(b.value, b.count) for b in orebro.children} == {("Rosta", 2), ("Vivalla", 1)}
    assert [(v.value, v.count) for v in facets["format"]] == [("book", 2), ("audiobook", 1)]
    assert [(v.value, v.count) for v in facets["year"]] == [("2010-2019", 1), ("1990-1999", 1)]
    assert decade(1879) == "1870-1879"


def test_filters() -> None:
    def kept(filters: Filters) -> set[str]:
        return {w.title for w in WORKS if matches(w, filters)}

    assert kept(Filters(libraries=frozenset({"Örebro / Vivalla"}))) == {"Åsa"}
    assert kept(Filters(formats=frozenset({Format.AUDIOBOOK}))) == {"Zebra"}
    assert kept(Filters(languages=frozenset({"eng"}))) == {"Zebra"}
    assert kept(Filters(year_from=2000)) == {"Åsa"}
    assert kept(Filters(available=True)) == {"Åsa"}


def test_sorts_in_swedish_order_and_pages() -> None:
    ranked = [RankedWork(work=w, score=0.0, explanation=()) for w in WORKS]
    assert [r.work.title for r in sort_ranked(ranked, SortOrder.TITLE)] == ["Abba", "Zebra", "Åsa"]
    assert [r.work.year for r in sort_ranked(ranked, SortOrder.YEAR_DESC)] == [2012, 1999, None]
    assert [r.work.year for r in sort_ranked(ranked, SortOrder.YEAR_ASC)] == [1999, 2012, None]
    assert len(page_of(ranked, 2, 2)) == 1


def test_on_the_shelf_with_a_library_chosen_means_on_the_shelf_there() -> None:
    works = merge_records(
        [
            record(
                "4",
                "Borta",
                2001,
                Format.BOOK,
                [copy("Örebro", "Rosta"), copy("Nora", None, HoldingStatus.ON_LOAN)],
            ),
            record("5", "Hemma", 2002, Format.BOOK, [copy("Nora", None)]),
        ]
    )

    def kept(filters: Filters) -> set[str]:
        return {w.title for w in works if matches(w, filters)}

    assert kept(Filters(available=True)) == {"Borta", "Hemma"}
    assert kept(Filters(libraries=frozenset({"Nora"}), available=True)) == {"Hemma"}
    assert kept(Filters(libraries=frozenset({"Örebro / Rosta"}), available=True)) == {"Borta"}
