"""CPU-bound parsing off the event loop, on one dedicated thread.

One thread, not the default pool: under the GIL, thirteen threads parsing thirteen answers at
once are slower than one thread taking them in turn (bench/federated.py, 13 x 50 records:
165 ms with the default pool, 122 ms with this one, 105 ms parsing on the loop itself), while
the loop stays free to serve other requests either way.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="federator-parse")


async def run_cpu(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, functools.partial(function, *args, **kwargs))
