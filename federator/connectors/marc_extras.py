"""What a MARC record says beyond the catalogue card: the original script of its title and
names (880, linked by $6), and where the resource itself can be read or heard online (856).

MARC 21: 880 Alternate Graphic Representation ($6 "245-01/(3/r": linked tag, occurrence,
script, direction); 856 Electronic Location and Access (ind2 0 = the resource, 1 = a version
of it, 2 = a related resource such as a publisher's description, which is never access).
"""

from __future__ import annotations

from federator.connectors.marc import MarcView
from federator.models import Format, OnlineLink

# The linked fields shown and searched in their own script: names, titles, imprint, series.
_SCRIPT_TAGS = frozenset("100 110 111 130 240 245 246 250 260 264 490 700 710 711 830".split())
_ONLINE_FORMATS = frozenset({Format.EBOOK})


def original_script(marc: MarcView) -> tuple[str, ...]:
    found: list[str] = []
    for field in marc.datafields("880"):
        linked = (field.first("6") or "")[:3]
        if linked not in _SCRIPT_TAGS:
            continue
        text = " ".join(v for code, v in field.subfields if code not in "6 0 1 2 3 4 5 8 9")
        text = text.strip(" /:;,=.")
        if text and text not in found:
            found.append(text)
    return tuple(found)


def is_online_resource(marc: MarcView, record_format: Format) -> bool:
    """The record describes something read or heard online: an e-book, a streamed audiobook
    or film (007 'cr': computer, remote), a computer file (leader/06 m)."""
    physical = marc.control.get("007", "")
    return record_format in _ONLINE_FORMATS or physical[:2] == "cr" or marc.leader[6:7] == "m"


def online_links(marc: MarcView, is_online: bool) -> tuple[OnlineLink, ...]:
    links: list[OnlineLink] = []
    for field in marc.datafields("856"):
        url = field.first("u")
        if not url or not url.startswith(("http://", "https://")):
            continue
        # ind2 0 is the resource itself; blank or 1 count only on a record of an online resource.
        if field.ind2 == "0" or (is_online and field.ind2 in (" ", "1")):
            label = "; ".join(field.all("z") + field.all("3") + field.all("y")) or None
            if all(link.url != url for link in links):
                links.append(OnlineLink(url=url, label=label))
    return tuple(links)
