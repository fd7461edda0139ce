"""A report held by another process is offered read-only in the desktop under any of its names
(a symlink, ``x/..``, a hard link): never a second writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

HOLDER = """
import sys
from perfcore.store import ReportFile
report = ReportFile.open(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
report.close()
"""


@pytest.mark.parametrize("how", ["symlink", "dotdot", "hard link"])
def test_a_report_held_elsewhere_opens_read_only_by_any_name(
    qtbot: Any, window: MainWindow, report_path: Path, tmp_path: Path, how: str
) -> None:
    window.close_report()
    (tmp_path / "子").mkdir()
    name = {"symlink": tmp_path / "链接.jxzp", "dotdot": tmp_path / "子" / os.pardir / report_path.name, "hard link": tmp_path / "硬.jxzp"}[how]
    if how == "symlink":
        name.symlink_to(report_path)
    elif how == "hard link":
        os.link(report_path, name)
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(report_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with answering("只读打开") as seen:
            assert window.open_path(name)
        assert [s.title for s in seen] == ["文件正在使用"]
        assert window.ops is not None and window.ops.read_only
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
