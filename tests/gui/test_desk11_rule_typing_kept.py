"""What is typed into a 表3 rule form (a figure, the formula, its unit, a cell of the bands,
options or checklist) is in the file after the typing pause, as in every bound field: closing
the window at once, or the process being killed while the field still has the focus, kept
the old value (the forms wrote only when the field was left)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget, QWidget

from desktop.binding import TYPING_DELAY_MS
from desktop.main_window import MainWindow
from perfcore.model import iter_nodes
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def type_into(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def stored(report: Path, pointer: str) -> Any:
    """What another process reading the file now would see (no lock taken)."""
    with ReportFile.open(report, read_only=True) as other:
        return other.get(pointer)


def leaf_pointer(window: MainWindow, name: str) -> str:
    assert window.ops is not None
    return next(p for p, n in iter_nodes(window.ops.package.indicators.tree) if n.name == name)


def field_named(window: MainWindow, name: str) -> QLineEdit:
    assert window.tabs is not None
    tab = window.tabs.currentWidget()
    return next(w for w in tab.findChildren(QLineEdit) if w.accessibleName() == name and w.isVisible())


def retype(widget: QLineEdit, text: str) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    widget.selectAll()
    type_into(widget, text)


CASES = [
    ("在职人员控制率", "上限", "120", "/rule/limit", 120),
    ("在职人员控制率", "每档扣分", "0.25", "/rule/points", "0.25"),
    ("政府采购执行率", "目标值", "95", "/rule/target", 95),
    ("重点工作实际完成率", "满分对应值", "90", "/rule/full", 90),
    ("在职人员控制率", "单位", "个百分点", "/metric/unit", "个百分点"),
]


@pytest.mark.parametrize(("leaf", "field", "text", "where", "value"), CASES)
def test_a_rule_figure_is_written_after_the_pause_without_leaving_the_field(
    qtbot: Any, window: MainWindow, report_path: Path, leaf: str, field: str, text: str, where: str, value: Any
) -> None:
    pointer = leaf_pointer(window, leaf)
    assert window.focus_pointer(pointer)
    edit = field_named(window, field)
    retype(edit, text)
    qtbot.waitUntil(lambda: stored(report_path, pointer + where) == value, timeout=TYPING_DELAY_MS + 3000)
    assert edit.hasFocus() and edit.text() == text  # still being typed into, nothing retyped


def test_a_rule_figure_typed_just_before_closing_the_window_is_kept(
    window: MainWindow, report_path: Path
) -> None:
    pointer = leaf_pointer(window, "在职人员控制率")
    assert window.focus_pointer(pointer)
    retype(field_named(window, "上限"), "120")
    window.close()
    assert stored(report_path, pointer + "/rule/limit") == 120


def test_a_formula_typed_just_before_closing_the_window_is_kept(window: MainWindow, report_path: Path) -> None:
    pointer = leaf_pointer(window, "在职人员控制率")
    assert window.focus_pointer(pointer)
    formula = field_named(window, "计算公式")
    formula.setFocus(Qt.FocusReason.TabFocusReason)
    formula.end(False)
    type_into(formula, " ÷ 2")
    window.close()
    assert str(stored(report_path, pointer + "/metric/formula")).endswith("/ 2")


def test_a_decimal_point_being_typed_is_not_taken_away(qtbot: Any, window: MainWindow, report_path: Path) -> None:
    """The pause writes ``1.`` as 1; the field keeps ``1.`` so that the next digit makes 1.5."""
    pointer = leaf_pointer(window, "在职人员控制率")
    assert window.focus_pointer(pointer)
    edit = field_named(window, "每档扣分")
    retype(edit, "1.")
    qtbot.waitUntil(lambda: stored(report_path, pointer + "/rule/points") == 1, timeout=TYPING_DELAY_MS + 3000)
    type_into(edit, "5")
    qtbot.waitUntil(lambda: stored(report_path, pointer + "/rule/points") == "1.5", timeout=TYPING_DELAY_MS + 3000)
    assert edit.text() == "1.5"


def test_a_band_cell_being_typed_is_written_after_the_pause(qtbot: Any, window: MainWindow, report_path: Path) -> None:
    pointer = leaf_pointer(window, "预算控制率")
    assert window.focus_pointer(pointer)
    assert window.tabs is not None
    table = next(t for t in window.tabs.currentWidget().findChildren(QTableWidget) if t.isVisible())
    before = stored(report_path, pointer + "/rule/bands/0/points")
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_into(editor, "1.")
    qtbot.waitUntil(lambda: stored(report_path, pointer + "/rule/bands/0/points") == 1, timeout=TYPING_DELAY_MS + 3000)
    type_into(editor, "5")
    window.close()
    assert before != "1.5" and stored(report_path, pointer + "/rule/bands/0/points") == "1.5"
