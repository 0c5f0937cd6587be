"""The HTML pages: search, record, ILL staff view, about, accessibility statement, OpenSearch.

Server-rendered with Jinja2 (autoescaping on, so a catalogue's `<script>` is text); they work
without JavaScript. Every visible string goes through `_()` (federator.web.i18n).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from federator.groups import main_author
from federator.models import Holding, SearchResult, TargetState, Work
from federator.params import FIELD_PARAMS, ParamError, has_search, library_names, search_request
from federator.service import SearchService
from federator.web import encode, export, ill_words
from federator.web.field_errors import field_error
from federator.web.i18n import gettext, local_date, local_number, locale_var, ngettext, pick_locale
from federator.web.listing import MY_LIBRARY_COOKIE, Listing, availability
from federator.web.notices import notices
from federator.web.results import GroupedResult, grouped_search
from federator.xmlsafe import xml_text

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
    "ill": ill_words,  # the ILL workbench's wording, shared with its request text and CSV
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
    error = context.get("field_error")
    covers = _service(request).settings.pages.cover_url
    body = _ENV.get_template(template).render(
        locale=locale,
        cover_enabled=bool(covers),
        cover_url=lambda work: cover_src(covers, work),
        switch_url=_switch_url(request, locale),
        q=request.query_params.get("q", "")[:1000],
        fields=fields,
        advanced_open=any(fields.values()) or bool(error and error.is_advanced),
        **context,
    )
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") in ("sv", "en"):
        response.set_cookie("lang", locale, max_age=31_536_000, samesite="lax")
    return response


def cover_src(template: str, work: Work) -> str | None:
    """The cover image's address by the work's first ISBN, or None (no covers, no ISBN)."""
    if not template or not work.isbns:
        return None
    return template.replace("{isbn}", quote(work.isbns[0], safe=""))


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
        problem = field_error(exc)
        return render(request, "search.html", status_code=400, field_error=problem)
    grouped = await grouped_search(service, search)
    return render(request, "search.html", **_result_context(request, grouped))


def _chosen_places(request: Request, listing: Listing, result: SearchResult) -> list[str]:
    """Where the patron wants to know about copies: the chosen libraries, else theirs."""
    chosen = sorted(result.request.filters.libraries)
    if chosen:
        return chosen
    mine = listing.my_library(request.cookies.get(MY_LIBRARY_COOKIE))
    return [mine[1]] if mine else []


def _result_context(request: Request, grouped: GroupedResult) -> dict[str, Any]:
    result = grouped.result
    listing = Listing(
        own_path(request), request.query_params.multi_items(), _service(request).settings.targets
    )
    places = _chosen_places(request, listing, result)
    return {
        "result": result,
        "groups": grouped.groups,
        "total_groups": grouped.total_groups,
        "query_text": _query_text(request),
        "answered": sum(1 for t in result.targets if t.state is TargetState.OK),
        "not_answered": [t for t in result.targets if t.state is not TargetState.OK],
        "page": grouped.request.page,
        "page_size": grouped.request.page_size,
        "pages": grouped.pages,
        "page_url": lambda number: _url(request, page=str(number)),
        "facet_url": listing.facet_url,
        "is_chosen": listing.is_chosen,
        "chips": listing.chips(),
        "clear_url": listing.clear_url(),
        "permalink": listing.permalink(),
        "available_url": listing.toggle_url("available"),
        "only_available": result.request.filters.available,
        "places": places,
        "availability": lambda holdings: availability(holdings, places),
        "my_library": listing.my_library(request.cookies.get(MY_LIBRARY_COOKIE)),
        "libraries": listing.libraries(),
        "back_url": listing.url(listing.params),
        "sort": result.request.sort.value,
        "keep_params": [
            (k, v) for k, v in request.query_params.multi_items() if k not in ("sort", "page")
        ],
        "fewer_words": _fewer_words(request),
        **notices(result, _url(request, drop=("page", "fresh"), literal="1")),
    }


def _fewer_words(request: Request) -> list[tuple[str, str]]:
    """For a search that found nothing: the same search without one of its words."""
    words = (request.query_params.get("q") or "").split()
    if len(words) < 2 or len(words) > 6:
        return []
    shorter = [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))]
    return [(text, _url(request, drop=("page",), q=text)) for text in dict.fromkeys(shorter)]


async def my_library(request: Request) -> Response:
    """Remember (or forget) the patron's library in a cookie, then go back to where they were."""
    chosen = request.query_params.get("library", "")
    names = library_names(_service(request).settings.targets)
    back = request.query_params.get("back", "/")
    if not back.startswith("/") or back.startswith(("//", "/\\")):
        back = "/"  # only our own pages: never a link to another site
    response = RedirectResponse(back, status_code=303)
    if chosen in names:
        response.set_cookie(
            MY_LIBRARY_COOKIE, chosen, max_age=31_536_000, samesite="lax", httponly=True
        )
    else:
        response.delete_cookie(MY_LIBRARY_COOKIE)
    return response


