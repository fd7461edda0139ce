"""Outputs never destroy inputs: every command that writes goes through the one output guard.

Whatever path the output is given — the input itself, by ``..``, a relative path, a symlink,
a chain of links, a hard link, a linked folder — a command never writes over its own input,
never over a report file (held or not) unless the output is itself a report and ``--force``
says so, never over a device node, pipe or folder, and over another existing file only with
``--force``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from crash_harness import worker_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.output import OutputError, OutputExists, check_output, is_report_file, write_output
from perfcore.store import ReportFile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links, device nodes and pipes are POSIX here")

SAME = ("same", "dotdot", "relative", "symlink", "relative_symlink", "chain", "hardlink", "linked_folder")
SPECIAL = ("device", "fifo", "folder")
REPORT_OUT = ("new", "import")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _layout(folder: Path, source: Path, relation: str) -> Path:
    """An output path standing in ``relation`` to ``source``; makes what it needs."""
    if relation == "same":
        return source
    if relation == "dotdot":
        (folder / "sub").mkdir(exist_ok=True)
        return folder / "sub" / os.pardir / source.name
    if relation == "relative":
        return Path(os.path.relpath(source))
    if relation == "symlink":
        (folder / "link.out").symlink_to(source)
        return folder / "link.out"
    if relation == "relative_symlink":
        (folder / "sub").mkdir(exist_ok=True)
        (folder / "sub" / "rel.out").symlink_to(Path(os.pardir) / source.name)
        return folder / "sub" / "rel.out"
    if relation == "chain":
        (folder / "a.out").symlink_to(source)
        (folder / "b.out").symlink_to(folder / "a.out")
        return folder / "b.out"
    if relation == "hardlink":
        os.link(source, folder / "hard.out")
        return folder / "hard.out"
    if relation == "linked_folder":
        (folder / "alias").symlink_to(folder, target_is_directory=True)
        return folder / "alias" / source.name
    if relation == "other_report":
        shutil.copyfile(REPORT_BYTES_PATH, folder / "other.jxzp")
        return folder / "other.jxzp"
    if relation == "review_file":
        from perfcore.summary.review import ReviewFile

        ReviewFile.create(folder / "复核.jxzh").close()
        return folder / "复核.jxzh"
    if relation == "plain":
        (folder / "plain.out").write_bytes(b"keep me")
        return folder / "plain.out"
    if relation == "missing":
        return folder / "new.out"
    if relation == "dangling":
        (folder / "dangling.out").symlink_to(folder / "made-by-link.out")
        return folder / "dangling.out"
    if relation == "device":
        os.mknod(folder / "null.out", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        return folder / "null.out"
    if relation == "fifo":
        os.mkfifo(folder / "pipe.out")
        return folder / "pipe.out"
    if relation == "folder":
        (folder / "dir.out").mkdir()
        return folder / "dir.out"
    raise AssertionError(relation)


REPORT_BYTES_PATH = Path()


@pytest.fixture(scope="module", autouse=True)
def _report_bytes(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> None:
    global REPORT_BYTES_PATH
    REPORT_BYTES_PATH = tmp_path_factory.mktemp("src") / "石峰.jxzp"
    ReportFile.create(REPORT_BYTES_PATH, _sample_package(sample_json_path)).close()


def _sample_package(sample_json_path: Path):  # type: ignore[no-untyped-def]
    from perfcore.exchange import load_json

    return load_json(sample_json_path.read_bytes())


def _kind(path: Path) -> str:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISCHR(info.st_mode):
        return "device"
    if stat.S_ISFIFO(info.st_mode):
        return "fifo"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "file"


COMMANDS = st.sampled_from(["export", "pdf", "import", "new", "docx", "xlsx"])
RELATIONS = st.sampled_from(
    [*SAME, "other_report", "review_file", "plain", "missing", "dangling", *SPECIAL]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=COMMANDS, relation=RELATIONS, json_input=st.booleans(), force=st.booleans())
def test_no_output_path_destroys_an_input_or_a_report(
    sample_json_path: Path, capsys: pytest.CaptureFixture[str], command: str, relation: str, json_input: bool, force: bool
) -> None:
    if command == "import":
        json_input = True
    if command == "new" and relation in SAME:
        relation = "other_report"  # ``new`` has no input
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = folder / ("包.json" if json_input else "报告.jxzp")
        shutil.copyfile(sample_json_path if json_input else REPORT_BYTES_PATH, source)
        before = sha256(source)
        out = _layout(folder, source, relation)
        kind = _kind(out) if os.path.lexists(out) else None
        target_before = sha256(out) if kind == "file" else None
        argv = {
            "export": ["export", str(source), str(out)],
            "pdf": ["pdf", str(source), "-o", str(out)],
            "import": ["import", str(source), str(out)],
            "new": ["new", str(out), "--year", "2024"],
            "docx": ["docx", str(source), "-o", str(out)],
            "xlsx": ["xlsx", str(source), "-o", str(out)],
        }[command]
        code = main([*argv, *(["--force"] if force else [])])
        _, err = capsys.readouterr()

        refused = (
            relation in SAME
            or relation in SPECIAL
            or relation == "review_file"  # a reviewer's work: no output replaces it, --force or not
            or (relation == "other_report" and (command not in REPORT_OUT or not force))
            or (relation == "plain" and not force)
        )
        assert sha256(source) == before
        if refused:
            assert code == 2, (command, relation, force, err)
            assert err.count("\n") == 1 and err.startswith("perfcore: ") and "Traceback" not in err
            assert ".tmp" not in err
            assert _kind(out) == kind
            if target_before is not None:
                assert sha256(out) == target_before
        else:
            assert code == 0, (command, relation, force, err)
            real = Path(os.path.realpath(out))
            if kind == "link":
                assert _kind(out) == "link"  # the link stays; its target was written
            head = real.read_bytes()[:16]
            expected = {"export": b"{", "pdf": b"%PDF", "import": b"SQLite format 3", "new": b"SQLite format 3", "docx": b"PK", "xlsx": b"PK"}[command]
            assert head.startswith(expected)
        leftovers = [p.name for p in folder.rglob(".~*") if not p.is_symlink()]
        assert leftovers == []


def test_a_held_report_is_never_an_output(tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.jxzp"
    shutil.copyfile(REPORT_BYTES_PATH, report)
    code = "import sys; from perfcore.store import ReportFile; r = ReportFile.open(sys.argv[1]); print('ok', flush=True); sys.stdin.read()"
    with subprocess.Popen(
        [sys.executable, "-c", code, str(report)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=worker_env()
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == b"ok\n"
        before = sha256(report)
        for argv in (
            ["export", str(sample_json_path), str(report), "--force"],
            ["pdf", str(sample_json_path), "-o", str(report), "--force"],
            ["import", str(sample_json_path), str(report), "--force"],
            ["new", str(report), "--force"],
        ):
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and ("报告文件" in err or "正在被使用" in err), err
            assert sha256(report) == before
        holder.kill()


def test_new_force_on_a_symlink_writes_the_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.jxzp"
    shutil.copyfile(REPORT_BYTES_PATH, real)
    link = tmp_path / "link.jxzp"
    link.symlink_to(real)
    assert main(["new", str(link), "--force", "--unit", "新单位", "--year", "2024"]) == 0
    capsys.readouterr()
    assert link.is_symlink() and os.readlink(link) == str(real)
    with ReportFile.open(real, read_only=True) as report:
        assert report.package.unit_name == "新单位"


def test_the_guard_api(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match="输入"):
        write_output(tmp_path / "." / "in.json", lambda t: t.write_text("x"), inputs=[source], overwrite=True)
    with pytest.raises(OutputExists, match="已存在"):
        check_output(source)
    target = tmp_path / "out.txt"
    assert write_output(target, lambda t: t.write_text("x")) == target.resolve()
    assert target.read_text() == "x"
    assert is_report_file(REPORT_BYTES_PATH) and not is_report_file(target)
    with pytest.raises(OutputError, match="绩效自评报告文件"):
        check_output(REPORT_BYTES_PATH, overwrite=True)
    assert check_output(REPORT_BYTES_PATH, overwrite=True, report=True) == REPORT_BYTES_PATH.resolve()
    from perfcore.output import is_review_file
    from perfcore.summary.review import ReviewFile

    review = tmp_path / "复核.jxzh"
    ReviewFile.create(review).close()
    assert is_review_file(review) and not is_review_file(REPORT_BYTES_PATH) and not is_report_file(review)
    for report in (False, True):
        with pytest.raises(OutputError, match="汇总复核文件"):
            check_output(review, overwrite=True, report=report)
    with pytest.raises(OutputError) as caught:
        write_output(tmp_path / "无此目录" / "x.json", lambda t: t.write_text("x"))
    assert "无此目录" in str(caught.value) and ".tmp" not in str(caught.value) and "Errno" not in str(caught.value)
