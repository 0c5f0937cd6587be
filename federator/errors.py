"""What stops one target answering, as exceptions; `search.py` turns each into a status.

TargetError                  anything that stops one target answering; the other targets
├── TargetTimeout            carry on
├── TargetQueued             ours, not the target's: no free connection to it by the deadline
├── TargetUnavailable        refused, reset, DNS, HTTP 5xx
├── TargetProtocolError      not SRU: HTML page, bad or truncated XML, oversize body, HTTP 4xx
├── TargetDiagnostic         the server answered with a diagnostic (URI kept)
│   └── TargetZ3950Diagnostic    ... a Z39.50 one (Bib-1 number kept)
└── TargetQueryUnsupported   the query needs an index this target does not have
"""

from __future__ import annotations

from federator.models import ErrorKind


class TargetError(Exception):
    """Base of everything a connector raises about its target."""

    kind = ErrorKind.ERROR


class TargetTimeout(TargetError):
    kind = ErrorKind.TIMEOUT


class TargetQueued(TargetError):
    """Not the catalogue's failure: our own connections to it were all busy until the end."""

    kind = ErrorKind.QUEUED


class TargetUnavailable(TargetError):
    kind = ErrorKind.UNAVAILABLE


class TargetProtocolError(TargetError):
    kind = ErrorKind.PROTOCOL


class TargetQueryUnsupported(TargetError):
    kind = ErrorKind.UNSUPPORTED


class TargetDiagnostic(TargetError):
    """An SRU diagnostic. `number` is the last path segment of an info:srw/diagnostic/1/ URI."""

    kind = ErrorKind.DIAGNOSTIC

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
        # 2 "system temporarily unavailable" is the catalogue in trouble, like a 503: its
        # breaker counts it and the cache may stand in. The rest (bad index, relation,
        # schema) are answers about the query: the catalogue is up.
        if self.number == 2:
            self.kind = ErrorKind.UNAVAILABLE


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
        # Bib-1 2 "temporary system error" is the catalogue in trouble; the rest (unsupported
        # attribute, unknown database, record syntax) are answers about the query.
        self.kind = (
            ErrorKind.UNAVAILABLE if diagset == "Bib-1" and number == 2 else ErrorKind.DIAGNOSTIC
        )
