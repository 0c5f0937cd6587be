"""The cache index: every fetched record in tantivy, searchable per target, behind a sync API.

Callers run these methods in a worker thread (they do disk I/O); one `CacheWriter` owns the
single tantivy writer. Pitfalls handled (see tantivy 0.27 notes): tokenizers are registered on
every open; readers reload after each commit; an old or broken index of ours is a logged
rebuild rather than a crash, and a directory that is not ours is refused (`directory.py`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from federator.index import directory
from federator.index.codec import decode_record
from federator.index.schema import SCHEMA_VERSION, build_schema, register_tokenizers
from federator.index.terms import query_for
from federator.models import Query, SourceRecord

log = logging.getLogger(__name__)


def _open_or_rebuild(path: Path | None) -> tantivy.Index:
    schema = build_schema()
    if path is None:
        return tantivy.Index(schema)
    had_index = directory.claim(path, SCHEMA_VERSION)
    found = directory.marked_schema(path)
    if had_index and found != SCHEMA_VERSION:
        log.warning("cache index rebuilt", extra={"path": str(path), "reason": f"schema {found}"})
        directory.clear(path, SCHEMA_VERSION)
    # tantivy's writer lock is an OS lock, released when a process dies: a crashed process
    # leaves a file but no lock, so the files are left alone.
    try:
        index = tantivy.Index(schema, path=str(path), reuse=True)
        index.searcher()  # touches the segments: a corrupt index fails here, not mid-search
    except (OSError, ValueError) as exc:
        log.warning("cache index rebuilt", extra={"path": str(path), "reason": str(exc)})
        directory.clear(path, SCHEMA_VERSION)
        index = tantivy.Index(schema, path=str(path), reuse=False)
    directory.mark(path, SCHEMA_VERSION)
    return index


class CacheIndex:
    """Records come back as `SourceRecord.as_cached`: marked with when they were fetched."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path else None
        self.index = _open_or_rebuild(self.path)
        register_tokenizers(self.index)
        self.schema = self.index.schema
        self._written_elsewhere = False

    def follow_other_writer(self) -> None:
        """Another process holds the writer: reload before each search to see its commits."""
        self._written_elsewhere = True

    def lead(self) -> None:
        """This process holds the writer now (it took over from one that stopped)."""
        self._written_elsewhere = False

    @property
    def is_written_elsewhere(self) -> bool:
        return self._written_elsewhere

    def reload(self) -> None:
        self.index.reload()

    def _searcher(self) -> tantivy.Searcher:
        if self._written_elsewhere:
            self.index.reload()
        return self.index.searcher()

    def count(self) -> int:
        return int(self.index.searcher().num_docs)

    def _records(self, query: tantivy.Query, limit: int) -> list[SourceRecord]:
        searcher = self._searcher()
        found = []
        for _, address in searcher.search(query, limit).hits:
            document = searcher.doc(address)
            record = decode_record(bytes(document["record"][0]))
            fetched_at = datetime.fromtimestamp(float(document["fetched"][0]), UTC)
            found.append(record.as_cached(fetched_at))
        return found

    def search_target(self, target_id: str, query: Query, limit: int) -> list[SourceRecord]:
        """What this target's records in the cache say about the query (stale fallback)."""
        only_target = tantivy.Query.term_query(self.schema, "target", target_id)
        matching = query_for(self.index, self.schema, query)
        both = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, only_target), (tantivy.Occur.Must, matching)]
        )
        return self._records(both, limit)

    def search(self, query: Query, limit: int) -> list[SourceRecord]:
        """Every target's cached records for the query (offline search)."""
        return self._records(query_for(self.index, self.schema, query), limit)

    def matching(self, query: Query) -> int:
        """How many cached records (of every target) the query finds."""
        found = self._searcher().search(query_for(self.index, self.schema, query), 1, count=True)
        return int(getattr(found, "count", 0) or 0)

    def work_sources(self, work_id: str, limit: int = 200) -> list[SourceRecord]:
        return self._records(tantivy.Query.term_query(self.schema, "work_id", work_id), limit)

    def suggestions(self, prefix: str, limit: int = 10) -> list[str]:
        folded = prefix.casefold().strip()
        if len(folded) < 2:
            return []
        searcher = self._searcher()
        return [term for term, _ in searcher.terms_with_prefix("words", folded, limit=limit)]

    def vocabulary(self, starts_with: str, limit: int = 2000) -> list[tuple[str, int]]:
        pairs = self.index.searcher().terms_with_prefix("words", starts_with, limit=limit)
        return [(str(term), int(count)) for term, count in pairs]

    def oldest_first(self, limit: int) -> list[str]:
        searcher = self.index.searcher()
        hits = searcher.search(
            tantivy.Query.all_query(), limit, order_by_field="fetched", order=tantivy.Order.Asc
        ).hits
        return [searcher.doc(address)["key"][0] for _, address in hits]


def record_key(record: SourceRecord) -> str:
    return f"{record.target}\x1f{record.record_id}"
