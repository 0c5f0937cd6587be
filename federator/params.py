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
    Grouping,
    Query,
    SearchRequest,
    SortOrder,
    Target,
    Understanding,
)
from federator.query import (
    MAX_QUERY_CHARS,
    QueryError,
    QueryProblem,
    expert_query,
    fielded_query,
)
from federator.understand import understand

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_FILTER_VALUES = 20
FIELD_PARAMS = ("title", "author", "subject", "isbn", "year")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ParamError(ValueError):
    """A bad request parameter; `param` names it, the message says what is wrong (in English,
    for the API and logs); `problem` is a code the pages turn into a translated message:
    missing, conflict, too_long, empty, too_many_terms, invalid, syntax, not_a_number,
    out_of_range, unknown_value, too_many_values, repeated."""

    def __init__(self, param: str, message: str, problem: str = "invalid") -> None:
        super().__init__(message)
        self.param = param
        self.problem = problem


def _text(params: QueryParams, name: str) -> str | None:
    given = params.getlist(name)
    if len(set(given)) > 1:  # "sort=title&sort=x": which one was meant? Say so, do not guess.
        raise ParamError(name, f"{name} is given more than once", "repeated")
    value = given[0] if given else None
    return value if value is not None and value.strip() else None


def _integer(params: QueryParams, name: str, low: int, high: int) -> int | None:
    raw = params.get(name)
    if raw is None or not raw.strip():
        return None  # an HTML form sends its empty fields: empty means not given (OpenAPI)
    try:
        value = int(raw)
    except ValueError:
        message = f"{name} must be a whole number, not {raw[:40]!r}"
        raise ParamError(name, message, "not_a_number") from None
    if not low <= value <= high:
        message = f"{name} must be between {low} and {high}, got {value}"
        raise ParamError(name, message, "out_of_range")
    return value


def _values(params: QueryParams, name: str) -> list[str]:
    found = [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]
    if len(found) > MAX_FILTER_VALUES:
        raise ParamError(name, f"at most {MAX_FILTER_VALUES} values for {name}", "too_many_values")
    return found


def has_search(params: QueryParams) -> bool:
    """Does the query string ask for a search at all (or is it an empty search page)?"""
    return any(_text(params, name) for name in ("q", "cql", *FIELD_PARAMS))


def _query(params: QueryParams, literal: bool) -> tuple[Query, Understanding | None]:
    """Expert CQL as written; free text and fields as understood, or as typed (`literal`)."""
    cql, text = _text(params, "cql"), _text(params, "q")
    fields = {name: _text(params, name) for name in FIELD_PARAMS}
    if cql and (text or any(fields.values())):
        message = "give either cql or q and field parameters, not both"
        raise ParamError("cql", message, "conflict")
    if not cql and not text and not any(fields.values()):
        message = "a search needs q, cql or one of " + ", ".join(FIELD_PARAMS)
        raise ParamError("q", message, "missing")
    try:
        if cql:
            return expert_query(cql), None
        if literal:
            return fielded_query(text, **fields), None
        return understand(text, **fields)
    except QueryError as exc:
        param = exc.param or ("cql" if cql else "q")
        raise ParamError(param, str(exc), _problem(exc, params.get(param) or "")) from None


def _problem(exc: QueryError, value: str) -> str:
    if len(value) > MAX_QUERY_CHARS:
        return "too_long"
    return {
        QueryProblem.EMPTY_TERM: "empty",
        QueryProblem.TOO_MANY_TERMS: "too_many_terms",
        QueryProblem.INVALID_TERM: "invalid",
    }.get(exc.problem, "syntax")


def _formats(params: QueryParams) -> frozenset[Format]:
    formats = set()
    for value in _values(params, "format"):
        try:
            formats.add(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            message = f"format must be one of {allowed}, not {value[:40]!r}"
            raise ParamError("format", message, "unknown_value") from None
    return frozenset(formats)


def _flag(params: QueryParams, name: str) -> bool:
    raw = (_text(params, name) or "").lower()
    if raw not in _TRUE | _FALSE:
        message = f"{name} must be true or false, not {raw[:40]!r}"
        raise ParamError(name, message, "unknown_value")
    return raw in _TRUE


def _targets(params: QueryParams, known: Sequence[Target]) -> tuple[str, ...] | None:
    wanted = _values(params, "targets")
    if not wanted:
        return None
    unknown = sorted(set(wanted) - {t.id for t in known})
    if unknown:
        message = f"unknown target id(s): {', '.join(unknown)}"
        raise ParamError("targets", message, "unknown_value")
    return tuple(dict.fromkeys(wanted))


def _sort(params: QueryParams) -> SortOrder:
    raw = _text(params, "sort") or SortOrder.RELEVANCE.value
    try:
        return SortOrder(raw)
    except ValueError:
        allowed = ", ".join(s.value for s in SortOrder)
        message = f"sort must be one of {allowed}, not {raw[:40]!r}"
        raise ParamError("sort", message, "unknown_value") from None


def library_names(targets: Sequence[Target]) -> dict[str, str]:
    """Each library's stable id -> its display name, from the configured branches."""
    return {b.library_id: b.library for t in targets for b in t.branches if b.library_id}


def library_place(value: str, targets: Sequence[Target]) -> str:
    """A library filter value -> the name facets match: an id ("nora-bibliotek"), a branch by
    id and code ("nora-bibliotek/GYT"), or, as before ids, the name ("Nora bibliotek")."""
    names = library_names(targets)
    if value in names:
        return names[value]
    library_id, _, code = value.partition("/")
    if code and " / " not in value and library_id in names:
        for branch in (b for t in targets for b in t.branches):
            if branch.library_id == library_id and branch.code == code:
                return f"{branch.library} / {branch.name}"
    return value


def _grouping(params: QueryParams) -> Grouping:
    raw = _text(params, "group") or Grouping.EDITION.value
    try:
        return Grouping(raw)
    except ValueError:
        allowed = ", ".join(g.value for g in Grouping)
        message = f"group must be one of {allowed}, not {raw[:40]!r}"
        raise ParamError("group", message, "unknown_value") from None


def search_request(params: QueryParams, targets: Sequence[Target]) -> SearchRequest:
    filters = Filters(
        libraries=frozenset(library_place(v, targets) for v in _values(params, "library")),
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
        grouping=_grouping(params),
        understanding=understanding,
        literal=literal,
    )
