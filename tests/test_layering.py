"""Imports point down the ranks (README "Architecture"), relative imports and
`from federator import x` included. A rule, not a list of today's imports: a new module needs a
rank, and an import that climbs fails here, as the planted tree at the end proves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "federator"
# Highest first. A module's rank is its own entry, else its package's (connectors/sru.py is
# "connectors"); modules of one package may import each other.
RANKS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("demo",),
    ("web", "cli_output"),
    ("service",),
    ("search", "caching", "params", "arrange"),
    ("shared",),  # rate limits, breakers, answers and works: in process or on Redis
    ("config",),  # reads Z39.50 options, so it sits above the protocols
    ("connectors",),
    # The SRU protocol (the connector's, the /sru endpoint's, the demo's), YAZ's ZOOM for
    # Z39.50, the cache index.
    ("index", "sru", "z3950"),
    ("merge", "rank", "facets", "groups", "ill", "pqf", "understand", "widen", "finished"),
    ("query", "text"),
    (
        "errors",
        "cql",
        "isbn",
        "normalise",
        "circuit",
        "xmlsafe",
        "logs",
        "memory",
        "vocabulary",
        "lru",
    ),
    ("models",),
)
RANK_OF = {name: len(RANKS) - level for level, names in enumerate(RANKS) for name in names}


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(root: Path, path: Path) -> set[str]:
    """Every federator module `path` imports, relative imports resolved."""
    own = module_name(root, path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            # `from federator import service` imports a module, not a name
            found |= {f"{module}.{alias.name}" for alias in node.names}
    top = root.name
    return {m for m in found if m.startswith(f"{top}.") and _exists(root, m)}


def _exists(root: Path, module: str) -> bool:
    parts = module.split(".")[1:]
    return (root.joinpath(*parts).with_suffix(".py")).exists() or (
        root.joinpath(*parts) / "__init__.py"
    ).exists()


def unit(module: str) -> str:
    """The ranked unit of a module: its first name under the package."""
    return module.split(".")[1] if "." in module else ""


def violations(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        own = module_name(root, path)
        if own == root.name:
            continue
        if unit(own) not in RANK_OF:
            problems.append(f"{own} has no rank: add it to RANKS")
            continue
        for imported in sorted(imported_modules(root, path)):
            other = unit(imported)
            if other == unit(own) or other == "":
                continue
            if other not in RANK_OF or RANK_OF[other] >= RANK_OF[unit(own)]:
                problems.append(f"{own} imports {imported}: not below it")
    return problems


def test_every_import_points_down_a_rank() -> None:
    assert violations(PACKAGE) == []


def test_every_rank_names_a_module_that_exists() -> None:
    for name in RANK_OF:
        assert (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir(), name


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("merge.py", "from federator import service\n"),
        ("merge.py", "import federator.web.app\n"),
        ("connectors/sru.py", "from .. import search\n"),
        ("connectors/sru.py", "from ..caching import SearchCache\n"),
        ("models.py", "from federator.isbn import parse_isbn\n"),
        ("query.py", "from federator import config\n"),  # same rank: sideways is not down
        ("newthing.py", ""),  # unranked
    ],
)
def test_a_planted_upward_import_is_caught(tmp_path: Path, path: str, source: str) -> None:
    root = tmp_path / "federator"
    for module in ("__init__", "models", "isbn", "merge", "query", "config", "search", "service"):
        (root / f"{module}.py").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{module}.py").write_text("")
    for package in ("connectors", "web"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    (root / "connectors" / "sru.py").write_text("from federator.models import Target\n")
    (root / "web" / "app.py").write_text("")
    (root / "caching.py").write_text("")
    assert violations(root) == []
    (root / path).write_text(source)
    assert len(violations(root)) == 1
