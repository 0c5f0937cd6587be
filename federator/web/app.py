"""The Starlette app: factory, lifespan (one aiohttp session, one search service) and API v1.

Every error an API client sees has one shape, {"error": {"code", "message"}}; no HTML and no
traceback ever reaches it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypedDict
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from federator.config import Settings, config_path, load_settings
from federator.models import Grouping, SearchRequest, TargetOutcome
from federator.params import ParamError, search_request
from federator.search import open_session
from federator.service import Overloaded, SearchService, arrange, new_search_id
from federator.shared import shared_state
from federator.web import encode, ill_api, ill_exports, ill_pages, pages
from federator.web.i18n import gettext
from federator.web.limits import Limits
from federator.web.metrics import Metrics
from federator.web.openapi import openapi_document
from federator.web.pages import render
from federator.web.protocol import (
    MAX_HEADER_BYTES,
    protocol_with_header_timeout,
    set_worker_header_timeout,
)
from federator.web.results import grouped_search
from federator.web.sru_endpoint import answer as sru_answer

log = logging.getLogger(__name__)
_OVERLOADED = "too many searches at once; please try again in a moment"


class State(TypedDict):
    service: SearchService
    metrics: Metrics
    public_url: str  # links we write point here, never at a request's Host header


DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def _service(request: Request) -> SearchService:
    service: SearchService = request.state.service
    return service


def _json(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> encode.ORJSONResponse:
    return encode.ORJSONResponse(content, status_code=status_code, headers=headers)


def _search_request(request: Request) -> SearchRequest | Response:
    """The search the query string asks for, or the 400 that says what is wrong with it."""
    try:
        return search_request(request.query_params, _service(request).settings.targets)
    except ParamError as exc:
        return _json(encode.error("bad_request", str(exc)), 400)


async def api_search(request: Request) -> Response:
    search = _search_request(request)
    if isinstance(search, Response):
        return search
    if search.grouping is Grouping.WORK:
        grouped = await grouped_search(_service(request), search)
        result = grouped.result
        body = encode.grouped_result(
            result, search, grouped.groups, grouped.total_groups, explain=search.explain
        )
    else:
        result = await _service(request).search(search)
        body = encode.search_result(result, explain=search.explain)
    return _json(body, headers={"X-Search-Id": result.search_id})


def _event(name: str, data: Any) -> bytes:
    return b"event: %b\ndata: %b\n\n" % (name.encode(), encode.dumps(data))


async def api_search_stream(request: Request) -> Response:
    """Server-Sent Events: one `target` event per catalogue as it answers, then `result`."""
    service = _service(request)
    search = _search_request(request)
    if isinstance(search, Response):
        return search
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if service.is_busy:
        # Decided before the stream starts: the cache answers it whole, or Overloaded is a 503.
        result = await service.search(search)
        body = _event("result", encode.search_result(result, explain=search.explain))
        return Response(body, media_type="text/event-stream", headers=headers)
    return StreamingResponse(
        _events(service, search), media_type="text/event-stream", headers=headers
    )


async def _events(service: SearchService, search: SearchRequest) -> AsyncIterator[bytes]:
    search_id = new_search_id()
    arrived: asyncio.Queue[TargetOutcome | None] = asyncio.Queue()
    task = asyncio.create_task(
        service.search(search, on_outcome=arrived.put_nowait, search_id=search_id)
    )
    task.add_done_callback(lambda _: arrived.put_nowait(None))
    so_far: list[TargetOutcome] = []
    try:
        while (outcome := await arrived.get()) is not None:
            yield _event("target", encode.target_status(outcome.status))
            if outcome.records:
                # The best results so far, merged and ranked: the page shows them at once.
                so_far.append(outcome)
                _, partial = await asyncio.to_thread(arrange, search, list(so_far), search_id)
                yield _event("partial", encode.search_result(partial))
        try:
            result = await task
        except Overloaded:
            yield _event("error", encode.error("overloaded", _OVERLOADED))
            return
        yield _event("result", encode.search_result(result, explain=search.explain))
    finally:
        if not task.done():  # the browser went away: stop asking the catalogues for it
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Overloaded):
                await task


async def api_record(request: Request) -> Response:
    work = await _service(request).work(request.path_params["id"])
    if work is None:
        message = "no such record: not in recent searches nor in the cache"
        return _json(encode.error("not_found", message), 404)
    return _json(encode.record(work))


async def api_suggest(request: Request) -> Response:
    text = (request.query_params.get("q") or "")[:200]
    return _json({"query": text, "suggestions": await _service(request).complete(text)})


async def api_targets(request: Request) -> Response:
    return _json([encode.target_overview(o) for o in await _service(request).overview()])


async def sru(request: Request) -> Response:
    if request.method == "POST":
        form = await request.form()
        params = {k: str(v) for k, v in form.items()}
    else:
        params = dict(request.query_params)
    body = await sru_answer(_service(request), params, request.state.public_url)
    return Response(body, media_type="application/xml; charset=utf-8")


async def openapi(request: Request) -> Response:
    return _json(openapi_document())


async def health(request: Request) -> Response:
    """Alive; "degraded" (still 200: searches go on) when the cache index cannot be written or
    the shared state cannot be reached (each process then uses its own)."""
    service = _service(request)
    cache = service.cache.health()
    shared = await service.shared.health()
    status = "degraded" if cache["failing"] or not shared["reachable"] else "ok"
    targets = len(service.settings.enabled_targets)
    return _json({"status": status, "targets": targets, "cache": cache, "shared": shared})


async def metrics(request: Request) -> Response:
    body = await request.state.metrics.render(_service(request))
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(
        ("/api/", "/sru", "/openapi")
    ) and "text/html" in request.headers.get("accept", "")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})  # 405 carries Allow
    if _wants_html(request):
        found = exc.status_code != 404
        title = gettext("Something went wrong") if found else gettext("Not found")
        message = (
            gettext("Please try again in a moment.")
            if found
            else gettext("There is no page at this address.")
        )
        response = render(
            request, "error.html", status_code=exc.status_code, title=title, message=message
        )
        response.headers.update(headers)
        return response
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return _json(encode.error(code, str(exc.detail)), exc.status_code, headers=headers)


async def _overloaded(request: Request, exc: Exception) -> Response:
    return _json(encode.error("overloaded", _OVERLOADED), 503, headers={"Retry-After": "2"})


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("request failed", extra={"path": request.url.path})
    return _json(
        encode.error("internal_error", "the server failed to answer; please try again"), 500
    )


class SecurityHeaders:
    """CSP without inline script, no MIME sniffing, no referrer leaking a patron's search."""

    def __init__(self, app: ASGIApp, image_origin: str = "") -> None:
        """image_origin: the one other site images may come from ([pages] cover_url's)."""
        self.app = app
        images = f"img-src 'self' data: {image_origin}".rstrip()
        policy = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"{images}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
            await send(message)

        await self.app(scope, receive, with_headers)


