"""Copies in a MARC record -> `Holding`s, by the target's item profile (`ItemProfile`: 852,
Koha 952, Alma AVA, III 945, Sirsi 999/949, Libris 852 per sigel, or the target's own).

Status codes are local, so the profile's rules read them (`item_status.py`); the raw codes
are always kept beside the normalised status for staff. An online resource has no copy on a
shelf: its holdings are online access, never counted as "in", never lent on ILL.
"""

from __future__ import annotations

from federator.connectors.item_status import item_state, values_by_code
from federator.connectors.marc import DataField, MarcView
from federator.models import Branch, Holding, HoldingStatus, ItemFlag, ItemProfile, Target

# Statuses under which a copy cannot go out on interlibrary loan whatever the rules say.
_NO_ILL = frozenset(
    {
        HoldingStatus.NOT_FOR_LOAN,
        HoldingStatus.LOST,
        HoldingStatus.WITHDRAWN,
        HoldingStatus.ON_ORDER,
        HoldingStatus.ONLINE,
    }
)


def _sub(values: dict[str, list[str]], code: str | None) -> str | None:
    found = values.get(code) if code else None
    return found[0] if found else None


def find_branch(code: str | None, target: Target) -> Branch | None:
    """The branch a code names: its code, else its name (some 852s name branches in $b),
    else the library's name; a one-library catalogue owns every copy."""
    if code:
        found = target.branch(code)
        if found:
            return found
        folded = code.casefold()
        named = [b for b in target.branches if folded in (b.name.casefold(), b.library.casefold())]
        if named:
            return named[0]
    libraries = {(b.library, b.municipality) for b in target.branches}
    if len(libraries) == 1:
        library, municipality = libraries.pop()
        return Branch(
            code=code or "", name=code or library, library=library, municipality=municipality
        )
    return None


def _ill_allowed(
    status: HoldingStatus, flags: tuple[ItemFlag, ...], item_type: str | None, profile: ItemProfile
) -> bool | None:
    if status in _NO_ILL or ItemFlag.NO_ILL in flags or ItemFlag.REFERENCE in flags:
        return False
    if item_type and item_type in profile.no_ill_item_types:
        return False
    return None if status is HoldingStatus.UNKNOWN else True


def map_holding(
    field: DataField,
    target: Target,
    profile: ItemProfile,
    *,
    record_id: str,
    url: str | None,
    online: bool = False,
) -> Holding:
    values = values_by_code(field)
    code = (
        _sub(values, profile.branch_subfield)
        or _sub(values, profile.group_subfield)
        or _sub(values, profile.home_branch_subfield)
    )
    if code is None and profile.field == "852":
        code = field.first("a")
    branch = find_branch(code, target)
    state = item_state(field, profile, values)
    status = state.status
    if online and not profile.physical_only and status is not HoldingStatus.WITHDRAWN:
        status = HoldingStatus.ONLINE  # a licence, not a copy on a shelf
    item_type = _sub(values, profile.item_type_subfield)
    call_number = " ".join(v for c in profile.call_number_subfields if (v := _sub(values, c)))
    return Holding(
        target=target.id,
        record_id=record_id,
        url=url,
        library=branch.library if branch else (code or target.name),
        municipality=branch.municipality if branch else None,
        branch=branch.name if branch else None,
        branch_code=code,
        call_number=call_number or None,
        location=_sub(values, profile.location_subfield),
        status=status,
        raw_status=state.raw,
        due_date=state.due_date,
        item_type=item_type,
        flags=state.flags,
        ill_allowed=_ill_allowed(status, state.flags, item_type, profile),
        note="; ".join(state.unexplained_notes) or None,
    )


def map_holdings(
    marc: MarcView, target: Target, *, record_id: str, url: str | None, online: bool = False
) -> tuple[Holding, ...]:
    profile = target.holdings
    if profile is None:
        return ()
    return tuple(
        map_holding(f, target, profile, record_id=record_id, url=url, online=online)
        for f in marc.datafields(profile.field)
    )
