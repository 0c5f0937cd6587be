"""What one Z39.50 target needs beyond a `Target`: where it listens, what to ask for, how to log in.

Values are checked once, in `Z3950Options.create`; credentials are kept out of repr (and so out
of every log line and error message that formats the options).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from federator.pqf import check_attributes


class RecordSyntax(StrEnum):
    USMARC = "usmarc"  # ISO 2709; marc21 is the same OID (1.2.840.10003.5.10)
    MARC21 = "marc21"
    XML = "xml"  # MARCXML as text-XML (1.2.840.10003.5.109.10), e.g. Zebra's DOM filter


class RecordCharset(StrEnum):
    MARC8 = "marc-8"  # YAZ still reads leader/09 "a" as UTF-8, so a mixed catalogue works
    UTF8 = "utf-8"
    LATIN1 = "latin-1"


# YAZ's iconv names for the `charset=` part of a ZOOM_record_get type.
_YAZ_CHARSETS = {
    RecordCharset.MARC8: "marc8",
    RecordCharset.UTF8: "utf-8",
    RecordCharset.LATIN1: "iso-8859-1",
}
# ZOOM reads "name=value," before the host as options: refuse anything but a plain host name.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$")
_PRINTABLE = re.compile(r"^[^\x00-\x1f\x7f]*$")
_DATABASE = re.compile(r"^[^\x00-\x20\x7f+]{1,200}$")  # "+" would split it into two databases


@dataclass(frozen=True, slots=True, kw_only=True)
class Z3950Options:
    host: str
    port: int = 210
    database: str = "Default"
    record_syntax: RecordSyntax = RecordSyntax.USMARC
    element_set: str | None = "F"  # None: ask for none; Zebra's DOM filter wants e.g. "marcxml"
    records_charset: RecordCharset = RecordCharset.MARC8  # ignored for XML: it says its own
    query_charset: str | None = None  # e.g. "iso-8859-1" for servers that take no UTF-8 terms
    preferred_message_size: int | None = None  # bytes; None: ZOOM's default (64 MiB)
    piggyback: bool = True  # first page in the search response (pazpar2's pz:piggyback)
    attributes: tuple[tuple[str, str], ...] = ()  # field -> Bib-1 attributes, see pqf.py
    connect_timeout_s: float | None = None  # None: the target's
    response_timeout_s: float | None = None  # each init/search/present answer; None: target's
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    group: str | None = field(default=None, repr=False)

    @classmethod
    def create(
        cls, *, attributes: Mapping[str, str] | None = None, **values: object
    ) -> Z3950Options:
        """Checked options; raises ValueError naming the bad key (never a credential's value)."""
        pairs = tuple(sorted((attributes or {}).items()))
        for key, kind in (("record_syntax", RecordSyntax), ("records_charset", RecordCharset)):
            if key in values:  # config gives plain strings; an unknown one fails here
                values[key] = kind(str(values[key]))
        options = cls(attributes=pairs, **values)  # type: ignore[arg-type]
        options.check()
        return options

    def check(self) -> None:
        if not _HOST.match(self.host):
            raise ValueError(f"host must be a host name or [IPv6] address, not {self.host!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"port must be 1-65535, not {self.port}")
        if not _DATABASE.match(self.database):
            raise ValueError(f"database must be a name without spaces or '+': {self.database!r}")
        RecordSyntax(self.record_syntax)
        RecordCharset(self.records_charset)
        for key in ("element_set", "query_charset", "user", "password", "group"):
            value = getattr(self, key)
            if value is not None and (not value or not _PRINTABLE.match(value)):
                raise ValueError(f"{key} must be non-empty text without control characters")
        if self.preferred_message_size is not None and self.preferred_message_size < 4096:
            raise ValueError("preferred_message_size must be at least 4096 bytes")
        for key in ("connect_timeout_s", "response_timeout_s"):
            value = getattr(self, key)
            if value is not None and not (math.isfinite(value) and value > 0):
                raise ValueError(f"{key} must be a positive number of seconds")
        check_attributes(dict(self.attributes))

    @property
    def record_type(self) -> str:
        """The ZOOM_record_get type: MARC comes back as MARCXML in UTF-8, converted by YAZ."""
        if self.record_syntax == RecordSyntax.XML:
            return "xml"  # the record is XML already; a charset here would re-decode its text
        return f"xml; charset={_YAZ_CHARSETS[RecordCharset(self.records_charset)]},utf-8"

    def zoom_options(self) -> dict[str, str]:
        """ZOOM connection options (https://software.indexdata.com/yaz/doc/zoom.html)."""
        options = {
            "databaseName": self.database,
            "preferredRecordSyntax": str(self.record_syntax),
            "piggyback": "1" if self.piggyback else "0",
            "implementationName": "federator",
        }
        optional = {
            "elementSetName": self.element_set,
            "rpnCharset": self.query_charset,
            "user": self.user,
            "password": self.password,
            "group": self.group,
            "preferredMessageSize": _text(self.preferred_message_size),
            # One record no larger than a message: a bigger one comes back as a diagnostic.
            "maximumRecordSize": _text(self.preferred_message_size),
        }
        options.update({k: v for k, v in optional.items() if v is not None})
        return options


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)
