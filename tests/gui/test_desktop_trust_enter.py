"""Enter moves on, as in Excel (issue 12, item 9): on 表1, 表2 and their item lists Enter writes
the field and goes to the next one in reading order, Shift+Enter back; Ctrl+Enter in the
multi-line texts (Enter is a new line there); the rows' ↑ ↓ ✕ buttons are not tab stops."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, binding_of, field, type_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolButton, QWidget

from desktop.binding import bound
from desktop.main_window import MainWindow
from desktop.tabs.overall import BUDGET_ROWS, TEXTS

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def enter(modifiers: Qt.KeyboardModifier = NONE) -> None:
    widget = focused()
    if isinstance(widget, QPlainTextEdit):
        modifiers |= CTRL
    QTest.keyClick(widget, Qt.Key.Key_Return, modifiers)


def pointer_of(widget: QWidget) -> str:
    found = bound(widget)
    assert found is not None, widget
    return found.pointer


def expected_order(window: MainWindow) -> list[str]:
    assert window.ops is not None
    head = ["/unit_name", "/year", "/overall/head", "/overall/staff_actual", "/overall/staff_quota"]
    head += ["/overall/assets_total", "/overall/liabilities_total"]
    budget = [f"/overall/{cell[0]}" for row in BUDGET_ROWS for cell in row if cell is not None]
    items = window.ops.get("/overall/capital_repair_items")
    repairs = [f"/overall/capital_repair_items/{i}/{part}" for i in range(len(items)) for part in ("name", "amount")]
    texts = [f"/overall/{name}" for _label, name, _lines in TEXTS] + ["/overall/goal_completion"]
    tail = ["/overall/opinion_unit", "/overall/opinion_office", "/overall/filler", "/overall/phone", "/overall/filled_on"]
    return [*head, *budget, *repairs, "/overall/budget_note", *texts, *tail]


def test_enter_walks_table1_in_reading_order_and_writes_each_field(qtbot: Any, window: MainWindow) -> None:
    tab = window.overall_tab
    assert tab is not None and window.ops is not None
    for index in range(2):
        window.ops.insert("/overall/capital_repair_items", index, {"name": f"维修{index}", "amount": None}, "添加")
    first = field(tab, "/unit_name")
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    order = expected_order(window)
    seen = [pointer_of(focused())]
    places: list[QPoint] = [focused().mapTo(tab.page, QPoint(0, 0))]
    for _ in order[1:]:
        enter()
        seen.append(pointer_of(focused()))
        places.append(focused().mapTo(tab.page, QPoint(0, 0)))
    assert seen == order
    # Reading order on the screen: each field below the one before, or beside it to the right;
    # and each is scrolled into view as it is reached.
    for before, after in zip(places, places[1:], strict=False):
        assert after.y() > before.y() or (abs(after.y() - before.y()) < 8 and after.x() > before.x()), (before, after)
    enter()
    assert pointer_of(focused()) == order[0]  # round the end, as Tab goes
    enter(SHIFT)
    assert pointer_of(focused()) == order[-1]


def test_enter_commits_the_figure_and_shift_enter_goes_back(qtbot: Any, window: MainWindow) -> None:
    tab = window.overall_tab
    assert tab is not None and window.ops is not None
    staff = field(tab, "/overall/staff_actual")
    staff.setFocus(Qt.FocusReason.TabFocusReason)
    staff.selectAll()
    type_text(qtbot, staff, "11")
    enter()
    assert window.ops.get("/overall/staff_actual") == 11
    assert pointer_of(focused()) == "/overall/staff_quota"
    assert binding_of(staff).dirty is False
    enter(SHIFT)
    assert focused() is staff


def test_enter_in_a_text_is_a_new_line_ctrl_enter_moves_on(qtbot: Any, window: MainWindow) -> None:
    tab = window.overall_tab
    assert tab is not None and window.ops is not None
    area = field(tab, "/overall/problems")
    assert isinstance(area, QPlainTextEdit)
    area.setFocus(Qt.FocusReason.TabFocusReason)
    area.moveCursor(area.textCursor().MoveOperation.End)
    lines = area.blockCount()
    QTest.keyClick(area, Qt.Key.Key_Return)
    assert focused() is area and area.blockCount() == lines + 1
    QTest.keyClick(area, Qt.Key.Key_Return, CTRL)
    assert pointer_of(focused()) == "/overall/improvements"
    assert window.ops.get("/overall/problems").count("\n") == area.toPlainText().count("\n")


def test_enter_walks_a_fund_and_its_items(qtbot: Any, window: MainWindow) -> None:
    assert window.tabs is not None and window.funds_tab is not None
    window.tabs.setCurrentWidget(window.funds_tab)
    form = window.funds_tab.form
    assert form is not None
    allocated = field(form, "/special_funds/0/allocated")
    allocated.setFocus(Qt.FocusReason.TabFocusReason)
    enter()
    assert pointer_of(focused()) == "/special_funds/0/spent"
    item = form.items.bindings[0].widget
    item.setFocus(Qt.FocusReason.TabFocusReason)
    enter()
    assert pointer_of(focused()) == "/special_funds/0/items/0/amount"
    enter()
    assert pointer_of(focused()) == "/special_funds/0/items/1/name"


def test_the_row_buttons_are_no_tab_stops(window: MainWindow) -> None:
    tab = window.overall_tab
    assert tab is not None and window.ops is not None
    window.ops.insert("/overall/capital_repair_items", 0, {"name": "维修", "amount": None}, "添加")
    buttons = tab.repair_items.findChildren(QToolButton)
    assert buttons
    assert all(button.focusPolicy() == Qt.FocusPolicy.NoFocus for button in buttons)
