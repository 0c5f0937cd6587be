"""The parameters of SRU requests a client sends (searchRetrieve, explain), per version."""

from __future__ import annotations

from federator.models import RelevanceOrder, Target


def search_params(target: Target, cql: str, start: int, maximum: int) -> dict[str, str]:
    params = {
        "query": cql,
        "startRecord": str(start),
        # Zebra returns no records at all when maximumRecords is absent: always send it.
        "maximumRecords": str(maximum),
        "recordSchema": target.record_schema,
    }
    if target.sru_version == "2.0":
        # 2.0 has no operation/version parameters; servers infer them from `query`.
        params["recordXMLEscaping"] = target.record_packing
    else:
        params |= {"operation": "searchRetrieve", "version": target.sru_version}
        params["recordPacking"] = target.record_packing
    if target.relevance is RelevanceOrder.SORTKEYS:  # SRU 1.1 and 2.0; 1.2 sorts in CQL
        params["sortKeys"] = target.relevance_index
    return params


def explain_params(target: Target) -> dict[str, str]:
    return {"operation": "explain", "version": target.sru_version}
