"""表3's rule editor shows and takes formulas with Chinese names, lists the names to insert,
and asks a new data item for its Chinese name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, commit_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from desktop.indicator_model import COL_VALUE
from desktop.ops import Ops
from desktop.tabs.indicators import IndicatorsTab
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import iter_nodes
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.fixture
def ops(qapp: Any, tmp_path: Path) -> Iterator[Ops]:
    report = ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json()))
    yield Ops(report)
    report.close()


@pytest.fixture
def tab(ops: Ops, qtbot: Any) -> IndicatorsTab:
    tab = IndicatorsTab(ops)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    return tab


def _leaf(ops: Ops, tab: IndicatorsTab, name: str) -> str:
    pointer = next(p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == name)
    assert tab.focus_pointer(pointer)
    return pointer


def _type_formula(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    commit_text(field, text)  # Chinese arrives from the input method in one piece
    QTest.keyClick(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not field.hasFocus())


def test_the_formula_shows_chinese_names_never_keys(tab: IndicatorsTab, ops: Ops) -> None:
    _leaf(ops, tab, "公用经费控制率")
    panel = tab.leaf_panel
    assert panel.formula.text() == "公用经费 ÷ 预算安排公用经费总额 × 100"
    assert "expense_public" not in panel.formula.toolTip() and "staff_actual" not in panel.formula.placeholderText()
    pointer = _leaf(ops, tab, "在职人员控制率")
    assert panel.formula.text() == "年末职工人数 ÷ 人员编制 × 100"
    # The tree's tooltip of the value says the formula in the same words.
    index = tab.model.locate(pointer)[0].siblingAtColumn(COL_VALUE)
    assert "计算公式：年末职工人数 ÷ 人员编制 × 100" in str(tab.model.data(index, Qt.ItemDataRole.ToolTipRole))


def test_a_formula_typed_with_names_is_stored_with_keys(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = _leaf(ops, tab, "公用经费控制率")
    panel = tab.leaf_panel
    _type_formula(qtbot, panel.formula, "公用经费÷（预算安排公用经费总额+公用经费）×100")
    assert not panel.metric_problem.isVisibleTo(tab)
    assert ops.get(f"{pointer}/metric/formula") == "expense_public/(public_budget+expense_public)*100"
    assert panel.formula.text() == "公用经费 ÷ （预算安排公用经费总额 + 公用经费） × 100"
    # An error is placed where it was typed, in the names typed.
    _type_formula(qtbot, panel.formula, "公用经费 ÷ ")
    assert panel.metric_problem.isVisibleTo(tab) and "公式不完整" in panel.metric_problem.text()
    assert ops.get(f"{pointer}/metric/formula") == "expense_public/(public_budget+expense_public)*100"


def test_a_name_two_data_items_share_is_refused_with_a_message(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = _leaf(ops, tab, "公用经费控制率")
    ops.insert("/figures", len(ops.package.figures), {"key": "public_2", "label": "公用经费", "kind": "money", "value": None}, "添加")
    panel = tab.leaf_panel
    _type_formula(qtbot, panel.formula, "公用经费 ÷ 预算安排公用经费总额 × 50")
    assert panel.metric_problem.isVisibleTo(tab)
    assert "同时是" in panel.metric_problem.text() and "public_2" in panel.metric_problem.text()
    assert ops.get(f"{pointer}/metric/formula") == "expense_public / public_budget * 100"


def test_the_names_are_listed_by_label_and_inserted_at_the_cursor(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = _leaf(ops, tab, "公用经费控制率")
    panel = tab.leaf_panel
    panel._fill_insert_menu()
    top = [a.text() for a in panel.insert_menu.actions()]
    assert "预算安排公用经费总额" in top and "public_budget" not in top
    assert "基础数据 · 公用经费" in top  # figures by their group
    table1 = next(a.menu() for a in panel.insert_menu.actions() if a.text() == "表1 数值字段")
    assert "公用经费" in [a.text() for a in table1.actions()] and "年末职工人数" in [a.text() for a in table1.actions()]

    panel.formula.setFocus()
    qtbot.waitUntil(panel.formula.hasFocus)
    panel.formula.setCursorPosition(len(panel.formula.text()))
    QTest.keyClicks(panel.formula, " -")
    next(a for a in panel.insert_menu.actions() if a.text() == "实际政府采购金额").trigger()
    assert panel.formula.text() == "公用经费 ÷ 预算安排公用经费总额 × 100 - 实际政府采购金额"
    assert panel.formula.hasFocus()
    QTest.keyClick(panel.formula, Qt.Key.Key_Return)
    assert ops.get(f"{pointer}/metric/formula") == "expense_public / public_budget * 100 - procurement_actual"


def test_a_new_data_item_asks_for_a_chinese_name(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = _leaf(ops, tab, "社会公众或服务对象满意度")
    panel = tab.leaf_panel
    assert "中文名称" in panel.new_label.placeholderText() and "英文" not in panel.new_label.placeholderText()
    # The formula may name it before it exists (the checks say so), and reads it once added.
    _type_formula(qtbot, panel.formula, "满意人数 ÷ 调查人数 × 100")
    assert ops.get(f"{pointer}/metric/formula") == "满意人数 / 调查人数 * 100"
    count = len(ops.package.figures)
    for label in ("满意人数", "调查人数"):
        panel.new_label.setFocus()
        commit_text(panel.new_label, label)
        panel.new_kind.setCurrentIndex(panel.new_kind.findData("count"))
        QTest.keyClick(panel.new_label, Qt.Key.Key_Return)
    assert ops.get(f"/figures/{count}") == {"key": "满意人数", "label": "满意人数", "kind": "count", "value": None, "group": "", "carry": None}
    assert ops.get(f"/figures/{count + 1}")["label"] == "调查人数"
    qtbot.waitUntil(lambda: list(panel.input_bindings) == ["满意人数", "调查人数"])
    assert not any("满意人数" in f.message and f.severity == "error" for f in ops.run_checks_now())
