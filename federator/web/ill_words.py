"""The ILL workbench in words: statuses, rules, reasons, freshness, through gettext, so the
page, the request text and the CSV say the same thing in the same language."""

from __future__ import annotations

from datetime import datetime

from federator.ill import Freshness, Reason, Relation, Rule, Scope
from federator.ill import lenders as crit
from federator.ill.rules import NEVER_LENT
from federator.models import Format, HoldingStatus
from federator.web.i18n import gettext, local_clock, local_date, local_number, ngettext


def status_word(status: HoldingStatus) -> str:
    return {
        HoldingStatus.AVAILABLE: gettext("On the shelf"),
        HoldingStatus.ON_LOAN: gettext("On loan"),
        HoldingStatus.IN_TRANSIT: gettext("In transit"),
        HoldingStatus.ON_HOLD: gettext("Reserved"),
        HoldingStatus.ON_ORDER: gettext("On order"),
        HoldingStatus.NOT_FOR_LOAN: gettext("Reference copy"),
        HoldingStatus.LOST: gettext("Missing"),
        HoldingStatus.WITHDRAWN: gettext("Withdrawn"),
        HoldingStatus.ONLINE: gettext("Online"),
    }.get(status) or gettext("Ask the library")


def format_word(value: Format) -> str:
    return {
        Format.BOOK: gettext("Book"),
        Format.EBOOK: gettext("E-book"),
        Format.AUDIOBOOK: gettext("Audiobook"),
        Format.TALKING_BOOK: gettext("Talking book"),
        Format.VIDEO: gettext("Film"),
        Format.MUSIC: gettext("Music"),
        Format.PERIODICAL: gettext("Periodical"),
        Format.LARGE_PRINT: gettext("Large print"),
        Format.MAP: gettext("Map"),
    }.get(value) or gettext("Other")


def copy_reason(code: str) -> str:
    return {
        "format_excluded": gettext(
            "this library does not lend this kind of material on interlibrary loan"
        ),
        "too_new": gettext("too new: recent titles are not lent on interlibrary loan"),
        "reference_copy": gettext("reference copy"),
        "lost": gettext("missing"),
        "on_order": gettext("on order, not yet on the shelf"),
        "reserved": gettext("has a reservation queue"),
        "withdrawn": gettext("withdrawn from the collection"),
        "online": gettext("an online resource: the borrower's own library gives access"),
        "not_on_ill": gettext("the library lends this copy at home only, not on interlibrary loan"),
        "damaged": gettext("damaged"),
        "restricted": gettext("restricted access"),
    }.get(code) or gettext("this kind of item is not lent on interlibrary loan")


def rule_words(rule: Rule) -> str:
    """The rule that decided, and whose it is."""
    if rule.scope is Scope.COPY:
        return gettext("the copy itself: %(reason)s") % {"reason": copy_reason(rule.subject)}
    if rule.scope is Scope.ITEM_TYPE:
        words = {"type": rule.subject, "by": rule.by or ""}
        if rule.lends:
            return gettext("%(by)s: item type %(type)s is lent") % words
        return gettext("%(by)s: item type %(type)s is not lent") % words
    if rule.scope is Scope.FORMAT:
        kind = Format(rule.subject)
        words = {"format": format_word(kind).lower(), "by": rule.by or ""}
        if kind in NEVER_LENT:
            return gettext("e-books are never lent: each library licenses its own")
        if rule.by is None:
            if rule.lends:
                return gettext("by default, %(format)s is lent") % words
            return gettext("by default, %(format)s is not lent") % words
        if rule.lends:
            return gettext("%(by)s: %(format)s is lent") % words
        return gettext("%(by)s: %(format)s is not lent") % words
    if rule.scope is Scope.AGE:
        return gettext("%(by)s: new titles are bought, not lent") % {"by": rule.by or ""}
    return gettext("%(by)s: copies with a reservation queue are not lent") % {"by": rule.by or ""}


def criterion_words(name: str | None) -> str:
    return {
        crit.AVAILABLE_NOW: gettext("on the shelf now"),
        crit.DUE_SOONEST: gettext("due back soonest"),
        crit.TRANSPORT: gettext("the county transport route"),
        crit.BALANCE: gettext("spreading the load"),
        crit.COPIES_ON_SHELF: gettext("copies on the shelf"),
    }.get(name or "") or gettext("the library's name")


