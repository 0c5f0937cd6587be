"""SRU records of any supported schema -> `SourceRecord`s; a record that cannot be mapped is
skipped with a logged reason and a warning, never at the cost of the others."""

from __future__ import annotations

import hashlib
import logging

from lxml import etree

from federator.connectors.dc import is_dc_record, map_dc_record
from federator.connectors.marc import find_marc_records
from federator.connectors.marcxml import map_marc_record
from federator.models import SourceRecord, Target
from federator.sru.response import SruRecord
from federator.xmlsafe import local_name

log = logging.getLogger(__name__)


def _fallback_id(target: Target, record: SruRecord) -> str:
    """For a record without 001: the SRU recordIdentifier, else a hash of the record itself.

    Not its position: that names another record in the next search, and ids key the cache.
    """
    if record.identifier:
        return record.identifier
    digest = hashlib.sha1(etree.tostring(record.payload), usedforsecurity=False).hexdigest()
    return f"{target.id}:h{digest[:16]}"


def map_records(
    records: tuple[SruRecord, ...], target: Target
) -> tuple[list[SourceRecord], list[str]]:
    mapped: list[SourceRecord] = []
    warnings: list[str] = []
    for record in records:
        fallback = _fallback_id(target, record)
        try:
            marc_records = find_marc_records(record.payload)
            if marc_records:
                for marc in marc_records:
                    mapped.append(map_marc_record(marc, target, fallback_id=fallback))
            elif is_dc_record(record.payload):
                mapped.append(map_dc_record(record.payload, target, fallback_id=fallback))
            else:
                reason = f"unsupported record schema <{local_name(record.payload)}>"
                log.warning("record skipped", extra={"target": target.id, "reason": reason})
                warnings.append(f"skipped a record: {reason}")
        except (ValueError, LookupError, TypeError) as exc:
            # A mapping bug or an absurd record must cost this record only.
            log.warning(
                "record skipped", exc_info=True, extra={"target": target.id, "reason": str(exc)}
            )
            warnings.append(f"skipped record {fallback}: {exc}")
    return mapped, warnings
