"""Finished answers of recent searches, kept so a repeat is answered without merging again.

Pure and in-process: a bounded LRU of `SearchResult`s with a time to live, held by
`caching.SearchCache`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from federator.lru import TimedLru
from federator.models import Query, QueryNode, SearchRequest, SearchResult, Target

QueryKey = tuple[QueryNode, bool]
MergedKey = tuple[SearchRequest, tuple[str, ...]]


class MergedResults:
    """Finished answers (merged, ranked, faceted, paged) of recent searches that every target
    answered, for `ttl_s`: a repeat is answered without merging again. Keyed by the whole
    request and the targets asked; new live answers to a query it was made from forget it
    (`forget`). This process's own, even with shared state: it holds objects, not bytes. It
    lives no longer than the answers it was made from: only answers fetched by the search
    that is kept are kept, and `ttl_s` is at most the result cache's."""

    def __init__(self, ttl_s: float, capacity: int) -> None:
        self._entries: TimedLru[MergedKey, tuple[frozenset[QueryKey], SearchResult]]
        self._entries = TimedLru(ttl_s, capacity)

    @staticmethod
    def key(request: SearchRequest, targets: Iterable[Target]) -> MergedKey:
        # The whole request: whatever it holds may change the answer, and it is echoed in it.
        return (replace(request, fresh=False), tuple(t.id for t in targets))

    def get(self, key: MergedKey, now: float) -> SearchResult | None:
        entry = self._entries.get(key, now)
        return entry[1] if entry is not None else None

    def put(
        self, key: MergedKey, now: float, result: SearchResult, made_from: Iterable[Query] = ()
    ) -> None:
        queries = frozenset(_query_key(q) for q in (key[0].query, *made_from))
        self._entries.put(key, now, (queries, result))

    def forget(self, query: Query) -> None:
        asked = _query_key(query)
        self._entries.drop_where(lambda entry: asked in entry[0])


def _query_key(query: Query) -> QueryKey:
    # The tree, not the text: what the catalogues were asked.
    return (query.root, query.is_expert_cql)
