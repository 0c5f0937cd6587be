"""The parameters of SRU requests a client sends (searchRetrieve, explain), per version."""

from __future__ import annotations

from federator.models import Target


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
    return params


def explain_params(target: Target) -> dict[str, str]:
    return {"operation": "explain", "version": target.sru_version}
