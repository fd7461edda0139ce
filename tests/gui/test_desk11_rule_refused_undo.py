"""Undo after a refused entry in a 表3 rule form (a figure, the count, the formula): the first
撤销 (or Ctrl+Z) takes the refused text back to what the file holds, as in every bound field.
It took back the edit before instead — another field's value — and left the refused text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.binding import TYPING_DELAY_MS
from desktop.main_window import MainWindow
from perfcore.model import iter_nodes

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def type_into(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def focused_field(window: MainWindow, pointer: str) -> QLineEdit:
    assert window.focus_pointer(pointer)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    return field


CASES = [
    ("在职人员控制率", "/rule/limit", "1,2"),
    ("资金使用合规性", "/rule/count", "①"),
    ("在职人员控制率", "/metric/formula", "年末职工人数 ÷ ÷"),
]


@pytest.mark.parametrize(("leaf", "where", "text"), CASES)
def test_the_first_undo_takes_a_refused_rule_entry_back(
    qtbot: Any, window: MainWindow, report_path: Path, leaf: str, where: str, text: str
) -> None:
    ops = window.ops
    assert ops is not None
    ops.set("/unit_name", "先前的修改", "修改 填报单位")  # an earlier edit the undo must not take
    pointer = next(p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == leaf)
    field = focused_field(window, pointer + where)
    shown = field.text()
    field.selectAll()
    type_into(field, text)
    qtbot.wait(TYPING_DELAY_MS + 300)
    assert field.text() == text  # refused, kept in its field with the reason
    qtbot.waitUntil(lambda: window.action_undo.isEnabled() and "未保存的输入" in window.action_undo.text(), timeout=3000)
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == shown
    assert ops.get("/unit_name") == "先前的修改"
    window.action_undo.trigger()  # the next undo is the earlier edit
    assert ops.get("/unit_name") != "先前的修改"
