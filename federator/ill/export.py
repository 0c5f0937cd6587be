"""Rows -> a CSV file Swedish spreadsheets open as they are: semicolon-separated (Excel in a
Swedish locale splits on ";", the comma being the decimal sign), UTF-8 with a byte-order mark
(without it Excel reads UTF-8 as Windows-1252: "Ã¶" for "ö"), CRLF line ends, and no cell
that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    # A catalogue's text must not become a formula when staff open the file (OWASP "CSV
    # injection"): a leading apostrophe makes the cell text.
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")
