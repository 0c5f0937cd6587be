"""Golden files: real MARCXML nobody here wrote -> SourceRecords, compared field by field.

Regenerate with `pytest --regen-golden` only after reading why the mapping changed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from federator.config.items import PRESETS
from federator.connectors.marc import find_marc_records
from federator.connectors.marcxml import map_marc_record
from federator.models import Target

DATA = Path(__file__).parent.parent / "data"
GOLDEN_INPUTS = sorted((DATA / "marc").glob("*.xml")) + [DATA / "zebra" / "records.xml"]
TARGET = Target(
    id="golden",
    name="Golden",
    url="http://127.0.0.1:1/golden",
    holdings=PRESETS["koha"],
    record_url="https://opac.example/{record_id}",
)
TARGET_852 = replace(TARGET, holdings=PRESETS["852"])


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


def map_file(path: Path) -> list[dict[str, Any]]:
    root = etree.parse(str(path)).getroot()
    mapped = []
    for position, element in enumerate(find_marc_records(root), 1):
        has_852 = any(f.get("tag") == "852" for f in element.iter("{*}datafield"))
        target = TARGET_852 if has_852 else TARGET
        record = map_marc_record(element, target, fallback_id=f"{path.stem}:{position}")
        mapped.append(_plain(asdict(record)))
    return mapped


@pytest.mark.parametrize("source", GOLDEN_INPUTS, ids=lambda p: p.name)
def test_mapping_matches_golden_file(source: Path, request: pytest.FixtureRequest) -> None:
    golden = source.with_suffix(".json")
    actual = map_file(source)
    assert actual, f"no MARC records found in {source}"
    if request.config.getoption("--regen-golden"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        assert got == want, f"record {index + 1} of {source.name} changed"
