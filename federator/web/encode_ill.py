"""The ILL workbench and availability as JSON: API v1's `/api/v1/ill/{id}` and the DAIA
answer of `/api/v1/availability/{id}`. The half of encode.py that speaks interlibrary loan.

DAIA 1.0 (gbv.github.io/daia): a document per work, an item per copy, each with the services
it is available or unavailable for: presentation (in the library), loan, interloan, remote
(online). A library's web page can show "finns i länet" from `available`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from federator.ill import IllOption, Reason, Rule
from federator.ill.request import field_values
from federator.models import HoldingStatus, Library, Work
from federator.web.encode import target_status
from federator.web.ill_views import Workbench


def _library(lib: Library) -> dict[str, Any]:
    return {
        "id": lib.id,
        "name": lib.name,
        "municipality": lib.municipality,
        "isil": lib.isil,
        "sigel": lib.sigel,
        "ill_email": lib.ill_email,
        "route": lib.route,
        "network": lib.network,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {"scope": rule.scope.value, "subject": rule.subject, "lends": rule.lends, "by": rule.by}


def _reason(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "date": reason.day.isoformat() if reason.day else None,
        "number": reason.number,
        "other": reason.other,
        "text": reason.text,
    }


def _copy(bench: Workbench, option: IllOption) -> dict[str, Any]:
    h, fresh = option.holding, option.freshness
    skipped = bench.skipped_why(option)
    return {
        "key": option.key,
        "target": h.target,
        "record_id": h.record_id,
        "library": _library(option.library),
        "branch": h.branch,
        "place": option.place,
        "call_number": h.call_number,
        "location": h.location,
        "status": h.status.value,
        "status_code": option.catalogue_code,
        "due_date": h.due_date.isoformat() if h.due_date else None,
        "overdue": option.overdue,
        "freshness": {
            "live": fresh.is_live,
            "cached": fresh.cached,
            "confirmed": fresh.confirmed,
            "as_of": fresh.as_of.isoformat(),
            "age_s": round(fresh.age_s(bench.now), 1),
        },
        "ill": {
            "lendable": option.lendable,
            "rule": _rule(option.decision.rule),
            "reasons": list(option.reasons),
        },
        "relation": option.relation.value,
        "suggestion": bench.rank_of(option),
        "skipped": _reason(skipped) if skipped else None,
        "url": h.url,
    }


def _work(work: Work) -> dict[str, Any]:
    return {
        "id": work.id,
        "title": work.title,
        "authors": [a.name for a in work.authors],
        "year": work.year,
        "format": work.format.value,
        "isbns": list(work.isbns),
    }


def workbench(bench: Workbench, request_text: str) -> dict[str, Any]:
    request = None
    if bench.request is not None:
        request = {
            "fields": [
                {"name": name, "iso18626": path, "value": text}
                for name, path, text in field_values(bench.request)
            ],
            "text": request_text,
        }
    return {
        "work": _work(bench.work),
        "checked_at": bench.now.isoformat(),
        "own_library": _library(bench.own) if bench.own else None,
        "copies": [_copy(bench, o) for o in bench.options],
        "suggestions": [
            {"rank": s.rank, "copy": s.option.key, "reasons": [_reason(r) for r in s.reasons]}
            for s in bench.plan.suggestions
        ],
        "chosen": bench.chosen.key if bench.chosen else None,
        "request": request,
        "targets": [target_status(s) for s in bench.statuses],
    }


def _services(option: IllOption) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    status, due = option.holding.status, option.holding.due_date
    available: list[dict[str, Any]] = []
    unavailable: list[dict[str, Any]] = []
    expected = {"expected": due.isoformat()} if due else {}
    if status is HoldingStatus.ONLINE:
        link = {"href": option.holding.url} if option.holding.url else {}
        available.append({"service": "remote", **link})
    elif status is HoldingStatus.AVAILABLE:
        available += [{"service": "presentation"}, {"service": "loan"}]
    elif status is HoldingStatus.NOT_FOR_LOAN:
        available.append({"service": "presentation"})
        unavailable.append({"service": "loan"})
    elif status is not HoldingStatus.UNKNOWN:
        unavailable += [{"service": "presentation", **expected}, {"service": "loan", **expected}]
    if option.lendable and status is HoldingStatus.AVAILABLE:
        available.append({"service": "interloan"})
    elif option.lendable and status is not HoldingStatus.UNKNOWN:
        unavailable.append({"service": "interloan", **expected})
    elif not option.lendable:
        limits = [{"content": reason} for reason in option.reasons]
        unavailable.append({"service": "interloan", "limitation": limits})
    return available, unavailable


def _item(option: IllOption, record_url: str) -> dict[str, Any]:
    h, lib, fresh = option.holding, option.library, option.freshness
    department: dict[str, Any] = {"content": option.place}
    if lib.sigel:
        department["id"] = f"https://libris.kb.se/library/{quote(lib.sigel)}"
    if fresh.cached:
        about = f"cached: status as of {fresh.as_of.isoformat(timespec='seconds')}"
    elif not fresh.confirmed:
        about = "from an earlier search, not confirmed now"
    else:
        about = f"live: status as of {fresh.as_of.isoformat(timespec='seconds')}"
    item: dict[str, Any] = {
        "id": f"{record_url}#copy-{quote(option.key, safe='')}",
        "about": about,
        "department": department,
    }
    if h.url and h.url.startswith(("http://", "https://")):
        item["href"] = h.url
    if h.call_number:
        item["label"] = h.call_number
    if h.location:
        item["storage"] = {"content": h.location}
    available, unavailable = _services(option)
    if available:
        item["available"] = available
    if unavailable:
        item["unavailable"] = unavailable
    return item


def daia_document(
    work: Work, options: list[IllOption], public_url: str, requested: str
) -> dict[str, Any]:
    record_url = f"{public_url}/record/{work.id}"
    return {
        "id": record_url,  # not urn:isbn: a book and its audiobook may share one
        "href": record_url,
        "requested": requested,
        "about": work.title,
        "item": [_item(o, record_url) for o in options],
    }


def daia(documents: list[dict[str, Any]], public_url: str, now: datetime) -> dict[str, Any]:
    return {
        "timestamp": now.isoformat(timespec="seconds"),
        "institution": {"content": "Biblioteken i Region Örebro län", "href": public_url},
        "document": documents,
    }
