"""表3's 不符合要求的例数 (按次扣分) is read as every count: ``1,2`` and ``1 2`` are refused with a
message, not taken as 12; full-width digits are read; ``①`` and ``²`` are refused, not dropped
without a word. (It was a spin box: its validator dropped keys silently and read 1,2 as 12.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from desktop.binding import TYPING_DELAY_MS
from desktop.main_window import MainWindow
from perfcore.model import iter_nodes
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

LEAF = "资金使用合规性"


def type_into(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def stored_count(report: Path, pointer: str) -> Any:
    with ReportFile.open(report, read_only=True) as other:
        return other.get(pointer + "/rule/count")


def count_field(window: MainWindow) -> tuple[str, QWidget]:
    assert window.ops is not None
    pointer = next(p for p, n in iter_nodes(window.ops.package.indicators.tree) if n.name == LEAF)
    assert window.focus_pointer(pointer + "/rule/count")
    field = QApplication.focusWidget()
    assert field is not None
    return pointer, field


def shown_problems(window: MainWindow) -> str:
    assert window.tabs is not None
    return " ".join(label.text() for label in window.tabs.currentWidget().findChildren(QLabel) if label.isVisible())


@pytest.mark.parametrize("text", ["1,2", "1 2", "①", "²", "١٢", "2.5", "三"])
def test_a_count_that_is_not_plainly_a_count_is_refused_with_a_message(
    qtbot: Any, window: MainWindow, report_path: Path, text: str
) -> None:
    pointer, field = count_field(window)
    before = stored_count(report_path, pointer)
    if isinstance(field, QLineEdit):
        field.selectAll()
    type_into(field, text)
    qtbot.wait(TYPING_DELAY_MS + 300)
    field.clearFocus()
    qtbot.waitUntil(lambda: "不是例数" in shown_problems(window), timeout=3000)
    assert stored_count(report_path, pointer) == before


@pytest.mark.parametrize(("text", "count"), [("１２", 12), ("7", 7), ("3例", 3), ("1,200", 1200), ("", None)])
def test_a_plain_count_is_read(qtbot: Any, window: MainWindow, report_path: Path, text: str, count: int | None) -> None:
    pointer, field = count_field(window)
    assert isinstance(field, QLineEdit)
    field.selectAll()
    if text:
        type_into(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: stored_count(report_path, pointer) == count, timeout=TYPING_DELAY_MS + 3000)
    assert "不是例数" not in shown_problems(window)
