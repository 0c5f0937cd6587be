"""A demo catalogue as an SRU server over HTTP (aiohttp), one per port like a real library system.

`delay_ms` makes a catalogue slow, so a user can watch partial results and per-target status.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from html import escape

from aiohttp import web

from federator.demo.catalogue import DemoIndex
from federator.models import SourceRecord
from federator.sru.server import (
    SruDiagnostic,
    SruRequest,
    diagnostic_response,
    dublin_core,
    explain_response,
    parse_request,
    search_response,
)

INDEXES = [
    ("cql", "serverChoice"),
    ("cql", "anywhere"),
    ("dc", "title"),
    ("dc", "creator"),
    ("dc", "subject"),
    ("dc", "date"),
    ("bath", "isbn"),
    ("bath", "issn"),
]
# What catalogue.py's search takes, said in explain (federator targets check reads it).
SUPPORTS = [("maskingCharacter", "*")]
XML = "text/xml"


def answer(
    index: DemoIndex, params: Mapping[str, str], host: str, port: int, database: str
) -> bytes:
    """One SRU request against one catalogue: the response body, diagnostics included."""
    try:
        request = parse_request(params)
        if request.operation == "explain":
            return explain_response(
                request,
                host=host,
                port=port,
                database=database,
                title=index.target.name,
                indexes=INDEXES,
                supports=SUPPORTS,
            )
        return _search(index, request)
    except SruDiagnostic as diagnostic:
        return diagnostic_response(params, diagnostic)


def _search(index: DemoIndex, request: SruRequest) -> bytes:
    found = index.search(request.query)
    if request.start > len(found) and found and request.maximum:
        raise SruDiagnostic(61, "First record position out of range", str(request.start))
    page = found[request.start - 1 : request.start - 1 + request.maximum]
    records = [e.xml if request.schema == "marcxml" else dublin_core(e.record) for e in page]
    return search_response(request, len(found), records)


def catalogue_app(index: DemoIndex, database: str, delay_ms: int = 0) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        if request.match_info["db"] != database:
            raise web.HTTPNotFound(
                text=f"no database {request.match_info['db']!r}; try /{database}"
            )
        params = (
            dict(request.query)
            if request.method == "GET"
            else {k: str(v) for k, v in (await request.post()).items()}
        )
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        host, port = request.url.host or "127.0.0.1", request.url.port or 80
        body = await asyncio.to_thread(answer, index, params, host, port, database)
        return web.Response(body=body, content_type=XML, charset="utf-8")

    async def record_page(request: web.Request) -> web.Response:
        entry = index.by_id(request.match_info["record_id"])
        if entry is None or request.match_info["db"] != database:
            raise web.HTTPNotFound(text="no such record in this catalogue")
        return web.Response(
            text=record_html(index.target.name, entry.record), content_type="text/html"
        )

    app = web.Application()
    app.router.add_route("GET", "/{db}", handle)
    app.router.add_route("POST", "/{db}", handle)
    app.router.add_route("GET", "/{db}/post/{record_id}", record_page)
    return app


def record_html(catalogue: str, record: SourceRecord) -> str:
    """The record in "the library's own catalogue": where a patron's reserve link lands."""
    rows = "".join(
        f"<tr><td>{escape(h.branch or h.library)}</td><td>{escape(h.call_number or '')}</td>"
        f"<td>{escape(h.raw_status or h.status.value)}</td></tr>"
        for h in record.holdings
    )
    authors = escape("; ".join(a.name for a in record.authors))
    return (
        '<!doctype html><html lang="sv"><meta charset="utf-8">'
        f"<title>{escape(record.title)}</title>"
        f"<p>{escape(catalogue)} (demo)</p><h1>{escape(record.title)}</h1><p>{authors}"
        f" {record.year or ''}</p><table><tr><th>Filial</th><th>Hylla</th><th>Status</th></tr>"
        f"{rows}</table><p><button disabled>Reservera</button> (demokatalog: ingen riktig "
        "reservation)</p></html>"
    )
