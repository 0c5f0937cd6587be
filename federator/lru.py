"""A bounded map whose entries last `ttl_s` from when they were put: the least recently used
go first when it is full. The clock is the caller's (`now`), so tests and callers agree."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TimedLru(Generic[K, V]):
    def __init__(self, ttl_s: float, capacity: int) -> None:
        self.ttl_s, self.capacity = ttl_s, capacity
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K, now: float) -> V | None:
        entry = self._entries.get(key)
        if entry is None or now - entry[0] > self.ttl_s:
            self._entries.pop(key, None)
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: K, now: float, value: V) -> None:
        self._entries[key] = (now, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def pop(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def drop_where(self, doomed: Callable[[V], bool]) -> None:
        for key in [k for k, (_, value) in self._entries.items() if doomed(value)]:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)
