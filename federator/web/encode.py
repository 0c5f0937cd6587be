"""Models -> JSON-ready dicts for API v1. The only place the API's JSON shape is written.

Bytes come from orjson: for this content (string keys, finite numbers) the same text as
Starlette's `json.dumps(..., ensure_ascii=False, separators=(",", ":"))`, several times faster.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse

from federator.groups import group_id
from federator.models import (
    FacetValue,
    Format,
    Holding,
    Interpretation,
    RankedWork,
    SearchRequest,
    SearchResult,
    SourceRecord,
    TargetStatus,
    Work,
    WorkGroup,
)
from federator.service import TargetOverview


def dumps(content: Any) -> bytes:
    return orjson.dumps(content)


class ORJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def holding(h: Holding) -> dict[str, Any]:
    return {
        "target": h.target,
        "library": h.library,
        "branch": h.branch,
        "branch_code": h.branch_code,
        "municipality": h.municipality,
        "record_id": h.record_id,
        "call_number": h.call_number,
        "location": h.location,
        "status": h.status.value,
        "status_raw": h.raw_status,
        "due_date": h.due_date.isoformat() if h.due_date else None,
        "item_type": h.item_type,
        "flags": [f.value for f in h.flags],
        "ill": h.ill_allowed,
        "note": h.note,
        "url": h.url,
        # From the cache index, not the catalogue just now: availability may have changed since.
        "stale": h.cached_at is not None,
        "as_of": h.cached_at.isoformat() if h.cached_at else None,
    }


def work(
    w: Work, score: float | None = None, explanation: tuple[str, ...] | None = None
) -> dict[str, Any]:
    encoded: dict[str, Any] = {
        "id": w.id,
        "group": group_id(w),
        "title": w.title,
        "subtitle": w.subtitle,
        "part": w.part,
        "authors": [a.name for a in w.authors],
        "year": w.year,
        "year_range": list(w.year_range) if w.year_range else None,
        "isbns": list(w.isbns),
        "format": w.format.value,
        "language": w.language,
        "languages": list(w.languages),
        "subjects": list(w.subjects),
        "edition": w.edition,
        "publisher": w.publisher,
        "uniform_title": w.uniform_title,
        "extent": w.extent,
        "notes": list(w.notes),
        "contents": list(w.contents),
        "classifications": list(w.classifications),
        "series": list(w.series),
        "score": score,
        "libraries": w.library_count,
        "available": w.available_count,
        "holdings": [holding(h) for h in w.holdings],
        "online": [{"url": link.url, "label": link.label} for link in w.online],
        "original_script": list(w.original_script),
        "merge": {
            "rule": w.merge_rule.value,
            "key": w.merge_key,
            "display_source": w.display_source,
        },
    }
    if explanation is not None:
        encoded["explanation"] = list(explanation)
    return encoded


def source(s: SourceRecord) -> dict[str, Any]:
    return {
        "target": s.target,
        "record_id": s.record_id,
        "schema": s.schema,
        "title": s.title,
        "format": s.format.value,
        "year": s.year,
        "isbns": list(s.isbns),
        "invalid_isbns": list(s.invalid_isbns),
        "url": s.url,
        "raw": s.raw,
    }


def record(w: Work) -> dict[str, Any]:
    return work(w) | {"sources": [source(s) for s in w.sources]}


def target_status(status: TargetStatus) -> dict[str, Any]:
    return {
        "id": status.target,
        "name": status.name,
        "status": status.state.value,
        "hits": status.hits,
        "fetched": status.fetched,
        "elapsed_ms": status.elapsed_ms,
        "message": status.message,
        "error_kind": status.error_kind,
        "skip_reason": status.skip_reason,
        "cached_age_s": status.cached_age_s,
        "more": status.is_cut,
        "next_record": status.next_record,
    }


def _facet(value: FacetValue) -> dict[str, Any]:
    encoded: dict[str, Any] = {"value": value.value, "count": value.count}
    if value.children:
        encoded["branches"] = [_facet(c) for c in value.children]
    return encoded


def search_result(result: SearchResult, *, explain: bool = False) -> dict[str, Any]:
    request = result.request
    filters = request.filters
    readings = request.understanding.readings if request.understanding else ()
    return {
        "search_id": result.search_id,
        "query": {
            "text": request.query.source,
            "cql": request.query.is_expert_cql,
            "targets": list(request.target_ids) if request.target_ids else None,
            "sort": request.sort.value,
            "group": request.grouping.value,
            "filters": {
                "library": sorted(filters.libraries),
                "format": sorted(f.value for f in filters.formats),
                "language": sorted(filters.languages),
                "year_from": filters.year_from,
                "year_to": filters.year_to,
                "available": filters.available,
            },
        },
        "total": result.total,
        "page": request.page,
        "page_size": request.page_size,
        "results": [_ranked(r, explain) for r in result.results],
        "facets": {name: [_facet(v) for v in values] for name, values in result.facets},
        "targets": [target_status(s) for s in result.targets],
        "elapsed_ms": result.elapsed_ms,
        "cached": result.from_result_cache,
        "did_you_mean": result.did_you_mean,
        "literal": request.literal,
        "understood": [reading(r) for r in readings],
        "corrected_to": result.corrected_to,
        "more_available": result.has_more,
    }


def work_group(g: WorkGroup) -> dict[str, Any]:
    years = g.years
    return {
        "id": g.id,
        "title": g.lead.title,
        "authors": [a.name for a in g.lead.authors],
        "formats": [f.value for f in g.formats],
        "years": {"from": years[0], "to": years[1]} if years else None,
        "libraries": g.library_count,
        "available": g.available_count,
        "editions": [r.work.id for r in g.editions],
    }


def grouped_result(
    result: SearchResult,
    request: SearchRequest,
    groups: tuple[WorkGroup, ...],
    total_groups: int,
    *,
    explain: bool = False,
) -> dict[str, Any]:
    """group=work: `total` and paging count groups; `results` holds their editions."""
    editions = [_ranked(r, explain) for g in groups for r in g.editions]
    return search_result(result, explain=explain) | {
        "total": total_groups,
        "total_editions": result.total,
        "page": request.page,
        "page_size": request.page_size,
        "results": editions,
        "groups": [work_group(g) for g in groups],
    }


def reading(r: Interpretation) -> dict[str, Any]:
    return {"kind": r.kind.value, "typed": r.typed, "value": r.value, "applied": r.applied}


def _ranked(ranked: RankedWork, explain: bool) -> dict[str, Any]:
    return work(ranked.work, ranked.score, ranked.explanation if explain else None)


def target_overview(o: TargetOverview) -> dict[str, Any]:
    t = o.target
    return {
        "id": t.id,
        "name": t.name,
        "enabled": t.enabled,
        "sru_version": t.sru_version,
        "libraries": sorted({b.library for b in t.branches}),
        "library_ids": [
            {"id": library_id, "name": name, "municipality": municipality}
            for library_id, name, municipality in sorted(
                {(b.library_id, b.library, b.municipality) for b in t.branches}
            )
        ],
        "circuit": {
            "state": o.circuit.value,
            "consecutive_failures": o.consecutive_failures,
            "next_probe_in_s": o.next_probe_in_s,
            "last_error": o.last_error,
        },
    }


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


_CSL_TYPES = {
    Format.VIDEO: "motion_picture",
    Format.MUSIC: "song",
    Format.MAP: "map",
    Format.PERIODICAL: "periodical",
    Format.OTHER: "document",
}
_SCHEMA_TYPES = {
    Format.VIDEO: "Movie",
    Format.MUSIC: "MusicRecording",
    Format.MAP: "Map",
    Format.PERIODICAL: "Periodical",
    Format.OTHER: "CreativeWork",
    Format.AUDIOBOOK: "Audiobook",
}
_BOOK_FORMATS = {
    Format.EBOOK: "https://schema.org/EBook",
    Format.AUDIOBOOK: "https://schema.org/AudiobookFormat",
    Format.TALKING_BOOK: "https://schema.org/AudiobookFormat",
    Format.BOOK: "https://schema.org/Hardcover",  # schema.org knows no plain "printed book"
    Format.LARGE_PRINT: "https://schema.org/Hardcover",
}


def _csl_name(name: str) -> dict[str, str]:
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": name}


def csl_json(w: Work, url: str) -> list[dict[str, Any]]:
    """CSL-JSON (citationstyles.org csl-data.json): a list with the one item."""
    title = f"{w.title}: {w.subtitle}" if w.subtitle else w.title
    item: dict[str, Any] = {
        "id": w.id,
        "type": _CSL_TYPES.get(w.format, "book"),
        "title": f"{title}. {w.part}" if w.part else title,
        "URL": url,
    }
    if w.authors:
        item["author"] = [_csl_name(a.name) for a in w.authors]
    if w.year:
        item["issued"] = {"date-parts": [[w.year]]}
    optional = {
        "publisher": w.publisher,
        "edition": w.edition,
        "ISBN": " ".join(w.isbns) or None,
        "language": w.language,
        "collection-title": w.series[0] if w.series else None,
        "medium": w.format.value,
        "note": " ".join(w.notes) or None,
    }
    return [item | {k: v for k, v in optional.items() if v}]


def schema_org(w: Work, url: str, language: str | None) -> dict[str, Any]:
    """schema.org JSON-LD for a record page: what search engines and Zotero read."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _SCHEMA_TYPES.get(w.format, "Book"),
        "@id": url,
        "url": url,
        "name": w.title,
    }
    optional: dict[str, Any] = {
        "alternativeHeadline": w.subtitle,
        "author": [{"@type": "Person", "name": a.name} for a in w.authors] or None,
        "datePublished": str(w.year) if w.year else None,
        "publisher": {"@type": "Organization", "name": w.publisher} if w.publisher else None,
        "isbn": list(w.isbns) or None,
        "bookEdition": w.edition,
        "bookFormat": _BOOK_FORMATS.get(w.format),
        "inLanguage": language,
        "about": list(w.subjects[:10]) or None,
        "isPartOf": w.series[0] if w.series else None,
    }
    return data | {k: v for k, v in optional.items() if v}
