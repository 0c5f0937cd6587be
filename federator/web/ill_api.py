"""API v1 for interlibrary loan: the workbench as JSON (`/api/v1/ill/{id}`) and each work's
availability in the DAIA shape (`/api/v1/availability/{id}`, by work id or ISBN), so another
system, or a library's own web page, can show "finns i länet" without scraping."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from federator.ill import ill_options
from federator.isbn import normalise_isbn
from federator.models import Work
from federator.params import ParamError, search_request
from federator.service import SearchService
from federator.web import encode, encode_ill
from federator.web.ill_pages import request_text
from federator.web.ill_views import fetch_now, workbench

_NOT_FOUND = "no such record: not in recent searches nor in the cache"


def _service(request: Request) -> SearchService:
    service: SearchService = request.state.service
    return service


async def api_ill(request: Request) -> Response:
    service = _service(request)
    work = await service.work(request.path_params["id"])
    if work is None:
        return JSONResponse(encode.error("not_found", _NOT_FOUND), 404)
    bench = await workbench(service, work, request.query_params, request.cookies)
    return JSONResponse(encode_ill.workbench(bench, request_text(bench)))


async def _works_by_isbn(service: SearchService, isbn: str) -> list[Work]:
    params = QueryParams({"isbn": isbn, "fresh": "1", "page_size": "100"})
    try:
        result = await service.search(search_request(params, service.settings.targets))
    except ParamError:
        return []
    return [r.work for r in result.results if isbn in r.work.isbns]


async def api_availability(request: Request) -> Response:
    service = _service(request)
    asked = request.path_params["id"]
    now = datetime.now(UTC)  # the catalogues are asked from here on
    isbn = normalise_isbn(asked.removeprefix("urn:isbn:"))
    if isbn is not None:
        works = await _works_by_isbn(service, isbn)
        unconfirmed: frozenset[str] = frozenset()
    else:
        work = await service.work(asked)
        if work is None:
            return JSONResponse(encode.error("not_found", _NOT_FOUND), 404)
        current, _, unconfirmed = await fetch_now(service, work)
        works = [current]
    targets = {t.id: t for t in service.settings.targets}
    public_url = request.state.public_url
    documents = [
        encode_ill.daia_document(
            w,
            ill_options(w, targets, today=now.date(), now=now, unconfirmed=unconfirmed),
            public_url,
            asked,
        )
        for w in works
    ]
    return JSONResponse(encode_ill.daia(documents, public_url, now))
