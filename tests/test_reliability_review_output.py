"""The summary's review file (.jxzh) is a file of ours that no output replaces: every command
that writes a file refuses it as its target — by its name, through a symlink, under another
suffix, with --force — and leaves it byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from summary_support import write_units

from perfcore.cli import main
from perfcore.summary.review import ReviewFile

COMMANDS = ("export", "pdf", "docx", "xlsx", "new", "import", "summary")


def _argv(command: str, source: Path, package: Path, units: Path, out: Path) -> list[str]:
    return {
        "export": ["export", str(source), str(out)],
        "pdf": ["pdf", str(source), "-o", str(out)],
        "docx": ["docx", str(source), "-o", str(out)],
        "xlsx": ["xlsx", str(source), "-o", str(out)],
        "new": ["new", str(out), "--year", "2024"],
        "import": ["import", str(package), str(out)],
        "summary": ["summary", str(units), "-o", str(out)],
    }[command]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("how", ["name", "symlink", "renamed"])
def test_no_command_writes_over_a_review_file(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str], command: str, how: str
) -> None:
    if how == "symlink" and sys.platform == "win32":
        pytest.fail("symlinks are tested on POSIX only; this suite runs there")
    units = tmp_path / "units"
    made = write_units(units, 1)
    source = made[0]
    review = tmp_path / "复核.jxzh"
    with ReviewFile.create(review) as file:
        file.add_units([(str(source), "aa", "甲", 2019)])
        file.set_entry(source, "aa", "甲", 2019, "", "整体", None, "", "总体良好", "李四")
    before = hashlib.sha256(review.read_bytes()).hexdigest()
    suffix = {"export": ".json", "pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "summary": ".xlsx"}.get(command, ".jxzp")
    if how == "name":
        out = review
    elif how == "symlink":
        out = tmp_path / f"link{suffix}"
        out.symlink_to(review)
    else:  # the reviewer's file renamed to look like the command's output
        out = tmp_path / f"复核{suffix}"
        shutil.move(review, out)
        review = out
    code = main([*_argv(command, source, sample_json_path, units, out), "--force"])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    # (summary -o 复核.jxzh is refused for its suffix before the guard is asked)
    assert "汇总复核文件" in err or (command, how) == ("summary", "name"), err
    assert hashlib.sha256(review.read_bytes()).hexdigest() == before
    with ReviewFile.open(review, read_only=True) as again:
        assert [u.unit for u in again.units()] == ["甲"]
    assert [p.name for p in tmp_path.rglob(".~*")] == []
