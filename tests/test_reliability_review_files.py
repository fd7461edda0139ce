"""The review file (``.jxzh``) of the 汇总 is kept like a report file: nothing lost, nothing run.

* A journal beside the name a new review file is made at (copied there, or left by another
  file of that name) is cleared under the name's lock before the file is written: it was played
  into the new file, which then held the other file's pages.
* A trigger, view, table or index the program did not create makes a review file refused,
  untouched (report files were checked; review files were not, and a trigger ran on the next
  复核 saved).
* A side file planted at ``<review>.lock`` (a link, folder, pipe, another file's hard link) is
  refused for what it is — it was reported as "the folder cannot be written".
* A review file opened through a link in another folder is the real file: the unit files it
  lists stay relative to its own folder (they were resolved, and added, relative to the link's).
* Rows that cannot be read back as written (a 复核得分 that is not a number, an entry of a unit
  file not listed, a year that is not a whole number) are refused naming the row: they raised
  a traceback or vanished from the table.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from crash_harness import worker_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from summary_support import write_units

from perfcore import cli
from perfcore.store import StoreError
from perfcore.summary import review as review_module
from perfcore.summary.review import ReviewFile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links, pipes and SIGKILL are POSIX here")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


CRASH_MID_REVIEW = textwrap.dedent(
    """
    import os, signal, sys
    from perfcore.summary.review import ReviewFile
    review = ReviewFile.open(sys.argv[1])
    conn = review.connection()
    conn.execute("PRAGMA cache_size = 1")  # pages spill to the file: it is half-written
    conn.execute("BEGIN IMMEDIATE")
    for i in range(200):
        conn.execute("INSERT INTO unit_file (path, fingerprint, unit, year) VALUES (?, ?, ?, 2019)",
                     [f"u{i}.jxzp", "f" * 64, "单位" * 50])
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_new_review_file_never_takes_a_journal_found_at_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "别处" / "r.jxzh"
    elsewhere.parent.mkdir()
    # Made exactly as the new one will be, an earlier day: its journal fits the new file.
    monkeypatch.setattr(review_module, "_now", lambda: "2001-01-01T00:00:00")
    ReviewFile.create(elsewhere).close()
    monkeypatch.undo()
    result = subprocess.run([sys.executable, "-c", CRASH_MID_REVIEW, str(elsewhere)], env=worker_env(), check=False)
    assert result.returncode == -signal.SIGKILL
    journal = elsewhere.with_name("r.jxzh-journal")
    assert journal.stat().st_size > 0
    path = tmp_path / "r.jxzh"
    shutil.copyfile(journal, path.with_name("r.jxzh-journal"))  # copied beside the name, no side file
    with ReviewFile.create(path) as review:
        assert review.units() == []
        created = review.connection().execute("SELECT value FROM meta WHERE key = 'created'").fetchone()[0]
    assert created != "2001-01-01T00:00:00"
    assert not path.with_name("r.jxzh-journal").exists()
    with ReviewFile.open(path, read_only=True) as again:
        assert again.units() == []


FOREIGN = [
    "CREATE TRIGGER wipe AFTER INSERT ON entry BEGIN DELETE FROM entry; DELETE FROM unit_file; END",
    "CREATE TRIGGER \"Wipe \"\"me\"\"\" BEFORE UPDATE ON entry BEGIN DELETE FROM unit_file; END",
    "CREATE VIEW v AS SELECT * FROM entry",
    "CREATE TABLE extra (a)",
    "CREATE INDEX entry_name ON entry (name)",
    "ALTER TABLE entry ADD COLUMN extra TEXT DEFAULT 'x'",
]


