"""What every connector raises and returns.

TargetError                  anything that stops one target answering; search.py turns it
├── TargetTimeout            into a per-target status and the other targets carry on
├── TargetUnavailable        refused, reset, DNS, HTTP 5xx
├── TargetProtocolError      not SRU: HTML page, bad or truncated XML, oversize body, HTTP 4xx
├── TargetDiagnostic         the server answered with an SRU diagnostic (URI kept)
│   └── TargetZ3950Diagnostic    ... or a Z39.50 one (Bib-1 number kept)
└── TargetQueryUnsupported   the query needs an index this target does not have
"""

from __future__ import annotations

from dataclasses import dataclass

from federator.models import SourceRecord


class TargetError(Exception):
    """Base of everything a connector raises about its target."""

    kind = "error"


class TargetTimeout(TargetError):
    kind = "timeout"


class TargetUnavailable(TargetError):
    kind = "unavailable"


class TargetProtocolError(TargetError):
    kind = "protocol"


class TargetQueryUnsupported(TargetError):
    kind = "unsupported"


class TargetDiagnostic(TargetError):
    """An SRU diagnostic. `number` is the last path segment of an info:srw/diagnostic/1/ URI."""

    kind = "diagnostic"

    def __init__(self, uri: str, message: str | None = None, details: str | None = None) -> None:
        self.uri, self.message, self.details = uri, message, details
        prefix = "info:srw/diagnostic/1/"
        self.number = (
            int(uri[len(prefix) :])
            if uri.startswith(prefix) and uri[len(prefix) :].isdigit()
            else None
        )
        label = (
            f"SRU diagnostic {self.number}" if self.number is not None else f"SRU diagnostic {uri}"
        )
        text = ": ".join(part for part in (message, details) if part)
        super().__init__(f"{label}: {text}" if text else label)

    @property
    def is_retryable(self) -> bool:
        # 2 "temporarily unavailable" and 64 "record temporarily unavailable" pass; the
        # rest (bad index, relation, schema) are configuration bugs that retrying won't fix.
        return self.number in (2, 64)


class TargetZ3950Diagnostic(TargetDiagnostic):
    """A Z39.50 diagnostic: `number` in `diagset`, usually Bib-1
    (https://www.loc.gov/z3950/agency/defns/bib1diag.html)."""

    def __init__(
        self,
        number: int,
        message: str | None = None,
        details: str | None = None,
        *,
        diagset: str = "Bib-1",
    ) -> None:
        super().__init__(f"{diagset}:{number}", message, details)
        self.number, self.diagset = number, diagset
        text = ": ".join(part for part in (message, details) if part)
        label = f"Z39.50 diagnostic {diagset} {number}"
        self.args = (f"{label}: {text}" if text else label,)

    @property
    def is_retryable(self) -> bool:
        # Bib-1 2 "temporary system error"; the rest (unsupported attribute, unknown database,
        # record syntax) are configuration bugs that retrying won't fix.
        return self.diagset == "Bib-1" and self.number == 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    uri: str
    message: str | None = None
    details: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchOutcome:
    """One target's answer to one search: its records, its hit count, what went wrong on the way."""

    target: str
    hits: int | None  # numberOfRecords; None when the server did not say (SRU 2.0 allows that)
    records: tuple[SourceRecord, ...]
    sru_version: str | None = None
    warnings: tuple[str, ...] = ()  # partial failures: a later page lost, a record skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class ExplainInfo:
    target: str
    sru_version: str | None
    title: str | None
    indexes: frozenset[str]  # "set.name", e.g. "dc.title"
    schemas: tuple[str, ...]
