"""The one writer of the cache index: a thread that batches upserts, commits, reloads, prunes.

Searches hand records over with `submit` and go on; nothing waits on a commit except `flush`.
Several worker processes share one index by giving it to one of them (the others read):
tantivy allows one writer per directory, and a second would fail with LockBusy.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import tantivy

from federator.index.codec import encode_record
from federator.index.store import CacheIndex, record_key
from federator.isbn import isbn13_to_10
from federator.models import SourceRecord

log = logging.getLogger(__name__)
WRITER_HEAP_BYTES = 50_000_000
QUEUE_BATCHES = 1000
FLUSH_TIMEOUT_S = 60.0


@dataclass(slots=True)
class _Batch:
    records: list[SourceRecord]
    work_ids: dict[str, str]  # record key -> work id
    fetched_at: float


@dataclass(slots=True)
class _Flush:
    done: threading.Event = field(default_factory=threading.Event)


def document(record: SourceRecord, work_id: str | None, fetched_at: float) -> tantivy.Document:
    title = " ".join(p for p in (record.title, record.subtitle, record.part) if p)
    authors = " ".join(a.name for a in record.authors)
    subjects = " ".join(record.subjects)
    isbns = list(record.isbns) + [f for i in record.isbns if (f := isbn13_to_10(i))]
    fields: dict[str, object] = {
        "key": record_key(record),
        "target": record.target,
        "title": title,
        "author": authors,
        "subject": subjects,
        "any": " ".join(
            [
                title,
                authors,
                subjects,
                record.publisher or "",
                " ".join(record.series),
                " ".join(record.original_script),  # 880: found typed in its own script too
            ]
        ),
        "words": f"{title} {authors} {subjects}",  # what spelling corrections may offer
        "fetched": int(fetched_at),
        "record": encode_record(record),
    }
    if work_id:
        fields["work_id"] = work_id
    if isbns:
        fields["isbn"] = isbns
    if record.year is not None:
        fields["year"] = record.year
    return tantivy.Document(**fields)


class WriterBusy(RuntimeError):
    """Another process writes this index (tantivy allows one writer per directory)."""


class CacheWriter:
    def __init__(self, cache: CacheIndex, *, max_documents: int, max_age_s: float) -> None:
        self.cache = cache
        self.max_documents, self.max_age_s = max_documents, max_age_s
        # Bounded: if the disk stalls, searches drop write-through batches instead of memory.
        self._queue: queue.Queue[_Batch | _Flush | None] = queue.Queue(maxsize=QUEUE_BATCHES)
        self.dropped_batches = 0
        # A full disk fails every write: log the first with its traceback, count the rest.
        self.failed_writes = 0
        self.is_failing = False
        try:
            self._writer = cache.index.writer(WRITER_HEAP_BYTES, 1)
        except ValueError as exc:
            raise WriterBusy(str(exc)) from None
        self._thread = threading.Thread(target=self._run, name="cache-writer", daemon=True)
        self._thread.start()

    def submit(
        self, records: Iterable[SourceRecord], work_ids: dict[str, str], fetched_at: float
    ) -> None:
        batch = [r for r in records if r.cached_at is None]  # never write cached data back as fresh
        if not batch:
            return
        try:
            self._queue.put_nowait(_Batch(batch, work_ids, fetched_at))
        except queue.Full:
            self.dropped_batches += 1
            if self.dropped_batches == 1 or self.dropped_batches % 100 == 0:
                log.warning("cache write-through dropped", extra={"dropped": self.dropped_batches})

    async def flush(self) -> None:
        """Wait until everything submitted so far is committed and searchable."""
        marker = _Flush()
        await asyncio.to_thread(self._queue.put, marker, True, FLUSH_TIMEOUT_S)
        await asyncio.to_thread(marker.done.wait, FLUSH_TIMEOUT_S)

    def close(self) -> None:
        self._queue.put(None, timeout=FLUSH_TIMEOUT_S)
        self._thread.join(FLUSH_TIMEOUT_S)
        if not self._thread.is_alive():
            self._writer.wait_merging_threads()  # consumes the writer: releases the index lock

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            items = [item]
            while not self._queue.empty():  # batch whatever else is waiting into one commit
                items.append(self._queue.get_nowait())
            batches = [i for i in items if isinstance(i, _Batch)]
            if batches:
                try:
                    self._write(batches)
                except (OSError, ValueError, RuntimeError):
                    # A full disk or a tantivy error loses this batch, not the writer thread.
                    self.failed_writes += 1
                    if not self.is_failing:
                        log.exception("cache write failed", extra={"batches": len(batches)})
                    self.is_failing = True
                else:
                    if self.is_failing:
                        log.warning("cache writes work again", extra={"failed": self.failed_writes})
                    self.is_failing = False
            for waiting in items:
                if isinstance(waiting, _Flush):
                    waiting.done.set()
            if None in items:
                return

    def _write(self, batches: list[_Batch]) -> None:
        started = time.perf_counter()
        written = 0
        for batch in batches:
            for record in batch.records:
                key = record_key(record)
                self._writer.delete_documents_by_term("key", key)
                self._writer.add_document(
                    document(record, batch.work_ids.get(key), batch.fetched_at)
                )
                written += 1
        self._writer.commit()
        self._prune()
        self.cache.reload()
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info("cache written", extra={"records": written, "elapsed_ms": elapsed_ms})

    def _prune(self) -> None:
        """Oldest out first: past max_age_s, then down to max_documents."""
        cutoff = int(time.time() - self.max_age_s)
        old = tantivy.Query.range_query(
            self.cache.schema, "fetched", tantivy.FieldType.Integer, None, cutoff, True, False
        )
        self._writer.delete_documents_by_query(old)
        self._writer.commit()
        self.cache.reload()
        excess = self.cache.count() - self.max_documents
        if excess > 0:
            for key in self.cache.oldest_first(excess):
                self._writer.delete_documents_by_term("key", key)
            self._writer.commit()
