"""Finished answers of recent searches, kept so a repeat is answered without merging again.

Pure and in-process: a bounded LRU of `SearchResult`s with a time to live, held by
`caching.SearchCache`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace

from federator.models import Query, QueryNode, SearchRequest, SearchResult, Target

QueryKey = tuple[QueryNode, bool]
MergedKey = tuple[SearchRequest, tuple[str, ...]]


class MergedResults:
    """Finished answers (merged, ranked, faceted, paged) of recent searches that every target
    answered, for `ttl_s`: a repeat is answered without merging again. Keyed by the whole
    request and the targets asked; new live answers to a query it was made from forget it
    (`forget`). This process's own, even with shared state: it holds objects, not bytes, and
    lives no longer than the answers it was made from (`ttl_s` <= the result cache's)."""

    def __init__(self, ttl_s: float, capacity: int) -> None:
        self.ttl_s, self.capacity = ttl_s, capacity
        self._entries: OrderedDict[MergedKey, tuple[float, frozenset[QueryKey], SearchResult]]
        self._entries = OrderedDict()

    @staticmethod
    def key(request: SearchRequest, targets: Iterable[Target]) -> MergedKey:
        # The whole request: whatever it holds may change the answer, and it is echoed in it.
        return (replace(request, fresh=False), tuple(t.id for t in targets))

    def get(self, key: MergedKey, now: float) -> SearchResult | None:
        entry = self._entries.get(key)
        if entry is None or now - entry[0] > self.ttl_s:
            self._entries.pop(key, None)
            return None
        self._entries.move_to_end(key)
        return entry[2]

    def put(
        self, key: MergedKey, now: float, result: SearchResult, made_from: Iterable[Query] = ()
    ) -> None:
        queries = frozenset(_query_key(q) for q in (key[0].query, *made_from))
        self._entries[key] = (now, queries, result)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def forget(self, query: Query) -> None:
        asked = _query_key(query)
        for key in [k for k, (_, queries, _) in self._entries.items() if asked in queries]:
            del self._entries[key]


def _query_key(query: Query) -> QueryKey:
    # The tree, not the text: what the catalogues were asked.
    return (query.root, query.is_expert_cql)
