"""Whose directory is the cache path? Only one we can prove we made is ever emptied.

A directory is ours when it holds our marker and nothing but files tantivy or we write (plain
files, no folders, no symlinks). Anything else there means the path is wrong, and it is
refused with a message; nothing in it is touched. A new or empty directory becomes ours: the
marker is written before the index, so a crash between the two leaves a directory we still
recognise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

MARKER = "federator-cache-index.json"
LEGACY_MARKER = "federator-schema-version"  # before the marker: the schema number alone
_MARKER_APPLICATION = "federator"
_MARKER_PURPOSE = "cache index"
# The files tantivy writes beside its segments (tantivy 0.2x: directory/managed_directory.rs).
_TANTIVY_FILES = frozenset(
    {"meta.json", ".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock"}
)
# Segment files: a 32-hex segment id, then the component (".del" files carry an opstamp too).
_SEGMENT_FILE = re.compile(r"[0-9a-f]{32}(\.\d+)?\.[a-z]+")
# tantivy writes meta.json and .managed.json atomically: a temporary file beside them, then a
# rename (the tempfile crate's name: ".tmp" and 6 characters). A worker starting while another
# commits sees one: tolerated, never deleted (it is tantivy's to rename).
_TANTIVY_TEMPORARY = re.compile(r"\.tmp[0-9A-Za-z]{6}")


class CacheDirectoryError(ValueError):
    """The cache path is not a directory we may write into: refused, never cleared."""


def marker_text(schema_version: int) -> str:
    marker = {
        "application": _MARKER_APPLICATION,
        "purpose": _MARKER_PURPOSE,
        "schema": schema_version,
    }
    return json.dumps(marker) + "\n"


def marked_schema(path: Path) -> int | None:
    """The schema our marker records, or None when there is no marker of ours."""
    marker = path / MARKER
    if _is_plain_file(marker):
        try:
            found = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        is_ours = (
            isinstance(found, dict)
            and found.get("application") == _MARKER_APPLICATION
            and found.get("purpose") == _MARKER_PURPOSE
            and type(found.get("schema")) is int
        )
        return int(found["schema"]) if is_ours else None
    legacy = path / LEGACY_MARKER
    if _is_plain_file(legacy):
        try:
            text = legacy.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdecimal() and len(text) < 6 else None
    return None


def claim(path: Path, schema_version: int) -> bool:
    """Make sure `path` is a directory of ours; True when it already held an index of ours.

    Raises CacheDirectoryError (with the reason) for a file, a foreign directory or one that
    cannot be read; creates a missing directory and marks an empty one.
    """
    try:
        if path.exists() and not path.is_dir():
            raise CacheDirectoryError(f"{path} is a file, not a directory")
        path.mkdir(parents=True, exist_ok=True)
        entries = list(path.iterdir())
    except OSError as exc:
        raise CacheDirectoryError(f"{path} cannot be used: {exc.strerror or exc}") from exc
    if not entries:
        _write_marker(path, schema_version)
        return False
    if marked_schema(path) is None:
        raise CacheDirectoryError(
            f"{path} is not empty and is not a federator cache index: give [cache] path a new "
            "or empty directory (nothing in this one was changed)"
        )
    foreign = [e.name for e in entries if not _is_ours(e) and not _is_tantivy_temporary(e)]
    if foreign:
        listed = ", ".join(sorted(foreign)[:5])
        raise CacheDirectoryError(
            f"{path} holds files that are not the cache index's ({listed}): move them, or give "
            "[cache] path a directory of its own (nothing in this one was changed)"
        )
    return True


def clear(path: Path, schema_version: int) -> None:
    """Empty a directory `claim` accepted, file by file, and mark it anew."""
    for entry in path.iterdir():
        if _is_ours(entry):
            entry.unlink()
    _write_marker(path, schema_version)


def mark(path: Path, schema_version: int) -> None:
    """Record the schema of the index now in `path` (which `claim` accepted)."""
    if marked_schema(path) != schema_version or _is_plain_file(path / LEGACY_MARKER):
        _write_marker(path, schema_version)


def _write_marker(path: Path, schema_version: int) -> None:
    try:
        (path / MARKER).write_text(marker_text(schema_version), encoding="utf-8")
        legacy = path / LEGACY_MARKER
        if _is_plain_file(legacy):
            legacy.unlink()
    except OSError as exc:
        raise CacheDirectoryError(f"{path} cannot be written: {exc.strerror or exc}") from exc


def _is_ours(entry: Path) -> bool:
    if not _is_plain_file(entry):
        return False
    name = entry.name
    return (
        name in (MARKER, LEGACY_MARKER)
        or name in _TANTIVY_FILES
        or _SEGMENT_FILE.fullmatch(name) is not None
    )


def _is_tantivy_temporary(entry: Path) -> bool:
    return _is_plain_file(entry) and _TANTIVY_TEMPORARY.fullmatch(entry.name) is not None


def _is_plain_file(entry: Path) -> bool:
    return entry.is_file() and not entry.is_symlink()
