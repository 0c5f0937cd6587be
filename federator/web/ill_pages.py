"""The interlibrary-loan staff pages: the search (`/ill`), the workbench of one work
(`/ill/record/{id}`), its copies as CSV and the chosen copy's ISO 18626 Request.

The staff's own library is chosen once (`?library=`, remembered in a cookie); every link and
form carries it too, so the pages and downloads work without the cookie and without
JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from federator.ill import IllOption
from federator.ill.request import field_values
from federator.models import Library
from federator.params import ParamError, search_request
from federator.web import ill_words as words
from federator.web.i18n import gettext, local_time
from federator.web.ill_views import (
    OWN_COOKIE,
    Workbench,
    all_libraries,
    own_library,
    workbench,
)
from federator.web.pages import _locale, _service, _work_or_404, render

_YEAR_S = 31_536_000


def _remember(request: Request, response: Response) -> Response:
    """?library= sets the cookie (an empty one clears it): chosen once, kept a year."""
    asked = request.query_params.get("library")
    if asked == "":
        response.delete_cookie(OWN_COOKIE)
    elif asked is not None and any(lib.id == asked for lib in _libraries(request)):
        response.set_cookie(OWN_COOKIE, asked, max_age=_YEAR_S, samesite="lax", httponly=True)
    return response


def _libraries(request: Request) -> tuple[Library, ...]:
    return all_libraries(_service(request).settings.targets)


def _chooser(request: Request) -> dict[str, Any]:
    libraries = _libraries(request)
    own, unknown = own_library(request.query_params, request.cookies, libraries)
    return {"own": own, "unknown_library": unknown, "libraries": libraries}


async def ill_page(request: Request) -> Response:
    _locale(request)
    context = {"search_action": "/ill", **_chooser(request)}
    if not request.query_params.get("q"):
        return _remember(request, render(request, "ill.html", **context))
    service = _service(request)
    # ?library= is the staff's own library here, not the search's library filter.
    params = QueryParams([(k, v) for k, v in request.query_params.multi_items() if k != "library"])
    try:
        search = search_request(params, service.settings.targets)
    except ParamError as exc:
        page = render(request, "ill.html", status_code=400, error=str(exc), **context)
        return _remember(request, page)
    result = await service.search(search)
    return _remember(request, render(request, "ill.html", result=result, **context))


def _links(bench: Workbench) -> dict[str, Any]:
    own = {"library": bench.own.id} if bench.own else {}
    base = f"/ill/record/{bench.work.id}"

    def pick(option: IllOption) -> str:
        return f"{base}?{urlencode({**own, 'copy': option.key})}#request-section"

    chosen = {"copy": bench.chosen.key} if bench.chosen else {}
    query = urlencode({**own, **chosen})
    return {
        "pick_url": pick,
        "csv_url": f"{base}/copies.csv?{urlencode(own)}",
        "xml_url": f"{base}/iso18626.xml?{query}",
        "json_url": f"/api/v1/ill/{bench.work.id}?{query}",
        "daia_url": f"/api/v1/availability/{bench.work.id}",
    }


# The request text in the order a person reads it: what, from whom, to whom, the request;
# each line still one field, one ISO 18626 element (ill.request.FIELDS).
TEXT_ORDER = (
    "title",
    "subtitle",
    "author",
    "edition",
    "publication_date",
    "isbns",
    "publisher",
    "publication_type",
    "supplier_description",
    "supplying_agency",
    "record_id",
    "call_number",
    "availability_note",
    "requesting_name",
    "requesting_agency",
    "requesting_email",
    "delivery_address",
    "service_type",
    "request_type",
    "request_id",
    "timestamp",
)


def request_text(bench: Workbench) -> str:
    if bench.request is None:
        return ""
    values = {name: text for name, _, text in field_values(bench.request)}
    return "\n".join(
        f"{words.request_label(name)}: {_shown(bench, name, values[name])}"
        for name in TEXT_ORDER
        if name in values
    )


def _shown(bench: Workbench, name: str, text: str) -> str:
    """ISO 18626's codes and times in the page's words; the XML keeps the codes."""
    assert bench.request is not None
    if name == "timestamp":
        return local_time(bench.request.timestamp)
    if name == "service_type":
        return gettext("Loan")
    if name == "request_type":
        return gettext("New request")
    if name == "publication_type":
        return words.format_word(bench.work.format)
    return text


def _mailto(bench: Workbench, text: str) -> str | None:
    if bench.chosen is None or not bench.chosen.library.ill_email:
        return None
    subject = gettext("Interlibrary loan request: %(title)s") % {"title": bench.work.title}
    query = urlencode({"subject": subject[:200], "body": text}, quote_via=quote)
    return f"mailto:{quote(bench.chosen.library.ill_email, safe='@')}?{query}"


async def workbench_of(request: Request) -> Workbench | Response:
    """The workbench of the work in the path, or its 404 page."""
    work = await _work_or_404(request)
    if isinstance(work, Response):
        return work
    service = _service(request)
    return await workbench(service, work, request.query_params, request.cookies)


async def ill_record_page(request: Request) -> Response:
    _locale(request)
    bench = await workbench_of(request)
    if isinstance(bench, Response):
        return bench
    text = request_text(bench)
    page = render(
        request,
        "ill_record.html",
        bench=bench,
        work=bench.work,
        text=text,
        mailto=_mailto(bench, text),
        checked_at=local_time(bench.now),
        unknown_library=own_library(request.query_params, request.cookies, bench.libraries)[1],
        search_action="/ill",
        **_links(bench),
    )
    return _remember(request, page)
