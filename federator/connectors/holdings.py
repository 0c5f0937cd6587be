"""Copies in a MARC record (852 or Koha 952, per the target's profile) -> `Holding`s.

Status codes are local (Koha's NOT_LOAN and LOST authorised values, a branch's own words), so
a target's `status_map` is consulted first, then a built-in Swedish and English vocabulary.
The raw code is always kept beside the normalised status for staff.
"""

from __future__ import annotations

import re
from datetime import date

from federator.connectors.marc import DataField, MarcView
from federator.models import Branch, Holding, HoldingsProfile, HoldingStatus, Target

_VOCABULARY: tuple[tuple[str, HoldingStatus], ...] = tuple(
    (word, status)
    for status, words in {
        HoldingStatus.AVAILABLE: "available|tillgänglig|inne|på hyllan|hemma|ledig",
        HoldingStatus.ON_LOAN: "checked out|on loan|utlånad|utlånat|lånad|ej inne|ute",
        HoldingStatus.IN_TRANSIT: "in transit|på väg|under transport|transport",
        HoldingStatus.ON_HOLD: "on hold|reserverad|reserverat|väntar på avhämtning|hold",
        HoldingStatus.ON_ORDER: "on order|beställd|i beställning|under bearbetning|in process",
        HoldingStatus.NOT_FOR_LOAN: (
            "not for loan|referens|referensexemplar|ej hemlån|ej för hemlån|läsesal|"
            "endast läsesal|på plats|damaged|skadad"
        ),
        HoldingStatus.LOST: "lost|förlorad|saknas|missing|withdrawn|gallrad|avskriven",
    }.items()
    for word in words.split("|")
)
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_NO_ILL = frozenset({HoldingStatus.NOT_FOR_LOAN, HoldingStatus.LOST})


def parse_due_date(text: str | None) -> date | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def status_from_text(text: str, profile: HoldingsProfile) -> HoldingStatus:
    folded = text.casefold().strip()
    for vocabulary in (profile.status_map, _VOCABULARY):
        for raw, status in vocabulary:
            if folded == raw:
                return status
    for raw, status in _VOCABULARY:  # "Utlånad till 2026-12-01", "Inne (Hylla 3)"
        if folded.startswith(raw):
            return status
    return HoldingStatus.UNKNOWN


def _sub(field: DataField, code: str | None) -> str | None:
    return field.first(code) if code else None


def _flagged(field: DataField, code: str | None) -> str | None:
    value = _sub(field, code)
    return value if value not in (None, "0") else None


def holding_status(field: DataField, profile: HoldingsProfile) -> tuple[HoldingStatus, str | None]:
    """Normalised status and the raw code it came from."""
    lost = _flagged(field, profile.lost_subfield)
    if lost is not None:
        raw = f"lost={lost}"
        return status_from_text(raw, profile) if _mapped(raw, profile) else HoldingStatus.LOST, raw
    not_for_loan = _flagged(field, profile.not_for_loan_subfield)
    if not_for_loan is not None:
        raw = f"notforloan={not_for_loan}"
        if _mapped(raw, profile):
            return status_from_text(raw, profile), raw
        # Koha: negative not-for-loan values mean ordered, not yet on the shelf.
        on_order = not_for_loan.startswith("-")
        return HoldingStatus.ON_ORDER if on_order else HoldingStatus.NOT_FOR_LOAN, raw
    due = _sub(field, profile.due_date_subfield)
    text = _sub(field, profile.status_subfield)
    if text:
        status = status_from_text(text, profile)
        if status is HoldingStatus.UNKNOWN and parse_due_date(due):
            status = HoldingStatus.ON_LOAN
        return status, text
    if parse_due_date(due):
        return HoldingStatus.ON_LOAN, f"due={due}"
    # A catalogue that reports loans (a due-date subfield) and reports none for this copy has it in.
    if profile.due_date_subfield is not None:
        return HoldingStatus.AVAILABLE, None
    return HoldingStatus.UNKNOWN, None


def _mapped(raw: str, profile: HoldingsProfile) -> bool:
    return any(code == raw.casefold() for code, _ in profile.status_map)


def _branch(code: str | None, target: Target) -> Branch | None:
    if code:
        found = target.branch(code)
        if found:
            return found
    libraries = {(b.library, b.municipality) for b in target.branches}
    if len(libraries) == 1:  # a one-library catalogue: every copy is that library's
        library, municipality = libraries.pop()
        return Branch(
            code=code or "", name=code or library, library=library, municipality=municipality
        )
    return None


def map_holding(
    field: DataField, target: Target, profile: HoldingsProfile, *, record_id: str, url: str | None
) -> Holding:
    code = _sub(field, profile.branch_subfield) or _sub(field, profile.home_branch_subfield)
    if code is None and profile.field.value == "852":
        code = field.first("a")
    branch = _branch(code, target)
    status, raw = holding_status(field, profile)
    item_type = _sub(field, profile.item_type_subfield)
    ill_allowed: bool | None = None
    if status in _NO_ILL or (item_type and item_type in profile.no_ill_item_types):
        ill_allowed = False
    elif status is not HoldingStatus.UNKNOWN:
        ill_allowed = True
    call_number = " ".join(v for c in profile.call_number_subfields if (v := _sub(field, c)))
    return Holding(
        target=target.id,
        record_id=record_id,
        url=url,
        library=branch.library if branch else (code or target.name),
        municipality=branch.municipality if branch else None,
        branch=branch.name if branch else None,
        branch_code=code,
        call_number=call_number or None,
        location=_sub(field, profile.location_subfield),
        status=status,
        raw_status=raw,
        due_date=parse_due_date(_sub(field, profile.due_date_subfield)),
        item_type=item_type,
        ill_allowed=ill_allowed,
        note=_sub(field, profile.note_subfield),
    )


def map_holdings(
    marc: MarcView, target: Target, *, record_id: str, url: str | None
) -> tuple[Holding, ...]:
    profile = target.holdings
    if profile is None:
        return ()
    return tuple(
        map_holding(f, target, profile, record_id=record_id, url=url)
        for f in marc.datafields(profile.field.value)
    )
