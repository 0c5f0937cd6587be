"""The one bounded map with a time to live (the result cache's and the finished answers')."""

from __future__ import annotations

from federator.lru import TimedLru


def test_entries_last_ttl_s_and_the_least_recently_used_go_first() -> None:
    lru: TimedLru[str, int] = TimedLru(ttl_s=10, capacity=2)
    lru.put("a", 0.0, 1)
    lru.put("b", 1.0, 2)
    assert lru.get("a", 5.0) == 1  # "a" is now the most recently used
    lru.put("c", 6.0, 3)
    assert lru.get("b", 6.0) is None and len(lru) == 2  # "b" went, not "a"
    assert lru.get("a", 10.0) == 1 and lru.get("a", 10.5) is None  # put at 0: gone after 10
    assert len(lru) == 1
    lru.put("d", 7.0, 4)
    lru.drop_where(lambda value: value % 2 == 1)
    assert lru.get("c", 8.0) is None and lru.get("d", 8.0) == 4
