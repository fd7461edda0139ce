"""文件 › 新建下一年度…: the open file by default, the list of what is carried, the new file opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.main_window import MainWindow
from desktop.next_year_dialog import NextYearDialog
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def answer_save(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> list[str]:
    """The file dialogs answer ``paths`` in turn; returns the suggested names they were given."""
    queue = list(paths)
    suggested: list[str] = []

    def pick(_parent: object, _title: str, start: str, *_args: object, **_kwargs: object) -> tuple[str, str]:
        suggested.append(start)
        return str(queue.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    return suggested


def test_next_year_from_the_open_file(
    window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.ops is not None
    window.ops.set("/overall/balance_year_end", "600000.00", "修改 年末结余")
    seen: dict[str, Any] = {}

    def confirm(dialog: NextYearDialog) -> int:
        seen["source"] = dialog.source.text()
        seen["list"] = dialog.preview.toPlainText()
        seen["ok"] = dialog.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NextYearDialog, "exec", confirm)
    suggested = answer_save(monkeypatch, tmp_path / "2020")
    window.action_next_year.trigger()

    assert seen["source"] == str(report_path) and seen["ok"]
    assert "上年结转 ← 2019年 年末结余 60.00 万元" in seen["list"]
    assert "上年度“三公经费”预算数 ← 2019年 本年度“三公经费”预算数 0.00 万元" in seen["list"]
    assert "填报得分 8 项" in seen["list"]
    assert suggested == [str(tmp_path / "株洲市石峰区优化营商环境协调事务中心2020年度.jxzp")]
    # The new file is open, carried and unscored; last year's file was left as it was.
    assert window.ops.report.path == tmp_path / "2020.jxzp"
    package = window.ops.package
    assert package.year == 2020 and package.overall.carryover_prior is not None
    assert package.previous is not None and package.previous.file == "单位报告.jxzp"
    assert window.ops.scores.complete is False
    with ReportFile.open(report_path, read_only=True) as last:
        assert last.package.year == 2019 and last.package.overall.balance_year_end is not None


def test_keep_texts_and_another_source(
    window: MainWindow, sample_json_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def confirm(dialog: NextYearDialog) -> int:
        dialog.set_source(sample_json_path)
        dialog.keep_texts.setChecked(True)
        assert "保留为草稿的上年文字" in dialog.preview.toPlainText()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NextYearDialog, "exec", confirm)
    answer_save(monkeypatch, tmp_path / "草稿.jxzp")
    window.action_next_year.trigger()
    assert window.ops is not None and window.ops.report.path == tmp_path / "草稿.jxzp"
    assert window.ops.package.previous is not None and window.ops.package.previous.file == "shifeng-2019.json"
    findings = window.ops.run_checks_now()
    assert any(f.message == "（一）基本支出：文字沿用上年，请修改" for f in findings)


def test_a_damaged_source_is_said_and_cannot_be_confirmed(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "坏.jxzp"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    opened = window.ops.report.path if window.ops is not None else None
    seen: dict[str, Any] = {}

    def look(dialog: NextYearDialog) -> int:
        dialog.set_source(damaged)
        seen["list"] = dialog.preview.toPlainText()
        seen["ok"] = dialog.ok.isEnabled()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(NextYearDialog, "exec", look)
    window.action_next_year.trigger()
    assert seen["list"].startswith("无法由此文件新建下一年度") and not seen["ok"]
    assert window.ops is not None and window.ops.report.path == opened
