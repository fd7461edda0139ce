"""文件 menu: new from a template, save as, JSON import and export, recent files, the entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, field, replace_text
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.file_commands import NewReportDialog
from desktop.main_window import MainWindow
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def answer_save(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """The save and open dialogs answer ``paths`` in turn (no dialog is shown)."""
    queue = list(paths)

    def pick(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return str(queue.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)


def test_save_as_continues_in_the_copy(
    qtbot: Any, window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.overall_tab is not None
    replace_text(qtbot, field(window.overall_tab, "/overall/staff_actual"), "9")
    copy = tmp_path / "另存"  # the suffix is added
    answer_save(monkeypatch, copy)
    window.action_save_as.trigger()
    assert window.ops is not None
    assert window.ops.report.path == tmp_path / "另存.jxzp"
    assert window.ops.get("/overall/staff_actual") == 9  # the pending keystrokes went into the copy
    assert window.recent_files()[0] == str((tmp_path / "另存.jxzp").resolve())
    # The original was released and holds the edit too.
    with ReportFile.open(report_path) as original:
        assert original.get("/overall/staff_actual") == 9


def test_export_then_import_json_round_trips(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.ops is not None
    window.ops.set("/overall/head", "张三", "修改单位负责人")
    exported = tmp_path / "交换.json"
    answer_save(monkeypatch, exported)
    window.action_export.trigger()
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["format"] == "perf-filing/2" and doc["overall"]["head"] == "张三"

    imported = tmp_path / "导入.jxzp"
    answer_save(monkeypatch, exported, imported)
    window.action_import.trigger()
    assert window.ops.report.path == imported
    assert window.ops.get("/overall/head") == "张三"
    assert window.totals is not None and window.totals.total_label.text() == "合计 93.00 分"


def test_new_report_from_template(
    qtbot: Any, isolated_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: NewReportDialog) -> int:
        dialog.unit.setText("某某区某某中心")
        dialog.year.setText("2024")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    answer_save(monkeypatch, tmp_path / "新报告.jxzp")
    win = MainWindow()
    qtbot.addWidget(win)
    win.action_new.trigger()
    assert win.ops is not None
    assert win.ops.package.unit_name == "某某区某某中心" and win.ops.package.year == 2024
    assert win.ops.package.indicators.tree, "the template brings its indicator framework"
    assert "某某区某某中心 2024年度" in win.windowTitle()
    win.close()
    assert (tmp_path / "新报告.jxzp").exists()


def test_window_size_and_last_file_are_remembered(
    qtbot: Any, report_path: Path, isolated_settings: Path
) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.open_path(report_path)
    first.resize(720, 520)  # inside the offscreen screen (800×600), which restoring respects
    first.show()
    qtbot.waitExposed(first)
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (720, 520)
    assert second.recent_files() == [str(report_path.resolve())]
    second.close()


def test_entry_point_opens_the_demo_and_reports_first_show(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PERF_FILING_EXIT_AFTER_SHOW="1",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    env.pop("PERF_FILING_DATA")  # the default folder, below XDG_DATA_HOME
    command = [sys.executable, "-c", "import sys; from desktop.app import main; sys.exit(main())", "--demo"]
    shown = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("shown ")

    env["PERF_FILING_EXIT_AFTER_SHOW"] = "loaded"
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("loaded ")
    folder = tmp_path / "data" / "perf-filing" / "perf-filing"
    demos = list(folder.glob("*.jxzp"))  # backups of it are in backups/ below
    assert len(demos) == 1
    with ReportFile.open(demos[0], read_only=True) as demo:
        assert str(demo.scores.total) == "93.00"
    # A second start opens the same copy (edits to the demo are kept between runs).
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert list(folder.glob("*.jxzp")) == demos
    settings_text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "config").rglob("*.conf"))
    assert demos[0].name in settings_text
