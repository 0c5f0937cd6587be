"""Real answers and records nobody here wrote (tests/data/real, sources and licences in
tests/data/README.md) -> SourceRecords, each compared with its golden file, and the cases
issue #12 names checked one by one on the real samples that show them.

Each golden file was read against its sample by hand once when made; regenerate only with
`pytest --regen-golden`, and read the diff.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from federator.config.holdings import parse_holdings
from federator.config.reader import Where
from federator.connectors.records import map_records
from federator.errors import TargetError
from federator.models import Branch, HoldingStatus, ItemFlag, SourceRecord, Target
from federator.sru.response import SruRecord, parse_search_response
from federator.xmlsafe import parse_xml

REAL = Path(__file__).parent.parent / "data" / "real"
GOLDEN = Path(__file__).parent.parent / "data" / "real-golden"
SAMPLES = sorted(REAL.rglob("*.xml"))
# The profile each origin's records are read with: the preset of the system that made them.
PROFILES: dict[str, dict[str, Any]] = {
    "alma": {"preset": "alma-ava"},
    "bibsys": {"preset": "852"},
    "libris": {"preset": "libris"},
    "koha": {"preset": "koha"},
    "finna": {"preset": "852"},
    "loc": {"preset": "852"},
    "yaz": {"preset": "852"},
    "evergreen": {"preset": "852", "branch_subfield": "b", "call_number_subfields": ["j", "h"]},
}
BY_FILE: dict[str, dict[str, Any]] = {
    "hebrew-iii-945-999-880.xml": {"preset": "iii-945"},
    "oss-sirsi-949-ebooks-007cr-856.xml": {"preset": "sirsi-949"},
}


def target_for(sample: Path) -> Target:
    profile = BY_FILE.get(sample.name) or PROFILES.get(sample.parent.name)
    holdings = parse_holdings(profile, Where("test", sample.name)) if profile else None
    branch = Branch(code="x", name="x", library=sample.parent.name, municipality="-")
    return Target(
        id=sample.parent.name,
        name=sample.parent.name,
        url="http://127.0.0.1:1/x",
        holdings=holdings,
        branches=(branch,),
        record_url="https://opac.example/{record_id}",
    )


def read(sample: Path) -> tuple[list[SourceRecord], list[str]]:
    """As the connector reads it: an SRU answer's records, or a MARC file or collection."""
    data = sample.read_bytes()
    try:
        page = parse_search_response(data)
        records, warnings = page.records, list(page.warnings)
    except TargetError:
        parsed = parse_xml(data)
        payload = SruRecord(payload=parsed.root, schema=None, position=None, identifier=None)
        records, warnings = (payload,), list(parsed.repairs)
    mapped, more = map_records(tuple(records), target_for(sample))
    return mapped, warnings + more


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "raw"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_real_sample_maps_as_its_golden_file(
    sample: Path, request: pytest.FixtureRequest
) -> None:
    records, warnings = read(sample)
    actual = {"warnings": warnings, "records": [_plain(asdict(r)) for r in records]}
    golden = GOLDEN / sample.parent.name / sample.with_suffix(".json").name
    if request.config.getoption("--regen-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_there_are_25_samples_from_8_origins() -> None:
    assert len(SAMPLES) >= 25 and len({s.parent.name for s in SAMPLES}) >= 8


def sample(name: str) -> tuple[list[SourceRecord], list[str]]:
    return read(next(s for s in SAMPLES if s.name == name))


def test_holdings_records_join_their_bibliographic_record() -> None:
    """BIBSYS: one SRU record is a bib and its holdings records (leader/06 x, 004 = bib 001).
    Before: 30 results, 29 of them title-less 'books', and the real book with 0 copies."""
    records, warnings = sample("sru12-marcxchange-bib-and-holdings.xml")
    (book,) = records
    assert book.record_id == "93201478x" and book.title and len(book.holdings) == 29
    no_ill = [h for h in book.holdings if ItemFlag.NO_ILL in h.flags]
    assert [h.note for h in no_ill] == [None] and no_ill[0].ill_allowed is False  # (Ikke fjernlån)
    oai, _ = sample("oai-pmh-marcxchange-bib-and-holdings.xml")
    assert [len(r.holdings) for r in oai] == [8, 7, 4, 3] and all(r.title for r in oai)
    orphans, warned = sample("serials-mfhd-no-namespace.xml")  # holdings with no bib: none shown
    assert orphans == [] and warned == ["7 holdings record(s) without their title in this answer"]


def test_original_script_is_kept_from_880() -> None:
    (cjk,), _ = sample("marc12-oclc-880-cjk-949.xml")
    assert cjk.title == "Che piao qu na er le"  # the romanised form stays the title
    assert "车票去哪儿了 / 刘旭恭著绘" in cjk.original_script
    assert any(text.startswith("刘旭恭") for text in cjk.original_script)
    (arabic,), _ = sample("marc9-loc-serial-880-arabic.xml")
    assert any(text.startswith("قضاء الأسرة") for text in arabic.original_script)


def test_dublin_core_record_numbers_are_not_isbns() -> None:
    """DNB's IDNs pass the ISBN-10 check digit; before, every one became an ISBN-13."""
    records, _ = sample("sru11-oai_dc-idn-only.xml")
    assert len(records) == 12 and sum(1 for r in records if r.isbns) == 4  # the typed ones
    (typed,), _ = sample("sru11-oai_dc-tel-isbn-idn.xml")
    assert typed.isbns == ("9783110426298",)  # "978-3-11-042629-8 : EUR 102.80 (AT)"
    swiss, _ = sample("sru11-srw_dc-ns1-without-slash.xml")
    assert "9783259005187" in {i for r in swiss for i in r.isbns}  # URN:ISBN:, upper case


def test_koha_item_with_lost_4_is_lost_and_not_lendable() -> None:
    (record,), _ = sample("cypress-sample-952-lost-4.xml")
    (copy,) = record.holdings
    assert (copy.status, copy.ill_allowed, copy.call_number) == (
        HoldingStatus.LOST,
        False,
        "PBK HERBERT",
    )


def test_online_resources_are_online_not_shelf_copies() -> None:
    (talking,), _ = sample("sru11-loc-voyager-online-852-856.xml")
    assert talking.authors[0].name.startswith("Einstein") and talking.online
    assert all(h.status is HoldingStatus.ONLINE and not h.ill_allowed for h in talking.holdings)
    sirsi, _ = sample("oss-sirsi-949-ebooks-007cr-856.xml")
    statuses = Counter(h.status for r in sirsi for h in r.holdings)
    assert statuses == {HoldingStatus.ONLINE: 9, HoldingStatus.AVAILABLE: 1}  # one print copy
    alma, _ = sample("sru12-alma-ava-uio.xml")  # AVA is physical, whatever else the record says
    assert {h.status for r in alma for h in r.holdings} == {HoldingStatus.AVAILABLE}


def test_evergreen_852_statuses_in_z() -> None:
    records, _ = sample("map-data-852-status-in-z.xml")
    statuses = [h.status for r in records for h in r.holdings]
    assert statuses.count(HoldingStatus.AVAILABLE) == 2  # "$zAvailable"
    assert statuses.count(HoldingStatus.ON_ORDER) == 1  # "$zIn process": not yet on the shelf


def test_a_body_declared_utf16_that_is_utf8_is_read() -> None:
    (record,), warnings = sample("bibs-api-declared-utf16-is-utf8.xml")
    assert record.title and warnings == ["document declared utf-16 but was UTF-8; read as UTF-8"]


def test_the_main_entry_is_the_author_even_after_a_700() -> None:
    """LoC's talking book (real) with its narrator's 700 moved before the 100: before, the
    narrator became the author and the talking book split from its other copies."""
    path = next(s for s in SAMPLES if s.name == "sru11-loc-voyager-online-852-856.xml")
    text = path.read_text(encoding="utf-8")
    start = text.index('<datafield tag="700"')
    end = text.index("</datafield>", start) + len("</datafield>")
    narrator = text[start:end]
    moved = text[:start] + text[end:]
    first_field = moved.index("<datafield")
    moved = moved[:first_field] + narrator + moved[first_field:]
    assert moved.index('tag="700"') < moved.index('tag="100"')
    page = parse_search_response(moved.encode("utf-8"))
    (record,), _ = map_records(page.records, target_for(path))
    assert record.authors[0].name.startswith("Einstein")
    assert record.authors[1].role == "narrator"
