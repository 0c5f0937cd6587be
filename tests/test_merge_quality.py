"""Pairwise precision and recall of the merge on a labelled set of hard cases.

tests/data/merge_cases.json: 90 records written for this project, 42 manifestations, with
ISBN-10/13 variants, formats sharing a printed ISBN, editions, translations, same-title books,
volumes, decomposed letters and invalid or cancelled ISBNs. `bench/merge_quality.py` prints
the figures and every misjudged pair.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from federator.isbn import parse_isbn
from federator.merge import merge_records
from federator.models import Author, Format, SourceRecord

CASES = Path(__file__).parent / "data" / "merge_cases.json"


def load_cases(path: Path = CASES) -> list[tuple[SourceRecord, str]]:
    cases = []
    for raw in json.loads(path.read_text(encoding="utf-8"))["records"]:
        cases.append((_source(raw), raw["cluster"]))
    return cases


def _source(raw: dict[str, Any]) -> SourceRecord:
    valid: list[str] = []
    invalid: list[str] = list(raw.get("invalid_isbns", []))
    for text in raw["isbns"]:
        parsed = parse_isbn(text)
        (valid if parsed.isbn13 else invalid).append(parsed.isbn13 or parsed.rejected or text)
    return SourceRecord(
        target=raw["target"],
        record_id=raw["id"],
        schema="marcxml",
        title=raw["title"],
        subtitle=raw.get("subtitle"),
        part=raw.get("part"),
        authors=tuple(Author(name=a["name"], dates=a.get("dates")) for a in raw["authors"]),
        year=raw.get("year"),
        isbns=tuple(dict.fromkeys(valid)),
        invalid_isbns=tuple(invalid),
        format=Format(raw["format"]),
        language=raw.get("language"),
        edition=raw.get("edition"),
        publisher=raw.get("publisher"),
    )


def pair_judgements(cases: list[tuple[SourceRecord, str]]) -> dict[str, list[tuple[str, str]]]:
    work_of = {}
    for work in merge_records(record for record, _ in cases):
        for source in work.sources:
            work_of[source.record_id] = work.id
    outcome: dict[str, list[tuple[str, str]]] = {"tp": [], "fp": [], "fn": [], "tn": []}
    for (a, label_a), (b, label_b) in combinations(cases, 2):
        merged = work_of[a.record_id] == work_of[b.record_id]
        same = label_a == label_b
        kind = ("tp" if same else "fp") if merged else ("fn" if same else "tn")
        outcome[kind].append((a.record_id, b.record_id))
    return outcome


def precision_recall(outcome: dict[str, list[tuple[str, str]]]) -> tuple[float, float]:
    tp, fp, fn = len(outcome["tp"]), len(outcome["fp"]), len(outcome["fn"])
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


def test_no_wrong_merges_and_every_labelled_pair_found() -> None:
    outcome = pair_judgements(load_cases())
    assert len(outcome["tp"]) + len(outcome["fn"]) > 60  # the set has real positives to find
    assert outcome["fp"] == []  # a wrong merge hides a book: precision must be 1.0
    assert outcome["fn"] == []
    assert precision_recall(outcome) == (1.0, 1.0)
