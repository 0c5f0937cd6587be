"""Works, copies and targets for the ILL tests, built as the connectors would build them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from federator.ill.copies import library_id
from federator.merge import merge_records
from federator.models import (
    Author,
    Format,
    Holding,
    HoldingStatus,
    IllRules,
    Library,
    PostalAddress,
    SourceRecord,
    Target,
    Work,
)

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def library(name: str, target: str, **facts: Any) -> Library:
    values: dict[str, Any] = {"network": target, "municipality": name.split()[0]}
    return Library(id=library_id(name), name=name, **(values | facts))


def target(target_id: str, *libraries: Library, **changes: Any) -> Target:
    return Target(
        id=target_id,
        name=target_id.title(),
        url=f"http://127.0.0.1:1/{target_id}",
        libraries=libraries,
        **changes,
    )


def copy(
    target_id: str,
    library_name: str,
    status: HoldingStatus = HoldingStatus.AVAILABLE,
    **changes: Any,
) -> Holding:
    values: dict[str, Any] = {"record_id": f"{target_id}-1", "branch": None} | changes
    return Holding(target=target_id, library=library_name, status=status, **values)


def work(
    *holdings: Holding,
    fmt: Format = Format.BOOK,
    year: int | None = 2001,
    isbns: tuple[str, ...] = ("9789113023458",),
    title: str = "Röda rummet",
) -> Work:
    by_record: dict[tuple[str, str], list[Holding]] = {}
    for holding in holdings:
        by_record.setdefault((holding.target, holding.record_id), []).append(holding)
    records = [
        SourceRecord(
            target=target_id,
            record_id=record_id,
            schema="marcxml",
            title=title,
            authors=(Author(name="Strindberg, August"),),
            year=year,
            isbns=isbns,
            format=fmt,
            language="swe",
            languages=("swe",),
            publisher="Bonnier",
            holdings=tuple(copies),
        )
        for (target_id, record_id), copies in by_record.items()
    ]
    (merged,) = merge_records(records)
    return merged


ADDRESS = PostalAddress(
    line1="Nora bibliotek", line2="Fjärrlån", postal_code="713 30", locality="Nora"
)
NO_RULES = IllRules()