def _by_library(work: Work, first: str | None) -> list[tuple[str, list[Holding]]]:
    grouped: dict[str, list[Holding]] = {}
    for holding in work.holdings:
        grouped.setdefault(holding.library, []).append(holding)
    return sorted(grouped.items(), key=lambda item: (item[0] != first, item[0]))


async def _work_or_404(request: Request) -> Work | Response:
    work_id = request.path_params["id"].removesuffix(".csv")
    work = await _service(request).work(work_id)
    if work is None:
        return render(
            request,
            "error.html",
            status_code=404,
            title=gettext("Not found"),
            message=gettext("This record is no longer among what we have saved. Search again."),
        )
    return work


def _permalink(request: Request, work: Work) -> str:
    return f"{request.state.public_url}/record/{work.id}"


async def record_page(request: Request) -> Response:
    work = await _work_or_404(request)
    if isinstance(work, Response):
        return work
    targets = _service(request).settings.targets
    mine = Listing("/", (), targets).my_library(request.cookies.get(MY_LIBRARY_COOKIE))
    url = _permalink(request, work)
    return render(
        request,
        "record.html",
        work=work,
        by_library=_by_library(work, mine[1] if mine else None),
        my_library=mine,
        coins=export.coins(work),
        editions_url=_editions_url(work),
        json_ld=encode.schema_org(work, url, _HTML_LANG.get(work.language or "")),
    )


def _editions_url(work: Work) -> str:
    """A search for the work's other editions and formats: its title and main author."""
    author = main_author(work.authors)
    params = [("title", work.title)] + ([("author", author.name)] if author else [])
    return f"/search?{urlencode(params)}"


async def record_export(request: Request) -> Response:
    """The work as RIS, BibTeX, CSL-JSON or MARCXML, as a download."""
    fmt = request.path_params["format"]
    if fmt not in ("ris", "bib", "json", "xml"):
        raise HTTPException(404)
    work = await _work_or_404(request)
    if isinstance(work, Response):
        return work
    url = _permalink(request, work)
    if fmt == "json":
        media, body = (
            "application/vnd.citationstyles.csl+json",
            json.dumps(encode.csl_json(work, url), ensure_ascii=False, indent=1),
        )
    elif fmt == "xml":
        media, body = "application/marcxml+xml", export.marcxml(work)
    else:
        media, build = export.EXPORTS[fmt]
        body = build(work, url)
    headers = {"Content-Disposition": f'attachment; filename="{work.id}.{fmt}"'}
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)


async def about_page(request: Request) -> Response:
    settings = _service(request).settings
    targets = [
        {"name": t.name, "libraries": sorted({b.library for b in t.branches} - {t.name})}
        for t in settings.enabled_targets
    ]
    return render(
        request, "about.html", targets=targets, max_age_days=round(settings.cache.max_age_s / 86400)
    )


ACCESSIBILITY_REVIEWED = date(2026, 12, 1)  # change with the statement's "known problems"


async def accessibility_page(request: Request) -> Response:
    return render(request, "accessibility.html", reviewed=ACCESSIBILITY_REVIEWED)


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
