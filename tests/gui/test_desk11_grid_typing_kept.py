"""A 项目支出 grid cell being typed into is in the file after the typing pause and when the window
closes, the field never left — also a 年度指标值 printed with its own wording (replaced by the
figure typed), whose editor wrote only when the cell was left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from format2_window import format2_window
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.binding import TYPING_DELAY_MS
from desktop.main_window import MainWindow
from desktop.project_model import G_REASON, G_TARGET
from desktop.tabs.projects import ProjectsTab
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def type_keys(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def stored(report: Path, pointer: str) -> Any:
    with ReportFile.open(report, read_only=True) as other:
        return other.get(pointer)


def grid_of(window: MainWindow) -> Any:
    assert window.tabs is not None
    tab = next(window.tabs.widget(i) for i in range(window.tabs.count()) if isinstance(window.tabs.widget(i), ProjectsTab))
    window.tabs.setCurrentWidget(tab)
    tab.list.setCurrentRow(1)  # 公园绿化: 新增绿化面积 ≥ 5 万平方米
    assert tab.form is not None
    return tab.form.grid_view


def open_cell(qtbot: Any, view: Any, name: str, column: int, first: str) -> tuple[str, QLineEdit]:
    model = view.model()
    row = next(i for i, entry in enumerate(model.rows) if entry.leaf is not None and entry.leaf.name == name)
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))
    type_keys(view, first)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    return model.rows[row].pointer, editor


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    return format2_window(qtbot, tmp_path)


def report_of(window: MainWindow) -> Path:
    assert window.ops is not None
    return window.ops.report.path


def test_a_target_with_its_own_wording_typed_then_the_window_closed_is_kept(qtbot: Any, window: MainWindow) -> None:
    report = report_of(window)
    view = grid_of(window)
    model = view.model()
    row = next(i for i, entry in enumerate(model.rows) if entry.leaf is not None and entry.leaf.name == "新增绿化面积")
    pointer = model.rows[row].pointer
    assert window.ops is not None
    rule = dict(window.ops.get(f"{pointer}/rule"))
    assert window.ops.set(f"{pointer}/rule", {**rule, "target_text": "不少于5万平方米"}, "导入") is not None
    _, editor = open_cell(qtbot, view, "新增绿化面积", G_TARGET, "6")
    qtbot.waitUntil(lambda: stored(report, f"{pointer}/rule/target") == 6, timeout=TYPING_DELAY_MS + 3000)
    assert editor.hasFocus()
    type_keys(editor, ".5")
    window.close()
    assert stored(report, f"{pointer}/rule/target") == "6.5"
    assert "target_text" not in stored(report, f"{pointer}/rule")


def test_a_reason_typed_then_the_window_closed_is_kept(qtbot: Any, window: MainWindow) -> None:
    report = report_of(window)
    view = grid_of(window)
    pointer, editor = open_cell(qtbot, view, "新增绿化面积", G_REASON, "雨")
    type_keys(editor, "季延误工期")
    window.close()
    assert stored(report, f"{pointer}/reason") == "雨季延误工期"
