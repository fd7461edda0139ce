"""No output is written over the files that keep a report or review file whole (round 2).

Beside a report file SQLite keeps its ``-journal`` (a hot one is what rolls a half-written
commit back), a WAL-mode file its ``-wal`` and ``-shm``, and the writer lock its ``.lock``.
``perfcore export other.jxzp r.jxzp-journal --force`` replaced the hot journal of a writer
killed mid-commit with JSON: the next open found the file damaged for good. Every command
that writes a file (and the guard itself) refuses such a name, existing or not, with one line
of Chinese and exit 2; the report, its journal and its lock are unchanged, and the report
still opens with its last commit whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reliability_links import crash_mid_edit

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.output import OutputError, check_output
from perfcore.store import ReportFile, StoreError
from perfcore.summary.review import ReviewFile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and links are POSIX here")

SUFFIXES = ["-journal", "-wal", "-shm", ".lock"]

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> tuple[Path, Path, list[str]]:
    """A report file killed mid-commit (its hot journal and lock side file beside it), the
    state it must roll back to, and a JSON input."""
    folder = tmp_path_factory.mktemp("side")
    report = folder / "r.jxzp"
    ReportFile.create(report, load_json(sample_json_path.read_bytes())).close()
    with ReportFile.open(report, read_only=True) as before:
        names = [n.name for n in before.package.indicators.tree]
    crash_mid_edit(report)  # the links test's writer of ours, killed mid-commit
    assert (folder / "r.jxzp-journal").stat().st_size > 0 and (folder / "r.jxzp.lock").exists()
    return folder, sample_json_path, names


COMMANDS = ["export", "pdf", "docx", "xlsx", "import", "new", "next", "template export", "template xlsx", "summary"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(COMMANDS),
    suffix=st.sampled_from(SUFFIXES),
    owner=st.sampled_from(["crashed report", "review file"]),
    spelling=st.sampled_from(["plain", "symlink", "dotdot"]),
    force=st.booleans(),
)
def test_no_command_writes_over_a_side_file(
    prepared: tuple[Path, Path, list[str]],
    capsys: pytest.CaptureFixture[str],
    command: str,
    suffix: str,
    owner: str,
    spelling: str,
    force: bool,
) -> None:
    source_folder, json_path, names = prepared
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for item in source_folder.iterdir():
            shutil.copyfile(item, folder / item.name)
        if owner == "review file":
            ReviewFile.create(folder / "复核.jxzh").close()
            base = folder / "复核.jxzh"
        else:
            base = folder / "r.jxzp"
        side = base.with_name(base.name + suffix)
        if spelling == "symlink":
            (folder / "link.out").symlink_to(side)
            out = folder / "link.out"
        elif spelling == "dotdot":
            (folder / "sub").mkdir()
            out = folder / "sub" / os.pardir / side.name
        else:
            out = side
        before = {p.name: sha256(p) for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
        existed = side.exists()
        argv = {
            "export": ["export", str(json_path), str(out)],
            "pdf": ["pdf", str(json_path), "-o", str(out)],
            "docx": ["docx", str(json_path), "-o", str(out)],
            "xlsx": ["xlsx", str(json_path), "-o", str(out)],
            "import": ["import", str(json_path), str(out)],
            "new": ["new", str(out), "--year", "2024"],
            "next": ["next", str(json_path), str(out)],
            "template export": ["template", "export", "hunan-zhuzhou-2019", "-o", str(out)],
            "template xlsx": ["template", "xlsx", "hunan-zhuzhou-2019", "-o", str(out)],
            "summary": ["summary", str(json_path), "-o", str(out)],
        }[command]
        code = main([*argv, *(["--force"] if force else [])])
        err = capsys.readouterr().err
        assert code == 2, (command, suffix, owner, err)
        refusal = "输出文件须为" if command == "summary" else "日志或锁文件"  # summary: by the suffix first
        assert err.count("\n") == 1 and "Traceback" not in err and refusal in err, err
        after = {p.name: sha256(p) for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
        assert after == before
        assert side.exists() == existed
        with ReportFile.open(folder / "r.jxzp") as report:  # the crashed commit still rolls back whole
            assert [n.name for n in report.package.indicators.tree] == names


def test_the_guard_refuses_side_files_by_any_name(tmp_path: Path, prepared: tuple[Path, Path, list[str]]) -> None:
    source_folder, _, _ = prepared
    report = tmp_path / "r.jxzp"
    shutil.copyfile(source_folder / "r.jxzp", report)
    for suffix in SUFFIXES:
        for report_output in (False, True):
            with pytest.raises(OutputError, match="r.jxzp”的日志或锁文件"):
                check_output(tmp_path / f"r.jxzp{suffix}", overwrite=True, report=report_output)
    # Only the side files of a file of ours: another name ending so is an ordinary output.
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert check_output(tmp_path / "notes.txt-journal") == (tmp_path / "notes.txt-journal").resolve()
    assert check_output(tmp_path / "missing.jxzp.lock") == (tmp_path / "missing.jxzp.lock").resolve()


def test_leftovers_of_a_killed_write_are_cleared_with_their_journals(tmp_path: Path, prepared: tuple[Path, Path, list[str]]) -> None:
    """SIGKILL cannot be caught: a killed ``new``/``import``/另存为 leaves its temporary file and
    the journal SQLite kept beside it while writing into it; the next open for writing clears
    both (the journal was left for ever), and only ours (eight random characters)."""
    _, json_path, _ = prepared
    report = tmp_path / "r.jxzp"
    ReportFile.create(report, load_json(json_path.read_bytes())).close()
    ours = [tmp_path / ".~r.jxzpab3_x9qz.tmp", tmp_path / ".~r.jxzpab3_x9qz.tmp-journal"]
    not_ours = [tmp_path / ".~r.jxzp.old12345678.tmp-journal", tmp_path / "r.jxzp.tmp-journal"]
    for path in ours + not_ours:
        path.write_bytes(b"SQLite format 3\x00 half")
    with ReportFile.open(report):
        assert [p.exists() for p in ours + not_ours] == [False, False, True, True]


def test_a_stop_signal_while_the_temporary_file_is_made_leaves_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM arriving just as the temporary file is made (before it has a name to remove)."""
    import tempfile as tempfile_module

    from perfcore.atomic import write_atomically

    class Stopped(BaseException):
        pass

    def stop(_signum: int, _frame: object) -> None:
        raise Stopped

    real_mkstemp = tempfile_module.mkstemp

    def mkstemp_then_signal(*args: object, **kwargs: object) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        os.kill(os.getpid(), signal.SIGTERM)
        return made  # type: ignore[no-any-return]

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        monkeypatch.setattr(tempfile_module, "mkstemp", mkstemp_then_signal)
        with pytest.raises(Stopped):
            write_atomically(tmp_path / "out.json", lambda temp: temp.write_text("{}", encoding="utf-8"))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("content", ["report", "json", "pdf"])
