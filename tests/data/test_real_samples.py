"""Every file in tests/data/real is listed in tests/data/README.md and parses as XML.

Parsing uses a hardened lxml parser (no entities, no network, no DTD), the same stance the connector
takes towards bodies from the wild. A file whose README row says "not well-formed on purpose" must
be refused by that parser, so nobody "repairs" a sample that exists to show a broken body.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

DATA = Path(__file__).parent
REAL = DATA / "real"
README = DATA / "README.md"
ROW = re.compile(r"^\| `(real/[^`]+)` \|(.*)$")
BROKEN_ON_PURPOSE = "not well-formed on purpose"


def readme_rows() -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def sample_files() -> list[str]:
    return sorted(p.relative_to(DATA).as_posix() for p in REAL.rglob("*") if p.is_file())


def hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def test_every_sample_is_listed_and_every_row_has_a_file() -> None:
    files = sample_files()
    rows = readme_rows()
    assert files, "tests/data/real is empty"
    assert sorted(set(files) - set(rows)) == [], "files missing from the README table"
    assert sorted(set(rows) - set(files)) == [], "README rows without a file"


@pytest.mark.parametrize("name", sample_files())
def test_sample_parses_with_a_hardened_parser(name: str) -> None:
    data = (DATA / name).read_bytes()
    if BROKEN_ON_PURPOSE in readme_rows().get(name, ""):
        with pytest.raises(etree.XMLSyntaxError):
            etree.fromstring(data, hardened_parser())
    else:
        etree.fromstring(data, hardened_parser())
