"""Query-string parameters of /api/v1/search -> a `SearchRequest`, or a ParamError (HTTP 400)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from federator.models import Filters, Format, SearchRequest, SortOrder, Target
from federator.query import QueryError, expert_query, fielded_query

MAX_PAGE_SIZE = 100
MAX_FILTER_VALUES = 20
FIELD_PARAMS = ("title", "author", "subject", "isbn", "year")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ParamError(ValueError):
    """A bad request parameter; the message names it."""


class Params:
    """Read access to a multi-valued query string (Starlette's QueryParams fits)."""

    def __init__(self, single: Mapping[str, str], multi: Mapping[str, Sequence[str]]) -> None:
        self.single, self.multi = single, multi

    def text(self, name: str) -> str | None:
        value = self.single.get(name)
        return value if value is not None and value.strip() else None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ParamError(f"{name} must be a whole number, not {raw[:40]!r}") from None
        if not low <= value <= high:
            raise ParamError(f"{name} must be between {low} and {high}, got {value}")
        return value

    def values(self, name: str) -> list[str]:
        found = [v.strip() for raw in self.multi.get(name, []) for v in raw.split(",") if v.strip()]
        if len(found) > MAX_FILTER_VALUES:
            raise ParamError(f"at most {MAX_FILTER_VALUES} values for {name}")
        return found


def _query(params: Params) -> tuple[object, ...]:
    cql, text = params.text("cql"), params.text("q")
    fields = {name: params.text(name) for name in FIELD_PARAMS}
    if cql and (text or any(fields.values())):
        raise ParamError("give either cql or q and field parameters, not both")
    if cql:
        return (expert_query(cql),)
    if not text and not any(fields.values()):
        raise ParamError("a search needs q, cql or one of " + ", ".join(FIELD_PARAMS))
    return (fielded_query(text, **fields),)


def _formats(params: Params) -> frozenset[Format]:
    formats = set()
    for value in params.values("format"):
        try:
            formats.add(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            raise ParamError(f"format must be one of {allowed}, not {value[:40]!r}") from None
    return frozenset(formats)


def _flag(params: Params, name: str) -> bool:
    raw = (params.text(name) or "").lower()
    if raw not in _TRUE | _FALSE:
        raise ParamError(f"{name} must be true or false, not {raw[:40]!r}")
    return raw in _TRUE


def _targets(params: Params, known: Sequence[Target]) -> tuple[str, ...] | None:
    wanted = params.values("targets")
    if not wanted:
        return None
    unknown = sorted(set(wanted) - {t.id for t in known})
    if unknown:
        raise ParamError(f"unknown target id(s): {', '.join(unknown)}")
    return tuple(dict.fromkeys(wanted))


def _sort(params: Params) -> SortOrder:
    raw = params.text("sort") or SortOrder.RELEVANCE.value
    try:
        return SortOrder(raw)
    except ValueError:
        allowed = ", ".join(s.value for s in SortOrder)
        raise ParamError(f"sort must be one of {allowed}, not {raw[:40]!r}") from None


def search_request(params: Params, targets: Sequence[Target]) -> SearchRequest:
    try:
        (query,) = _query(params)
    except QueryError as exc:
        raise ParamError(str(exc)) from None
    year_from = params.integer("year_from", -1, 0, 9999)
    year_to = params.integer("year_to", -1, 0, 9999)
    filters = Filters(
        libraries=frozenset(params.values("library")),
        formats=_formats(params),
        languages=frozenset(v.lower() for v in params.values("language")),
        year_from=None if year_from < 0 else year_from,
        year_to=None if year_to < 0 else year_to,
        available=_flag(params, "available"),
    )
    return SearchRequest(
        query=query,  # type: ignore[arg-type]
        target_ids=_targets(params, targets),
        filters=filters,
        sort=_sort(params),
        page=params.integer("page", 1, 1, 1000),
        page_size=params.integer("page_size", 20, 1, MAX_PAGE_SIZE),
        fresh=_flag(params, "fresh"),
    )
