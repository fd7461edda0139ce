"""Opening the report this window already has open, by any of its names (a symlink, a path
through a folder and back, a hard link), keeps it open for editing: the window's own lock is not
another user's, and no second writer or read-only copy of the same file is made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def spellings(report: Path, folder: Path) -> dict[str, Path]:
    link = folder / "链接.jxzp"
    link.symlink_to(report)
    hard = folder / "硬链接.jxzp"
    os.link(report, hard)
    (folder / "子").mkdir()
    return {"symlink": link, "dotdot": folder / "子" / os.pardir / report.name, "hard link": hard, "same": report}


@pytest.mark.parametrize("how", ["symlink", "dotdot", "hard link", "same"])
def test_opening_the_open_report_again_keeps_it_open_for_editing(
    qtbot: Any, window: MainWindow, report_path: Path, tmp_path: Path, how: str
) -> None:
    ops = window.ops
    assert ops is not None and not ops.read_only
    ops.set("/unit_name", "改过的单位", "修改 填报单位")
    again = spellings(report_path, tmp_path)[how]
    with answering() as seen:
        assert window.open_path(again)
    assert seen == []
    assert window.ops is not None and not window.ops.read_only
    assert window.ops.package.unit_name == "改过的单位"
    window.ops.set("/unit_name", "再改", "修改 填报单位")  # still the one writer
    assert window.ops.report.get("/unit_name") == "再改"


def test_a_file_open_read_only_here_is_opened_for_editing_once_its_holder_let_go(
    qtbot: Any, window: MainWindow, report_path: Path, tmp_path: Path
) -> None:
    window.close_report()
    assert window.open_path(report_path, read_only=True)
    assert window.ops is not None and window.ops.read_only
    (tmp_path / "子").mkdir()
    with answering() as seen:
        assert window.open_path(tmp_path / "子" / os.pardir / report_path.name)
    assert seen == []
    assert window.ops is not None and not window.ops.read_only
