"""Another file's ``-wal`` beside a report file is never read into it (round 2).

SQLite opens any ``<file>-wal`` it finds, whatever the file's header says: a WAL copied in
beside a report (from a colleague's folder, a USB stick, a file of that name made by a
database tool) made ``perfcore score`` print the other file's unit and leave a ``-shm``
behind, and opening the report for editing checkpointed the other file's pages into it — its
own figures gone. A report file of ours is never in WAL mode, so a ``-wal`` beside a file whose
header is not in WAL mode is another file's: readers read past it (``immutable``), a writer
removes it and its ``-shm`` under the lock, and a new file made at the name clears it first.
A folder or link at that name is refused naming it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.store import ReportFile, StoreError
from perfcore.summary.review import ReviewFile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a WAL beside a file is made by SQLite on POSIX here")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_wal(source: Path, folder: Path, table: str, statements: list[str]) -> tuple[Path, Path]:
    """A copy of ``source`` put in WAL mode with changes left in its log (no checkpoint): its
    ``-wal`` and ``-shm``."""
    other = folder / ("other" + source.suffix)
    shutil.copyfile(source, other)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for statement in statements:
        conn.execute(statement)
    wal, shm = other.with_name(other.name + "-wal"), other.with_name(other.name + "-shm")
    assert wal.stat().st_size > 0, table
    kept = folder / "kept-wal", folder / "kept-shm"
    shutil.copyfile(wal, kept[0])
    shutil.copyfile(shm, kept[1])
    conn.close()
    return kept


@pytest.fixture
def report(tmp_path: Path, sample_json_path: Path) -> Path:
    path = tmp_path / "r.jxzp"
    ReportFile.create(path, load_json(sample_json_path.read_bytes())).close()
    return path


@pytest.mark.parametrize("with_shm", [True, False])
def test_another_files_wal_beside_a_report_is_never_read_into_it(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], with_shm: bool
) -> None:
    stash = tmp_path / "别处"
    stash.mkdir()
    wal, shm = other_wal(report, stash, "meta", ["UPDATE meta SET value = '别人的单位' WHERE key = 'unit_name'", "DELETE FROM fund_item"])
    shutil.copyfile(wal, tmp_path / "r.jxzp-wal")
    if with_shm:
        shutil.copyfile(shm, tmp_path / "r.jxzp-shm")
    before = sha256(report)
    listing = sorted(os.listdir(tmp_path))
    for argv in (["score", str(report)], ["check", str(report)], ["export", str(report), str(tmp_path / "o.json")]):
        code = main(argv)
        out = capsys.readouterr().out
        assert code in (0, 1) and "别人的单位" not in out
        assert sha256(report) == before
    assert "别人的单位" not in (tmp_path / "o.json").read_text(encoding="utf-8")
    (tmp_path / "o.json").unlink()
    assert sorted(os.listdir(tmp_path)) == listing  # reading made no -shm and removed nothing
    assert main(["summary", str(report)]) == 0
    assert "别人的单位" not in capsys.readouterr().out
    with ReportFile.open(report, read_only=True) as reader:
        assert reader.package.unit_name != "别人的单位" and sha256(report) == before
    with ReportFile.open(report) as writer:
        assert writer.package.unit_name != "别人的单位"
        assert all(fund.items for fund in writer.package.special_funds)
        writer.set("/unit_name", "本单位")
    assert not (tmp_path / "r.jxzp-wal").exists() and not (tmp_path / "r.jxzp-shm").exists()
    with ReportFile.open(report, read_only=True) as again:
        assert again.package.unit_name == "本单位" and all(fund.items for fund in again.package.special_funds)


def test_a_new_file_at_a_name_with_a_leftover_wal_is_whole(report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stash = tmp_path / "别处"
    stash.mkdir()
    wal, _ = other_wal(report, stash, "meta", ["UPDATE meta SET value = '别人的单位' WHERE key = 'unit_name'"])
    report.unlink()
    shutil.copyfile(wal, tmp_path / "r.jxzp-wal")
    assert main(["new", str(report), "--unit", "新单位", "--year", "2024"]) == 0
    assert main(["score", str(report)]) == 0
    assert "新单位" in capsys.readouterr().out
    assert not (tmp_path / "r.jxzp-wal").exists()


def test_another_review_files_wal_is_never_read_into_a_review_file(tmp_path: Path) -> None:
    path = tmp_path / "复核.jxzh"
    with ReviewFile.create(path) as review:
        review.add_units([(str(tmp_path / "甲.jxzp"), "f", "甲单位", 2019)])
    stash = tmp_path / "别处"
    stash.mkdir()
    wal, _ = other_wal(path, stash, "unit_file", ["UPDATE unit_file SET unit = '别人的单位'"])
    shutil.copyfile(wal, tmp_path / "复核.jxzh-wal")
    before = sha256(path)
    with ReviewFile.open(path, read_only=True) as reader:
        assert [u.unit for u in reader.units()] == ["甲单位"]
    assert sha256(path) == before and (tmp_path / "复核.jxzh-wal").exists()
    with ReviewFile.open(path) as writer:
        assert [u.unit for u in writer.units()] == ["甲单位"]
    assert not (tmp_path / "复核.jxzh-wal").exists()


@pytest.mark.parametrize("planted", ["folder", "symlink to another file's log"])
def test_a_wal_name_taken_by_something_else_is_refused_naming_it(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], planted: str
) -> None:
    side = tmp_path / "r.jxzp-wal"
    if planted == "folder":
        side.mkdir()
    else:
        stash = tmp_path / "别处"
        stash.mkdir()
        wal, _ = other_wal(report, stash, "meta", ["UPDATE meta SET value = '别人的单位' WHERE key = 'unit_name'"])
        side.symlink_to(wal)
    before = sha256(report)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="r.jxzp-wal"):
            ReportFile.open(report, read_only=read_only)
    assert main(["score", str(report)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.jxzp-wal" in err
    assert sha256(report) == before and os.path.lexists(side)
