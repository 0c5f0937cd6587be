"""MARCXML -> SourceRecord throughput, as a ratio to a bare lxml parse of the same bytes.

Builds SRU 1.2 answers of 50 records each from the repository's MARCXML (Swedish records with
Koha 952 and 852 holdings, plus LoC records from pymarc), then times, in one run:
  floor      etree.fromstring of each answer (the hardened parser, nothing else)
  federator  parse_search_response + map_records: envelope, records, holdings, ISBNs, formats
Prints records/s for both and the ratio. Run: .venv/bin/python bench/parse.py [--pages N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

from federator.config.items import PRESETS
from federator.connectors.marc import find_marc_records
from federator.connectors.records import map_records
from federator.models import Target
from federator.sru.response import parse_search_response
from federator.xmlsafe import _parser, serialise

ROOT = Path(__file__).parent.parent
SOURCES = [ROOT / "tests/data/zebra/records.xml", *sorted((ROOT / "tests/data/marc").glob("*.xml"))]
TARGET = Target(
    id="bench",
    name="Bench",
    url="http://127.0.0.1:1/b",
    holdings=PRESETS["koha"],
)
PAGE = 50


def sample_records() -> list[str]:
    records = []
    for path in SOURCES:
        records += [serialise(r) for r in find_marc_records(etree.parse(str(path)).getroot())]
    return records


def sru_pages(records: list[str], pages: int) -> list[bytes]:
    answers = []
    for page in range(pages):
        chosen = [records[(page * PAGE + i) % len(records)] for i in range(PAGE)]
        body = "".join(
            f"<zs:record><zs:recordSchema>marcxml</zs:recordSchema><zs:recordPacking>xml"
            f"</zs:recordPacking><zs:recordData>{r}</zs:recordData>"
            f"<zs:recordPosition>{i + 1}</zs:recordPosition></zs:record>"
            for i, r in enumerate(chosen)
        )
        answers.append(
            (
                '<?xml version="1.0" encoding="UTF-8"?><zs:searchRetrieveResponse '
                'xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version>'
                f"<zs:numberOfRecords>{PAGE * pages}</zs:numberOfRecords><zs:records>{body}"
                "</zs:records></zs:searchRetrieveResponse>"
            ).encode()
        )
    return answers


def time_floor(answers: list[bytes]) -> float:
    parser = _parser(None)
    started = time.perf_counter()
    for answer in answers:
        etree.fromstring(answer, parser=parser)
    return time.perf_counter() - started


def time_federator(answers: list[bytes]) -> float:
    started = time.perf_counter()
    for answer in answers:
        page = parse_search_response(answer)
        mapped, _ = map_records(page.records, TARGET)
        assert len(mapped) == PAGE
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40, help="SRU answers of 50 records per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    answers = sru_pages(sample_records(), args.pages)
    count = args.pages * PAGE
    megabytes = sum(map(len, answers)) / 1e6
    print(f"{count} records in {args.pages} SRU answers, {megabytes:.1f} MB")
    print(f"{args.rounds} rounds, floor and federator interleaved; medians")
    floors, ours = [], []
    for round_number in range(1, args.rounds + 1):
        floors.append(time_floor(answers))  # interleaved, so machine noise hits both alike
        ours.append(time_federator(answers))
        print(f"  round {round_number}/{args.rounds} done", file=sys.stderr)
    floor, federator = statistics.median(floors), statistics.median(ours)
    print(f"{'measure':<34} {'records/s':>12} {'ms/50 records':>14}")
    for label, seconds in (
        ("floor: lxml parse only", floor),
        ("federator: parse + map", federator),
    ):
        print(f"{label:<34} {count / seconds:>12,.0f} {seconds / args.pages * 1000:>14.2f}")
    print(f"ratio federator / floor (time): {federator / floor:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
