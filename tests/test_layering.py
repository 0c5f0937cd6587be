"""Imports flow one way: web -> search -> connectors/index -> query/models (style.md section 1)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "federator"
LEAVES = {"models", "isbn", "cql", "normalise", "logs"}  # import nothing of ours (pure helpers)
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "isbn": set(),
    "cql": set(),
    "normalise": set(),
    "logs": set(),
    "text": {"normalise"},
    "query": {"models", "isbn", "cql"},
    "pqf": {"models", "isbn", "query"},
    "config": {"models", "config_targets"},
    "config_targets": {"models"},
    "merge": {"models", "isbn", "normalise"},
    "rank": {"models", "isbn", "normalise", "text", "query"},
    "connectors": {"query", "models", "isbn", "cql", "connectors", "pqf", "z3950"},
    "z3950": {"z3950", "pqf"},
    "index": {"query", "models", "index", "isbn", "cql"},
    "search": {"connectors", "index", "merge", "rank", "query", "config", "models"},
    "service": {
        "search",
        "circuit",
        "facets",
        "merge",
        "rank",
        "query",
        "config",
        "models",
        "logs",
        "index",
        "caching",
    },
    "caching": {"index", "models", "search"},
    "circuit": set(),
    "facets": {"models", "normalise"},
    "cli": {
        "search",
        "query",
        "config",
        "models",
        "connectors",
        "cli_output",
        "index",
        "logs",
        "web",
        "demo",
        "service",
    },
    # The demo is an entry point too: generated catalogues served with the web layer's SRU.
    "demo": {
        "demo",
        "web",
        "config",
        "config_targets",
        "models",
        "query",
        "connectors",
        "cql",
        "isbn",
        "normalise",
    },
    "cli_output": {"search", "query", "models", "connectors"},
    "ill": {"models"},
    "web": {"service", "search", "circuit", "query", "config", "models", "web", "facets", "ill"},
}


def layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imported_layers(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.startswith("federator."):
                found.add(name.split(".")[1])
    return found


def test_every_module_imports_only_what_its_layer_may() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" and path.parent == PACKAGE:
            continue
        own = layer(path)
        assert own in ALLOWED, f"{path} is in no known layer: add it to ALLOWED"
        for imported in imported_layers(path) - {own}:
            if imported not in ALLOWED[own]:
                problems.append(f"{path.relative_to(PACKAGE)} imports federator.{imported}")
    assert problems == []


def test_leaves_import_nothing_of_ours() -> None:
    for name in LEAVES:
        assert imported_layers(PACKAGE / f"{name}.py") == set()