@pytest.mark.parametrize("statement", FOREIGN)
def test_a_review_file_with_objects_the_program_did_not_create_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], statement: str
) -> None:
    folder = tmp_path / "收到的报告"
    write_units(folder, 1, seed=3)
    path = tmp_path / "复核.jxzh"
    assert cli.main(["summary", str(folder), "--review", str(path)]) == 0
    with ReviewFile.open(path) as review:
        unit = review.units()[0]
        review.set_entry(unit.path, unit.fingerprint, unit.unit, unit.year, "", "", Decimal("80"), "核减", "意见", "甲")
    tamper(path, statement)
    capsys.readouterr()
    before = sha256(path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="不会创建|定义缺失或被改动"):
            ReviewFile.open(path, read_only=read_only)
    assert cli.main(["summary", str(folder), "--review", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["复核.jxzh", "收到的报告"]


@pytest.mark.parametrize("planted", ["symlink to another review file", "symlink to nowhere", "folder", "fifo", "hard link"])
def test_a_side_file_planted_at_the_review_lock_is_named_and_never_written(tmp_path: Path, planted: str) -> None:
    path = tmp_path / "r.jxzh"
    ReviewFile.create(path).close()
    other = tmp_path / "other.jxzh"
    ReviewFile.create(other).close()
    before = sha256(other)
    side = tmp_path / "r.jxzh.lock"
    if planted == "symlink to another review file":
        side.symlink_to(other)
    elif planted == "symlink to nowhere":
        side.symlink_to(tmp_path / "made-by-the-lock")
    elif planted == "folder":
        side.mkdir()
    elif planted == "fifo":
        os.mkfifo(side)
    else:
        os.link(other, side)
    with pytest.raises(StoreError, match="r.jxzh.lock") as caught:
        ReviewFile.open(path)
    assert "不可写入" not in str(caught.value)
    fresh = tmp_path / "new.jxzh"
    (tmp_path / "new.jxzh.lock").symlink_to(other)
    with pytest.raises(StoreError, match="new.jxzh.lock"):
        ReviewFile.create(fresh)
    assert not fresh.exists()
    assert sha256(other) == before
    assert not (tmp_path / "made-by-the-lock").exists()
    with ReviewFile.open(path, read_only=True) as review:  # reading needs no lock
        assert review.read_only


def test_a_review_file_opened_through_a_link_elsewhere_is_the_real_file(tmp_path: Path) -> None:
    home = tmp_path / "复核"
    folder = home / "报告"
    write_units(folder, 2, seed=5)
    units = sorted(folder.glob("*.jxzp"))
    path = home / "r.jxzh"
    with ReviewFile.create(path) as review:
        review.add_units([(str(units[0]), "f", "甲", 2019)])
    desk = tmp_path / "桌面"
    desk.mkdir()
    (desk / "快捷.jxzh").symlink_to(path)
    with ReviewFile.open(desk / "快捷.jxzh") as review:
        assert review.path == path
        review.add_units([(str(units[1]), "g", "乙", 2019)])
        listed = review.units()
    assert [u.path for u in listed] == units
    assert [u.stored for u in listed] == [f"报告/{u.name}" for u in units]


DAMAGE = {
    "score not a number": ("UPDATE entry SET score = 'abc'", "复核得分"),
    "score negative": ("UPDATE entry SET score = '-5'", "复核得分"),
    "score with spaces": ("UPDATE entry SET score = ' 80'", "复核得分"),
    "entry of a unit not listed": ("UPDATE entry SET file_id = 999", "所属的单位文件不存在"),
    "year not a number": ("UPDATE unit_file SET year = '二〇一九'", "年度"),
    "opinion not text": ("UPDATE entry SET opinion = x'00ff'", "不是文本"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_review_rows_are_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    folder = tmp_path / "收到的报告"
    write_units(folder, 1, seed=3)
    path = tmp_path / "复核.jxzh"
    assert cli.main(["summary", str(folder), "--review", str(path)]) == 0
    with ReviewFile.open(path) as review:
        unit = review.units()[0]
        review.set_entry(unit.path, unit.fingerprint, unit.unit, unit.year, "", "", Decimal("80"), "核减", "意见", "甲")
    statement, expected = DAMAGE[case]
    tamper(path, "PRAGMA foreign_keys = OFF", statement)
    capsys.readouterr()
    before = sha256(path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match=expected) as caught:
            ReviewFile.open(path, read_only=read_only)
        assert "\n" not in str(caught.value)
    assert cli.main(["summary", str(folder), "--review", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and expected in err
    assert sha256(path) == before


def test_a_score_the_review_file_could_not_read_back_is_refused_before_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "r.jxzh"
    with ReviewFile.create(path) as review:
        for score in (Decimal("-1"), Decimal("NaN"), Decimal("Infinity")):
            with pytest.raises(StoreError, match="超出范围"):
                review.set_entry("a.jxzp", "f", "u", 2019, "", "", score, "", "", "")
        review.set_entry("a.jxzp", "f", "u", 2019, "", "", Decimal("7.125"), "", "", "")
    with ReviewFile.open(path, read_only=True) as again:
        assert again.units()[0].entries[0].score == Decimal("7.125")


REVIEW_ALIASES = ["real", "dotdot", "relative", "symlink", "chain", "hardlink", "linked_folder"]


def _alias(folder: Path, real: Path, kind: str, tag: str) -> Path:
    if kind == "real":
        return real
    if kind == "dotdot":
        (folder / "sub").mkdir(exist_ok=True)
        return folder / "sub" / os.pardir / real.name
    if kind == "relative":
        return Path(os.path.relpath(real))
    if kind == "linked_folder":
        (folder / f"alias-{tag}").symlink_to(folder, target_is_directory=True)
        return folder / f"alias-{tag}" / real.name
    link = folder / f"{kind}-{tag}.jxzh"
    if kind == "symlink":
        link.symlink_to(real)
    elif kind == "chain":
        (folder / f"first-{tag}.jxzh").symlink_to(real)
        link.symlink_to(folder / f"first-{tag}.jxzh")
    else:
        os.link(real, link)
    return link


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(REVIEW_ALIASES), second=st.sampled_from(REVIEW_ALIASES))
def test_every_name_of_a_review_file_meets_the_same_lock(first: str, second: str) -> None:
    from perfcore.filelock import LockedError

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        real = folder / "复核.jxzh"
        ReviewFile.create(real).close()
        a, b = _alias(folder, real, first, "a"), _alias(folder, real, second, "b")
        with ReviewFile.open(a) as writer:
            with pytest.raises(LockedError):
                ReviewFile.open(b)
            writer.set_entry(folder / "甲.jxzp", "f", "甲单位", 2019, "", "", Decimal("90"), "", "意见", "甲")
            with ReviewFile.open(b, read_only=True) as reader:
                assert [(u.path, u.unit) for u in reader.units()] == [(folder / "甲.jxzp", "甲单位")]
        with ReviewFile.open(b) as again:
            assert [u.stored for u in again.units()] == ["甲.jxzp"]
        left = sorted(p.name for p in folder.iterdir() if p.name.endswith((".lock", "-journal")) or p.name.startswith(".~"))
        assert left == []


@pytest.mark.parametrize("suffix", [".lock", "-journal", "-wal", "-shm"])
def test_a_review_file_is_never_made_at_a_reports_side_file_name(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """新建复核文件 / ``summary --review`` at ``r.jxzp.lock`` (or the journal's, log's name) beside
    an unheld report: the review file was made there, and the report could not be opened for
    editing until someone found and moved it (or SQLite took it for a journal)."""
    from perfcore.exchange import load_json
    from perfcore.store import ReportFile

    report = tmp_path / "r.jxzp"
    ReportFile.create(report, load_json(sample_json_path.read_bytes())).close()
    name = tmp_path / f"r.jxzp{suffix}"
    with pytest.raises(StoreError, match="日志或锁文件"):
        ReviewFile.create(name)
    folder = tmp_path / "收到的报告"
    write_units(folder, 1, seed=3)
    assert cli.main(["summary", str(folder), "--review", str(name)]) == 2
    assert "日志或锁文件" in capsys.readouterr().err
    assert not os.path.lexists(name)
    with ReportFile.open(report) as opened:
        opened.set("/unit_name", "照常打开")
