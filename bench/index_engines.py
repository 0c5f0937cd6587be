"""Why tantivy: the same workload on Whoosh (Whoosh-Reloaded, the bench extra) and on tantivy.

Records come from the demo generator (deterministic), mapped to SourceRecords as a search would.
Measured per engine, in one run: bulk index, a 300-record write-through batch (upsert + commit
+ reader reload), term / phrase / prefix / fielded queries (median of repeats), counts by
catalogue. Prints both and the ratio. Run: .venv/bin/python bench/index_engines.py [--records N]
(needs `pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tantivy

from federator.connectors.marcxml import map_marc_record
from federator.demo.generate import generate_catalogues
from federator.index.schema import SWEDISH_ANALYZER, WORDS_ANALYZER
from federator.index.store import CacheIndex, record_key
from federator.index.writer import document
from federator.models import SourceRecord, Target
from federator.xmlsafe import parse_xml

REPEATS = 50


def records(count: int) -> list[SourceRecord]:
    """count records: the demo county again and again (seeds 2026, 2027, ...), each round's
    catalogues under ids of their own, as if the county had more catalogues."""
    found: list[SourceRecord] = []
    seed = 2026
    while len(found) < count:
        for catalogue in generate_catalogues(seed=seed, scale=1.0):
            target = Target(
                id=f"{catalogue.id}{seed}", name=catalogue.name, url="http://127.0.0.1:1/x"
            )
            for n, xml in enumerate(catalogue.records):
                element = parse_xml(xml.encode()).root
                found.append(map_marc_record(element, target, fallback_id=f"{n}"))
        seed += 1
    return found[:count]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    return statistics.median(timed(action) for _ in range(repeats)) * 1000


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self.cache = CacheIndex(path)
        self.writer = self.cache.index.writer(200_000_000, 1)
        self.schema = self.cache.schema

    def bulk(self, batch: list[SourceRecord]) -> None:
        now = time.time()
        for record in batch:
            self.writer.add_document(document(record, None, now))
        self.writer.commit()
        self.cache.reload()

    def upsert(self, batch: list[SourceRecord]) -> None:
        for record in batch:
            self.writer.delete_documents_by_term("key", record_key(record))
            self.writer.add_document(document(record, None, time.time()))
        self.writer.commit()
        self.cache.reload()

    def _hits(self, query: tantivy.Query) -> int:
        return len(self.cache.index.searcher().search(query, 20).hits)

    def term(self) -> int:
        (token,) = SWEDISH_ANALYZER.analyze("strindberg")
        return self._hits(tantivy.Query.term_query(self.schema, "any", token))

    def phrase(self) -> int:
        return self._hits(
            tantivy.Query.phrase_query(
                self.schema, "title", SWEDISH_ANALYZER.analyze("röda rummet")
            )
        )

    def prefix(self) -> int:
        (token,) = WORDS_ANALYZER.analyze("strind")
        return self._hits(tantivy.Query.regex_query(self.schema, "words", f"{token}.*"))

    def fielded(self) -> int:
        (author,) = SWEDISH_ANALYZER.analyze("lindgren")
        years = tantivy.Query.range_query(
            self.schema, "year", tantivy.FieldType.Integer, 1990, 2020
        )
        both = [
            (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "author", author)),
            (tantivy.Occur.Must, years),
        ]
        return self._hits(tantivy.Query.boolean_query(both))

    def counts(self) -> int:
        result = self.cache.index.searcher().aggregate(
            tantivy.Query.all_query(), {"t": {"terms": {"field": "target", "size": 20}}}
        )
        return len(result["t"]["buckets"])


class Whoosh:
    name = "whoosh"

    def __init__(self, path: Path) -> None:
        from whoosh import fields, index
        from whoosh.analysis import StemmingAnalyzer

        schema = fields.Schema(
            key=fields.ID(stored=True, unique=True),
            target=fields.ID(stored=True),
            title=fields.TEXT(analyzer=StemmingAnalyzer(), phrase=True),
            author=fields.TEXT(analyzer=StemmingAnalyzer()),
            any=fields.TEXT(analyzer=StemmingAnalyzer()),
            words=fields.KEYWORD(lowercase=True),
            year=fields.NUMERIC(stored=False),
        )
        path.mkdir(parents=True, exist_ok=True)
        self.index = index.create_in(str(path), schema)

    @staticmethod
    def _fields(record: SourceRecord) -> dict[str, object]:
        title = " ".join(p for p in (record.title, record.subtitle) if p)
        authors = " ".join(a.name for a in record.authors)
        fields: dict[str, object] = {
            "key": record_key(record),
            "target": record.target,
            "title": title,
            "author": authors,
            "any": f"{title} {authors} {' '.join(record.subjects)}",
            "words": f"{title} {authors}".lower(),
        }
        if record.year is not None:
            fields["year"] = record.year
        return fields

    def bulk(self, batch: list[SourceRecord]) -> None:
        writer = self.index.writer(limitmb=256)
        for record in batch:
            writer.add_document(**self._fields(record))
        writer.commit()

    def upsert(self, batch: list[SourceRecord]) -> None:
        writer = self.index.writer()
        for record in batch:
            writer.update_document(**self._fields(record))
        writer.commit()

    def _hits(self, query: object) -> int:
        with self.index.searcher() as searcher:  # a new searcher sees the last commit
            return len(searcher.search(query, limit=20))

    def term(self) -> int:
        from whoosh.query import Term

        return self._hits(Term("any", "strindberg"))

    def phrase(self) -> int:
        from whoosh.query import Phrase

        return self._hits(Phrase("title", ["röda", "rummet"]))

    def prefix(self) -> int:
        from whoosh.query import Prefix

        return self._hits(Prefix("words", "strind"))

    def fielded(self) -> int:
        from whoosh.query import And, NumericRange, Term

        return self._hits(And([Term("author", "lindgren"), NumericRange("year", 1990, 2020)]))

    def counts(self) -> int:
        from whoosh import sorting
        from whoosh.query import Every

        with self.index.searcher() as searcher:
            found = searcher.search(Every(), groupedby=sorting.FieldFacet("target"), limit=1)
            return len(found.groups("target"))


def measure(engine: Tantivy | Whoosh, all_records: list[SourceRecord]) -> dict[str, float]:
    figures = {"bulk index (s)": timed(lambda: engine.bulk(all_records))}
    batch = all_records[:300]
    figures["300 upserts + commit + reload (ms)"] = (
        statistics.median(timed(lambda: engine.upsert(batch)) for _ in range(3)) * 1000
    )
    for name in ("term", "phrase", "prefix", "fielded", "counts"):
        action = getattr(engine, name)
        assert action() > 0, f"{engine.name} {name} found nothing"
        figures[f"{name} query (ms)"] = median_ms(
            action, REPEATS if engine.name == "tantivy" else 10
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    print(f"Mapping {args.records} demo records ...", file=sys.stderr)
    all_records = records(args.records)
    work = Path(tempfile.mkdtemp(prefix="federator-engines-"))
    try:
        results = {}
        for engine_class in (Tantivy, Whoosh):
            print(f"Measuring {engine_class.name} ...", file=sys.stderr)
            results[engine_class.name] = measure(
                engine_class(work / engine_class.name), all_records
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(all_records)} records; medians; same machine, same run")
    print(f"{'measure':<36}{'tantivy':>12}{'whoosh':>12}{'whoosh/tantivy':>16}")
    for measure_name, value in results["tantivy"].items():
        other = results["whoosh"][measure_name]
        print(f"{measure_name:<36}{value:>12.2f}{other:>12.2f}{other / value:>15.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
