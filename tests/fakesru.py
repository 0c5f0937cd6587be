"""An in-process SRU server for fault injection (tests only): every way a catalogue misbehaves.

Real SRU behaviour is proven against zebrasrv and yaz-ztest (tests/realservers); this server
exists to be slow, dead, broken, huge and hostile on demand.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from xml.sax.saxutils import escape

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.connectors.marc_builders import controlfield, datafield, marc_record

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def sample_records(count: int, prefix: str = "rec") -> list[str]:
    return [
        marc_record(
            controlfield("001", f"{prefix}{n}"),
            datafield("245", ("a", f"Bok nummer {n} :"), ("b", "roman")),
            datafield("100", ("a", "Lagerlöf, Selma,"), ("d", "1858-1940")),
        )
        for n in range(1, count + 1)
    ]


def sru_envelope(records: list[str], total: int | str, start: int, packing: str = "xml") -> bytes:
    body = "".join(
        "<zs:record><zs:recordSchema>marcxml</zs:recordSchema>"
        f"<zs:recordPacking>{packing}</zs:recordPacking>"
        f"<zs:recordData>{escape(r) if packing == 'string' else r}</zs:recordData>"
        f"<zs:recordPosition>{start + i}</zs:recordPosition></zs:record>"
        for i, r in enumerate(records)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/">'
        f"<zs:version>1.2</zs:version><zs:numberOfRecords>{total}</zs:numberOfRecords>"
        f"<zs:records>{body}</zs:records></zs:searchRetrieveResponse>"
    ).encode()


def diagnostic_envelope(number: int, message: str, details: str = "") -> bytes:
    return (
        '<zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version>'
        '<zs:diagnostics><diag:diagnostic xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/">'
        f"<diag:uri>info:srw/diagnostic/1/{number}</diag:uri><diag:details>{details}</diag:details>"
        f"<diag:message>{message}</diag:message></diag:diagnostic></zs:diagnostics>"
        "</zs:searchRetrieveResponse>"
    ).encode()


def paging_handler(
    records: list[str], *, page_cap: int | None = None, fail_from: int | None = None
) -> Handler:
    """Answers searchRetrieve like Zebra: numberOfRecords exact, startRecord 1-based."""

    async def handle(request: web.Request) -> web.Response:
        params = request.query if request.method == "GET" else await request.post()
        start = int(str(params.get("startRecord", "1")))
        maximum = int(str(params.get("maximumRecords", "0")))
        if page_cap is not None:
            maximum = min(maximum, page_cap)
        if fail_from is not None and start >= fail_from:
            return web.Response(status=503, text="busy")
        page = records[start - 1 : start - 1 + maximum]
        packing = str(params.get("recordPacking", params.get("recordXMLEscaping", "xml")))
        return web.Response(
            body=sru_envelope(page, len(records), start, packing), content_type="text/xml"
        )

    return handle


def fixed(body: bytes, status: int = 200, content_type: str = "text/xml") -> Handler:
    async def handle(request: web.Request) -> web.Response:
        return web.Response(body=body, status=status, content_type=content_type)

    return handle


def hanging(never: asyncio.Event) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        await never.wait()  # nobody sets it: the client's timeout is what ends this
        return web.Response(text="too late")

    return handle


def trickling(body: bytes, gap: asyncio.Event) -> Handler:
    """Sends the first byte, then waits forever: a server that answers byte by byte, slowly."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/xml"})
        await response.prepare(request)
        await response.write(body[:1])
        await gap.wait()
        return response

    return handle


def streaming(total_bytes: int, chunk: bytes = b"<x>" + b"a" * 65_533 + b"</x>") -> Handler:
    """A body of total_bytes, streamed without a Content-Length."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/xml"})
        await response.prepare(request)
        sent = 0
        try:
            await response.write(
                b"<zs:searchRetrieveResponse xmlns:zs='http://www.loc.gov/zing/srw/'>"
            )
            while sent < total_bytes:
                await response.write(chunk)
                sent += len(chunk)
        except (ConnectionResetError, RuntimeError):
            pass  # the client hung up at its cap: the point of the test
        return response

    return handle


def truncated(body: bytes) -> Handler:
    """Promises the whole body in Content-Length, sends half, closes the connection."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/xml", "Content-Length": str(len(body))}
        )
        await response.prepare(request)
        await response.write(body[: len(body) // 2])
        assert request.transport is not None
        request.transport.close()
        return response

    return handle


@asynccontextmanager
async def serve(handler: Handler) -> AsyncIterator[str]:
    """Run one handler on 127.0.0.1 (any path); yields its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/db"))
    finally:
        await server.close()
