"""基础数据: figures by group in their units, who reads each, add / rename / remove, findings select them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from format2_window import format2_window
from gui_support import OFFSCREEN_NOISE, replace_text
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.figures_model import COL_LABEL, COL_VALUE, COLUMNS
from desktop.main_window import MainWindow
from desktop.tabs.figures import AddFigureDialog, FiguresTab
from desktop.tabs.indicators import IndicatorsTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

PUBLIC_BUDGET = 2  # 预算安排公用经费总额 (money, unknown), read by 表3 公用经费控制率


def figures_tab(window: MainWindow) -> FiguresTab:
    assert window.tabs is not None
    tab = window.tabs.show_form("figures")
    assert isinstance(tab, FiguresTab)
    return tab


def cell(tab: FiguresTab, position: int, column: int) -> str:
    return str(tab.model.index_of(position, column).data(Qt.ItemDataRole.DisplayRole))


def column(title: str) -> int:
    return [c.title for c in COLUMNS].index(title)


def group_rows(tab: FiguresTab) -> list[str]:
    model = tab.model
    return [str(model.index(i, 0).data()) for i in range(model.rowCount())]


def test_the_demo_shows_its_figures_by_group_in_their_units(window: MainWindow) -> None:
    assert window.tabs is not None
    # The demo's forms do not list 基础数据 (it is not printed), but it has figures: the tab shows, last.
    assert window.tabs.forms == ["overall", "special_funds", "indicators", "figures"]
    assert window.tabs.tabText(3) == "基础数据"
    tab = figures_tab(window)
    assert group_rows(tab) == ["三公经费（2 项）", "公用经费（1 项）", "政府采购（2 项）", "重点工作（2 项）", "满意度（1 项）"]
    assert cell(tab, 0, COL_LABEL) == "本年度“三公经费”预算数"
    assert cell(tab, 0, COL_VALUE) == "0.00"  # 万元
    assert cell(tab, 5, COL_VALUE) == "4"  # 重点工作完成件数, a count
    assert cell(tab, PUBLIC_BUDGET, COL_VALUE) == ""  # unknown stays blank, never 0
    assert cell(tab, 0, column("类型")) == "金额（万元）" and cell(tab, 7, column("类型")) == "百分比（%）"
    # The carry target is marked, and the carry's source says where it goes.
    assert cell(tab, 1, column("结转")) == "由“本年度“三公经费”预算数”结转"
    assert cell(tab, 0, column("结转")) == "下年转入“上年度“三公经费”预算数”"
    assert cell(tab, 0, column("使用该数据的指标")) == "表3：“三公经费”变动率、表3：“三公经费”控制率"


def test_money_is_typed_in_wan_with_the_table1_parser_and_counts_as_whole_numbers(window: MainWindow, qtbot: Any) -> None:
    ops = window.ops
    assert ops is not None
    tab = figures_tab(window)
    # In the tree: 3.27 万元 is 32,700 元; the cell shows 万元 again.
    assert tab.model.setData(tab.model.index_of(PUBLIC_BUDGET, COL_VALUE), "3.27")
    assert ops.get(f"/figures/{PUBLIC_BUDGET}/value") == "32700.00"
    assert cell(tab, PUBLIC_BUDGET, COL_VALUE) == "3.27"
    assert ops.undo_stack.undoText() == "修改预算安排公用经费总额"
    # In the panel, as a user types: full-width digits and a trailing 万元 are read as on 表1.
    assert window.focus_pointer(f"/figures/{PUBLIC_BUDGET}/value")
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and field.accessibleName() == "预算安排公用经费总额"
    replace_text(qtbot, field, "３.５万元")
    field.clearFocus()
    qtbot.waitUntil(lambda: ops.get(f"/figures/{PUBLIC_BUDGET}/value") == "35000.00")
    # A count takes a whole number only: the refusal shows, nothing is written.
    assert not tab.model.setData(tab.model.index_of(5, COL_VALUE), "4.5")
    assert tab.status.text() and ops.get("/figures/5/value") == 4
    ops.undo()
    ops.undo()
    assert ops.get(f"/figures/{PUBLIC_BUDGET}/value") is None


def test_a_reader_is_listed_and_a_click_goes_to_the_indicator(window: MainWindow, qtbot: Any) -> None:
    assert window.tabs is not None
    tab = figures_tab(window)
    assert window.focus_pointer("/figures/0")
    assert [item.text() for item in tab.reader_items()] == ["表3：“三公经费”变动率", "表3：“三公经费”控制率"]
    tab.readers.itemClicked.emit(tab.reader_items()[1])
    indicators = window.indicators_tab
    assert isinstance(indicators, IndicatorsTab) and window.tabs.currentWidget() is indicators
    assert indicators.model.pointer(indicators.current_index()) == "/indicators/tree/1/children/1/children/1"


def test_a_figure_a_formula_reads_cannot_be_removed_the_message_names_the_indicators(window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None
    tab = figures_tab(window)
    tab.select(PUBLIC_BUDGET)
    before = ops.get("/figures")
    assert not tab.remove_selected()
    assert tab.status.text() == (
        "基础数据“预算安排公用经费总额”仍被以下指标的计算公式使用，不能删除：表3：公用经费控制率。请先修改这些公式"
    )
    assert ops.get("/figures") == before


def test_add_rename_and_remove_a_figure_each_one_undo_step(window: MainWindow, qtbot: Any) -> None:
    ops = window.ops
    assert ops is not None
    tab = figures_tab(window)
    tab.select(3)  # in 政府采购: the new one goes to the end of that group

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddFigureDialog)
        dialog.label.setText("政府采购合同金额")
        dialog.key.setText("procurement_contract")
        dialog.kind.setCurrentIndex(dialog.kind.findData("money"))
        assert dialog.group.currentText() == "政府采购"
        dialog.accept()

    QTimer.singleShot(50, fill)
    assert tab.add_figure()
    assert ops.get("/figures/5") == {
        "key": "procurement_contract", "label": "政府采购合同金额", "kind": "money", "value": None, "group": "政府采购", "carry": None,
    }
    assert group_rows(tab)[2] == "政府采购（3 项）"
    assert tab.selected() == 5 and tab.reader_items()[0].text() == "（没有指标的计算公式使用它）"
    # Rename: the label, in place.
    assert tab.model.setData(tab.model.index_of(5, COL_LABEL), "政府采购合同总额")
    assert ops.package.figures[5].label == "政府采购合同总额"
    assert not tab.model.setData(tab.model.index_of(5, COL_LABEL), "  ")  # a name is required
    assert tab.status.text() == "名称不能为空"
    # Remove: nothing reads it, so it goes; undo brings it back where it was.
    tab.select(5)
    assert tab.remove_selected()
    assert [f.key for f in ops.package.figures].count("procurement_contract") == 0
    assert ops.undo_stack.undoText() == "删除基础数据政府采购合同总额"
    ops.undo()
    assert ops.package.figures[5].label == "政府采购合同总额"
    ops.undo()
    ops.undo()
    assert len(ops.package.figures) == 8


def test_the_add_dialog_shows_what_the_core_refuses(window: MainWindow, qtbot: Any) -> None:
    tab = figures_tab(window)
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddFigureDialog)
        dialog.label.setText("重复的数据")
        dialog.key.setText("planned")  # taken by 重点工作计划件数
        dialog.accept()
        seen.append(dialog.problem.text())
        dialog.reject()

    QTimer.singleShot(50, fill)
    assert not tab.add_figure()
    assert seen == ["代码“planned”已被其他基础数据使用"]


def test_a_finding_about_a_figure_selects_it_on_this_tab(window: MainWindow, qtbot: Any) -> None:
    assert window.tabs is not None and window.ops is not None
    dock = window.checks_dock
    item = dock.item_for(f"/figures/{PUBLIC_BUDGET}/value")
    assert item is not None and "公用经费控制率" in item.text(0)
    dock.tree.itemClicked.emit(item, 0)
    tab = figures_tab(window)
    assert window.tabs.currentWidget() is tab and tab.selected() == PUBLIC_BUDGET
    assert QApplication.focusWidget() is tab.bindings[1].widget


def test_the_tab_appears_with_the_first_figure(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path, forms=["overall", "indicators"], figures=[])
    ops, tabs = window.ops, window.tabs
    assert ops is not None and tabs is not None
    assert "figures" not in tabs.forms
    doc = {"key": "满意人数", "label": "满意的受访人数", "kind": "count", "value": 188}
    assert ops.insert("/figures", 0, doc, "添加基础数据") is not None
    assert tabs.forms == ["overall", "indicators", "figures"]
    tab = tabs.tab("figures")
    assert isinstance(tab, FiguresTab)
    assert tab.model.index_of(0, COL_LABEL) != QModelIndex()
    # Both 表3 and 城区道路维修 name it (the package's formulas were there before the figure).
    assert cell(tab, 0, column("使用该数据的指标")) == "表3：服务对象满意度、项目“城区道路维修”：群众满意度"
    ops.undo()  # the figure goes, and with it the tab (the user is elsewhere)
    assert "figures" not in tabs.forms


def test_a_project_row_that_reads_a_figure_is_listed_and_a_click_selects_its_cell(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path)
    assert window.tabs is not None and window.totals is not None
    tab = figures_tab(window)
    assert window.focus_pointer("/figures/0")  # 满意的受访人数
    items = tab.reader_items()
    assert [item.text() for item in items] == ["表3：服务对象满意度", "项目“城区道路维修”：群众满意度"]
    tab.readers.itemClicked.emit(items[1])
    projects = window.tabs.tab("projects")
    assert projects is not None and window.tabs.currentWidget() is projects
    # The project is chosen (the bar above shows its total) and the row's cell is current.
    assert window.totals.scope_label.text() == "项目：城区道路维修"
    assert window.totals.total_label.text() == "合计 93.67 分"
    assert projects.selected_project_pointer() == "/projects/0"  # type: ignore[attr-defined]
    grid = projects.form.grid_model  # type: ignore[attr-defined]
    current = projects.form.grid_view.currentIndex()  # type: ignore[attr-defined]
    assert grid.row_at(current.row()) is not None and "群众满意度" in str(grid.index(current.row(), 2).data())
