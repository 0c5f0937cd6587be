"""Logging set-up for the entry points: every line carries the search id of its search.

Modules only do `log = logging.getLogger(__name__)` and log a constant message with fields in
`extra`; this module decides how lines look (text for people, JSON for log collectors).
Patron privacy: query text and client addresses are never logged above DEBUG.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar

search_id_var: ContextVar[str] = ContextVar("search_id", default="-")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "search_id"}


class SearchIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.search_id = search_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "search_id": getattr(record, "search_id", "-"),
        }
        line |= {k: v for k, v in vars(record).items() if k not in _STANDARD}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (tests swap it), not the one at set-up."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(level: int, *, as_json: bool = False) -> None:
    handler = _StderrHandler()
    handler.addFilter(SearchIdFilter())
    if as_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(search_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
