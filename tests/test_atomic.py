"""Whole-file writes: the target is the old file or the new one, never half of each."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
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


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.jxzp"
        write_atomically(fresh, lambda temp: temp.write_bytes(b"x"))
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        shared = tmp_path / "shared.jxzp"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        write_atomically(shared, lambda temp: temp.write_bytes(b"new"))
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    finally:
        os.umask(mask)
