"""The CSV for Swedish spreadsheets: semicolons, a byte-order mark, CRLF, no formulas."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from federator.ill.export import spreadsheet_csv


def test_semicolons_bom_and_formulas_made_text() -> None:
    body = spreadsheet_csv(
        ["Titel", "Bibliotek"], [['=HYPERLINK("x")', "Nora; Gyttorp"], ["-1", "+46"]]
    )
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Titel", "Bibliotek"], ['\'=HYPERLINK("x")', "Nora; Gyttorp"], ["'-1", "'+46"]]


@given(st.lists(st.lists(st.text(max_size=20), min_size=3, max_size=3), max_size=5))
def test_every_cell_reads_back_and_none_starts_a_formula(rows: list[list[str]]) -> None:
    body = spreadsheet_csv(["a", "b", "c"], rows)
    back = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(back) == len(rows) + 1
    for written, read in zip(rows, back[1:], strict=True):
        for cell, text in zip(written, read, strict=True):
            assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert text == cell or text == "'" + cell