class Cors(CORSMiddleware):
    """Starlette's CORS, with a refused preflight in the API's one error shape, not text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        kept = {
            k: v for k, v in response.headers.items() if k.startswith(("access-control", "vary"))
        }
        message = bytes(response.body).decode("utf-8", "replace")
        return _json(encode.error("cors_refused", message), 400, headers=kept)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if url else ""


def create_app(settings: Settings) -> Starlette:
    # Made here, opened in the lifespan (on the loop that serves): the rate limiter below and
    # the service share it.
    shared = shared_state(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        async with open_session(settings) as session:
            metrics = Metrics()
            metrics.watch(shared)
            await shared.open()
            service = SearchService(settings, session, observe=metrics.observe, shared=shared)
            try:
                public_url = settings.server.public_url or DEFAULT_PUBLIC_URL
                yield {"service": service, "metrics": metrics, "public_url": public_url}
            finally:
                await service.close()
                await shared.close()
                metrics.close()

    routes = [
        Route("/", pages.search_page),
        Route("/search", pages.search_page),
        Route("/record/{id}", pages.record_page),
        Route("/record/{id}/export.{format}", pages.record_export),
        Route("/my-library", pages.my_library),
        Route("/ill", ill_pages.ill_page),
        Route("/ill/record/{id}", ill_pages.ill_record_page),
        Route("/ill/record/{id}/copies.csv", ill_exports.ill_copies_csv),
        Route("/ill/record/{id}/iso18626.xml", ill_exports.ill_iso18626),
        Route("/about", pages.about_page),
        Route("/accessibility", pages.accessibility_page),
        Route("/tillganglighet", pages.accessibility_page),
        Route("/opensearch.xml", pages.opensearch),
        Route("/opensearch/suggest", pages.opensearch_suggest),
        Mount("/static", StaticFiles(packages=[("federator.web", "static")]), name="static"),
        Route("/api/v1/search", api_search),
        Route("/api/v1/search/stream", api_search_stream),
        Route("/api/v1/record/{id}", api_record),
        Route("/api/v1/targets", api_targets),
        Route("/api/v1/suggest", api_suggest),
        Route("/api/v1/ill/{id}", ill_api.api_ill),
        Route("/api/v1/availability/{id}", ill_api.api_availability),
        Route("/sru", sru, methods=["GET", "POST"]),
        Route("/openapi.json", openapi),
        Route("/health", health),
        Route("/metrics", metrics),
    ]
    middleware = [
        Middleware(Limits, settings=settings.limits, rates=shared.rates),
        Middleware(SecurityHeaders, image_origin=_origin(settings.pages.cover_url)),
        Middleware(Cors, allow_origins=["*"], allow_methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: _http_error,
            Overloaded: _overloaded,
            Exception: _server_error,
        },
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """What uvicorn must know of our settings: whose forwarded headers to believe (nobody's
    by default: uvicorn itself would believe 127.0.0.1's), the request-head deadline and
    size (federator/web/protocol.py), and our own logging."""
    proxies = settings.server.trusted_proxies
    return {
        "log_config": None,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies) if proxies else "",
        "http": protocol_with_header_timeout(settings.server.header_timeout_s),
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
    }


def tune_gc() -> None:
    """For a serving process, once its app is built. A search allocates some 100,000 objects,
    nearly all freed by reference counting, yet at the default threshold (700) they set off
    ~40 collections a search, 2-4 % of its CPU (bench/federated.py); at 50,000 none do.
    What startup built (modules, settings, templates) is frozen: never garbage, never rescanned.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def app_from_environment() -> Starlette:
    """For worker processes: the app from FEDERATOR_CONFIG (federator serve --workers N)."""
    path = config_path(None)
    if path is None:
        raise RuntimeError("FEDERATOR_CONFIG is not set")
    settings = load_settings(path)
    set_worker_header_timeout(settings.server.header_timeout_s)
    app = create_app(settings)
    tune_gc()
    return app
