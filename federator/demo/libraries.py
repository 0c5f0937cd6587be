"""The county's 13 demo catalogues: names, branches and what each collection leans towards.

Branches are the main library plus the village and district libraries a municipality of that
size has (codes are what the holdings fields carry). Sizes follow population; the weights make
Örebro's collection the most multilingual, Bergslagen's libraries hold their local history,
and the hospital libraries with Fellingsbro folkhögskola hold health and adult education.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoLibrary:
    name: str  # e.g. "Örebro stadsbibliotek"
    municipality: str  # e.g. "Örebro"
    branches: tuple[tuple[str, str], ...]  # (branch code as found in the records, branch name)


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogueSpec:
    id: str
    name: str
    holdings_field: str  # "852" or "952"
    record_prefix: str  # 001 "ORE004711"
    institution: str  # 003 and 852 $a
    size: int  # records at scale 1.0
    libraries: tuple[DemoLibrary, ...]
    foreign_weight: float = 2.0  # books in other languages than Swedish
    domain_weights: tuple[tuple[str, float], ...] = ()  # non-fiction domain, "fiction", ...
    kind_weights: tuple[tuple[str, float], ...] = ()  # "dvd", "large_print", ...
    specialist_branches: tuple[tuple[str, str], ...] = ()  # (branch code, domain it collects)


def _one(name: str, municipality: str, branches: str) -> tuple[DemoLibrary, ...]:
    pairs = tuple(
        (code, branch)
        for code, branch in (item.split("=") for item in branches.split(";"))  # "CODE=Name"
    )
    return (DemoLibrary(name=name, municipality=municipality, branches=pairs),)


_BERGSLAGEN = (("local_bergslagen", 6.0), ("local_county", 1.5))
_SOUTH = (("local_county", 3.0), ("local_orebro", 1.5))
_KARLSKOGA = (("local_karlskoga", 6.0),)
_SMALL = 1.2  # small libraries buy fewer books in other languages; the county lends them

CATALOGUES: tuple[CatalogueSpec, ...] = (
    CatalogueSpec(
        id="orebro",
        name="Örebro stadsbibliotek",
        holdings_field="952",
        record_prefix="ORE",
        institution="SE-Ob",
        size=1600,
        libraries=_one(
            "Örebro stadsbibliotek",
            "Örebro",
            "OSB=Stadsbiblioteket;VIV=Vivalla bibliotek;BAR=Baronbackarnas bibliotek;"
            "BRI=Brickebackens bibliotek;ADO=Adolfsbergs bibliotek;HOV=Hovsta bibliotek;"
            "GLA=Glanshammars bibliotek;ODE=Odensbackens bibliotek;GAR=Garphyttans bibliotek",
        ),
        foreign_weight=8.0,
        domain_weights=(("local_orebro", 6.0), ("local_county", 2.0), ("health", 0.6)),
    ),
    CatalogueSpec(
        id="karlskoga",
        name="Karlskoga bibliotek",
        holdings_field="852",
        record_prefix="KGA",
        institution="SE-Kga",
        size=800,
        libraries=_one("Karlskoga bibliotek", "Karlskoga", "KSB=Stadsbiblioteket;KBB=Bokbussen"),
        foreign_weight=2.5,
        domain_weights=(*_KARLSKOGA, ("health", 0.6)),
    ),
    CatalogueSpec(
        id="degerfors",
        name="Degerfors bibliotek",
        holdings_field="852",
        record_prefix="DEG",
        institution="SE-Dgf",
        size=330,
        libraries=_one("Degerfors bibliotek", "Degerfors", "DEG=Degerfors bibliotek;SVA=Svartå"),
        foreign_weight=_SMALL,
        domain_weights=(*_KARLSKOGA, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="askersund",
        name="Askersunds bibliotek",
        holdings_field="952",
        record_prefix="ASK",
        institution="SE-Ask",
        size=450,
        libraries=_one(
            "Askersunds bibliotek", "Askersund", "ASK=Askersunds bibliotek;AMM=Åmmebergs bibliotek"
        ),
        foreign_weight=_SMALL,
        domain_weights=(*_SOUTH, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="hallsberg",
        name="Hallsbergs bibliotek",
        holdings_field="852",
        record_prefix="HBG",
        institution="SE-Hbg",
        size=560,
        libraries=_one(
            "Hallsbergs bibliotek",
            "Hallsberg",
            "HBG=Hallsbergs bibliotek;PAL=Pålsboda bibliotek;VRE=Vretstorps bibliotek",
        ),
        domain_weights=(*_SOUTH, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="hallefors",
        name="Hällefors bibliotek",
        holdings_field="952",
        record_prefix="HFS",
        institution="SE-Hfs",
        size=300,
        libraries=_one(
            "Hällefors bibliotek", "Hällefors", "HFS=Hällefors bibliotek;GRY=Grythyttans bibliotek"
        ),
        foreign_weight=_SMALL,
        domain_weights=(*_BERGSLAGEN, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="kumla",
        name="Kumla bibliotek",
        holdings_field="952",
        record_prefix="KUM",
        institution="SE-Kum",
        size=700,
        libraries=_one(
            "Kumla bibliotek", "Kumla", "KUM=Kumla bibliotek;HAB=Hällabrottets bibliotek"
        ),
        domain_weights=(*_SOUTH, ("health", 0.6)),
    ),
    CatalogueSpec(
        id="laxa",
        name="Laxå bibliotek",
        holdings_field="852",
        record_prefix="LAX",
        institution="SE-Lax",
        size=240,
        libraries=_one("Laxå bibliotek", "Laxå", "LAX=Laxå bibliotek;FIN=Finnerödja bibliotek"),
        foreign_weight=_SMALL,
        domain_weights=(*_SOUTH, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="lekeberg",
        name="Lekebergs bibliotek",
        holdings_field="952",
        record_prefix="LEK",
        institution="SE-Lek",
        size=270,
        libraries=_one("Lekebergs bibliotek", "Lekeberg", "FJU=Lekebergs bibliotek, Fjugesta"),
        foreign_weight=_SMALL,
        domain_weights=(*_SOUTH, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="lindesberg",
        name="Lindesbergs stadsbibliotek",
        holdings_field="852",
        record_prefix="LBG",
        institution="SE-Lbg",
        size=720,
        libraries=_one(
            "Lindesbergs stadsbibliotek",
            "Lindesberg",
            "LSB=Stadsbiblioteket;FRO=Frövi bibliotek;FEL=Fellingsbro bibliotek;"
            "STO=Storå bibliotek",
        ),
        domain_weights=(*_BERGSLAGEN, ("health", 0.6)),
    ),
    CatalogueSpec(
        id="ljusnarsberg",
        name="Ljusnarsbergs bibliotek",
        holdings_field="952",
        record_prefix="LJB",
        institution="SE-Ljb",
        size=210,
        libraries=_one("Ljusnarsbergs bibliotek", "Ljusnarsberg", "KOP=Kopparbergs bibliotek"),
        foreign_weight=_SMALL,
        domain_weights=(*_BERGSLAGEN, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="nora",
        name="Nora bibliotek",
        holdings_field="852",
        record_prefix="NOR",
        institution="SE-Nor",
        size=450,
        libraries=_one("Nora bibliotek", "Nora", "NOR=Nora bibliotek;GYT=Gyttorps bibliotek"),
        foreign_weight=_SMALL,
        domain_weights=(*_BERGSLAGEN, ("health", 0.5)),
    ),
    CatalogueSpec(
        id="region",
        name="Sjukhusbiblioteken och Fellingsbro folkhögskola",
        holdings_field="852",
        record_prefix="REG",
        institution="SE-Rol",
        size=230,
        libraries=(
            *_one(
                "Universitetssjukhuset Örebro, patientbiblioteket",
                "Örebro",
                "USO=Patientbiblioteket",
            ),
            *_one("Lindesbergs lasarett", "Lindesberg", "LIL=Patientbiblioteket Lindesberg"),
            *_one("Karlskoga lasarett", "Karlskoga", "KAL=Patientbiblioteket Karlskoga"),
            *_one("Fellingsbro folkhögskola", "Lindesberg", "FFH=Skolbiblioteket"),
        ),
        foreign_weight=0.6,
        domain_weights=(
            ("health", 12.0),
            ("education", 6.0),
            ("fiction", 0.6),
            ("children", 0.1),
            ("home", 0.3),
            ("local_orebro", 0.3),
        ),
        kind_weights=(("large_print", 4.0), ("talking_book", 3.0), ("dvd", 0.6), ("music", 0.3)),
        specialist_branches=(("FFH", "education"),),
    ),
)
