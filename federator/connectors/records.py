"""SRU records of any supported schema -> `SourceRecord`s; a record that cannot be mapped is
skipped with a logged reason and a warning, never at the cost of the others."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import replace

from lxml import etree

from federator.connectors.dc import is_dc_record, map_dc_record
from federator.connectors.holdings import map_holdings
from federator.connectors.marc import clean, find_marc_records, read_marc
from federator.connectors.marcxml import map_marc_record, record_url
from federator.models import Holding, SourceRecord, Target
from federator.sru.response import SruRecord
from federator.xmlsafe import local_name

log = logging.getLogger(__name__)
_HOLDINGS_TYPES = frozenset("uvxy")


def _fallback_id(target: Target, record: SruRecord) -> str:
    """For a record without 001: the SRU recordIdentifier, else a hash of the record itself.

    Not its position: that names another record in the next search, and ids key the cache.
    """
    if record.identifier:
        return record.identifier
    digest = hashlib.sha1(etree.tostring(record.payload), usedforsecurity=False).hexdigest()
    return f"{target.id}:h{digest[:16]}"


def _fallback(target: Target, record: SruRecord) -> Callable[[], str]:
    # Asked for only when 001 is missing: serialising and hashing every record to name the
    # few without one was a tenth of the mapping's CPU (bench/federated.py).
    return lambda: _fallback_id(target, record)


def is_holdings_record(element: etree._Element) -> bool:
    """MARC 21 Format for Holdings Data: leader/06 u, v, x or y (not a book to show)."""
    leader = next((e.text or "" for e in element.iterchildren("{*}leader")), "")
    return leader[6:7] in _HOLDINGS_TYPES


def _holdings_record(
    element: etree._Element, target: Target
) -> tuple[str | None, tuple[Holding, ...]]:
    """The bibliographic record a holdings record belongs to (its 004), and its copies."""
    marc = read_marc(element)
    link = clean(marc.control.get("004")) or None
    if link is None or target.holdings is None:
        return link, ()
    url = record_url(target, link)
    return link, map_holdings(marc, target, record_id=link, url=url)


def _attach(
    records: list[SourceRecord], pending: list[tuple[str | None, tuple[Holding, ...]]]
) -> tuple[list[SourceRecord], int]:
    """Each holdings record's copies join their bibliographic record; returns how many found
    none in this answer (they are left out: a copy without its title helps nobody)."""
    extra: dict[str, list[Holding]] = {}
    for link, holdings in pending:
        if link is not None:
            extra.setdefault(link, []).extend(holdings)
    known = {r.record_id for r in records}
    orphans = sum(1 for link, _ in pending if link not in known)
    joined = [
        replace(r, holdings=r.holdings + tuple(extra[r.record_id])) if r.record_id in extra else r
        for r in records
    ]
    return joined, orphans


def map_records(
    records: tuple[SruRecord, ...], target: Target
) -> tuple[list[SourceRecord], list[str]]:
    mapped: list[SourceRecord] = []
    warnings: list[str] = []
    pending: list[tuple[str | None, tuple[Holding, ...]]] = []
    for record in records:
        fallback = _fallback(target, record)
        try:
            marc_records = find_marc_records(record.payload)
            if marc_records:
                for marc in marc_records:
                    if is_holdings_record(marc):
                        pending.append(_holdings_record(marc, target))
                    else:
                        mapped.append(map_marc_record(marc, target, fallback_id=fallback))
            elif is_dc_record(record.payload):
                mapped.append(map_dc_record(record.payload, target, fallback_id=fallback()))
            else:
                reason = f"unsupported record schema <{local_name(record.payload)}>"
                log.warning("record skipped", extra={"target": target.id, "reason": reason})
                warnings.append(f"skipped a record: {reason}")
        except (ValueError, LookupError, TypeError) as exc:
            # A mapping bug or an absurd record must cost this record only.
            log.warning(
                "record skipped", exc_info=True, extra={"target": target.id, "reason": str(exc)}
            )
            warnings.append(f"skipped record {_fallback_id(target, record)}: {exc}")
    mapped, orphans = _attach(mapped, pending)
    if orphans:
        warnings.append(f"{orphans} holdings record(s) without their title in this answer")
    return mapped, warnings
