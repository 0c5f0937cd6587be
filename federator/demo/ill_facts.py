"""What interlibrary loan needs to know of each demo library: codes, contact, transport
route, network, last year's ILL figures. Invented for the demo (the e-mail domains are
`.example`, reserved for examples); the shape is what a real `[[targets.libraries]]` holds.

Routes follow the county's real arrangement in outline (bags Mon/Wed/Fri between the public
libraries, Örebro stadsbibliotek the hub); which library rides which route is made up.
"""

from __future__ import annotations

from typing import Any

HUB_ROUTE = "Örebro"
BERGSLAGSBIBBLAN = "bergslagsbibblan"  # nine municipalities, one catalogue and card since 2025

# library name -> (ISIL, route, network or None, postal code, town, lent, borrowed)
_FACTS: dict[str, tuple[str, str | None, str | None, str, str, int, int]] = {
    "Örebro stadsbibliotek": ("SE-Ob", HUB_ROUTE, None, "702 11", "Örebro", 2400, 1100),
    "Karlskoga bibliotek": ("SE-Kga", "Väster", None, "691 31", "Karlskoga", 610, 720),
    "Degerfors bibliotek": ("SE-Dgf", "Väster", None, "693 30", "Degerfors", 140, 260),
    "Askersunds bibliotek": ("SE-Ask", "Söder", BERGSLAGSBIBBLAN, "696 30", "Askersund", 190, 240),
    "Hallsbergs bibliotek": ("SE-Hbg", "Söder", BERGSLAGSBIBBLAN, "694 30", "Hallsberg", 260, 310),
    "Hällefors bibliotek": ("SE-Hfs", "Norr", BERGSLAGSBIBBLAN, "712 30", "Hällefors", 120, 180),
    "Kumla bibliotek": ("SE-Kum", "Söder", BERGSLAGSBIBBLAN, "692 30", "Kumla", 380, 330),
    "Laxå bibliotek": ("SE-Lax", "Söder", BERGSLAGSBIBBLAN, "695 30", "Laxå", 90, 150),
    "Lekebergs bibliotek": ("SE-Lek", "Väster", BERGSLAGSBIBBLAN, "716 30", "Fjugesta", 110, 170),
    "Lindesbergs stadsbibliotek": (
        "SE-Lbg",
        "Norr",
        BERGSLAGSBIBBLAN,
        "711 30",
        "Lindesberg",
        420,
        380,
    ),
    "Ljusnarsbergs bibliotek": (
        "SE-Ljb",
        "Norr",
        BERGSLAGSBIBBLAN,
        "714 30",
        "Kopparberg",
        70,
        120,
    ),
    "Nora bibliotek": ("SE-Nor", "Norr", BERGSLAGSBIBBLAN, "713 30", "Nora", 230, 210),
    "Universitetssjukhuset Örebro, patientbiblioteket": (
        "SE-Uso",
        HUB_ROUTE,
        None,
        "701 85",
        "Örebro",
        40,
        90,
    ),
    "Lindesbergs lasarett": ("SE-Lil", "Norr", None, "711 82", "Lindesberg", 20, 60),
    "Karlskoga lasarett": ("SE-Kal", "Väster", None, "691 81", "Karlskoga", 20, 50),
    "Fellingsbro folkhögskola": ("SE-Ffh", "Norr", None, "710 41", "Fellingsbro", 30, 70),
}


def library_facts(name: str) -> dict[str, Any]:
    """The extra keys of a demo library's [[targets.libraries]] table."""
    if name not in _FACTS:
        return {}
    isil, route, network, postal_code, town, lent, borrowed = _FACTS[name]
    sigel = isil.removeprefix("SE-")
    facts: dict[str, Any] = {
        "isil": isil,
        "sigel": sigel,
        "ill_email": f"fjarrlan@{sigel.lower()}.bibliotek.example",
        "address": {
            "line1": name,
            "line2": "Fjärrlån",
            "postal_code": postal_code,
            "locality": town,
        },
        "route": route or "",
        "ill_lent": lent,
        "ill_borrowed": borrowed,
    }
    if network:
        facts["network"] = network
    return facts


# What the demo's catalogues lend, as their published rules say (Örebro and Karlskoga buy
# new general-interest titles instead of borrowing or lending them).
ILL_RULES: dict[str, dict[str, Any]] = {
    "orebro": {"min_age_months": 12},
    "karlskoga": {"min_age_months": 12},
}
