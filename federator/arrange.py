"""One search's outcomes -> its answer: merge, filter, facet, rank, sort, page.

Pure and CPU-bound: the service runs it in a worker thread, so the event loop keeps serving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from federator.facets import facet_counts, matches, page_of, sort_ranked
from federator.merge import merge_records
from federator.models import Filters, SearchRequest, SearchResult, TargetOutcome, Work
from federator.rank import rank_works


def effective_filters(request: SearchRequest) -> Filters:
    """The filters asked for, plus the formats read from the text ("deckare ljudbok") unless
    a format was chosen explicitly."""
    understanding = request.understanding
    if understanding is None or not understanding.formats or request.filters.formats:
        return request.filters
    return replace(request.filters, formats=understanding.formats)


def arrange(
    request: SearchRequest, outcomes: Sequence[TargetOutcome], search_id: str
) -> tuple[list[Work], SearchResult]:
    """Every work merged from the outcomes, and the page of the answer the request asks for."""
    works = merge_records(r for outcome in outcomes for r in outcome.records)
    filters = effective_filters(request)
    kept = [w for w in works if matches(w, filters)]
    ranked = sort_ranked(rank_works(request.query, kept), request.sort)
    result = SearchResult(
        search_id=search_id,
        request=request,
        total=len(ranked),
        results=page_of(ranked, request.page, request.page_size),
        facets=facet_counts(kept),
        targets=tuple(o.status for o in outcomes),
        elapsed_ms=0.0,
        has_more=any(o.status.is_cut for o in outcomes),
    )
    return works, result
