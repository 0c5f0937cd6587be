"""The one writer of the cache index: a thread that batches upserts, commits, reloads, prunes.

Searches hand records over with `submit` and go on; nothing waits on a commit except `flush`.
Records are added as they come, committed (and the reader reloaded) at most every
`commit_interval_s`, pruned every `prune_interval_s`: a commit and a prune per search were a
third of the write-through's CPU (bench/federated.py). A record written in the last
REWRITE_AFTER_S and unchanged since (the same stored bytes, the same work) is not written
again: popular records come back search after search, and each rewrite cost CPU, a deleted
copy for tantivy's merges and memory (bench/memory.py); its `fetched` time is then at most
that far behind, so a fallback's age errs on the old side. Several worker processes share one
index by giving it to one of them (the others read): tantivy allows one writer per directory,
and a second would fail with LockBusy.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

import tantivy

from federator.index.codec import encode_record
from federator.index.store import CacheIndex, record_key
from federator.isbn import isbn13_to_10
from federator.lru import TimedLru
from federator.memory import trim
from federator.models import SourceRecord

log = logging.getLogger(__name__)
# tantivy's indexing arena; its minimum is 15 MB. Committed every second, a search-driven
# writer never fills it (bench/memory.py); a bigger one only helps bulk loads.
WRITER_HEAP_BYTES = 20_000_000
COMMIT_INTERVAL_S = 1.0
PRUNE_INTERVAL_S = 60.0
QUEUE_BATCHES = 1000
FLUSH_TIMEOUT_S = 60.0
# Records added between explicit GIL releases, so a bulk batch never holds the search's
# threads off for long.
_RECORDS_PER_SLICE = 64
REWRITE_AFTER_S = 300.0
RECENTLY_WRITTEN = 10_000  # keys remembered for that, least recently seen out (about 3 MB)


@dataclass(slots=True)
class _Batch:
    records: list[SourceRecord]
    work_ids: dict[str, str]  # record key -> work id
    fetched_at: float


@dataclass(slots=True)
class _Flush:
    done: threading.Event = field(default_factory=threading.Event)


def document(
    record: SourceRecord, work_id: str | None, fetched_at: float, stored: bytes | None = None
) -> tantivy.Document:
    """stored: `encode_record(record)`, when the caller has it already."""
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
        "record": stored if stored is not None else encode_record(record),
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
    def __init__(
        self,
        cache: CacheIndex,
        *,
        max_documents: int,
        max_age_s: float,
        commit_interval_s: float = COMMIT_INTERVAL_S,
        prune_interval_s: float = PRUNE_INTERVAL_S,
        heap_bytes: int = WRITER_HEAP_BYTES,
    ) -> None:
        self.cache = cache
        self.max_documents, self.max_age_s = max_documents, max_age_s
        self.commit_interval_s, self.prune_interval_s = commit_interval_s, prune_interval_s
        # Bounded: if the disk stalls, searches drop write-through batches instead of memory.
        self._queue: queue.Queue[_Batch | _Flush | None] = queue.Queue(maxsize=QUEUE_BATCHES)
        self.dropped_batches = 0
        # A full disk fails every write: log the first with its traceback, count the rest.
        self.failed_writes = 0
        self.is_failing = False
        # key -> (hash of the stored bytes, work id), by when written: the writer thread's alone.
        rewrite_after_s = min(REWRITE_AFTER_S, max_age_s / 2)
        self._written: TimedLru[str, tuple[int, str | None]]
        self._written = TimedLru(rewrite_after_s, RECENTLY_WRITTEN)
        self.skipped_unchanged = 0
        try:
            self._writer = cache.index.writer(heap_bytes, 1)
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
        uncommitted = 0  # records added since the last commit
        last_commit = last_prune = time.monotonic()
        while True:
            wait = last_commit + self.commit_interval_s - time.monotonic() if uncommitted else None
            try:
                items = [self._queue.get(timeout=max(0.0, wait) if wait is not None else None)]
            except queue.Empty:
                items = []
            while not self._queue.empty():  # whatever else is waiting joins this commit
                items.append(self._queue.get_nowait())
            batches = [i for i in items if isinstance(i, _Batch)]
            if batches:
                added: list[int] = []
                if self._guarded(partial(self._write, batches, added)):
                    uncommitted += sum(added)
            flushes = [i for i in items if isinstance(i, _Flush)]
            stopping = None in items
            now = time.monotonic()
            if uncommitted and (flushes or stopping or now >= last_commit + self.commit_interval_s):
                prune = bool(flushes) or now >= last_prune + self.prune_interval_s
                self._guarded(partial(self._commit, uncommitted, prune), commit=True)
                uncommitted, last_commit = 0, now
                last_prune = now if prune else last_prune
            for flush in flushes:
                flush.done.set()
            if stopping:
                return

    def _guarded(self, action: Callable[[], object], *, commit: bool = False) -> bool:
        """Run one write step; a full disk or a tantivy error loses it, not the thread."""
        try:
            action()
        except (OSError, ValueError, RuntimeError):
            self._written.clear()  # what reached the index is unknown now: write it all again
            self.failed_writes += 1
            if not self.is_failing:
                log.exception("cache write failed")
            self.is_failing = True
            return False
        if self.is_failing and commit:  # a commit went through: writing works again
            log.warning("cache writes work again", extra={"failed": self.failed_writes})
            self.is_failing = False
        return True

    def _write(self, batches: list[_Batch], added: list[int]) -> None:
        """Upsert the batches' records (searchable after the next commit), but those written
        lately and unchanged since; `added` gets how many were written."""
        written = 0
        for batch in batches:
            for record in batch.records:
                key = record_key(record)
                work_id = batch.work_ids.get(key)
                stored = encode_record(record)
                seen = (hash(stored), work_id)
                # Unchanged since written, less than the rewrite interval before this fetch.
                if self._written.get(key, batch.fetched_at) == seen:
                    self.skipped_unchanged += 1
                    continue
                self._writer.delete_documents_by_term("key", key)
                self._writer.add_document(document(record, work_id, batch.fetched_at, stored))
                self._written.put(key, batch.fetched_at, seen)
                written += 1
                if written % _RECORDS_PER_SLICE == 0:
                    time.sleep(0)  # let the event loop and the parse thread have the GIL
        added.append(written)

    def _commit(self, records: int, prune: bool) -> None:
        started = time.perf_counter()
        self._writer.commit()
        if prune:
            self._prune()
        self.cache.reload()
        trim()  # the indexing arena just freed its documents: give the pages back
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        log.debug("cache committed", extra={"records": records, "elapsed_ms": elapsed_ms})

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
                self._written.pop(key)  # gone from the index: write it when it comes
            self._writer.commit()
