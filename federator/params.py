"""Search parameters -> a `SearchRequest`, or a ParamError naming the parameter (HTTP 400).

The one parser for the API, the pages and the command line (which passes its options as the
same parameters), so a search means the same wherever it is typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import QueryParams

from federator.models import (
    Filters,
    Format,
    Query,
    SearchRequest,
    SortOrder,
    Target,
    Understanding,
)
from federator.query import QueryError, expert_query, fielded_query
from federator.understand import understand

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_FILTER_VALUES = 20
FIELD_PARAMS = ("title", "author", "subject", "isbn", "year")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ParamError(ValueError):
    """A bad request parameter; `param` names it, the message says what is wrong."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def _text(params: QueryParams, name: str) -> str | None:
    value = params.get(name)
    return value if value is not None and value.strip() else None


def _integer(params: QueryParams, name: str, low: int, high: int) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:  # present but empty is not a number either: the API documents these as integers
        value = int(raw)
    except ValueError:
        raise ParamError(name, f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise ParamError(name, f"{name} must be between {low} and {high}, got {value}")
    return value


def _values(params: QueryParams, name: str) -> list[str]:
    found = [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]
    if len(found) > MAX_FILTER_VALUES:
        raise ParamError(name, f"at most {MAX_FILTER_VALUES} values for {name}")
    return found


def has_search(params: QueryParams) -> bool:
    """Does the query string ask for a search at all (or is it an empty search page)?"""
    return any(_text(params, name) for name in ("q", "cql", *FIELD_PARAMS))


def _query(params: QueryParams, literal: bool) -> tuple[Query, Understanding | None]:
    """Expert CQL as written; free text and fields as understood, or as typed (`literal`)."""
    cql, text = _text(params, "cql"), _text(params, "q")
    fields = {name: _text(params, name) for name in FIELD_PARAMS}
    if cql and (text or any(fields.values())):
        raise ParamError("cql", "give either cql or q and field parameters, not both")
    if not cql and not text and not any(fields.values()):
        raise ParamError("q", "a search needs q, cql or one of " + ", ".join(FIELD_PARAMS))
    try:
        if cql:
            return expert_query(cql), None
        if literal:
            return fielded_query(text, **fields), None
        return understand(text, **fields)
    except QueryError as exc:
        raise ParamError(exc.param or ("cql" if cql else "q"), str(exc)) from None


def _formats(params: QueryParams) -> frozenset[Format]:
    formats = set()
    for value in _values(params, "format"):
        try:
            formats.add(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            message = f"format must be one of {allowed}, not {value[:40]!r}"
            raise ParamError("format", message) from None
    return frozenset(formats)


def _flag(params: QueryParams, name: str) -> bool:
    given = params.get(name)
    if given is None:
        return False
    raw = given.strip().lower()  # present but empty is no answer: the API documents booleans
    if raw not in _TRUE | _FALSE:
        raise ParamError(name, f"{name} must be true or false, not {raw[:40]!r}")
    return raw in _TRUE


def _targets(params: QueryParams, known: Sequence[Target]) -> tuple[str, ...] | None:
    wanted = _values(params, "targets")
    if not wanted:
        return None
    unknown = sorted(set(wanted) - {t.id for t in known})
    if unknown:
        raise ParamError("targets", f"unknown target id(s): {', '.join(unknown)}")
    return tuple(dict.fromkeys(wanted))


def _sort(params: QueryParams) -> SortOrder:
    raw = _text(params, "sort") or SortOrder.RELEVANCE.value
    try:
        return SortOrder(raw)
    except ValueError:
        allowed = ", ".join(s.value for s in SortOrder)
        raise ParamError("sort", f"sort must be one of {allowed}, not {raw[:40]!r}") from None


def search_request(params: QueryParams, targets: Sequence[Target]) -> SearchRequest:
    filters = Filters(
        libraries=frozenset(_values(params, "library")),
        formats=_formats(params),
        languages=frozenset(v.lower() for v in _values(params, "language")),
        year_from=_integer(params, "year_from", 0, 9999),
        year_to=_integer(params, "year_to", 0, 9999),
        available=_flag(params, "available"),
    )
    literal = _flag(params, "literal")
    query, understanding = _query(params, literal)
    return SearchRequest(
        query=query,
        target_ids=_targets(params, targets),
        filters=filters,
        sort=_sort(params),
        page=_integer(params, "page", 1, 1000) or 1,
        page_size=_integer(params, "page_size", 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE,
        fresh=_flag(params, "fresh"),
        explain=_flag(params, "explain"),
        understanding=understanding,
        literal=literal,
    )
