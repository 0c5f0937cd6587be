"""Handing freed heap back to the system: glibc keeps what lxml's trees and tantivy's indexing
arena freed in its per-thread heaps, and that, not live objects, was the largest part of a
worker's RSS (bench/memory.py: 55 of 228 MiB after 200 searches). `trim()` is
`malloc_trim(0)`; where there is no glibc (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable


def _find_malloc_trim() -> Callable[[int], int] | None:
    try:
        found: Callable[[int], int] = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    return found


_malloc_trim = _find_malloc_trim()


def trim() -> None:
    """10-20 ms on a full heap; ctypes releases the GIL for it, so call it from a worker
    thread at a quiet moment, never on the event loop."""
    if _malloc_trim is not None:
        _malloc_trim(0)
