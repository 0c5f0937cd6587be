"""One catalogue's MARCXML record of a manifestation: leader, control fields, 008, description
(describe.py) and holdings (copies.py), in MARC 21 field order.

Format is carried where the MARC 21 bibliographic format puts it: leader 06-07 (type, level),
007 (category of material) and 008/23 (form of item); see loc.gov/marc/bibliographic.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, time, timedelta

from federator.demo import describe
from federator.demo.copies import REFERENCE_DATE
from federator.demo.describe import Choices
from federator.demo.editions import Kind, Manifestation
from federator.demo.fields import controlfield, datafield

MARC_NS = "http://www.loc.gov/MARC21/slim"
_RECORD_TYPE = {Kind.AUDIOBOOK: "i", Kind.TALKING_BOOK: "i", Kind.DVD: "g", Kind.MUSIC: "j"}
_PHYSICAL = {
    Kind.EBOOK: "cr |||||||||||",  # electronic, remote
    Kind.AUDIOBOOK: "sd fsngnnmmned",  # sound disc: CD
    Kind.TALKING_BOOK: "sd fsngnnmmned",
    Kind.MUSIC: "sd fsngnnmmned",
    Kind.DVD: "vd cvaizq",  # videodisc: DVD
    Kind.LARGE_PRINT: "tb",  # text, large print
}
_LITERARY_TEXT = {"1": "f ", "p": "p ", "d": "d "}  # 008/30-31 for spoken word


def leader(m: Manifestation, rda: bool) -> str:
    record_type = _RECORD_TYPE.get(m.kind, "a")
    level = "s" if m.kind is Kind.PERIODICAL else "m"
    return f"00000n{record_type}{level} a2200000 {'i' if rda else 'a'} 4500"


def _positions_18_to_34(m: Manifestation) -> str:
    audience = "j" if m.children else " "
    if m.kind in (Kind.AUDIOBOOK, Kind.TALKING_BOOK, Kind.MUSIC):
        composition, text = ("pp", "  ") if m.kind is Kind.MUSIC else ("nn", "  ")
        if m.kind is not Kind.MUSIC:
            text = _LITERARY_TEXT.get(m.literary_form, "  ")
        return f"{composition}n {audience}       {text} n "
    if m.kind is Kind.DVD:
        return f"{min(m.minutes or 0, 999):03d} {audience}{' ' * 10}vl"
    if m.kind is Kind.PERIODICAL:
        return f"{m.frequency}r p{' ' * 12}0"
    illustrated = "a   " if m.children else "    "
    form = {Kind.EBOOK: "o", Kind.LARGE_PRINT: "d"}.get(m.kind, " ")
    index = "1" if m.literary_form == "0" and not m.children else "0"
    biography = "d" if m.genre == "Biografier" else " "
    return f"{illustrated}{audience}{form}     00{index} {m.literary_form}{biography}"


def fixed_length_data(m: Manifestation, entered: date) -> str:
    """008: entered, date type and dates, place, material-specific 18-34, language, source."""
    dates = f"c{m.year}9999" if m.kind is Kind.PERIODICAL else f"s{m.year}    "
    value = f"{entered:%y%m%d}{dates}{m.publisher.country}{_positions_18_to_34(m)}{m.language} d"
    if len(value) != 40:
        raise AssertionError(f"008 must be 40 characters, got {len(value)}: {value!r}")
    return value


def _extent(m: Manifestation, rda: bool) -> tuple[tuple[str, str | None], ...]:
    pages = f"{m.pages} {'sidor' if rda else 's.'}" if m.pages else ""
    hours, minutes = divmod(m.minutes or 0, 60)
    duration = f"{hours} tim., {minutes} min."
    illustrated = ("illustrationer" if rda else "ill.") if m.children else None
    extent: dict[Kind, tuple[str, str | None, str | None]] = {
        Kind.EBOOK: (f"1 onlineresurs ({pages})", None, None),
        Kind.AUDIOBOOK: (f"{max(1, (m.minutes or 0) // 75)} CD-skivor ({duration})", None, "12 cm"),
        Kind.TALKING_BOOK: (f"1 CD-skiva (DAISY) ({duration})", None, "12 cm"),
        Kind.DVD: (f"1 DVD-skiva (ca {m.minutes} min.)", "ljud, färg", "12 cm"),
        Kind.MUSIC: ("1 CD-skiva", None, "12 cm"),
        Kind.PERIODICAL: ("volymer", "illustrationer" if rda else "ill.", "28 cm"),
        Kind.POCKET: (pages, illustrated, "18 cm"),
        Kind.LARGE_PRINT: (pages, None, "24 cm"),
    }
    size = "27 cm" if m.children and (m.pages or 0) <= 48 else f"{20 + (m.pages or 0) % 5} cm"
    a, b, c = extent.get(m.kind, (pages, illustrated, size))
    return (("a", a), ("b", b), ("c", c))


def _physical_description(m: Manifestation, choices: Choices) -> str:
    parts = [(code, value) for code, value in _extent(m, choices.rda) if value]
    return datafield("300", describe.punctuated(parts, choices, {"b": " :", "c": " ;"}))


def _notes(m: Manifestation, rng: random.Random) -> list[str]:
    notes = []
    if m.kind is Kind.DVD and m.original_year:
        creator = next((p for p, role in m.added if role == "författare av förlaga"), None)
        if creator:
            notes.append(f"Efter romanen av {creator.direct}.")
        notes.append(f"Originalår: {m.original_year}.")
    elif m.original and rng.random() < 0.6:
        notes.append(f"Originaltitel: {m.original[1]}.")
    elif m.original_year and m.language == "swe" and not m.original:
        notes.append(f"Originalupplaga {m.original_year}.")
    if m.kind is Kind.LARGE_PRINT:
        notes.append("Stor stil.")
    return [datafield("500", (("a", note),)) for note in notes]


def _series(m: Manifestation, choices: Choices) -> tuple[list[str], list[str]]:
    if not m.series:
        return [], []
    name, number = m.series
    parts = list(describe.punctuated([("a", name), ("v", number)], choices, {"v": " ;"}))
    traced = [datafield("830", parts, ind2="0")] if choices.rda else []
    return [datafield("490", parts, ind1="1")], traced


def _genres(m: Manifestation, choices: Choices) -> list[str]:
    terms = [m.genre] if m.genre else []
    if m.kind is Kind.DVD:  # the film of a novel is not itself a novel
        terms = ["Filmatiseringar"]
    if m.kind is Kind.AUDIOBOOK:
        terms.append("Ljudböcker")
    # Talking books are named in 655 when RDA dropped the GMD ("[Ljudupptagning (DAISY)]").
    if m.kind is Kind.TALKING_BOOK and choices.rda:
        terms.append("Talböcker")
    return [datafield("655", (("a", term), ("2", "saogf")), ind2="7") for term in terms]


def _people(m: Manifestation, choices: Choices) -> list[str]:
    fields = []
    for person, role in m.added:
        if role == "författare av förlaga":  # name-title entry for the novel a film is based on
            fields.append(describe.person_field("700", person, None, choices, title=m.title))
        else:
            fields.append(describe.person_field("700", person, role, choices))
    return fields


def _main_entry(m: Manifestation, choices: Choices) -> list[str]:
    if m.author:
        role = "författare" if choices.relators and m.kind is not Kind.MUSIC else None
        return [describe.person_field("100", m.author, role, choices)]
    if m.group:
        return [datafield("110", (("a", m.group),), ind1="2")]
    return []


def _languages(m: Manifestation) -> list[str]:
    fields = []
    if m.original:
        fields.append(datafield("041", (("a", m.language), ("h", m.original[0])), ind1="1"))
    if m.kind is not Kind.DVD and m.sab:
        fields.append(datafield("084", (("a", m.sab), ("2", "kssb/8"))))
    return fields


def _uniform_skip(m: Manifestation) -> str:
    return describe.nonfiling(m.original[1], m.original[0]) if m.original else "0"


def render_record(
    m: Manifestation,
    *,
    record_id: str,
    institution: str,
    entered: date,
    choices: Choices,
    holdings: list[str],
    rng: random.Random,
) -> str:
    changed = datetime.combine(entered, time(8)) + timedelta(minutes=rng.randint(0, 600_000))
    changed = min(changed, datetime.combine(REFERENCE_DATE, time(7, 30)))
    main_entry = _main_entry(m, choices)
    series, traced_series = _series(m, choices)
    fields = [
        controlfield("001", record_id),
        controlfield("003", institution),
        controlfield("005", f"{changed:%Y%m%d%H%M%S}.0"),
        *([controlfield("007", _PHYSICAL[m.kind])] if m.kind in _PHYSICAL else []),
        controlfield("008", fixed_length_data(m, entered)),
        *describe.isbn_fields(m, choices, rng),
        *([datafield("022", (("a", m.issn),))] if m.issn else []),
        *_languages(m),
        *main_entry,
        *(
            [datafield("240", (("a", m.original[1]), ("l", "Svenska")), "1", _uniform_skip(m))]
            if m.original and choices.rda
            else []
        ),
        describe.title_field(m, choices, bool(main_entry)),
        *([datafield("246", (("a", m.romanized),), ind1="1")] if m.romanized else []),
        *([datafield("250", (("a", m.edition),))] if m.edition else []),
        *describe.publication_field(m, choices),
        _physical_description(m, choices),
        *(describe.rda_types(m) if choices.rda else []),
        *series,
        *_notes(m, rng),
        *describe.subject_fields(m),
        *_genres(m, choices),
        *_people(m, choices),
        *traced_series,
        *holdings,
    ]
    xml = f'<record xmlns="{MARC_NS}">\n  <leader>{leader(m, choices.rda)}</leader>\n'
    xml += "\n".join(fields) + "\n</record>"
    return xml if xml.isascii() else unicodedata.normalize("NFC", xml)
