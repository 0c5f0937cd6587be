"""Plain-text tables for the `federator` command (a terminal, not the web)."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TextIO

from federator.connectors.z3950 import Z3950Check
from federator.errors import TargetError
from federator.models import (
    ErrorKind,
    Query,
    RelevanceOrder,
    SearchResult,
    SourceRecord,
    Target,
    TargetOutcome,
    TargetState,
    Understood,
    Widening,
)
from federator.sru.explain import ExplainInfo

_CHECK_STATES = {ErrorKind.TIMEOUT: "TIMEOUT", ErrorKind.UNAVAILABLE: "DOWN"}
_CHECK_COLUMNS = f"{'target':<18} {'status':<8} {'sru':<4} {'ms':>7}  indexes"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_check_header(out: TextIO) -> None:
    out.write(_CHECK_COLUMNS + "\n")
    out.flush()


def print_check_row(
    out: TextIO, target: Target, result: ExplainInfo | Z3950Check | TargetError, ms: float
) -> None:
    if isinstance(result, TargetError):
        state = _CHECK_STATES.get(result.kind, "ERROR")
        out.write(f"{target.id:<18} {state:<8} {'-':<4} {ms:>7.0f}  {_short(str(result), 70)}\n")
        out.flush()
        return
    if isinstance(result, Z3950Check):
        hits = "-" if result.hits is None else str(result.hits)
        detail = (
            f"Z39.50 database {result.database}, syntax {result.record_syntax or '-'}, "
            f"test search {hits} hits; {result.server or 'server unnamed'}"
        )
        out.write(f"{target.id:<18} {'OK':<8} {'z39':<4} {ms:>7.0f}  {_short(detail, 70)}\n")
        out.flush()
        return
    listed = sorted(result.indexes)
    lines = textwrap.wrap(", ".join(listed), 70) or ["(the server lists none)"]
    out.write(f"{target.id:<18} {'OK':<8} {result.sru_version or '?':<4} {ms:>7.0f}  {lines[0]}\n")
    for line in lines[1:]:
        out.write(f"{'':<41}{line}\n")
    if listed:
        folded = {name.casefold() for name in listed}
        # An unprefixed index resolves in the server's default context set, whichever that is.
        folded |= {name.rpartition(".")[2] for name in folded}
        for field, index in target.indexes:
            if index.casefold() not in folded and index.casefold() != "cql.serverchoice":
                out.write(f"{'':<18} warning: {field.value} is mapped to {index!r}, not listed\n")
    for note in capability_notes(target, result):
        out.write(f"{'':<18} {note}\n")
    out.flush()


def capability_notes(target: Target, explain: ExplainInfo) -> list[str]:
    """What explain says the server takes, where the target is configured otherwise."""
    notes = []
    if explain.truncates and target.widening is not Widening.TRUNCATION:
        notes.append('note: explain lists masking "*": widening = "truncation" would do')
    masks = {value for kind, value in explain.supports if kind == "maskingCharacter"}
    if target.widening is Widening.TRUNCATION and masks and "*" not in masks:
        notes.append('warning: widening = "truncation" but explain lists no masking "*"')
    if explain.ranks and target.relevance is RelevanceOrder.NONE:
        notes.append('note: explain lists /relevant: relevance = "modifier" would do')
    return notes


def print_check_summary(out: TextIO, total: int, failures: int) -> None:
    out.write(f"\n{total - failures} of {total} targets answered explain.\n")


def _describe(record: SourceRecord) -> str:
    title = record.title + (f" : {record.subtitle}" if record.subtitle else "")
    author = record.authors[0].name if record.authors else "-"
    details = ", ".join(str(x) for x in (record.year, record.format.value, record.language) if x)
    return f"{_short(title, 60)} / {_short(author, 30)} ({details})"


def _holdings_line(record: SourceRecord) -> str:
    if not record.holdings:
        return "no holdings in the record"
    states = Counter(h.status.value for h in record.holdings)
    places = sorted({h.branch or h.library for h in record.holdings})
    summary = ", ".join(f"{n} {state}" for state, n in states.most_common())
    copies = "1 copy" if len(record.holdings) == 1 else f"{len(record.holdings)} copies"
    return f"{copies} ({summary}) at {_short(', '.join(places), 60)}"


def print_search(out: TextIO, query: Query, outcomes: list[TargetOutcome], show: int) -> None:
    out.write(f"Query: {query.source}\n\n")
    for outcome in outcomes:
        status = outcome.status
        hits = "-" if status.hits is None else str(status.hits)
        line = f"{status.target:<18} {status.state.value:<8} hits {hits:>6}"
        line += f"  {status.elapsed_ms:>7.0f} ms"
        if status.state is not TargetState.OK or status.message:
            line += f"  {status.message}"
        out.write(line + "\n")
        for record in outcome.records[:show]:
            out.write(f"    {record.record_id}: {_describe(record)}\n")
            out.write(f"        {_holdings_line(record)}\n")
    ok = [o for o in outcomes if o.status.state is TargetState.OK]
    out.write(f"\n{len(ok)} of {len(outcomes)} targets answered.\n")


_READINGS = {
    Understood.ISBN: "ISBN {value}, searched for alone",
    Understood.ISSN: "ISSN {value}, searched for alone",
    Understood.FORMAT: "{typed!r}: only {value} (a filter, not a search word)",
    Understood.AUDIENCE: "{typed!r}: searched as a word (records do not say who they are for)",
    Understood.TITLE: "a pasted title: searched for {value}",
}


def print_reading(out: TextIO, result: SearchResult, show: int) -> None:
    """What the text was read as, and the works found with a correction instead."""
    understanding = result.request.understanding
    for reading in understanding.readings if understanding else ():
        note = _READINGS[reading.kind].format(typed=reading.typed, value=reading.value)
        out.write(f"Read as: {note}\n")
    if result.corrected_to:
        out.write(f"\nNothing found as typed: searched instead for {result.corrected_to!r}\n")
        for ranked in result.results[:show]:
            out.write(f"  {_describe(ranked.work.sources[0])}\n")
    if understanding or result.corrected_to:
        out.write("(--literal searches the text exactly as typed)\n")


def print_cached(out: TextIO, result: SearchResult) -> None:
    request = result.request
    out.write(f"Query: {request.query.source} (from the cache index only)\n\n")
    for ranked in result.results:
        work = ranked.work
        oldest = min((s.cached_at for s in work.sources if s.cached_at), default=None)
        seen = f"seen {oldest:%Y-%m-%d %H:%M}" if oldest else ""
        out.write(f"  {_describe(work.sources[0])}  {seen}\n")
        out.write(f"        {_holdings_line(work.sources[0])}\n")
    out.write(f"\n{result.total} works in the cache.\n")
