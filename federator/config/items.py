"""Item-field presets: where each library system puts its copies and what its codes mean.

Each is a starting point a target adjusts (`[targets.holdings]`); the sources are the
systems' own documentation: MARC 21 Holdings 852; Koha's items table mapped to 952 (Koha
manual, "Item fields" / kohastructure items: $0 withdrawn, $1 itemlost, $4 damaged,
$5 restricted, $7 notforloan (negative: on order), $q onloan (due date), $y itype,
$o itemcallnumber, $a homebranch, $b holdingbranch, $c location, $z itemnotes); Alma's
AVA availability field (Ex Libris: $b library, $c location, $d call number, $e
available/unavailable/check_holdings, $q library name); III Sierra 945 item data ($s
status: '-' available, 'm' missing, 'o' library use only, 't' in transit, '$' paid ...);
SirsiDynix 999/949 items ($k current location: CHECKEDOUT, MISSING, INTRANSIT ...);
Libris holdings (852 per library sigel, $5).
"""

from __future__ import annotations

from federator.models import HoldingStatus, ItemFlag, ItemProfile, ItemRule

_S = HoldingStatus
_NOT_LENT = (ItemFlag.NO_ILL,)

# Words catalogues put in free-text status and note subfields (Swedish first, then the
# Nordic and English ones seen in real answers). Case-insensitive, anchored at the start.
TEXT_RULES_SOURCE: tuple[tuple[str, HoldingStatus | None, tuple[ItemFlag, ...]], ...] = (
    (r"^(gallrad|avskriven|withdrawn|discarded)\b", _S.WITHDRAWN, ()),
    (r"^(förlorad|saknas|försvunnen|lost|missing|claims? returned)\b", _S.LOST, ()),
    (
        r"^(utlånad|utlånat|utlån|lånad|ej inne|ute|checked out|on loan|due)\b"
        r"(?:.*?(?P<due>\d{4}-\d{2}-\d{2}))?",
        _S.ON_LOAN,
        (),
    ),
    (r"^(åter|tillbaka|back)\b.*?(?P<due>\d{4}-\d{2}-\d{2})", _S.ON_LOAN, ()),
    (r"^(på väg|under transport|transport|in transit)\b", _S.IN_TRANSIT, ()),
    (r"^(reserverad|reserverat|väntar på avhämtning|on hold(shelf)?)\b", _S.ON_HOLD, ()),
    (
        r"^(beställd|beställt|i beställning|under inköp|inköpt|under bearbetning|"
        r"on order|ordered|in process(ing)?)\b",
        _S.ON_ORDER,
        _NOT_LENT,
    ),
    (
        r"^\(?(referens(exemplar)?|ej hemlån|ej för hemlån|endast läsesal|läsesal|läses på plats|"
        r"på plats|reference|library use only|not for loan|(ib\.\) )?ikke til hjemlån)\b",
        _S.NOT_FOR_LOAN,
        (ItemFlag.REFERENCE,),
    ),
    (r"^(skadad|damaged)\b", None, (ItemFlag.DAMAGED,)),
    (
        r"^\(?(ej fjärrlån|ej för fjärrlån|inte fjärrlån|lånas ej ut på fjärrlån|ikke fjernlån|"
        r"not for ill|no ill|not for interlibrary loan)",
        None,
        _NOT_LENT,
    ),
    (r"^(inne|tillgänglig|på hyllan|hemma|ledig|available|on shelf)\b", _S.AVAILABLE, ()),
)


def text_rules(subfields: tuple[str, ...]) -> tuple[ItemRule, ...]:
    return tuple(
        ItemRule(subfield=code, match=pattern, status=status, flags=flags)
        for code in subfields
        for pattern, status, flags in TEXT_RULES_SOURCE
    )


def _flag(code: str, status: HoldingStatus, *flags: ItemFlag) -> ItemRule:
    """Koha's yes/no columns: any value but 0 (or empty) sets them."""
    return ItemRule(subfield=code, match=r"^(?!0$)\S", status=status, flags=tuple(flags))


