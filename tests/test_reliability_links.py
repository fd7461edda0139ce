"""One file, one writer, whatever the path; journals are only played into their own file;
the lock's side file is never a weapon.

* The lock, the journal and "who holds it" follow the real file: the real name, a path through a folder and back up (``x/`` then the parent),
  a relative path, a symlink, a chain of symlinks, a linked folder and a hard link all meet the
  same lock (hypothesis over random link layouts).
* A ``-journal`` left by a crashed writer is played back only into the file it belongs to: not
  into a new file made at that name (``new``, 另存为), not into a copy put over the report; a read
  command never changes the file.
* ``<report>.lock`` is opened without following links and must be a regular file: a symlink
  planted there is refused, the file it points to untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from crash_harness import worker_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.exchange import load_json, package_to_doc
from perfcore.filelock import LockedError
from perfcore.model import iter_leaves
from perfcore.store import ReportFile, StoreError, journal_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links and SIGKILL are POSIX here")

ALIASES = ["real", "dotdot", "relative", "symlink", "relative_symlink", "chain", "hardlink", "linked_folder", "hardlink_symlink"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> Path:
    path = tmp_path_factory.mktemp("prepared") / "石峰.jxzp"
    ReportFile.create(path, load_json(sample_json_path.read_bytes())).close()
    return path


def alias(folder: Path, real: Path, kind: str, tag: str) -> Path:
    """Another name of ``real`` of the given kind (made on first use)."""
    if kind == "real":
        return real
    if kind == "dotdot":
        (folder / "sub").mkdir(exist_ok=True)
        return folder / "sub" / os.pardir / real.name
    if kind == "relative":
        return Path(os.path.relpath(real))
    link = folder / f"{kind}-{tag}.jxzp"
    if kind == "symlink":
        link.symlink_to(real)
    elif kind == "relative_symlink":
        link.symlink_to(real.name)
    elif kind == "chain":
        first = folder / f"chain-first-{tag}.jxzp"
        first.symlink_to(real)
        link.symlink_to(first)
    elif kind == "hardlink":
        os.link(real, link)
    elif kind == "hardlink_symlink":
        hard = folder / f"hard-{tag}.jxzp"
        os.link(real, hard)
        link.symlink_to(hard)
    elif kind == "linked_folder":
        (folder / f"alias-{tag}").symlink_to(folder, target_is_directory=True)
        return folder / f"alias-{tag}" / real.name
    return link


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.sampled_from(ALIASES), second=st.sampled_from(ALIASES))
def test_every_name_of_a_file_meets_the_same_lock(prepared: Path, first: str, second: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        real = folder / "real.jxzp"
        shutil.copyfile(prepared, real)
        a, b = alias(folder, real, first, "a"), alias(folder, real, second, "b")
        with ReportFile.open(a) as writer:
            with pytest.raises(LockedError):
                ReportFile.open(b)
            with pytest.raises(LockedError):
                ReportFile.create(b, writer.package, overwrite=True)
            with ReportFile.open(b, read_only=True) as reader:
                assert reader.package.unit_name == writer.package.unit_name
            writer.set("/unit_name", "经由别名修改")
        with ReportFile.open(b) as again:
            assert again.package.unit_name == "经由别名修改"
        left = sorted(p.name for p in folder.iterdir() if p.name.endswith((".lock", "-journal")) or p.name.startswith(".~"))
        assert left == []


HOLDER = textwrap.dedent(
    """
    import sys
    from perfcore.store import ReportFile
    report = ReportFile.open(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.read()
    """
)


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "dotdot"])
def test_a_second_process_by_another_name_is_refused(prepared: Path, tmp_path: Path, kind: str) -> None:
    real = tmp_path / "real.jxzp"
    shutil.copyfile(prepared, real)
    other = alias(tmp_path, real, kind, "x")
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(real)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=worker_env()
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        with pytest.raises(LockedError):
            ReportFile.open(other)
        holder.kill()


CRASH_MID_EDIT = textwrap.dedent(
    """
    import os, signal, sys
    from perfcore.store import ReportFile
    report = ReportFile.open(sys.argv[1])
    conn = report.connection()
    conn.execute("PRAGMA cache_size = 1")  # pages spill to the file: it is half-written
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE node SET name = name || '（改）', note = hex(randomblob(2000))")
    conn.execute("UPDATE fund SET overview = hex(randomblob(3000))")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def crash_mid_edit(path: Path) -> None:
    """A writer of ours killed in the middle of an edit: a hot journal and its side file remain."""
    result = subprocess.run([sys.executable, "-c", CRASH_MID_EDIT, str(path)], env=worker_env(), check=False)
    assert result.returncode == -signal.SIGKILL
    assert journal_path(path).stat().st_size > 0


def test_the_crashed_writers_own_journal_is_still_played(prepared: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.jxzp"
    shutil.copyfile(prepared, path)
    with ReportFile.open(path, read_only=True) as before:
        names = [n.name for n in before.package.indicators.tree]
    crash_mid_edit(path)
    with ReportFile.open(path) as report:
        assert [n.name for n in report.package.indicators.tree] == names
    assert not journal_path(path).exists()


def test_new_at_a_name_with_a_leftover_journal(prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.jxzp"
    shutil.copyfile(prepared, path)
    crash_mid_edit(path)
    path.unlink()
    assert main(["new", str(path), "--unit", "新单位", "--year", "2024"]) == 0
    assert main(["score", str(path)]) == 0
    assert "新单位" in capsys.readouterr().out
    with ReportFile.open(path) as report:
        assert report.package.unit_name == "新单位"


def test_save_as_onto_a_name_with_a_leftover_journal(prepared: Path, tmp_path: Path) -> None:
    target = tmp_path / "副本.jxzp"
    shutil.copyfile(prepared, target)
    crash_mid_edit(target)
    target.unlink()
    source = tmp_path / "源.jxzp"
    shutil.copyfile(prepared, source)
    with ReportFile.open(source) as report:
        report.set("/unit_name", "另存的单位")
        report.save_as(target)
    with ReportFile.open(target) as copy:
        assert copy.package.unit_name == "另存的单位"


@pytest.mark.parametrize("how", ["copied over (same inode)", "renamed over (new inode)"])
def test_a_copy_put_over_a_report_is_not_given_its_journal(
    prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, sample_json_path: Path
) -> None:
    path = tmp_path / "r.jxzp"
    shutil.copyfile(prepared, path)
    crash_mid_edit(path)
    usb = tmp_path / "U盘上的.jxzp"
    doc = load_json(sample_json_path.read_bytes())
    doc.unit_name = "U盘上的单位"
    for i, (_, leaf) in enumerate(iter_leaves(doc)):
        leaf.name, leaf.note = f"U盘指标{i}", "备注" * 300
    for fund in doc.special_funds:
        fund.overview = "U盘概况" * 500
    ReportFile.create(usb, doc).close()
    expected = package_to_doc(doc)
    if how.startswith("copied"):
        shutil.copyfile(usb, path)
    else:
        os.replace(usb, path)
    before = sha256(path)
    assert main(["score", str(path)]) == 0
    assert "U盘上的单位" in capsys.readouterr().out
    assert sha256(path) == before  # a read command changed nothing
    with ReportFile.open(path, read_only=True) as report:
        assert package_to_doc(report.package) == expected
    with ReportFile.open(path) as report:
        assert package_to_doc(report.package) == expected
    assert not journal_path(path).exists()


def test_a_folder_named_like_the_journal_is_refused(prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    journal_path(path).mkdir()
    before = sha256(path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="x.jxzp-journal"):
            ReportFile.open(path, read_only=read_only)
    assert main(["score", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "x.jxzp-journal" in err
    assert sha256(path) == before


@pytest.mark.parametrize("planted", ["symlink to another report", "symlink to nowhere", "folder", "fifo"])
def test_the_lock_side_file_is_never_written_through(prepared: Path, tmp_path: Path, planted: str) -> None:
    path = tmp_path / "r.jxzp"
    shutil.copyfile(prepared, path)
    other = tmp_path / "other.jxzp"
    shutil.copyfile(prepared, other)
    before = sha256(other)
    side = tmp_path / "r.jxzp.lock"
    if planted == "symlink to another report":
        side.symlink_to(other)
    elif planted == "symlink to nowhere":
        side.symlink_to(tmp_path / "made-by-the-lock")
    elif planted == "folder":
        side.mkdir()
    else:
        os.mkfifo(side)
    with pytest.raises(StoreError, match="r.jxzp.lock"):
        ReportFile.open(path)
    with pytest.raises(StoreError, match="r.jxzp.lock"):
        ReportFile.create(path, load_json(b'{"format": "perf-filing/1", "year": 2024}'), overwrite=True)
    assert sha256(other) == before
    assert not (tmp_path / "made-by-the-lock").exists()
    with ReportFile.open(path, read_only=True) as report:  # reading needs no lock
        assert report.read_only


def test_reading_a_wal_mode_file_leaves_nothing_beside_it(prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    path = tmp_path / "wal.jxzp"
    shutil.copyfile(prepared, path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    before = sha256(path)
    for argv in (["score", str(path)], ["check", str(path)], ["export", str(path), str(tmp_path / "o.json")]):
        assert main(argv) in (0, 1)
    with ReportFile.open(path, read_only=True) as report:
        assert report.package.unit_name
    capsys.readouterr()
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.json", "wal.jxzp"]


def test_a_wal_with_changes_is_refused_by_readers_and_folded_in_by_a_writer(prepared: Path, tmp_path: Path) -> None:
    import sqlite3

    source = tmp_path / "live.jxzp"
    shutil.copyfile(prepared, source)
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE meta SET value = '日志里的单位' WHERE key = 'unit_name'")
    path = tmp_path / "copy.jxzp"  # copied while the log held the change, as a backup tool would
    shutil.copyfile(source, path)
    shutil.copyfile(source.with_name("live.jxzp-wal"), path.with_name("copy.jxzp-wal"))
    conn.close()
    before = sha256(path)
    with pytest.raises(StoreError, match="可写方式打开"):
        ReportFile.open(path, read_only=True)
    assert sha256(path) == before and not path.with_name("copy.jxzp-shm").exists()
    with ReportFile.open(path) as report:
        assert report.package.unit_name == "日志里的单位"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.jxzp"]