def test_another_file_bearing_a_side_files_name_is_never_taken_for_one(
    tmp_path: Path, prepared: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str], suffix: str, content: str
) -> None:
    """A report (an export, a PDF) someone named ``r.jxzp.lock``, ``r.jxzp-journal`` or ``-wal``:
    opening r.jxzp for editing truncated or deleted it (the lock wrote its holder into it and
    removed it; SQLite and the writer removed it as an unusable journal or log). It is refused
    naming it, and left as it was, by opening, creating and 另存为; one named ``-shm`` is left
    alone."""
    _, json_path, _ = prepared
    package = load_json(json_path.read_bytes())
    report = tmp_path / "r.jxzp"
    ReportFile.create(report, package).close()
    side = tmp_path / f"r.jxzp{suffix}"
    if content == "report":
        ReportFile.create(tmp_path / "other.jxzp", package).close()
        os.replace(tmp_path / "other.jxzp", side)
    elif content == "json":
        side.write_text('{"单位": "别人的", "合计": 93}', encoding="utf-8")
    else:
        side.write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    before = sha256(side)
    if suffix == "-shm":  # means nothing without a -wal: nothing reads or removes it
        with ReportFile.open(report) as opened:
            opened.set("/unit_name", "本单位")
        ReportFile.create(report, package, overwrite=True).close()
        assert main(["import", str(json_path), str(report), "--force"]) == 0
        assert sha256(side) == before
        return
    with pytest.raises(StoreError, match=f"r.jxzp{suffix}"):
        ReportFile.open(report)
    with pytest.raises(StoreError, match=f"r.jxzp{suffix}"):
        ReportFile.create(report, package, overwrite=True)
    source = tmp_path / "源.jxzp"
    ReportFile.create(source, package).close()
    with ReportFile.open(source) as other, pytest.raises(StoreError, match=f"r.jxzp{suffix}"):
        other.save_as(report)
    assert main(["import", str(json_path), str(report), "--force"]) == 2
    assert f"r.jxzp{suffix}" in capsys.readouterr().err
    assert sha256(side) == before


