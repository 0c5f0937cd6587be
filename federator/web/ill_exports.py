"""The ILL workbench's downloads: every copy as CSV for Swedish spreadsheets, and the chosen
copy's ISO 18626 Request message (409 with the reason when it cannot be written)."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from federator.ill import spreadsheet_csv
from federator.ill.iso18626 import request_message
from federator.models import Work
from federator.web import ill_words as words
from federator.web.i18n import TIMEZONE, gettext
from federator.web.ill_pages import workbench_of
from federator.web.ill_views import Workbench
from federator.web.pages import _locale, render


def _csv_rows(bench: Workbench) -> list[list[str]]:
    work: Work = bench.work
    rows = []
    for option in bench.options:
        h, lib = option.holding, option.library
        rank = bench.rank_of(option)
        skipped = bench.skipped_why(option)
        ill = (
            gettext("Reserve")
            if option.is_reservation
            else (gettext("Yes") if option.lendable else gettext("No"))
        )
        rows.append(
            [
                work.title,
                "; ".join(a.name for a in work.authors),
                str(work.year or ""),
                ", ".join(work.isbns),
                lib.name,
                h.branch or "",
                lib.municipality,
                lib.isil or "",
                lib.sigel or "",
                lib.ill_email or "",
                h.call_number or "",
                h.location or "",
                words.status_word(h.status),
                h.due_date.isoformat() if h.due_date else "",
                gettext("Yes") if option.overdue else "",
                words.freshness_words(option.freshness, bench.now),
                _seen(option.freshness.as_of),
                ill,
                words.rule_words(option.decision.rule),
                "; ".join(words.copy_reason(r) for r in option.reasons),
                str(rank) if rank else (words.lender_reason(skipped) if skipped else ""),
                words.relation_words(option.relation),
                option.catalogue_code or "",
                f"{h.target}:{h.record_id}",
                h.url or "",
            ]
        )
    return rows


def _seen(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M")  # ISO: Swedish Excel reads it


def _csv_header() -> list[str]:
    return [
        gettext("Title"),
        gettext("Author"),
        gettext("Year"),
        "ISBN",
        gettext("Library"),
        gettext("Branch"),
        gettext("Municipality"),
        "ISIL",
        gettext("Libris sigel"),
        gettext("ILL e-mail"),
        gettext("Shelf"),
        gettext("Location"),
        gettext("Status"),
        gettext("Due back"),
        gettext("Overdue"),
        gettext("Freshness"),
        gettext("Last seen"),
        gettext("Interlibrary loan"),
        gettext("Rule"),
        gettext("Reasons"),
        gettext("Suggested lender"),
        gettext("Reservation instead"),
        gettext("Catalogue's own code"),
        gettext("Record"),
        gettext("Link"),
    ]


async def ill_copies_csv(request: Request) -> Response:
    _locale(request)
    bench = await workbench_of(request)
    if isinstance(bench, Response):
        return bench
    body = spreadsheet_csv(_csv_header(), _csv_rows(bench))
    stamp = bench.now.astimezone(TIMEZONE).strftime("%Y%m%d-%H%M")
    name = f"fjarrlan-{bench.work.id}-{stamp}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


def _problem(bench: Workbench) -> str | None:
    """Why there is no ISO 18626 message for this workbench, if there is none."""
    if bench.request is None:
        return gettext("No copy is chosen and none can go out on interlibrary loan.")
    if bench.own is None or not bench.request.requesting_agency:
        return gettext("Choose your own library first: the message names both libraries.")
    if not bench.request.supplying_agency:
        return gettext("%(library)s has no ISIL code in the configuration.") % {
            "library": bench.request.supplier_description
        }
    return None


async def ill_iso18626(request: Request) -> Response:
    _locale(request)
    bench = await workbench_of(request)
    if isinstance(bench, Response):
        return bench
    problem = _problem(bench)
    if problem is not None or bench.request is None:
        title = gettext("No ISO 18626 message")
        return render(request, "error.html", status_code=409, title=title, message=problem)
    headers = {"Content-Disposition": f'attachment; filename="iso18626-{bench.work.id}.xml"'}
    body = request_message(bench.request)
    return Response(body, media_type="application/xml; charset=utf-8", headers=headers)
