"""Facets, filters, sorting and paging over ranked works. Pure functions of immutable input.

Facet counts are over the filtered works, so each count is what a click on it returns; a work
counts once per value however many copies it has there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from federator.models import (
    FacetValue,
    Filters,
    Holding,
    HoldingStatus,
    RankedWork,
    SortOrder,
    Work,
)
from federator.normalise import swedish_sort_key

BRANCH_SEPARATOR = " / "


def decade(year: int) -> str:
    return f"{year - year % 10}-{year - year % 10 + 9}"


def holding_places(holding: Holding) -> set[str]:
    """The library, and the "library / branch", a copy is at."""
    places = {holding.library}
    if holding.branch and holding.branch != holding.library:
        places.add(f"{holding.library}{BRANCH_SEPARATOR}{holding.branch}")
    return places


def _places(work: Work) -> set[str]:
    """Every library, and every "library / branch", holding the work."""
    return {place for holding in work.holdings for place in holding_places(holding)}


def _available_at(work: Work, places: frozenset[str]) -> bool:
    """A copy on the shelf now; with libraries chosen, at one of them (not anywhere)."""
    return any(
        h.status is HoldingStatus.AVAILABLE and (not places or places & holding_places(h))
        for h in work.holdings
    )


def matches(work: Work, filters: Filters) -> bool:
    if filters.libraries and not filters.libraries & _places(work):
        return False
    if filters.formats and work.format not in filters.formats:
        return False
    if filters.languages and not filters.languages & set(work.languages):
        return False
    if filters.year_from is not None and (work.year is None or work.year < filters.year_from):
        return False
    if filters.year_to is not None and (work.year is None or work.year > filters.year_to):
        return False
    return not filters.available or _available_at(work, filters.libraries)


def _counted(counter: Counter[str], key_order: str = "count") -> list[tuple[str, int]]:
    if key_order == "value":
        return sorted(counter.items(), key=lambda item: item[0], reverse=True)
    return sorted(counter.items(), key=lambda item: (-item[1], swedish_sort_key(item[0])))


def _values(counter: Counter[str], key_order: str = "count") -> tuple[FacetValue, ...]:
    return tuple(FacetValue(value=v, count=n) for v, n in _counted(counter, key_order))


def facet_counts(works: Iterable[Work]) -> tuple[tuple[str, tuple[FacetValue, ...]], ...]:
    libraries: Counter[str] = Counter()
    branches: dict[str, Counter[str]] = {}
    formats: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for work in works:
        for place in _places(work):
            library, _, branch = place.partition(BRANCH_SEPARATOR)
            if branch:
                branches.setdefault(library, Counter())[branch] += 1
            else:
                libraries[library] += 1
        formats[work.format.value] += 1
        languages.update(set(work.languages))
        if work.year is not None:
            years[decade(work.year)] += 1
    library_values = tuple(
        FacetValue(value=name, count=count, children=_values(branches.get(name, Counter())))
        for name, count in _counted(libraries)
    )
    return (
        ("library", library_values),
        ("format", _values(formats)),
        ("language", _values(languages)),
        ("year", _values(years, "value")),
    )


def sort_ranked(ranked: list[RankedWork], order: SortOrder) -> list[RankedWork]:
    """Relevance keeps rank's order; the others are stable on it, unknown years last."""
    if order is SortOrder.YEAR_DESC:
        return sorted(ranked, key=lambda r: (r.work.year is None, -(r.work.year or 0)))
    if order is SortOrder.YEAR_ASC:
        return sorted(ranked, key=lambda r: (r.work.year is None, r.work.year or 0))
    if order is SortOrder.TITLE:
        return sorted(ranked, key=lambda r: swedish_sort_key(r.work.title))
    return ranked


def page_of(items: list[RankedWork], page: int, page_size: int) -> tuple[RankedWork, ...]:
    start = (page - 1) * page_size
    return tuple(items[start : start + page_size])
