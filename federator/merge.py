"""Source records from many catalogues -> `Work`s: one per manifestation, every holding kept.

Rules, in the spirit of VuFind's RecordManager and pazpar2's merge keys:
  1. ISBN: records sharing a valid ISBN-13 merge, if their formats agree (catalogues copy the
     printed book's ISBN into e-book, audiobook and talking-book records). Invalid and cancelled
     (020 $z) ISBNs are never keys.
  2. Title + author + year + format: records that have no ISBN merge when their folded main title,
     first author (surname + initial), year, format and language agree. No year, no merge: a
     title and an author alone are too weak ("Dikter").
  3. A record without an ISBN (one library left it out) joins an ISBN work it matches by rule 2's
     key, but only when exactly one ISBN work matches: with the hardback and the paperback of
     the same year both present, it cannot tell which it is, and stays apart.
  Volumes veto every rule: records naming different volumes (245 $n/$p, 490/830 $v: "D. 1",
  "D. 2") never merge, even under one set ISBN.
Display fields come from the most complete source (`completeness`), ties broken by target and
record id so the choice is deterministic. Merging is independent of input order.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from federator.models import Holding, MergeRule, SourceRecord, Work
from federator.normalise import author_key, fold, title_key


def _part_key(record: SourceRecord) -> str:
    # "D. 2", "Del 2", "vol. 2" and a series number "2" name the same volume.
    numbers = re.findall(r"\d+", record.part or "")
    return " ".join(n.lstrip("0") or "0" for n in numbers) if numbers else fold(record.part)


def _isbn_keys(record: SourceRecord) -> list[str]:
    return [f"isbn:{isbn}:{record.format.value}" for isbn in record.isbns]


def _title_key(record: SourceRecord) -> str | None:
    """Rule 2's key, for any record (rule 3 needs it for records with ISBNs too)."""
    title = title_key(record.title)
    if not title or record.year is None:
        return None
    author = author_key(record.authors[0].name) if record.authors else ""
    # Language too: a translation may keep the title ("Mio, min Mio" in Norwegian).
    return f"tay:{title}|{author}|{record.year}|{record.format.value}|{record.language or ''}"


def _own_key(record: SourceRecord) -> str:
    return f"rec:{record.target}:{record.record_id}"


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:  # the smaller index wins, so the result never depends on order
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def completeness(record: SourceRecord) -> int:
    """How much a record has to show: one point per filled display field."""
    filled = [
        record.title,
        record.subtitle,
        record.authors,
        record.year,
        record.isbns,
        record.publisher,
        record.edition,
        record.language,
        record.subjects,
    ]
    return sum(1 for value in filled if value) + min(len(record.subjects), 5)


def _display_order(record: SourceRecord) -> tuple[int, int, str, str]:
    return (-completeness(record), -len(record.title), record.target, record.record_id)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _described(ordered: list[SourceRecord], name: str) -> Any:
    """A descriptive field from the most complete source that has it (best first)."""
    return next((value for r in ordered if (value := getattr(r, name))), getattr(ordered[0], name))


def _work(records: list[SourceRecord], key: str, rule: MergeRule) -> Work:
    ordered = sorted(records, key=_display_order)
    best = ordered[0]
    years = sorted({r.year for r in records if r.year is not None})
    holdings: list[Holding] = [h for r in records for h in r.holdings]
    languages = Counter(lang for r in records for lang in r.languages)
    return Work(
        id=hashlib.blake2b(key.encode(), digest_size=10).hexdigest(),
        merge_key=key,
        merge_rule=rule,
        title=best.title,
        subtitle=best.subtitle,
        part=best.part,
        authors=best.authors,
        year=best.year if best.year is not None else (years[0] if years else None),
        year_range=(years[0], years[-1]) if len(years) > 1 else None,
        isbns=_unique(i for r in records for i in r.isbns),
        format=best.format,
        language=best.language,
        languages=tuple(lang for lang, _ in sorted(languages.items(), key=lambda x: (-x[1], x[0]))),
        subjects=_unique(s for r in records for s in r.subjects),
        edition=best.edition,
        publisher=best.publisher,
        holdings=tuple(holdings),
        sources=tuple(records),
        display_source=f"{best.target}:{best.record_id}",
        uniform_title=_described(ordered, "uniform_title"),
        extent=_described(ordered, "extent"),
        notes=_described(ordered, "notes"),
        contents=_described(ordered, "contents"),
        classifications=_unique(c for r in records for c in r.classifications),
        series=_described(ordered, "series"),
    )


def merge_records(records: Iterable[SourceRecord]) -> list[Work]:
    """Group source records into works. Order of the result: by work id (callers rank)."""
    ordered = sorted(records, key=lambda r: (r.target, r.record_id))
    title_keys = [_title_key(r) for r in ordered]  # computed once: rule 3 reads them again
    groups = _UnionFind(len(ordered))
    first_with_key: dict[str, int] = {}
    for index, record in enumerate(ordered):
        title = None if record.isbns else title_keys[index]
        for key in _isbn_keys(record) + ([title] if title else []):
            if key in first_with_key:
                groups.union(first_with_key[key], index)
            else:
                first_with_key[key] = index
    _join_unambiguous(ordered, title_keys, groups)
    members: dict[int, list[int]] = {}
    for index in range(len(ordered)):
        members.setdefault(groups.find(index), []).append(index)
    works = []
    for indexes in members.values():
        volumes = _split_volumes([ordered[i] for i in indexes])
        for part, group in volumes.items():
            key, rule = _cluster_key(group)
            works.append(_work(group, f"{key}|part={part}" if len(volumes) > 1 else key, rule))
    return sorted(works, key=lambda w: w.id)


def _split_volumes(group: list[SourceRecord]) -> dict[str, list[SourceRecord]]:
    """Different volumes never merge; a record that names no volume vetoes nothing.

    With one volume named in the group, records without one stay with it ("Utvandrarna" with
    and without its series number 1); with several, they form a group of their own.
    """
    by_part: dict[str, list[SourceRecord]] = {}
    for record in group:
        by_part.setdefault(_part_key(record), []).append(record)
    named = [part for part in by_part if part]
    if len(named) <= 1:
        return {named[0] if named else "": group}
    return by_part


def _join_unambiguous(
    ordered: list[SourceRecord], title_keys: list[str | None], groups: _UnionFind
) -> None:
    """Rule 3, after rules 1 and 2 have formed their groups."""
    isbn_groups: dict[str, set[int]] = {}
    for index, record in enumerate(ordered):
        key = title_keys[index]
        if record.isbns and key:
            isbn_groups.setdefault(key, set()).add(groups.find(index))
    for index, record in enumerate(ordered):
        key = title_keys[index]
        candidates = isbn_groups.get(key, set()) if key and not record.isbns else set()
        if len(candidates) == 1:
            groups.union(index, next(iter(candidates)))


def _cluster_key(group: list[SourceRecord]) -> tuple[str, MergeRule]:
    isbn_keys = sorted(k for r in group for k in _isbn_keys(r))
    if isbn_keys:
        if len(group) == 1:
            return isbn_keys[0], MergeRule.SINGLE
        without_isbn = any(not r.isbns for r in group)
        return isbn_keys[0], MergeRule.ISBN_AND_TITLE if without_isbn else MergeRule.ISBN
    title_keys = sorted(k for r in group if (k := _title_key(r)))
    if title_keys and len(group) > 1:
        return title_keys[0], MergeRule.TITLE_AUTHOR_YEAR
    # A lone record keeps a key of its own content when it has one, so its id is stable too.
    return (title_keys[0] if title_keys else _own_key(group[0])), MergeRule.SINGLE
