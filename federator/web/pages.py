"""The HTML pages: search, record, ILL staff view, about, accessibility statement, OpenSearch.

Server-rendered with Jinja2 (autoescaping on, so a catalogue's `<script>` is text); they work
without JavaScript. Every visible string goes through `_()` (federator.web.i18n).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from federator.ill import ill_options, options_csv
from federator.models import Holding, SearchResult, TargetState, Work
from federator.params import FIELD_PARAMS, ParamError, has_search, search_request
from federator.service import SearchService
from federator.web.i18n import gettext, local_date, local_number, locale_var, ngettext, pick_locale
from federator.web.notices import notices
from federator.xmlsafe import xml_text

FILTERS = ("library", "format", "language", "year_from", "year_to", "available")
_ENV = Environment(
    loader=PackageLoader("federator.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
)
_ENV.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
# ISO 639-2 (MARC) -> BCP 47 for lang attributes, so screen readers pronounce titles right.
_HTML_LANG = {
    "swe": "sv",
    "eng": "en",
    "ara": "ar",
    "som": "so",
    "fin": "fi",
    "per": "fa",
    "fas": "fa",
    "tir": "ti",
    "pol": "pl",
    "nor": "no",
    "dan": "da",
    "ger": "de",
    "fre": "fr",
    "spa": "es",
}


def _age(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 5400:
        return ngettext("%(num)s minute", "%(num)s minutes", max(1, round(seconds / 60))) % {
            "num": max(1, round(seconds / 60))
        }
    hours = round(seconds / 3600)
    return ngettext("%(num)s hour", "%(num)s hours", hours) % {"num": hours}


_ENV.globals |= {
    "number": local_number,
    "local_date": local_date,
    "age": _age,
    "html_lang": lambda code: _HTML_LANG.get(code or "", "und"),
}


def _locale(request: Request) -> str:
    chosen = pick_locale(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )
    locale_var.set(chosen)
    return chosen


def own_path(request: Request) -> str:
    """The path of this page, for links back to it: a matched route's, else the home page.

    Never the raw request path of an unknown page: "//evil.example/" would become a link
    to another site ("//" and "/\\" start a host name in browsers).
    """
    route = request.scope.get("route")
    path = request.url.path if isinstance(route, Route) else "/"
    return "/" + path.lstrip("/\\")


def _switch_url(request: Request, locale: str) -> str:
    other = "en" if locale == "sv" else "sv"
    keep = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if not isinstance(request.scope.get("route"), Route):
        keep = []  # an error page: its parameters are not ours to repeat
    return f"{own_path(request)}?{urlencode([*keep, ('lang', other)])}"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    locale = _locale(request)
    fields = {name: request.query_params.get(name) for name in FIELD_PARAMS}
    body = _ENV.get_template(template).render(
        locale=locale,
        switch_url=_switch_url(request, locale),
        q=request.query_params.get("q", "")[:1000],
        fields=fields,
        advanced_open=any(fields.values()),
        **context,
    )
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") in ("sv", "en"):
        response.set_cookie("lang", locale, max_age=31_536_000, samesite="lax")
    return response


def _service(request: Request) -> SearchService:
    service: SearchService = request.state.service
    return service


def _field_labels() -> dict[str, str]:
    return {
        "title": gettext("Title"),
        "author": gettext("Author"),
        "subject": gettext("Subject"),
        "isbn": gettext("ISBN"),
        "year": gettext("Year"),
    }


def _query_text(request: Request) -> str:
    labels = _field_labels()
    given = [name for name in FIELD_PARAMS if request.query_params.get(name)]
    parts = [request.query_params.get("q", "")]
    parts += [f"{labels[name]}: {request.query_params[name]}" for name in given]
    return " · ".join(p for p in parts if p)[:1000]


def _url(request: Request, drop: Iterable[str] = (), **changes: str) -> str:
    params = [
        (k, v) for k, v in request.query_params.multi_items() if k not in changes and k not in drop
    ]
    params += list(changes.items())
    return f"{own_path(request)}?{urlencode(params)}"


async def search_page(request: Request) -> Response:
    _locale(request)
    if not has_search(request.query_params):
        return render(request, "search.html")
    service = _service(request)
    try:
        search = search_request(request.query_params, service.settings.targets)
    except ParamError as exc:
        return render(request, "search.html", status_code=400, error=str(exc))
    result = await service.search(search)
    return render(request, "search.html", **_result_context(request, result))


def _result_context(request: Request, result: SearchResult) -> dict[str, Any]:
    size = result.request.page_size

    def facet_url(name: str, value: str) -> str:
        key = "library" if name == "library" else name
        if name == "year":
            first, _, last = value.partition("-")
            return _url(request, drop=("page",), year_from=first, year_to=last)
        params = list(request.query_params.multi_items()) + [(key, value)]
        return f"{own_path(request)}?{urlencode([(k, v) for k, v in params if k != 'page'])}"

    return {
        "result": result,
        "query_text": _query_text(request),
        "answered": sum(1 for t in result.targets if t.state is TargetState.OK),
        "page": result.request.page,
        "page_size": size,
        "pages": max(1, math.ceil(result.total / size)),
        "page_url": lambda number: _url(request, page=str(number)),
        "facet_url": facet_url,
        "sort": result.request.sort.value,
        "keep_params": [
            (k, v) for k, v in request.query_params.multi_items() if k not in ("sort", "page")
        ],
        "active_filters": any(request.query_params.get(k) for k in FILTERS),
        "clear_url": _url(request, drop=(*FILTERS, "page")),
        **notices(result, _url(request, drop=("page", "fresh"), literal="1")),
    }


def _by_library(work: Work) -> list[tuple[str, list[Holding]]]:
    grouped: dict[str, list[Holding]] = {}
    for holding in work.holdings:
        grouped.setdefault(holding.library, []).append(holding)
    return sorted(grouped.items())


async def _work_or_404(request: Request) -> Work | Response:
    work = await _service(request).work(request.path_params["id"].removesuffix(".csv"))
    if work is None:
        return render(
            request,
            "error.html",
            status_code=404,
            title=gettext("Not found"),
            message=gettext("This record is no longer in our cache. Search for it again."),
        )
    return work


async def record_page(request: Request) -> Response:
    work = await _work_or_404(request)
    if isinstance(work, Response):
        return work
    return render(request, "record.html", work=work, by_library=_by_library(work))


async def ill_page(request: Request) -> Response:
    _locale(request)
    if not request.query_params.get("q"):
        return render(request, "ill.html", search_action="/ill")
    service = _service(request)
    try:
        search = search_request(request.query_params, service.settings.targets)
    except ParamError as exc:
        return render(request, "ill.html", status_code=400, error=str(exc), search_action="/ill")
    return render(request, "ill.html", result=await service.search(search), search_action="/ill")


async def ill_record_page(request: Request) -> Response:
    work = await _work_or_404(request)
    if isinstance(work, Response):
        return work
    targets = {t.id: t for t in _service(request).settings.targets}
    options = ill_options(work, targets, date.today())
    if request.path_params["id"].endswith(".csv"):
        headers = {"Content-Disposition": f'attachment; filename="fjarrlan-{work.id}.csv"'}
        return Response(
            options_csv(work, options), media_type="text/csv; charset=utf-8", headers=headers
        )
    best = next((o for o in options if o.lendable), None)
    return render(
        request, "ill_record.html", work=work, options=options, best=best, search_action="/ill"
    )


async def about_page(request: Request) -> Response:
    settings = _service(request).settings
    targets = [
        {"name": t.name, "libraries": sorted({b.library for b in t.branches} - {t.name})}
        for t in settings.enabled_targets
    ]
    return render(
        request, "about.html", targets=targets, max_age_days=round(settings.cache.max_age_s / 86400)
    )


async def accessibility_page(request: Request) -> Response:
    return render(request, "accessibility.html")


async def opensearch(request: Request) -> Response:
    base = xml_text(request.state.public_url)  # configured: a Host header must not steer it
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">'
        "<ShortName>Bibliotek Örebro län</ShortName>"
        "<Description>Sök i alla bibliotek i Region Örebro län</Description>"
        "<InputEncoding>UTF-8</InputEncoding>"
        f'<Url type="text/html" template="{base}/search?q={{searchTerms}}"/>'
        '<Url type="application/x-suggestions+json" '
        f'template="{base}/opensearch/suggest?q={{searchTerms}}"/>'
        "</OpenSearchDescription>"
    )
    return Response(body, media_type="application/opensearchdescription+xml")


async def opensearch_suggest(request: Request) -> Response:
    """OpenSearch suggestions: ["text", ["completion", ...]]."""
    text = (request.query_params.get("q") or "")[:200]
    found = await _service(request).complete(text)
    return Response(
        json.dumps([text, found], ensure_ascii=False), media_type="application/x-suggestions+json"
    )
