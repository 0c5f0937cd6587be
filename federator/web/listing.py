"""The result list's controls: chosen filters as removable chips, facet links that toggle (a
chosen value's link removes it, so nothing is ever in the address twice), "Mitt bibliotek" (a
cookie, no account), and where each hit is on the shelf at the libraries the patron chose.

Library values travel by stable id (`nora-bibliotek`, `nora-bibliotek/GYT`); names still work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from federator.facets import holding_places
from federator.models import Holding, Target
from federator.normalise import swedish_sort_key
from federator.params import library_names, library_place

FILTERS = ("library", "format", "language", "year_from", "year_to", "available")
MY_LIBRARY_COOKIE = "my_library"
_DROPPED = {"page", "fresh", "lang"}  # never part of a link to another view of the search


@dataclass(frozen=True, slots=True, kw_only=True)
class Chip:
    kind: str  # library | format | language | year | available
    value: str  # what the template names (a library's name, a format code, "1870-1879")
    remove_url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Availability:
    place: str  # a library, or "library / branch"
    copies: int
    on_shelf: int


class Listing:
    """Links and chips for one results page; `path` is the page's own (never a raw one)."""

    def __init__(
        self, path: str, params: Sequence[tuple[str, str]], targets: Sequence[Target]
    ) -> None:
        self.path = path
        self.params = [(k, v) for k, v in params if k not in _DROPPED and v.strip()]
        self.targets = targets
        self.names = library_names(targets)
        self.ids = {name: library_id for library_id, name in self.names.items()}
        self.branch_ids = {
            f"{b.library} / {b.name}": f"{b.library_id}/{b.code}"
            for t in targets
            for b in t.branches
            if b.library_id and b.name != b.library
        }

    def url(self, params: Iterable[tuple[str, str]]) -> str:
        return f"{self.path}?{urlencode(list(params))}"

    def _resolved(self, key: str, value: str) -> str:
        if key == "library":
            return library_place(value.strip(), self.targets)
        return value.strip().lower() if key == "language" else value.strip()

    def _parts(self) -> list[tuple[str, str]]:
        """The parameters, comma lists split, as the parser reads them."""
        return [
            (k, part) if k in ("library", "format", "language") else (k, v)
            for k, v in self.params
            for part in (v.split(",") if k in ("library", "format", "language") else [v])
            if part.strip()
        ]

    def is_chosen(self, name: str, value: str) -> bool:
        if name == "year":
            first, _, last = value.partition("-")
            return ("year_from", first) in self.params and ("year_to", last) in self.params
        key = "library" if name == "library" else name
        wanted = self._resolved(key, value)
        return any(k == key and self._resolved(k, v) == wanted for k, v in self._parts())

    def _without(self, key: str, value: str | None = None) -> list[tuple[str, str]]:
        kept = []
        for k, v in self._parts():
            if k == "page" or (k == key and (value is None or self._resolved(k, v) == value)):
                continue
            kept.append((k, v))
        return kept

    def facet_url(self, name: str, value: str) -> str:
        """Adds the value; for a chosen one, removes it."""
        if name == "year":
            first, _, last = value.partition("-")
            kept = [(k, v) for k, v in self._parts() if k not in ("year_from", "year_to", "page")]
            chosen = self.is_chosen(name, value)
            return self.url(kept if chosen else [*kept, ("year_from", first), ("year_to", last)])
        if self.is_chosen(name, value):
            return self.url(self._without(name, self._resolved(name, value)))
        shown = self.ids.get(value) or self.branch_ids.get(value, value)
        return self.url([*self._without("page"), (name, shown if name == "library" else value)])

    def toggle_url(self, key: str, value: str = "1") -> str:
        """A flag filter (available) on or off."""
        kept = self._without(key)
        return self.url(kept if any(k == key for k, _ in self._parts()) else [*kept, (key, value)])

    def chips(self) -> list[Chip]:
        found: list[Chip] = []
        for key, value in self._parts():
            if key in ("library", "format", "language"):
                resolved = self._resolved(key, value)
                if not any(c.kind == key and c.value == resolved for c in found):
                    found.append(
                        Chip(kind=key, value=resolved, remove_url=self.facet_url(key, value))
                    )
            elif key == "available" and value.lower() in ("1", "true", "yes", "on"):
                found.append(Chip(kind=key, value="", remove_url=self.url(self._without(key))))
        years = dict((k, v) for k, v in self._parts() if k in ("year_from", "year_to"))
        if years:
            kept = [(k, v) for k, v in self._parts() if k not in ("year_from", "year_to", "page")]
            span = f"{years.get('year_from', '')}-{years.get('year_to', '')}"
            found.append(Chip(kind="year", value=span, remove_url=self.url(kept)))
        return found

    def clear_url(self) -> str:
        return self.url((k, v) for k, v in self._parts() if k not in (*FILTERS, "page"))

    def permalink(self) -> str:
        """The search itself, in a stable order: a link that repeats it (page 1)."""
        return self.url(sorted(self._without("page")))

    def my_library(self, cookie: str | None) -> tuple[str, str] | None:
        """(id, name) of the patron's library from the cookie, if it is one of ours."""
        return (cookie, self.names[cookie]) if cookie and cookie in self.names else None

    def libraries(self) -> list[tuple[str, str]]:
        """Every library, (id, name), in Swedish order, for the "Mitt bibliotek" choice."""
        return sorted(self.names.items(), key=lambda item: swedish_sort_key(item[1]))


def availability(holdings: Iterable[Holding], places: Sequence[str]) -> list[Availability]:
    """Copies and copies on the shelf now at each chosen place, in the order chosen."""
    counted = {place: [0, 0] for place in places}
    for holding in holdings:
        for place in holding_places(holding) & counted.keys():
            counted[place][0] += 1
            counted[place][1] += holding.is_available
    return [Availability(place=p, copies=c, on_shelf=s) for p, (c, s) in counted.items()]
