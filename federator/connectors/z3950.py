"""The Z39.50 connector: the query as PQF, the search through the ZOOM reactor thread, and the
records (MARCXML, converted from ISO 2709 and MARC-8 by YAZ) through the SRU connector's own
mapping, so a catalogue gives the same `SourceRecord`s by either protocol.

Paging is ZOOM's: the first page piggybacked on the search response, the rest by present, one
page at a time. A later page lost costs only the records after it (a warning), as with SRU.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from federator.connectors.base import SearchOutcome
from federator.connectors.cpu import run_cpu
from federator.connectors.records import map_records
from federator.errors import (
    TargetError,
    TargetProtocolError,
    TargetQueryUnsupported,
    TargetTimeout,
    TargetUnavailable,
    TargetZ3950Diagnostic,
)
from federator.models import Query, SourceRecord, Target
from federator.pqf import PqfUnsupportedError, render_pqf
from federator.query import fielded_query
from federator.sru.response import SruRecord
from federator.xmlsafe import XmlError, parse_xml
from federator.z3950 import reactor, zoom
from federator.z3950.job import ZoomFailure, ZoomRecord, ZoomRequest
from federator.z3950.options import Z3950Options

log = logging.getLogger(__name__)

# For `targets check`: a word nearly every Swedish catalogue has, so a record syntax shows.
PROBE = fielded_query("och")


@dataclass(frozen=True, slots=True, kw_only=True)
class Z3950Check:
    """What `targets check` shows for a Z39.50 target: it took an init and answered a search."""

    target: str
    server: str | None  # implementation name and version from the init response
    database: str  # the database the records came from (else the one configured)
    record_syntax: str | None  # as the server labelled the probe's record; None without hits
    hits: int | None


def _request(
    target: Target, options: Z3950Options, pqf: str, count: int, deadline: float | None
) -> ZoomRequest:
    now = time.monotonic()
    total = now + target.timeout_s
    if deadline is not None:  # the caller's deadline is in event-loop time
        total = min(total, now + deadline - asyncio.get_running_loop().time())
    return ZoomRequest(
        host=options.host,
        port=options.port,
        options=tuple(options.zoom_options().items()),
        pqf=pqf,
        count=count,
        page_size=min(target.page_size, max(count, 1)),
        record_type=options.record_type,
        connect_timeout_s=options.connect_timeout_s or target.connect_timeout_s,
        response_timeout_s=options.response_timeout_s or target.timeout_s,
        deadline=total,
    )


def target_error(failure: ZoomFailure) -> TargetError:
    """A ZOOM error or a server's diagnostic -> the connector error of the same meaning."""
    if failure.diagset == "HTTP":  # YAZ reads an HTTP answer even on a Z39.50 connection
        return TargetProtocolError(
            f"an HTTP answer ({failure.code} {failure.message}) where Z39.50 was expected"
        )
    if failure.diagset != "ZOOM":
        return TargetZ3950Diagnostic(
            failure.code, failure.message or None, failure.addinfo or None, diagset=failure.diagset
        )
    code, phase = failure.code, failure.phase
    if code == zoom.ERROR_TIMEOUT:
        return TargetTimeout(failure.message)
    if code == zoom.ERROR_CONNECT:
        return TargetUnavailable(f"cannot connect to {failure.addinfo or 'the catalogue'}")
    if code == zoom.ERROR_CONNECTION_LOST:
        return TargetUnavailable(f"the catalogue closed the connection during the {phase}")
    if code == zoom.ERROR_INIT:
        return TargetUnavailable("the catalogue refused the Z39.50 init (user, password, group?)")
    if code in (zoom.ERROR_UNSUPPORTED_QUERY, zoom.ERROR_INVALID_QUERY):
        return TargetQueryUnsupported(f"the catalogue cannot take this query: {failure.message}")
    if code == zoom.ERROR_DECODE:
        # A cut-off answer and garbage look alike to YAZ's decoder (ODR: "element=... offset=...").
        return TargetProtocolError(
            f"unreadable answer to the {phase} (cut off, or not Z39.50): {failure.addinfo}"
        )
    return TargetProtocolError(f"{failure.message} during the {phase} {failure.addinfo}".strip())


def map_zoom_records(
    records: tuple[ZoomRecord, ...], target: Target
) -> tuple[list[SourceRecord], list[str]]:
    """ZOOM's rendered records -> `SourceRecord`s; a bad record costs only itself (a warning)."""
    parsed: list[SruRecord] = []
    warnings: list[str] = []
    for position, record in enumerate(records, start=1):
        if record.diagnostic is not None:
            error = target_error(record.diagnostic)
            warnings.append(f"record {position} was replaced by a diagnostic: {error}")
            continue
        if record.data is None:
            warnings.append(f"record {position} ({record.syntax}) could not be read as MARC")
            continue
        try:
            xml = parse_xml(record.data)
        except XmlError as exc:
            warnings.append(f"skipped record {position}: {exc}")
            continue
        warnings += list(xml.repairs)
        # No identifier: a record without 001 is then named by the hash of its MARCXML, as the
        # SRU connector names it, so both protocols give it the same id.
        parsed.append(SruRecord(payload=xml.root, schema=None, position=position, identifier=None))
    mapped, mapping_warnings = map_records(tuple(parsed), target)
    return mapped, warnings + mapping_warnings


async def search(
    target: Target,
    options: Z3950Options,
    query: Query,
    *,
    max_records: int | None = None,
    deadline: float | None = None,
) -> SearchOutcome:
    """One Z39.50 search; every failure comes out as a TargetError."""
    try:
        pqf = render_pqf(query, dict(options.attributes))
    except PqfUnsupportedError as exc:
        raise TargetQueryUnsupported(str(exc)) from None
    limit = min(max_records or target.max_records, target.max_records)
    answer = await reactor.run(_request(target, options, pqf, limit, deadline))
    # Parsing is CPU work, like SRU's: off the loop, on the one parse thread.
    records, warnings = await run_cpu(map_zoom_records, answer.records, target)
    if answer.failure is not None:
        error = target_error(answer.failure)
        if not answer.records:
            raise error
        warnings.append(f"records from {len(answer.records) + 1} on were lost: {error}")
    unique = _first_of_each_id(records)
    if len(unique) < len(records):
        warnings.append(f"dropped {len(records) - len(unique)} records with a repeated record id")
    log.debug("z3950 search done", extra={"target": target.id, "hits": answer.hits})
    return SearchOutcome(
        target=target.id, hits=answer.hits, records=tuple(unique[:limit]), warnings=tuple(warnings)
    )


def _first_of_each_id(records: list[SourceRecord]) -> list[SourceRecord]:
    seen: set[str] = set()
    unique = []
    for record in records:
        if record.record_id not in seen:
            seen.add(record.record_id)
            unique.append(record)
    return unique


async def check(
    target: Target, options: Z3950Options, *, probe: Query = PROBE, deadline: float | None = None
) -> Z3950Check:
    """Init, one search for `probe`, one record: what `federator targets check` reports."""
    try:
        pqf = render_pqf(probe, dict(options.attributes))
    except PqfUnsupportedError as exc:
        raise TargetQueryUnsupported(str(exc)) from None
    answer = await reactor.run(_request(target, options, pqf, 1, deadline))
    if answer.failure is not None and not answer.records:
        raise target_error(answer.failure)
    first = answer.records[0] if answer.records else None
    return Z3950Check(
        target=target.id,
        server=answer.server,
        database=(first.database if first and first.database else options.database),
        record_syntax=first.syntax if first else None,
        hits=answer.hits,
    )
