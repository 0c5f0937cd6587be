"""The SRU connector: build a request, do the HTTP, hand the bytes to the pure parsers.

The caller owns the `aiohttp.ClientSession` (one per app) and the overall deadline; each request
here has the target's own timeouts and a body cap enforced while reading. Paging: the first page
tells numberOfRecords, then the remaining pages up to the target's max_records go in parallel.
SRU 1.2: https://www.loc.gov/standards/sru/ ; SRU 2.0: OASIS searchRetrieve part 3.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

import aiohttp

from federator.connectors.base import Gate, SearchOutcome
from federator.connectors.cpu import run_cpu
from federator.connectors.records import map_records
from federator.errors import (
    TargetDiagnostic,
    TargetError,
    TargetProtocolError,
    TargetQueryUnsupported,
    TargetTimeout,
    TargetUnavailable,
)
from federator.models import Query, SourceRecord, Target
from federator.query import UnmappedFieldError
from federator.sru.explain import ExplainInfo, parse_explain_response
from federator.sru.request import explain_params, search_params
from federator.sru.response import SruResponse, parse_search_response
from federator.widen import render_for_target

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 10_000_000
_CHUNK_BYTES = 64 * 1024
_ACCEPT = "application/sru+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


def _timeout(target: Target) -> aiohttp.ClientTimeout:
    # `connect` covers the DNS lookup too (sock_connect only the TCP connect); there is no
    # pool wait inside aiohttp to count, as each target's slots are our own (Gate).
    return aiohttp.ClientTimeout(
        total=target.timeout_s,
        connect=target.connect_timeout_s,
        sock_connect=target.connect_timeout_s,
        sock_read=target.timeout_s,
    )


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise TargetProtocolError(f"answer of {declared} bytes is over the {max_bytes}-byte limit")
    body = bytearray()
    async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
        body += chunk
        if len(body) > max_bytes:  # checked while reading: a 50 MB answer never sits in memory
            raise TargetProtocolError(f"answer is over the {max_bytes}-byte limit")
    return bytes(body)


def _http_error(status: int, reason: str | None, body: bytes) -> TargetError:
    try:  # SRU 2.0 servers may put a diagnostic in a 4xx answer
        diagnostics = parse_search_response(body).diagnostics
    except TargetError:
        diagnostics = ()
    if diagnostics:
        first = diagnostics[0]
        return TargetDiagnostic(first.uri, first.message, first.details)
    label = f"HTTP {status} {reason or ''}".strip()
    if status >= 500:
        return TargetUnavailable(f"{label} from the catalogue")
    return TargetProtocolError(f"{label}: not an SRU answer")


async def fetch(
    session: aiohttp.ClientSession,
    target: Target,
    params: dict[str, str],
    *,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    gate: Gate | None = None,
) -> bytes:
    """One SRU request; every failure comes out as a TargetError."""
    if gate is not None:
        async with gate.slot():
            return await _fetch(session, target, params, max_bytes)
    return await _fetch(session, target, params, max_bytes)


async def _fetch(
    session: aiohttp.ClientSession, target: Target, params: dict[str, str], max_bytes: int
) -> bytes:
    method = target.http_method.upper()
    options: dict[str, object] = {"timeout": _timeout(target), "headers": {"Accept": _ACCEPT}}
    options["data" if method == "POST" else "params"] = params
    try:
        async with session.request(method, target.url, **options) as response:  # type: ignore[arg-type]
            body = await _read_capped(response, max_bytes)
            if response.status >= 400:
                raise _http_error(response.status, response.reason, body)
            return body
    except aiohttp.ConnectionTimeoutError:  # before TimeoutError, which it is too
        raise TargetTimeout(f"no connection within {target.connect_timeout_s:g} s") from None
    except TimeoutError:
        raise TargetTimeout(f"no answer within {target.timeout_s:g} s") from None
    except aiohttp.ClientConnectorError as exc:
        raise TargetUnavailable(f"cannot connect: {exc.os_error.strerror or exc}") from None

    except aiohttp.ClientPayloadError as exc:
        raise TargetProtocolError(f"answer cut off: {exc}") from None
    except aiohttp.ClientError as exc:
        raise TargetUnavailable(f"connection failed: {type(exc).__name__} {exc}".strip()) from None


@dataclass(frozen=True, slots=True)
class _Page:
    answer: SruResponse  # without its records: their trees are gone once mapped
    got: int  # records the server sent (paging steps by it)
    records: list[SourceRecord]
    warnings: list[str]  # the mapping's


def _parse_and_map(body: bytes, target: Target) -> _Page:
    # One job on the parse thread: the answer's tree is freed as soon as it is mapped, not
    # kept while the other answers' envelopes are parsed (bench/memory.py).
    answer = parse_search_response(body)
    records, warnings = map_records(answer.records, target) if answer.records else ([], [])
    return _Page(replace(answer, records=()), len(answer.records), records, warnings)


async def fetch_page(
    session: aiohttp.ClientSession,
    target: Target,
    cql: str,
    start: int,
    maximum: int,
    *,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    gate: Gate | None = None,
) -> _Page:
    params = search_params(target, cql, start, maximum)
    body = await fetch(session, target, params, max_bytes=max_bytes, gate=gate)
    # Parsing is CPU work: a worker thread keeps the event loop serving other searches.
    page = await run_cpu(_parse_and_map, body, target)
    if page.answer.diagnostics and not page.got:
        first = page.answer.diagnostics[0]
        raise TargetDiagnostic(first.uri, first.message, first.details)
    return page


async def _later_page(
    session: aiohttp.ClientSession,
    target: Target,
    cql: str,
    start: int,
    maximum: int,
    max_bytes: int,
    gate: Gate | None,
) -> _Page | TargetError:
    try:
        return await fetch_page(
            session, target, cql, start, maximum, max_bytes=max_bytes, gate=gate
        )
    except TargetError as exc:  # a lost later page must not cost the pages we have
        return exc


def _page_starts(first: _Page, start: int, limit: int, page_size: int) -> list[int]:
    got, total = first.got, first.answer.number_of_records
    if total is None or got == 0:
        return []
    last = min(start + limit - 1, total)
    step = min(got, page_size)  # a server that caps pages below our ask shows its cap here
    return list(range(start + got, last + 1, step))


def _next_record(hits: int | None, start: int, received: int) -> int | None:
    """The position after the records received, if the catalogue holds more."""
    following = start + received
    return following if hits is not None and received and following <= hits else None


async def search(
    session: aiohttp.ClientSession,
    target: Target,
    query: Query,
    *,
    start: int = 1,
    max_records: int | None = None,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    gate: Gate | None = None,
) -> SearchOutcome:
    """Up to `max_records` (default: the target's) records from position `start` on, in
    pages of the target's page size, the pages after the first in parallel."""
    try:
        cql = render_for_target(query, target)
    except UnmappedFieldError as exc:
        raise TargetQueryUnsupported(str(exc)) from None
    limit = max_records or target.max_records
    first = await fetch_page(
        session, target, cql, start, min(target.page_size, limit), max_bytes=max_bytes, gate=gate
    )
    starts = _page_starts(first, start, limit, target.page_size)
    step = first.got
    end = start + limit  # the first position not asked for
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(
                _later_page(session, target, cql, page, min(step, end - page), max_bytes, gate)
            )
            for page in starts
        ]
    records = list(first.records)
    warnings = list(first.answer.warnings) + first.warnings
    received = first.got
    for page_start, task in zip(starts, tasks, strict=True):
        page = task.result()
        if isinstance(page, TargetError):
            warnings.append(f"records from {page_start} on were lost: {page}")
            continue
        received = page_start - start + page.got
        records += page.records
        warnings += list(page.answer.warnings) + page.warnings
    unique = _first_of_each_id(records)
    if len(unique) < len(records):
        warnings.append(f"dropped {len(records) - len(unique)} records with a repeated record id")
    return SearchOutcome(
        target=target.id,
        hits=first.answer.number_of_records,
        records=tuple(unique[:limit]),
        sru_version=first.answer.version,
        warnings=tuple(warnings),
        next_record=_next_record(first.answer.number_of_records, start, min(received, limit)),
    )


def _first_of_each_id(records: list[SourceRecord]) -> list[SourceRecord]:
    seen: set[str] = set()
    unique = []
    for record in records:
        if record.record_id not in seen:
            seen.add(record.record_id)
            unique.append(record)
    return unique


async def explain(
    session: aiohttp.ClientSession, target: Target, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> ExplainInfo:
    body = await fetch(session, target, explain_params(target), max_bytes=max_bytes)
    return parse_explain_response(body, target.id)
