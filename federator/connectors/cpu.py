"""CPU-bound parsing off the event loop, on one dedicated thread.

One thread, not the default pool: under the GIL, thirteen threads parsing thirteen answers at
once are slower than one thread taking them in turn (bench/federated.py, 13 x 50 records:
165 ms with the default pool, 122 ms with this one, 105 ms parsing on the loop itself), while
the loop stays free to serve other requests either way.

The thread also hands freed memory back to the system (`federator.memory.trim`) when it has
nothing queued, at most every TRIM_INTERVAL_S, and at least every TRIM_AT_LEAST_S under
steady load: the trees it parses are most of what glibc would otherwise keep.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from federator.memory import trim

_P = ParamSpec("_P")
_T = TypeVar("_T")
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="federator-parse")
TRIM_INTERVAL_S = 1.0
TRIM_AT_LEAST_S = 10.0
_last_trim = 0.0
_queued = 0  # jobs submitted and not finished
_queued_lock = threading.Lock()


def _trim_now_and_then(idle: bool) -> None:
    """Called on the parse thread only, after each job: a trim waits for a moment with no
    answer queued."""
    global _last_trim
    since = time.monotonic() - _last_trim
    if since >= (TRIM_INTERVAL_S if idle else TRIM_AT_LEAST_S):
        _last_trim += since
        trim()


def _job(function: Callable[[], _T]) -> _T:
    global _queued
    try:
        return function()
    finally:
        with _queued_lock:
            _queued -= 1
            idle = _queued == 0
        _trim_now_and_then(idle)


async def run_cpu(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    global _queued
    loop = asyncio.get_running_loop()
    call = functools.partial(function, *args, **kwargs)
    with _queued_lock:
        _queued += 1
    return await loop.run_in_executor(_executor, _job, call)
