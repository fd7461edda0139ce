"""Opening a report in the desktop whose lock side file is a planted symlink (to another report)
or a folder: refused in one message, the file the link points to untouched, no crash dialog."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.mark.parametrize("planted", ["symlink", "folder"])
def test_a_planted_side_file_is_refused_and_never_written_through(
    qtbot: Any, window: MainWindow, report_path: Path, tmp_path: Path, planted: str
) -> None:
    window.close_report()
    other = tmp_path / "另一份.jxzp"
    shutil.copyfile(report_path, other)
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    side = report_path.with_name(report_path.name + ".lock")
    if planted == "symlink":
        side.symlink_to(other)
    else:
        side.mkdir()
    with answering() as seen:
        assert not window.open_path(report_path)
    assert [s.title for s in seen] == ["无法打开"] and "拒绝打开" in seen[0].text and ".lock" in seen[0].text
    assert window.ops is None
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    assert side.is_symlink() if planted == "symlink" else side.is_dir()