@pytest.mark.parametrize("planted", ["socket", "device"])
@pytest.mark.parametrize("kind", ["report", "review"])
def test_a_socket_or_device_at_the_lock_side_file_is_named(
    tmp_path: Path, prepared: tuple[Path, Path, list[str]], planted: str, kind: str
) -> None:
    """A socket at ``r.jxzp.lock`` was "the folder cannot be written" (ENXIO), and 新建 over the
    name said "the system refused (error 6)"."""
    import socket
    import stat as stat_module

    _, json_path, _ = prepared
    path = tmp_path / ("r.jxzp" if kind == "report" else "r.jxzh")
    if kind == "report":
        ReportFile.create(path, load_json(json_path.read_bytes())).close()
    else:
        ReviewFile.create(path).close()
    side = path.with_name(path.name + ".lock")
    if planted == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(side))
        server.close()
    else:
        os.mknod(side, 0o666 | stat_module.S_IFCHR, os.makedev(1, 3))
    opener = ReportFile.open if kind == "report" else ReviewFile.open
    with pytest.raises(StoreError, match=f"{path.name}.lock”不是本程序的锁文件"):
        opener(path)
    if kind == "report":
        with pytest.raises(StoreError, match=f"{path.name}.lock”不是本程序的锁文件"):
            ReportFile.create(path, load_json(json_path.read_bytes()), overwrite=True)
    assert not stat.S_ISREG(os.lstat(side).st_mode)


@pytest.mark.parametrize("left", [b"", b"\x00" * 200, b" ", b' {"user": "\xe5\xbc\xa0', b' {"user": "x", "host": "y", "pid": 1}'])
def test_a_side_file_a_crash_or_power_cut_left_never_blocks(tmp_path: Path, prepared: tuple[Path, Path, list[str]], left: bytes) -> None:
    """What a holder killed or cut off while writing its line leaves (nothing, zeros, the line
    cut short, the whole line) is a side file of ours: the next writer takes it over."""
    _, json_path, _ = prepared
    report = tmp_path / "r.jxzp"
    ReportFile.create(report, load_json(json_path.read_bytes())).close()
    (tmp_path / "r.jxzp.lock").write_bytes(left)
    with ReportFile.open(report) as opened:
        opened.set("/unit_name", "接手的单位")
    assert not (tmp_path / "r.jxzp.lock").exists()


DAMAGED_HEADERS = {
    "application id overwritten": lambda data: data[:60] + b"\xff" * 40 + data[100:],
    "cut to 50 bytes": lambda data: data[:50],
    "another program's database": None,
}


@pytest.mark.parametrize("damage", list(DAMAGED_HEADERS))
@pytest.mark.parametrize("command", ["export", "pdf", "docx", "xlsx", "template export", "summary"])
def test_no_export_replaces_a_database_whose_header_no_longer_says_it_is_a_report(
    tmp_path: Path, prepared: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str], damage: str, command: str
) -> None:
    """A report whose header was damaged (its application id gone, or the file cut short) is
    the office's copy to recover from; ``export … --force`` replaced it as an ordinary file."""
    import sqlite3

    _, json_path, _ = prepared
    suffix = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "summary": ".json"}.get(command, ".json")
    target = tmp_path / f"单位报告{suffix}"
    make = DAMAGED_HEADERS[damage]
    if make is None:
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE t (a)")
        conn.commit()
        conn.close()
    else:
        ReportFile.create(tmp_path / "r.jxzp", load_json(json_path.read_bytes())).close()
        target.write_bytes(make((tmp_path / "r.jxzp").read_bytes()))
    before = sha256(target)
    argv = {
        "export": ["export", str(json_path), str(target)],
        "pdf": ["pdf", str(json_path), "-o", str(target)],
        "docx": ["docx", str(json_path), "-o", str(target)],
        "xlsx": ["xlsx", str(json_path), "-o", str(target)],
        "template export": ["template", "export", "hunan-zhuzhou-2019", "-o", str(target)],
        "summary": ["summary", str(json_path), "-o", str(target)],
    }[command]
    assert main([*argv, "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "数据库文件" in err, err
    assert sha256(target) == before
