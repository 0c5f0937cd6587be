"""A Z39.50 target's `[targets.z3950]` table (and its z3950:// url) -> `Z3950Options`.

The url names the server (`z3950://host:port/database`); the table says what to ask for and
how to log in. A password is never written in the file: `password_env` names the environment
variable that holds it, so it is not in the repository, the logs or an error message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from federator.config.reader import ConfigError, Where
from federator.z3950.options import RecordCharset, RecordSyntax, Z3950Options

Z3950_KEYS = (
    "record_syntax",
    "element_set",
    "records_charset",
    "query_charset",
    "preferred_message_size",
    "piggyback",
    "attributes",
    "response_timeout_s",
    "user",
    "group",
    "password_env",
)
_TYPES: dict[str, type | tuple[type, ...]] = {
    "preferred_message_size": int,
    "piggyback": bool,
    "attributes": dict,
    "response_timeout_s": (int, float),
}


def is_z3950_url(url: str) -> bool:
    return urlsplit(url).scheme == "z3950"


def parse_z3950(
    url: str, data: Any, where: Where, environ: Mapping[str, str], connect_timeout_s: float
) -> Z3950Options:
    where = Where(where.file, f"{where.context} z3950")
    if not isinstance(data, dict):
        raise ConfigError(where, "-", f"must be a table, got {data!r}")
    for key, value in data.items():
        if key not in Z3950_KEYS:
            raise ConfigError(where, key, f"unknown key; known keys: {', '.join(Z3950_KEYS)}")
        expected = _TYPES.get(key, str)
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(where, key, f"wrong type: got {value!r}")
    for key, kind in (("record_syntax", RecordSyntax), ("records_charset", RecordCharset)):
        if key in data and data[key] not in {member.value for member in kind}:
            allowed = ", ".join(member.value for member in kind)
            raise ConfigError(where, key, f"must be one of {allowed}, got {data[key]!r}")
    values: dict[str, Any] = {k: v for k, v in data.items() if k != "password_env"}
    if "password_env" in data:
        name = data["password_env"]
        if name not in environ:
            raise ConfigError(where, "password_env", f"the environment has no {name}")
        values["password"] = environ[name]
    parts = urlsplit(url)
    values |= {
        "host": parts.hostname or "",
        "port": parts.port or 210,
        "database": unquote(parts.path.strip("/")) or "Default",
        "connect_timeout_s": connect_timeout_s,
    }
    try:
        return Z3950Options.create(**values)
    except (ValueError, TypeError) as exc:
        key = next((k for k in Z3950_KEYS if k in str(exc)), "url")
        raise ConfigError(where, key, str(exc)) from None
