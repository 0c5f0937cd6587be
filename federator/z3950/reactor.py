"""One thread that owns every ZOOM connection and drives them all with poll(); the event loop
only submits requests and awaits answers, so no ZOOM call ever runs on it or blocks it.

Why one thread, not a pool: ZOOM objects are not thread-safe, and asynchronous mode multiplexes
any number of connections, so one owner needs no locks and no search waits for a free worker.
A self-pipe wakes the thread for a new search or a cancellation; a cancelled or timed-out search
has its connection destroyed right there, in the thread that made it, and is never reused.

A search that ended well leaves its connection open for the next search to the same target
with the same options (up to KEPT_PER_TARGET, for KEEP_S): no connect, no init, about 10 ms
less a search (bench/z3950_vs_sru.py). One the server has closed meanwhile is dropped before
use, or, if it fails at once, the search runs again on a new connection.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import itertools
import os
import queue
import select
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from federator.z3950 import zoom
from federator.z3950.job import Job, ZoomAnswer, ZoomRequest

if TYPE_CHECKING:
    from federator.z3950.zoom import ConnectionP

Deliver = Callable[[ZoomAnswer | Exception], None]
KeptKey = tuple[str, int, tuple[tuple[str, str], ...]]  # host, port, connection options
_IDLE_WAIT_S = 60.0  # nothing to do: sleep until woken
KEEP_S = 30.0  # well inside the idle timeouts servers set (YAZ's frontend: an hour)
KEPT_PER_TARGET = 4
# What a kept connection the server closed meanwhile fails with, before any answer.
_GONE = frozenset({zoom.ERROR_CONNECTION_LOST, zoom.ERROR_CONNECT})


class Reactor:
    def __init__(self) -> None:
        self._inbox: queue.SimpleQueue[tuple[int, ZoomRequest | None, Deliver | None]]
        self._inbox = queue.SimpleQueue()
        self._ids = itertools.count(1)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._jobs: dict[int, tuple[Job, Deliver]] = {}  # the reactor thread's alone
        self._kept: dict[KeptKey, list[tuple[ConnectionP, float]]] = {}  # and so is this

    def submit(self, request: ZoomRequest, deliver: Deliver) -> int:
        """Start a search; `deliver` is called once, from the reactor thread, with its answer."""
        job_id = next(self._ids)
        self._post(job_id, request, deliver)
        return job_id

    def cancel(self, job_id: int) -> None:
        """End a search early: its connection is destroyed and nothing is delivered."""
        self._post(job_id, None, None)

    def _post(self, job_id: int, request: ZoomRequest | None, deliver: Deliver | None) -> None:
        self._inbox.put((job_id, request, deliver))
        self._wake()
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="federator-z3950", daemon=True
                )
                self._thread.start()

    def _wake(self) -> None:
        try:
            os.write(self._wake_write, b"\0")
        except BlockingIOError:
            pass  # the pipe is full of wake-ups already: the thread will look

    def _run(self) -> None:
        while True:
            self._take_inbox()
            now = time.monotonic()
            for job_id, (job, _) in list(self._jobs.items()):
                self._timed(job_id, job, functools.partial(job.step, now))
            self._drop_expired(now)
            self._wait()

    def _take_inbox(self) -> None:
        while True:
            try:
                job_id, request, deliver = self._inbox.get_nowait()
            except queue.Empty:
                return
            if request is not None and deliver is not None:
                self._start(job_id, request, deliver)
            elif job_id in self._jobs:
                job, _ = self._jobs.pop(job_id)
                job.close()

    def _start(
        self, job_id: int, request: ZoomRequest, deliver: Deliver, *, reuse: bool = True
    ) -> None:
        started = time.thread_time()
        kept = self._take_kept(_key(request), time.monotonic()) if reuse else None
        try:
            job = Job(request, kept)
        except Exception as exc:  # handed to the awaiting search, which reports it as a bug
            if kept is not None:
                zoom.connection_destroy(kept)
            deliver(exc)
            return
        job.cpu_s += time.thread_time() - started
        self._jobs[job_id] = (job, deliver)

    def _take_kept(self, key: KeptKey, now: float) -> ConnectionP | None:
        """The most recently kept connection for `key` that is still fit to search on."""
        kept = self._kept.get(key, [])
        while kept:
            connection, since = kept.pop()
            if now - since <= KEEP_S and _quiet(connection):
                return connection
            zoom.connection_destroy(connection)
        return None

    def _keep(self, key: KeptKey, connection: ConnectionP) -> None:
        kept = self._kept.setdefault(key, [])
        kept.append((connection, time.monotonic()))
        while len(kept) > KEPT_PER_TARGET:
            zoom.connection_destroy(kept.pop(0)[0])

    def _drop_expired(self, now: float) -> None:
        for key, kept in list(self._kept.items()):
            while kept and now - kept[0][1] > KEEP_S:  # kept in the order they were kept
                zoom.connection_destroy(kept.pop(0)[0])
            if not kept:
                del self._kept[key]

    def _timed(self, job_id: int, job: Job, action: Callable[[], ZoomAnswer | None]) -> None:
        """Run one ZOOM action of a job; deliver and destroy the job once it has its answer."""
        started = time.thread_time()
        result: ZoomAnswer | Exception | None
        try:
            result = action()
        except Exception as exc:  # one bad answer must not end the thread that serves them all
            result = exc
        job.cpu_s += time.thread_time() - started
        if result is None:
            return
        _, deliver = self._jobs.pop(job_id)
        if isinstance(result, ZoomAnswer) and job.reused and _gone(result):
            job.close()  # the server had closed it: the same search, once, on a new connection
            self._start(job_id, job.request, deliver, reuse=False)
            self._wake()  # a new job is stepped before its socket can be waited on
            return
        if isinstance(result, ZoomAnswer) and result.failure is None:
            connection = job.release()
            if connection is not None:
                self._keep(_key(job.request), connection)
        else:
            job.close()
        if isinstance(result, ZoomAnswer):
            result = dataclasses.replace(result, cpu_s=job.cpu_s)
        deliver(result)

    def _wait(self) -> None:
        poller = select.poll()
        poller.register(self._wake_read, select.POLLIN)
        by_fd: dict[int, tuple[int, Job]] = {}
        wake_at = time.monotonic() + _IDLE_WAIT_S
        for kept in self._kept.values():  # wake to close what has been kept long enough
            wake_at = min(wake_at, kept[0][1] + KEEP_S)
        for job_id, (job, _) in self._jobs.items():
            wake_at = min(wake_at, job.wake_at())
            fd, mask = job.socket()
            if fd < 0 or not mask:
                continue
            events = (select.POLLIN if mask & zoom.SELECT_READ else 0) | (
                select.POLLOUT if mask & zoom.SELECT_WRITE else 0
            )
            poller.register(fd, events)
            by_fd[fd] = (job_id, job)
        timeout_ms = max(0, int((wake_at - time.monotonic()) * 1000) + 1)
        for fd, events in poller.poll(timeout_ms):
            if fd == self._wake_read:
                _drain(fd)
            elif fd in by_fd:
                job_id, job = by_fd[fd]
                mask = _zoom_mask(events)
                self._timed(job_id, job, functools.partial(job.on_io, mask))


def _key(request: ZoomRequest) -> KeptKey:
    return (request.host, request.port, request.options)


def _gone(answer: ZoomAnswer) -> bool:
    failure = answer.failure
    return (
        failure is not None
        and failure.diagset == "ZOOM"
        and failure.code in _GONE
        and answer.hits is None
    )


def _quiet(connection: ConnectionP) -> bool:
    """An idle connection has nothing to read: readable means the server closed it (or sent
    something unasked), so it is not searched on."""
    fd = zoom.get_socket(connection)
    if fd < 0:
        return False
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return not poller.poll(0)


def _zoom_mask(events: int) -> int:
    # Hang-up still leaves data to read (a server that answers and closes): read, don't abort.
    mask = zoom.SELECT_READ if events & (select.POLLIN | select.POLLHUP) else 0
    if events & select.POLLOUT:
        mask |= zoom.SELECT_WRITE
    if events & (select.POLLERR | select.POLLNVAL):
        mask |= zoom.SELECT_EXCEPT
    return mask


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


_reactor = Reactor()


async def run(request: ZoomRequest) -> ZoomAnswer:
    """One search through the shared reactor. Cancelling the await ends the search there too."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[ZoomAnswer] = loop.create_future()

    def deliver(result: ZoomAnswer | Exception) -> None:
        try:
            loop.call_soon_threadsafe(_settle, future, result)
        except RuntimeError:
            pass  # that event loop is closed: nobody waits for this answer any more

    job_id = _reactor.submit(request, deliver)
    try:
        return await future
    finally:
        # Cancelling this task cancels the future too: only an answer delivered means done.
        if future.cancelled() or not future.done():
            _reactor.cancel(job_id)


def _settle(future: asyncio.Future[ZoomAnswer], result: ZoomAnswer | Exception) -> None:
    if future.done():
        return
    if isinstance(result, Exception):
        future.set_exception(result)
    else:
        future.set_result(result)