PRESETS: dict[str, ItemProfile] = {
    "852": ItemProfile(
        preset="852",
        field="852",
        branch_subfield="b",
        call_number_subfields=("h", "i"),
        location_subfield="c",
        note_subfields=("z",),
        rules=text_rules(("z",)),
    ),
    "koha": ItemProfile(
        preset="koha",
        field="952",
        branch_subfield="b",
        home_branch_subfield="a",
        call_number_subfields=("o",),
        location_subfield="c",
        item_type_subfield="y",
        due_date_subfield="q",
        note_subfields=("z",),
        rules=(
            _flag("0", _S.WITHDRAWN),
            _flag("1", _S.LOST),
            _flag("4", _S.NOT_FOR_LOAN, ItemFlag.DAMAGED, ItemFlag.NO_ILL),
            _flag("5", _S.NOT_FOR_LOAN, ItemFlag.RESTRICTED, ItemFlag.NO_ILL),
            ItemRule(subfield="7", match=r"^-\d", status=_S.ON_ORDER, flags=_NOT_LENT),
            ItemRule(subfield="7", match=r"^[1-9]\d*$", status=_S.NOT_FOR_LOAN, flags=_NOT_LENT),
        ),
        default_status=_S.AVAILABLE,
    ),
    "alma-ava": ItemProfile(
        preset="alma-ava",
        field="AVA",
        branch_subfield="b",
        call_number_subfields=("d",),
        location_subfield="c",
        rules=(
            ItemRule(subfield="e", match=r"^available$", status=_S.AVAILABLE),
            ItemRule(subfield="e", match=r"^unavailable$", status=_S.ON_LOAN),
        ),
        physical_only=True,
    ),
    "iii-945": ItemProfile(
        preset="iii-945",
        field="945",
        branch_subfield="l",
        call_number_subfields=("a", "b"),
        item_type_subfield="t",
        due_date_subfield="h",
        rules=(
            ItemRule(subfield="s", match=r"^-$", status=_S.AVAILABLE),
            ItemRule(subfield="s", match=r"^[m$nz]$", status=_S.LOST),
            ItemRule(subfield="s", match=r"^t$", status=_S.IN_TRANSIT),
            ItemRule(subfield="s", match=r"^o$", status=_S.NOT_FOR_LOAN, flags=_NOT_LENT),
            ItemRule(subfield="s", match=r"^w$", status=_S.WITHDRAWN),
        ),
    ),
    "sirsi-999": ItemProfile(
        preset="sirsi-999",
        field="999",
        branch_subfield="m",
        call_number_subfields=("a",),
        location_subfield="l",
        item_type_subfield="t",
        rules=(
            ItemRule(subfield="k", match=r"^(checkedout|checked-out)$", status=_S.ON_LOAN),
            ItemRule(subfield="k", match=r"^(missing|lost|lost-assum|lost-claim)$", status=_S.LOST),
            ItemRule(subfield="k", match=r"^(intransit|in-transit)$", status=_S.IN_TRANSIT),
            ItemRule(subfield="k", match=r"^(holds|hold)$", status=_S.ON_HOLD),
            ItemRule(subfield="k", match=r"^(on-order|onorder)$", status=_S.ON_ORDER),
            ItemRule(subfield="k", match=r"^(discard|withdrawn)$", status=_S.WITHDRAWN),
            ItemRule(subfield="l", match=r"reference", status=_S.NOT_FOR_LOAN, flags=_NOT_LENT),
            ItemRule(subfield="a", match=r"^online\b", status=_S.ONLINE),
        ),
        default_status=_S.AVAILABLE,
    ),
    "libris": ItemProfile(
        preset="libris",
        field="852",
        branch_subfield="b",
        call_number_subfields=("h",),
        location_subfield="c",
        note_subfields=("z",),
        group_subfield="5",
        rules=text_rules(("z",)),
    ),
}
# Sirsi exports the same item subfields in 949 at some sites (a real sample does).
PRESETS["sirsi-949"] = ItemProfile(
    **{**{f: getattr(PRESETS["sirsi-999"], f) for f in ItemProfile.__dataclass_fields__}}
    | {"preset": "sirsi-949", "field": "949"}
)
# The names the configuration accepted before presets had names.
ALIASES = {"952": "koha", "koha-952": "koha", "marc-852": "852"}
