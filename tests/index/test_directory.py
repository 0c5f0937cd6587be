"""The cache path: only a directory we can prove we made is ever emptied; the rest is refused.

Each case fails on the code before this module existed: a foreign `meta.json` or a stray schema
marker made the whole directory "an index", which was then cleared recursively.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from federator.index import directory
from federator.index.directory import CacheDirectoryError
from federator.index.schema import SCHEMA_VERSION
from federator.index.store import CacheIndex
from federator.index.writer import CacheWriter
from tests.index.test_store import zebra_records


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root, byte for byte (symlinks by target, never followed)."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            entry = Path(folder, name)
            key = str(entry.relative_to(root))
            if entry.is_symlink():
                found[key] = "link:" + os.readlink(entry)
            elif entry.is_dir():
                found[key] = "dir"
            else:
                found[key] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return found


def user_files(root: Path) -> None:
    (root / "thesis.txt").write_text("years of work")
    (root / "photos" / "2019").mkdir(parents=True)
    (root / "photos" / "2019" / "summer.jpg").write_bytes(b"\xff\xd8\xff" + bytes(range(256)))


def foreign_meta(root: Path) -> None:
    user_files(root)
    (root / "meta.json").write_text('{"another": "program"}')


def stray_legacy_marker(root: Path) -> None:
    user_files(root)
    (root / "federator-schema-version").write_text("0")  # "old schema": used to mean rebuild


def stray_marker(root: Path) -> None:
    user_files(root)
    (root / directory.MARKER).write_text(directory.marker_text(SCHEMA_VERSION - 1))


def nested_only(root: Path) -> None:
    (root / "a" / "b" / "c").mkdir(parents=True)
    (root / "a" / "b" / "c" / "notes.md").write_text("# notes")
    (root / "meta.json").write_text("{}")


def symlink_out(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "precious.txt").write_text("keep me")
    (root / directory.MARKER).write_text(directory.marker_text(SCHEMA_VERSION))
    (root / "meta.json").write_text("{not json")  # a corrupt index would be rebuilt...
    (root / "link").symlink_to(outside)  # ...but this is not ours


@pytest.mark.parametrize(
    "plant", [foreign_meta, stray_legacy_marker, stray_marker, nested_only, symlink_out]
)
def test_a_directory_that_is_not_only_ours_is_refused_and_untouched(
    tmp_path: Path, plant: object
) -> None:
    root = tmp_path / "cache"
    root.mkdir()
    plant(root)  # type: ignore[operator]
    before = snapshot(tmp_path)
    with pytest.raises(CacheDirectoryError, match="nothing in this one was changed"):
        CacheIndex(root)
    assert snapshot(tmp_path) == before


def test_a_file_is_refused_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cache"
    path.write_text("not a directory")
    with pytest.raises(CacheDirectoryError, match="is a file, not a directory"):
        CacheIndex(path)
    assert path.read_text() == "not a directory"


def test_a_path_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(CacheDirectoryError, match="cannot be used"):
        CacheIndex(tmp_path / "file" / "index")


async def written_index(root: Path) -> Path:
    writer = CacheWriter(CacheIndex(root), max_documents=1000, max_age_s=3600)
    writer.submit(zebra_records("orebro"), {}, time.time())
    await writer.flush()
    writer.close()
    return root


async def test_our_own_index_is_rebuilt_and_only_its_files_go(tmp_path: Path) -> None:
    root = await written_index(tmp_path / "index")
    assert directory.claim(root, SCHEMA_VERSION)  # only tantivy's files and our marker
    (root / directory.MARKER).write_text(directory.marker_text(SCHEMA_VERSION - 1))
    assert CacheIndex(root).count() == 0
    assert directory.marked_schema(root) == SCHEMA_VERSION


async def test_an_index_from_before_the_marker_still_opens(tmp_path: Path) -> None:
    root = await written_index(tmp_path / "index")
    (root / directory.MARKER).unlink()
    (root / directory.LEGACY_MARKER).write_text(str(SCHEMA_VERSION))  # as version 0.1 left it
    assert CacheIndex(root).count() == 27
    assert not (root / directory.LEGACY_MARKER).exists()
    assert directory.marked_schema(root) == SCHEMA_VERSION


def test_a_new_or_empty_directory_becomes_ours(tmp_path: Path) -> None:
    CacheIndex(tmp_path / "new" / "index")
    empty = tmp_path / "empty"
    empty.mkdir()
    CacheIndex(empty)
    for root in (tmp_path / "new" / "index", empty):
        assert directory.marked_schema(root) == SCHEMA_VERSION


def test_a_marker_of_someone_else_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / directory.MARKER).write_text('{"application": "other", "schema": 1}')
    assert directory.marked_schema(tmp_path) is None
    (tmp_path / directory.MARKER).write_bytes(b"\xff\xfe")
    assert directory.marked_schema(tmp_path) is None


def test_tantivys_temporary_file_during_a_commit_is_tolerated_and_left_alone(
    tmp_path: Path,
) -> None:
    """Before: with --workers 4 on a fresh directory, a worker starting while another
    committed saw tantivy's ".tmpK8Vrce" (meta.json being written), refused the directory,
    and uvicorn stopped the whole server."""
    path = tmp_path / "index"
    assert directory.claim(path, SCHEMA_VERSION) is False
    (path / ".tmpK8Vrce").write_bytes(b"meta.json being written")
    assert directory.claim(path, SCHEMA_VERSION) is True
    directory.clear(path, SCHEMA_VERSION)
    assert (path / ".tmpK8Vrce").read_bytes() == b"meta.json being written"
    (path / ".tmp-mine.txt").write_text("not tantivy's")
    with pytest.raises(CacheDirectoryError, match=r"\.tmp-mine\.txt"):
        directory.claim(path, SCHEMA_VERSION)
