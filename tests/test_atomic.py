"""Whole-file writes: the target is the old file or the new one, never half of each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from perfcore.atomic import copy_database, write_atomically


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(target, fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_a_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, lambda temp: temp.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_copy_database_copies_committed_rows(tmp_path: Path) -> None:
    source = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    source.execute("CREATE TABLE t (x)")
    source.execute("INSERT INTO t VALUES (42)")
    copy_database(source, tmp_path / "b.db")
    source.close()
    copy = sqlite3.connect(tmp_path / "b.db")
    assert copy.execute("SELECT x FROM t").fetchall() == [(42,)]
    copy.close()
