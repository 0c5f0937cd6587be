"""One Z39.50 search on a ZOOM connection (a new one, or one an earlier search to the same
target left open), advanced only by the reactor thread.

ZOOM's asynchronous mode queues connect, init, search and presents as tasks and reports progress
as events; this class turns those events into phases with their own timeouts, and the finished
connection into plain values (bytes and numbers) that can cross to the event loop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from federator.z3950 import zoom

if TYPE_CHECKING:
    from federator.z3950.zoom import ConnectionP, RecordP, ResultsetP

# The requests a search sends, in order; every one after these is a present.
_PHASES = ("init", "search")


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoomRequest:
    host: str
    port: int
    options: tuple[tuple[str, str], ...]  # ZOOM connection options, credentials included
    pqf: str
    count: int  # records wanted; 0 asks for the hit count only
    page_size: int  # records per present; the first page comes piggybacked on the search
    record_type: str  # for ZOOM_record_get, e.g. "xml; charset=marc8,utf-8"
    connect_timeout_s: float
    response_timeout_s: float  # for each answer: init, search, every present
    deadline: float  # time.monotonic() by which the whole search ends

    def __repr__(self) -> str:  # options hold passwords: never print them
        return f"ZoomRequest(host={self.host!r}, port={self.port}, count={self.count})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoomFailure:
    code: int  # ZOOM_ERROR_* when diagset is "ZOOM", else the server's diagnostic number
    message: str
    addinfo: str
    diagset: str  # "ZOOM", "Bib-1", or another diagnostic set a server names
    phase: str  # connect, init, search or present: what was under way


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoomRecord:
    data: bytes | None  # rendered as the request's record_type; None if it could not be
    syntax: str  # the record syntax the server answered with ("USmarc", "XML", ...)
    database: str
    diagnostic: ZoomFailure | None = None  # a surrogate diagnostic sent instead of the record


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoomAnswer:
    hits: int | None  # None when the search itself never answered
    records: tuple[ZoomRecord, ...]  # in result-set order; fewer than asked when failure is set
    failure: ZoomFailure | None
    server: str | None  # implementation name and version from the init response
    cpu_s: float  # CPU time the reactor thread spent on this search
    reused: bool = False  # on a connection an earlier search left open: no connect, no init


class Job:
    """One search; on `idle`, a connection an earlier search of the same target left open (its
    init done), else a new one."""

    def __init__(self, request: ZoomRequest, idle: ConnectionP | None = None) -> None:
        self.request = request
        self.reused = idle is not None
        self.sent = len(_PHASES) - 1 if idle is not None else 0  # an open one needs no init
        self.phase = "search" if idle is not None else "connect"
        self.cpu_s = 0.0
        self._hits: int | None = None
        first_wait = request.response_timeout_s if idle is not None else request.connect_timeout_s
        self._phase_deadline = time.monotonic() + first_wait
        # ZOOM fetches `count` records, `presentChunk` at a time, the first chunk piggybacked.
        per_search = (
            ("count", str(request.count)),
            ("presentChunk", str(max(1, request.page_size))),
        )
        settings = (("async", "1"), *request.options, *per_search)
        for text in (request.host, request.pqf, *(t for pair in settings for t in pair)):
            text.encode()  # fail (a lone surrogate) before anything is allocated to leak
        if idle is not None:
            self.connection: ConnectionP | None = idle
            for name, value in per_search:
                zoom.option_set(idle, name, value)
        else:
            options = zoom.options_create()
            for name, value in settings:
                zoom.options_set(options, name, value)
            self.connection = zoom.connection_create(options)
            zoom.options_destroy(options)  # the connection holds its own reference
            zoom.connect(self.connection, request.host, request.port)
        self.resultset: ResultsetP | None = zoom.search_pqf(self.connection, request.pqf)

    def socket(self) -> tuple[int, int]:
        """(fd, ZOOM_SELECT_* mask) to poll; fd is -1 while there is nothing to wait for."""
        if self.connection is None:
            return -1, 0
        return zoom.get_socket(self.connection), zoom.get_mask(self.connection)

    def wake_at(self) -> float:
        return min(self._phase_deadline, self.request.deadline)

    def on_io(self, mask: int) -> None:
        if self.connection is not None:
            zoom.fire_event_socket(self.connection, mask)

    def step(self, now: float) -> ZoomAnswer | None:
        """Take ZOOM's events; the answer once the search has ended, well or badly."""
        connection = self.connection
        assert connection is not None, "a finished job is not stepped"
        while (event := zoom.next_event(connection)) != zoom.EVENT_NONE:
            self._on_event(event, connection, now)
        code, message, addinfo, diagset = zoom.error(connection)
        if code:
            failure = ZoomFailure(
                code=code, message=message, addinfo=addinfo, diagset=diagset, phase=self.phase
            )
            return self._answer(failure)
        if zoom.is_idle(connection):
            return self._answer(None)
        if now >= self.wake_at():
            return self._answer(self._timeout(now))
        return None

    def _on_event(self, event: int, connection: ConnectionP, now: float) -> None:
        if event == zoom.EVENT_CONNECT:
            # A kept connection the server had closed: ZOOM connects again, and inits first.
            self.sent, self.reused = 0, False
        elif event == zoom.EVENT_SEND_APDU:
            # One request out, one answer awaited: each gets the response timeout afresh.
            self.phase = _PHASES[self.sent] if self.sent < len(_PHASES) else "present"
            self.sent += 1
            self._phase_deadline = now + self.request.response_timeout_s
        elif event == zoom.EVENT_RECV_SEARCH and self.resultset is not None:
            self._hits = zoom.resultset_size(self.resultset)

    def _timeout(self, now: float) -> ZoomFailure:
        if self.phase == "connect":
            message = "no connection"
        else:
            message = f"no answer to the {self.phase}"
        if now < self._phase_deadline:  # the whole search's time ran out first
            message += " before the search's deadline"
        elif self.phase == "connect":
            message += f" within {self.request.connect_timeout_s:g} s"
        else:
            message += f" within {self.request.response_timeout_s:g} s"
        return ZoomFailure(
            code=zoom.ERROR_TIMEOUT, message=message, addinfo="", diagset="ZOOM", phase=self.phase
        )

    def _answer(self, failure: ZoomFailure | None) -> ZoomAnswer:
        server = None
        if self.connection is not None:  # ZOOM sets these options from the init response
            name = zoom.option_get(self.connection, "serverImplementationName") or ""
            version = zoom.option_get(self.connection, "serverImplementationVersion") or ""
            server = f"{name} {version}".strip() or None
        records = self._records()
        return ZoomAnswer(
            hits=self._hits,
            records=records,
            failure=failure,
            server=server,
            cpu_s=self.cpu_s,
            reused=self.reused,
        )

    def _records(self) -> tuple[ZoomRecord, ...]:
        if self.resultset is None or not self._hits:
            return ()
        found = []
        for position in range(min(self._hits, self.request.count)):
            record = zoom.record_immediate(self.resultset, position)
            if record is None:  # not arrived: the search failed before it
                break
            found.append(self._record(record))
        return tuple(found)

    def _record(self, record: RecordP) -> ZoomRecord:
        syntax = (zoom.record_get(record, "syntax") or b"").decode("ascii", "replace")
        database = (zoom.record_get(record, "database") or b"").decode("utf-8", "replace")
        code, message, addinfo, diagset = zoom.record_error(record)
        if code:
            diagnostic = ZoomFailure(
                code=code, message=message, addinfo=addinfo, diagset=diagset, phase="present"
            )
            return ZoomRecord(data=None, syntax=syntax, database=database, diagnostic=diagnostic)
        data = zoom.record_get(record, self.request.record_type)
        return ZoomRecord(data=data, syntax=syntax, database=database)

    def release(self) -> ConnectionP | None:
        """After a search that ended well: its result set destroyed, the connection handed over
        to be kept for the next search (None if it is not fit to be)."""
        connection = self.connection
        if self.resultset is not None:
            zoom.resultset_destroy(self.resultset)
            self.resultset = None
        if connection is None or zoom.error(connection)[0] or not zoom.is_idle(connection):
            self.close()
            return None
        self.connection = None
        return connection

    def close(self) -> None:
        """Destroy the result set (its records with it) and the connection; safe to repeat."""
        if self.resultset is not None:
            zoom.resultset_destroy(self.resultset)
            self.resultset = None
        if self.connection is not None:
            zoom.connection_destroy(self.connection)
            self.connection = None