def lender_reason(reason: Reason) -> str:
    route, day = reason.text or "", local_date(reason.day)
    counts = {"lent": local_number(reason.number or 0), "borrowed": local_number(reason.other or 0)}
    match reason.code:
        case "on_shelf":
            return gettext("on the shelf now")
        case "status_unknown":
            return gettext("status unknown: ask the library")
        case "overdue":
            return gettext("overdue since %(date)s") % {"date": day}
        case "due_back":
            return gettext("due back %(date)s") % {"date": day}
        case "off_route":
            return gettext("not on the county transport: sent by post")
        case "on_route":
            return gettext("on the county transport (route %(route)s)") % {"route": route}
        case "same_route":
            return gettext("on your transport route (%(route)s)") % {"route": route}
        case "hub":
            return gettext("one stop on the county transport (route %(route)s)") % {"route": route}
        case "via_hub":
            return gettext("via the transport hub (route %(route)s)") % {"route": route}
        case "lends_less":
            return gettext("lends less than it borrows (%(lent)s out, %(borrowed)s in a year)") % (
                counts
            )
        case "lends_more":
            return gettext("lends more than it borrows (%(lent)s out, %(borrowed)s in a year)") % (
                counts
            )
        case "copies_on_shelf":
            count = reason.number or 0
            return ngettext(
                "%(num)s copy on the shelf there", "%(num)s copies on the shelf there", count
            ) % {"num": count}
        case "same_library":
            return gettext("same library as suggestion %(num)s") % {"num": reason.number}
        case "ranked_lower":
            return gettext("ranked after the suggestions on: %(rule)s") % {
                "rule": criterion_words(reason.text)
            }
    return gettext("cannot go out on interlibrary loan")


def relation_words(relation: Relation) -> str:
    if relation is Relation.OWN_LIBRARY:
        return gettext("your own library: a reservation, not an ILL")
    if relation is Relation.OWN_NETWORK:
        return gettext("in your own catalogue: a reservation, not an ILL")
    return ""


def age_words(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes < 90:
        return ngettext("%(num)s minute", "%(num)s minutes", minutes) % {"num": minutes}
    hours = round(seconds / 3600)
    if hours < 48:
        return ngettext("%(num)s hour", "%(num)s hours", hours) % {"num": hours}
    days = round(seconds / 86400)
    return ngettext("%(num)s day", "%(num)s days", days) % {"num": days}


def freshness_words(freshness: Freshness, now: datetime) -> str:
    seen = local_clock(freshness.as_of, now)
    if freshness.cached:
        return gettext("cached: %(age)s old (seen %(time)s)") % {
            "age": age_words(freshness.age_s(now)),
            "time": seen,
        }
    if not freshness.confirmed:
        return gettext("from an earlier search: this one did not find it")
    return gettext("live from the catalogue %(time)s") % {"time": seen}


def request_label(field: str) -> str:
    """The request text's label of each field (ISO 18626's element in `ill.request.FIELDS`)."""
    return {
        "supplying_agency": gettext("Lending library (ISIL)"),
        "requesting_agency": gettext("Borrowing library (ISIL)"),
        "timestamp": gettext("Sent"),
        "request_id": gettext("Our request number"),
        "record_id": gettext("Record in the lender's catalogue"),
        "title": gettext("Title"),
        "author": gettext("Author"),
        "subtitle": gettext("Subtitle"),
        "edition": gettext("Edition"),
        "isbns": "ISBN",
        "publisher": gettext("Publisher"),
        "publication_type": gettext("Type of publication"),
        "publication_date": gettext("Year"),
        "request_type": gettext("Request"),
        "service_type": gettext("Service"),
        "supplier_description": gettext("Lending library"),
        "call_number": gettext("Shelf"),
        "availability_note": gettext("Status"),
        "delivery_address": gettext("Deliver to"),
        "requesting_name": gettext("Borrowing library"),
        "requesting_email": gettext("Our ILL e-mail"),
    }[field]
