"""`federator init --demo`: the demo's 13 catalogues as a federator.toml, so the command-line
examples in the README run against `federator demo` (scripts/demo.sh) as written."""

from __future__ import annotations

import json
from typing import Any

from federator.demo.libraries import CATALOGUES
from federator.demo.run import DemoOptions, demo_data

_HEADER = """\
# federator.toml for the demo catalogues: start them with `bash scripts/demo.sh` (or
# `federator demo`), then e.g. `federator --config federator.toml search röda rummet`.
# Written by `federator init --demo`; the README's Configuration section explains every key.
"""


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_value(k)} = {_value(v)}" for k, v in value.items()) + " }"
    # JSON's string escapes are TOML's basic-string escapes.
    return json.dumps(str(value), ensure_ascii=False)


def _table(header: str, table: dict[str, Any]) -> list[str]:
    lines = [header]
    lines += [f"{k} = {_value(v)}" for k, v in table.items() if not isinstance(v, list)]
    return lines


def demo_toml(base_port: int) -> str:
    data = demo_data(DemoOptions(base_port=base_port, cache_dir=""), CATALOGUES)
    lines = [_HEADER]
    for section in ("search", "cache", "server"):
        lines += [*_table(f"[{section}]", data[section]), ""]
    for target in data["targets"]:
        plain = {k: v for k, v in target.items() if k not in ("holdings", "libraries")}
        lines += _table("[[targets]]", plain)
        lines += _table("[targets.holdings]", target["holdings"])
        for library in target["libraries"]:
            lines += _table("[[targets.libraries]]", library)
        lines.append("")
    return "\n".join(lines)
