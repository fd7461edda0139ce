"""文件 › 备份与恢复…: the list of backups and restoring one, in the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QApplication

from desktop.backup_dialog import COLUMNS, BackupDialog
from desktop.main_window import MainWindow
from perfcore import backup
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def open_dialog(qtbot: Any, window: MainWindow) -> BackupDialog:
    assert window.action_backups.isEnabled()
    window.action_backups.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, BackupDialog) and w.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def rows(dialog: BackupDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(len(COLUMNS))] for r in range(table.rowCount())]


def test_the_menu_lists_the_backup_made_on_opening(
    qtbot: Any, window: MainWindow, private_data_folder: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    listed = rows(dialog)
    assert len(listed) == 1
    assert listed[0][1] == "打开时" and listed[0][2] == "93.00" and listed[0][3].endswith(" KB")
    assert str(private_data_folder / "backups") in dialog.note.text()
    dialog.close()


def test_restoring_brings_back_the_old_content_and_can_be_undone(
    qtbot: Any, window: MainWindow, report_path: Path
) -> None:
    assert window.ops is not None
    window.ops.set("/overall/staff_actual", 11, "修改年末职工人数")  # 在职人员控制率 drops: 88.00
    assert window.ops.scores.total == 88
    dialog = open_dialog(qtbot, window)
    dialog.ask = lambda *_args: True
    dialog.table.selectRow(0)

    assert dialog.restore_selected()

    assert window.ops is not None and not window.ops.read_only
    assert window.ops.get("/overall/staff_actual") == 7
    assert window.ops.scores.total == 93
    assert "已恢复到" in window.statusBar().currentMessage()
    listed = rows(dialog)
    before_restore = [row for row in listed if row[1] == "恢复备份前"]
    assert len(before_restore) == 1 and before_restore[0][2] == "88.00"

    # The state before the restore is one click away.
    dialog.table.selectRow(next(i for i, row in enumerate(listed) if row[1] == "恢复备份前"))
    assert dialog.restore_selected()
    assert window.ops is not None and window.ops.get("/overall/staff_actual") == 11
    dialog.close()
    window.close_report()
    with ReportFile.open(report_path, read_only=True) as report:
        assert report.get("/overall/staff_actual") == 11


def test_declining_the_confirmation_changes_nothing(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    window.ops.set("/overall/staff_actual", 11, "修改年末职工人数")
    dialog = open_dialog(qtbot, window)
    with answering("取消") as seen:
        assert not dialog.restore_selected()
    assert seen and seen[0].buttons == ["恢复", "取消"]
    assert window.ops is not None and window.ops.get("/overall/staff_actual") == 11
    dialog.close()


def test_a_backup_that_cannot_be_used_is_refused_and_the_file_reopened(
    qtbot: Any, window: MainWindow, report_path: Path, private_data_folder: Path
) -> None:
    assert window.ops is not None
    window.ops.set("/overall/staff_actual", 11, "修改年末职工人数")
    (only,) = backup.list_backups(report_path, private_data_folder / "backups")
    only.path.write_bytes(b"not a database")
    dialog = open_dialog(qtbot, window)
    dialog.ask = lambda *_args: True
    with answering() as seen:
        assert not dialog.restore_selected()
    assert [s.title for s in seen] == ["无法恢复"]
    assert window.ops is not None and window.ops.get("/overall/staff_actual") == 11
    dialog.close()


def test_the_action_is_off_without_a_file(qtbot: Any, isolated_settings: Path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    assert not win.action_backups.isEnabled()
    assert "备份与恢复(&B)…" in [a.text() for a in win.menuBar().actions()[0].menu().actions()]
