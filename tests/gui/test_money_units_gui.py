"""One money unit: an amount typed on 表3 (a 基础数据 figure of a formula) is read as on 表1, in 万元."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, field, replace_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from desktop.main_window import MainWindow
from desktop.ops import Ops
from desktop.tabs.indicators import IndicatorsTab
from perfcore.model import iter_nodes

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.fixture
def ops(window: MainWindow) -> Ops:
    assert window.ops is not None
    return window.ops


def _enter(qtbot: Any, widget: QLineEdit, text: str) -> None:
    replace_text(qtbot, widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())


def _public_budget_field(window: MainWindow, qtbot: Any) -> tuple[IndicatorsTab, QLineEdit]:
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab) and window.ops is not None
    ops = window.ops
    pointer = next(p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == "公用经费控制率")
    assert window.focus_pointer(pointer)
    widget = tab.leaf_panel.input_bindings["public_budget"].widget
    assert isinstance(widget, QLineEdit)
    qtbot.waitUntil(widget.isVisible)
    return tab, widget


@pytest.mark.parametrize("typed", ["85", "85万元", "８５", "850000元", "850,000元"])
def test_85_wan_on_table3_equals_85_on_table1(window: MainWindow, ops: Ops, qtbot: Any, typed: str) -> None:
    overall = window.overall_tab
    window.tabs.setCurrentWidget(overall)
    on_table1 = field(overall, "/overall/expense_public")
    assert isinstance(on_table1, QLineEdit)
    _enter(qtbot, on_table1, "85")
    _, on_table3 = _public_budget_field(window, qtbot)
    _enter(qtbot, on_table3, typed)
    assert ops.get("/figures/2/value") == ops.get("/overall/expense_public") == "850000.00"
    assert on_table3.text() == on_table1.text() == "85.00"


def test_the_process_shows_money_in_wan_and_a_rate_of_85_is_plausible(window: MainWindow, ops: Ops, qtbot: Any) -> None:
    tab, on_table3 = _public_budget_field(window, qtbot)
    _enter(qtbot, on_table3, "3.27")
    # 公用经费 3.27 万元 of a budget of 3.27 万元: 100 %, in 万元 as the forms show them.
    assert "3.27/3.27×100=100.00%" in tab.leaf_panel.process.text()
    assert not [f for f in ops.run_checks_now() if f.path.startswith("/figures/2")]


def test_a_yuan_figure_typed_as_wan_is_warned_about(window: MainWindow, ops: Ops, qtbot: Any) -> None:
    tab, on_table3 = _public_budget_field(window, qtbot)
    _enter(qtbot, on_table3, "32700")  # 32,700 元 typed into a 万元 field
    warnings = [f for f in ops.run_checks_now() if f.severity == "warning"]
    scale = [f for f in warnings if f.path == "/figures/2/value"]
    assert len(scale) == 1 and "预算安排公用经费总额" in scale[0].message and "应填 3.27 万元" in scale[0].message
    qtbot.waitUntil(lambda: "应填 3.27 万元" in tab.leaf_panel.findings_label.text())
