"""项目支出 tab: the project list, the money block and the indicator grid edited like a spreadsheet.

Every figure the tab shows is compared with what ``perfcore`` says for the same package; every
edit is one undo step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from desktop.ops import Ops
from desktop.project_model import (
    B_FULL,
    B_RATE,
    B_SCORE,
    G_ACTUAL,
    G_LEVEL1,
    G_LEVEL2,
    G_NAME,
    G_NATURE,
    G_REASON,
    G_SCORE,
    G_TARGET,
    G_UNIT,
    G_WEIGHT,
    grid_rows,
)
from desktop.tabs.projects import ProjectForm, ProjectsTab
from perfcore.exchange import load_json
from perfcore.model import Leaf, RatedRule, TargetRule
from perfcore.money import format_points
from perfcore.scoring import score_package
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.fixture
def ops(qapp: Any, tmp_path: Path) -> Iterator[Ops]:
    report = ReportFile.create(tmp_path / "projects.jxzp", load_json(json.dumps(three_projects_doc())))
    yield Ops(report)
    report.close()


@pytest.fixture
def tab(ops: Ops, qtbot: Any) -> ProjectsTab:
    tab = ProjectsTab(ops)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab)
    return tab


def form(tab: ProjectsTab) -> ProjectForm:
    assert tab.form is not None
    return tab.form


def type_keys(widget: QWidget, text: str) -> None:
    """Type any text, Chinese included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def editor_of(view: Any) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor), editor
    return editor


def cell(view: Any, row: int, column: int) -> str:
    return str(view.model().index(row, column).data() or "")


def type_into_cell(qtbot: Any, view: Any, row: int, column: int, text: str, end: Qt.Key = Qt.Key.Key_Return) -> None:
    """Select a cell and type into it as a user does: the first character opens the editor."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    type_keys(view, text[:1])
    editor = editor_of(view)
    type_keys(editor, text[1:])
    QTest.keyClick(editor, end)
    if end != Qt.Key.Key_Tab:  # Tab opens the next cell's editor, as in a spreadsheet
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def row_named(model: Any, name: str) -> int:
    rows = [i for i, entry in enumerate(model.rows) if entry.leaf is not None and entry.leaf.name == name]
    assert len(rows) == 1, name
    return rows[0]


def core_total(ops: Ops, index: int) -> str:
    """The project's total as the core scores the file's package afresh."""
    scores = score_package(load_json(json.dumps(ops.get(""), default=str)))
    return format_points(list(scores.projects.values())[index].total)


# ---------------------------------------------------------------- layout


def test_the_grid_has_a_row_per_indicator_with_level1_and_level2_spanning_their_rows(tab: ProjectsTab, ops: Ops) -> None:
    model = form(tab).grid_model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning, model)
    names = [entry.leaf.name if entry.leaf else None for entry in model.rows]
    assert names == ["完成路段比例", "平均维修天数", "道路通行条件改善", "群众满意度"]
    view = form(tab).grid_view
    assert view.rowSpan(0, G_LEVEL1) == 2 and cell(view, 0, G_LEVEL1) == "产出指标"
    assert view.rowSpan(0, G_LEVEL2) == 1 and cell(view, 1, G_LEVEL2) == "时效指标"
    assert [cell(view, 0, c) for c in (G_NATURE, G_TARGET, G_UNIT, G_ACTUAL, G_WEIGHT, G_SCORE)] == [
        "≥", "100", "%", "91.67", "30", "27.50",
    ]
    # A 定性 row shows its rating and the band its score must lie in.
    rated = row_named(model, "道路通行条件改善")
    assert cell(view, rated, G_NATURE) == "定性"
    assert cell(view, rated, G_ACTUAL) == "达成"
    assert cell(view, rated, G_SCORE) == "27.00（24～30）"
    assert "部分达成 18.00分（含）至24.00分（不含）" in str(model.index(rated, G_SCORE).data(Qt.ItemDataRole.ToolTipRole))


def test_an_empty_group_is_a_row_of_its_own() -> None:
    doc = {"name": "产出指标", "weight": 50, "children": [{"name": "数量指标", "weight": 0, "children": []}]}
    package = load_json(json.dumps({**three_projects_doc(), "projects": [{"name": "x", "tree": [doc]}]}))
    rows = grid_rows(package.projects[0].tree, "/projects/0/tree")
    assert [(r.level1 and r.level1.name, r.level2 and r.level2.name, r.leaf, r.pointer) for r in rows] == [
        ("产出指标", "数量指标", None, "/projects/0/tree/0/children/0")
    ]


def test_the_money_block_shows_the_core_sums_rate_and_score(tab: ProjectsTab, ops: Ops) -> None:
    view = form(tab).budget_view
    assert [cell(view, r, 0) for r in range(3)] == ["年度资金总额", "其中：本年财政拨款", "其中：上年结转资金"]
    result = ops.scores.projects[ops.package.projects[0].uid].budget
    assert cell(view, 0, B_FULL) == "120.00"
    assert cell(view, 0, B_RATE) == "91.67%" == f"{result.rate * 100:.2f}%"
    assert cell(view, 0, B_SCORE) == format_points(result.final) == "9.17"


# ---------------------------------------------------------------- editing the grid


def test_typing_a_value_rescores_the_row_and_the_project_and_enter_moves_down(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    tab.list.setCurrentRow(1)  # 公园绿化: 新增绿化面积 ≥ 5 万平方米, actual 5.2
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "新增绿化面积")
    type_into_cell(qtbot, view, row, G_ACTUAL, "4")
    leaf = ops.package.projects[1].tree[0].children[0]
    assert isinstance(leaf, Leaf) and isinstance(leaf.rule, TargetRule)
    assert leaf.rule.actual == Decimal(4)
    assert cell(view, row, G_SCORE) == "40.00"  # 50 × 4 / 5
    assert view.currentIndex().row() == row + 1 and view.currentIndex().column() == G_ACTUAL
    assert core_total(ops, 1) in page.total_label.text()
    ops.undo()
    assert cell(view, row, G_SCORE) == "50.00"
    assert core_total(ops, 1) in page.total_label.text()


def test_the_score_follows_each_pause_in_typing_before_enter(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    tab.list.setCurrentRow(1)
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "新增绿化面积")
    view.setFocus()
    view.setCurrentIndex(model.index(row, G_ACTUAL))
    type_keys(view, "2")
    editor = editor_of(view)
    assert editor.text() == "2"  # typing replaced the value, as in a spreadsheet
    qtbot.waitUntil(lambda: cell(view, row, G_SCORE) == "20.00")  # written after the typing pause
    assert "总分" in page.total_label.text() and core_total(ops, 1) in page.total_label.text()
    type_keys(editor, ".5")
    qtbot.waitUntil(lambda: cell(view, row, G_SCORE) == "25.00")
    QTest.keyClick(editor, Qt.Key.Key_Escape)


def test_tab_moves_across_and_chinese_text_goes_in(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "完成路段比例")
    type_into_cell(qtbot, view, row, G_REASON, "个别路段因雨季延期", end=Qt.Key.Key_Tab)
    leaf = model.rows[row].leaf
    assert leaf is not None and leaf.reason == "个别路段因雨季延期"
    type_into_cell(qtbot, view, row, G_NAME, "完成路段占比", end=Qt.Key.Key_Tab)
    assert view.currentIndex().column() == G_NATURE
    assert model.rows[row].leaf is not None and model.rows[row].leaf.name == "完成路段占比"


def test_a_refused_value_is_said_and_not_written(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "平均维修天数")
    type_into_cell(qtbot, view, row, G_SCORE, "25")  # the weight is 20
    assert "超过本指标分值" in page.status.text() and page.status.isVisible()
    leaf = model.rows[row].leaf
    assert leaf is not None and leaf.score is None


def test_the_nature_switches_between_directions_and_a_rated_row(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    tab.list.setCurrentRow(1)
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "新增绿化面积")
    view.setFocus()
    view.setCurrentIndex(model.index(row, G_NATURE))
    QTest.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["≥", "≤", "=", "定性"]
    combo.activated.emit(1)
    leaf = model.rows[row].leaf
    assert leaf is not None and isinstance(leaf.rule, TargetRule) and leaf.rule.direction == "<="
    combo.activated.emit(3)
    assert isinstance(model.rows[row].leaf.rule, RatedRule)  # type: ignore[union-attr]
    assert cell(view, row, G_NATURE) == "定性" and cell(view, row, G_ACTUAL) == "（未评定）"
    ops.undo()
    ops.undo()
    assert cell(view, row, G_NATURE) == "≥" and cell(view, row, G_ACTUAL) == "5.2"


def test_a_rated_row_takes_a_rating_from_its_list_and_a_score_in_the_band(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    tab.list.setCurrentRow(2)  # 信息化建设: 办事效率提升 未达成, no score
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "办事效率提升")
    view.setFocus()
    view.setCurrentIndex(model.index(row, G_ACTUAL))
    QTest.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["达成", "部分达成", "未达成", "（未评定）"]
    combo.activated.emit(1)
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert cell(view, row, G_ACTUAL) == "部分达成"
    type_into_cell(qtbot, view, row, G_SCORE, "20")
    assert cell(view, row, G_SCORE) == "20.00（18～24）"
    assert core_total(ops, 2) in page.total_label.text()


# ---------------------------------------------------------------- paste, rows


def test_paste_of_a_block_fills_the_grid_adds_rows_under_the_current_level2_and_undoes_in_one_step(
    tab: ProjectsTab, ops: Ops, qtbot: Any
) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "群众满意度")  # the last row: 满意度指标 has no 二级
    before = len(model.rows)
    steps = ops.undo_stack.count()
    view.setCurrentIndex(model.index(row, G_NAME))
    text = "群众满意度\t≥\t85\t%\t92\t5\n投诉办结率\t>=\t100\t%\t98\t5\n"
    written = view.paste(text)
    assert written == 11  # 群众满意度's 实际完成值 comes from its formula: that cell is left as it is
    assert len(model.rows) == before + 1
    new = model.rows[row + 1]
    assert new.leaf is not None and new.leaf.name == "投诉办结率" and new.level1 is model.rows[row].level1
    assert [cell(view, row + 1, c) for c in (G_NATURE, G_TARGET, G_UNIT, G_ACTUAL, G_WEIGHT, G_SCORE)] == [
        "≥", "100", "%", "98", "5", "4.90",
    ]
    assert ops.undo_stack.count() == steps + 1
    assert core_total(ops, 0) in page.total_label.text()
    ops.undo()
    assert len(model.rows) == before
    assert cell(view, row, G_TARGET) == "90" and cell(view, row, G_WEIGHT) == "10"


def test_paste_reads_quoted_cells_and_says_what_it_refused(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "完成路段比例")
    view.setCurrentIndex(model.index(row, G_WEIGHT))
    assert view.paste('abc\t30\t"两行\n原因"') == 2
    assert "不是有效的数字" in page.status.text()
    leaf = model.rows[row].leaf
    assert leaf is not None and leaf.reason == "两行\n原因" and leaf.score == Decimal(30) and leaf.weight == Decimal(30)


def test_rows_are_added_under_the_current_level2_removed_and_moved(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    view.setCurrentIndex(model.index(0, G_NAME))  # 数量指标 › 完成路段比例
    page.add_row()
    assert model.rows[1].level2 is model.rows[0].level2 and model.rows[1].leaf is not None
    assert view.currentIndex().row() == 1 and view.currentIndex().column() == G_NAME
    type_into_cell(qtbot, view, 1, G_NAME, "完好率")
    assert model.rows[1].leaf is not None and model.rows[1].leaf.name == "完好率"
    view.setCurrentIndex(model.index(1, G_NAME))
    page.move_row(-1)
    assert [r.leaf.name for r in model.rows[:2] if r.leaf] == ["完好率", "完成路段比例"]
    assert view.currentIndex().row() == 0
    page.remove_row()
    assert model.rows[0].leaf is not None and model.rows[0].leaf.name == "完成路段比例"
    assert view.rowSpan(0, G_LEVEL1) == 2
    for _ in range(4):
        ops.undo()
    assert [r.leaf.name for r in model.rows if r.leaf][:2] == ["完成路段比例", "平均维修天数"]


def test_the_group_bar_edits_the_current_rows_level1_and_level2(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    view.setCurrentIndex(model.index(1, G_NAME))  # 产出指标 › 时效指标
    name2, weight2 = page.group_edits["level2"]
    assert name2.text() == "时效指标" and weight2.text() == "20"
    weight2.setFocus()
    weight2.selectAll()
    type_keys(weight2, "15")
    QTest.keyClick(weight2, Qt.Key.Key_Tab)
    group = ops.package.projects[0].tree[0].children[1]
    assert group.weight == Decimal(15)
    view.setCurrentIndex(model.index(2, G_NAME))  # 效益指标, no 二级
    assert not name2.isEnabled() and page.group_edits["level1"][0].text() == "效益指标"


# ---------------------------------------------------------------- the money block


def test_money_is_typed_in_wan_and_an_entered_score_stands_where_the_rate_is_undefined(
    tab: ProjectsTab, ops: Ops, qtbot: Any
) -> None:
    tab.list.setCurrentRow(2)  # 信息化建设: 其他资金 has no 全年执行数, score entered 6
    page = form(tab)
    view = page.budget_view
    assert cell(view, 0, B_RATE) == "—" and cell(view, 0, B_SCORE) == "6.00"
    type_into_cell(qtbot, view, 0, B_SCORE, "7")
    assert ops.package.projects[2].budget.score == Decimal(7)
    assert cell(view, 0, B_SCORE) == "7.00" and core_total(ops, 2) in page.total_label.text()
    type_into_cell(qtbot, view, 2, 3, "５万元")  # full-width digits and 万元, as in 表1
    line = ops.package.projects[2].budget.lines[1]
    assert line.executed == Decimal(50000)
    assert cell(view, 0, B_RATE) == "82.86%"  # (24 + 5) / (30 + 5)
    # The entered 7 still stands; clearing it takes the computed 10 × 82.86 % = 8.29.
    view.setCurrentIndex(view.model().index(0, B_SCORE))
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert ops.package.projects[2].budget.score is None
    assert cell(view, 0, B_SCORE) == "8.29"


def test_budget_lines_are_added_and_removed(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view = page.budget_view
    page.add_line()
    assert view.model().rowCount() == 4 and view.currentIndex().row() == 3
    type_into_cell(qtbot, view, 3, 0, "其他资金")
    assert ops.package.projects[0].budget.lines[2].label == "其他资金"
    assert cell(view, 0, B_RATE) == "—"  # a line without figures leaves the rate undefined
    view.setCurrentIndex(view.model().index(3, 0))
    page.remove_line()
    assert view.model().rowCount() == 3 and cell(view, 0, B_RATE) == "91.67%"


# ---------------------------------------------------------------- the project list


def test_projects_are_added_copied_renamed_moved_and_removed_each_one_undo_step(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    names = lambda: [p.name for p in ops.package.projects]  # noqa: E731
    tab.add_project()
    assert names()[-1] == "新项目" and tab.list.currentRow() == 3
    assert [n.name for n in ops.package.projects[3].tree] == ["产出指标", "效益指标", "满意度指标"]
    assert form(tab).header["name"].hasFocus()
    tab.list.setCurrentRow(0)
    tab.copy_project()
    assert names()[:2] == ["城区道路维修", "城区道路维修（副本）"] and tab.list.currentRow() == 1
    copied = ops.package.projects[1]
    assert len(copied.tree) == 3 and copied.uid != ops.package.projects[0].uid
    item = tab.list.item(1)
    item.setText("2. 背街小巷改造")
    assert names()[1] == "背街小巷改造" and tab.list.item(1).text() == "2. 背街小巷改造"
    tab.move_project(-1)
    assert names()[:2] == ["背街小巷改造", "城区道路维修"] and tab.list.currentRow() == 0
    tab.remove_project()
    assert names() == ["城区道路维修", "公园绿化", "信息化建设", "新项目"]
    for _ in range(5):
        ops.undo()
    assert names() == ["城区道路维修", "公园绿化", "信息化建设"]
    assert tab.list.count() == 3


def test_a_finding_selects_the_project_and_the_cell(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    findings = ops.run_checks_now()
    about = [f for f in findings if f.path.startswith("/projects/2/tree")]
    assert about, [f.path for f in findings]
    assert tab.focus_pointer("/projects/2/tree/1/children/0/score")
    assert tab.list.currentRow() == 2
    page = form(tab)
    current = page.grid_view.currentIndex()
    assert (page.grid_model.rows[current.row()].leaf.name, current.column()) == ("办事效率提升", G_SCORE)  # type: ignore[union-attr]
    assert page.grid_view.hasFocus()
    assert tab.focus_pointer("/projects/0/budget/lines/1/executed")
    assert tab.list.currentRow() == 0
    current = form(tab).budget_view.currentIndex()
    assert (current.row(), current.column()) == (2, 3)
    assert tab.focus_pointer("/projects/1/conclusion")
    assert QApplication.focusWidget() is next(b.widget for b in form(tab).bindings if b.pointer == "/projects/1/conclusion")


def test_a_read_only_file_edits_nothing(tmp_path: Path, qtbot: Any, qapp: Any) -> None:
    path = tmp_path / "ro.jxzp"
    ReportFile.create(path, load_json(json.dumps(three_projects_doc()))).close()
    report = ReportFile.open(path, read_only=True)
    try:
        tab = ProjectsTab(Ops(report))
        qtbot.addWidget(tab)
        page = form(tab)
        assert not tab.add_button.isEnabled() and not page.add_row_button.isEnabled()
        assert not page.grid_model.flags(page.grid_model.index(0, G_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
        assert page.grid_view.paste("1\t2") == 0
    finally:
        report.close()


def test_ctrl_insert_adds_a_row_and_a_paste_into_an_empty_group_fills_it(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    view.setFocus()
    view.setCurrentIndex(model.index(1, G_NAME))  # 产出指标 › 时效指标 › 平均维修天数
    page.add_level2()  # an empty 二级 after 时效指标: a row of its own
    row = view.currentIndex().row()
    entry = model.rows[row]
    assert entry.leaf is None and entry.level2 is not None and entry.level2.name == "新二级指标"
    assert view.currentIndex().column() == G_LEVEL2
    view.setCurrentIndex(model.index(row, G_NAME))
    assert view.paste("成本节约率\t≥\t5\t%\t6\t0\n") == 6
    filled = model.rows[row]
    assert filled.leaf is not None and filled.leaf.name == "成本节约率" and filled.level2 is entry.level2
    assert model.rows[row + 1].leaf is not None and model.rows[row + 1].leaf.name == "道路通行条件改善"
    count = model.rowCount()
    QTest.keyClick(view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == count + 1
    assert model.rows[row + 1].level2 is entry.level2 and view.currentIndex().row() == row + 1


def test_the_wheel_over_the_grid_scrolls_the_page(tab: ProjectsTab, qtbot: Any) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    page = form(tab)
    tab.resize(1366, 400)
    qtbot.waitUntil(lambda: page.verticalScrollBar().maximum() > 0)
    page.ensureWidgetVisible(page.grid_view, 0, 0)
    before = page.verticalScrollBar().value()
    viewport = page.grid_view.viewport()
    at = QPointF(viewport.rect().center())
    event = QWheelEvent(
        at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, event)
    assert page.verticalScrollBar().value() > before


def test_ctrl_c_copies_the_selected_block_as_a_spreadsheet_takes_it(tab: ProjectsTab, qtbot: Any) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    page = form(tab)
    view, model = page.grid_view, page.grid_model
    view.setFocus()
    view.setCurrentIndex(model.index(0, G_NAME))
    view.selectionModel().select(
        QItemSelection(model.index(0, G_NAME), model.index(1, G_UNIT)), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "完成路段比例\t≥\t100\t%\n平均维修天数\t≤\t5\t天"
    # What was copied pastes back unchanged (>= and <= are read too).
    assert view.paste(QGuiApplication.clipboard().text()) == 8
    assert [cell(view, 1, c) for c in (G_NAME, G_NATURE, G_TARGET, G_UNIT)] == ["平均维修天数", "≤", "5", "天"]


def test_tab_on_the_last_cell_goes_on_to_the_next_field_instead_of_wrapping(tab: ProjectsTab, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    last = model.rowCount() - 1
    type_into_cell(qtbot, view, last, G_REASON, "无", end=Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.add_row_button)
    assert model.rows[last].leaf is not None and model.rows[last].leaf.reason == "无"
    view.setFocus()
    view.setCurrentIndex(model.index(0, G_LEVEL1))
    QTest.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not view.hasFocus() and view.currentIndex().row() == 0


def test_a_paste_that_writes_nothing_leaves_no_empty_undo_step(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    view.setCurrentIndex(model.index(0, G_WEIGHT))
    view.paste("x\ty")
    steps, index, text = ops.undo_stack.count(), ops.undo_stack.index(), ops.undo_stack.undoText()
    assert view.paste("abc") == 0 and "不是有效的数字" in page.status.text()
    assert (ops.undo_stack.count(), ops.undo_stack.index(), ops.undo_stack.undoText()) == (steps, index, text)
    assert view.paste("25") == 1  # a paste that writes is one step, named
    assert ops.undo_stack.undoText() == "粘贴" and ops.undo_stack.index() == index + 1


@pytest.mark.parametrize("width", [1366, 911, 700])
def test_the_grids_fit_the_form_s_width_without_scrolling_sideways(tab: ProjectsTab, qtbot: Any, width: int) -> None:
    page = form(tab)
    tab.resize(width, 600)
    for view in (page.grid_view, page.budget_view):
        qtbot.waitUntil(lambda v=view: sum(v.columnWidth(c) for c in range(v.model().columnCount())) == v.viewport().width())
        qtbot.waitUntil(lambda v=view: v.horizontalScrollBar().maximum() == 0)  # laid out on the next pass
        assert min(view.columnWidth(c) for c in range(view.model().columnCount())) > 0
    # At 1366 the least widths hold: 指标性质 and the scores are not squeezed.
    if width == 1366:
        assert page.grid_view.columnWidth(G_NATURE) >= 58 and page.grid_view.columnWidth(G_SCORE) >= 96


def test_a_target_printed_with_its_own_wording_is_replaced_by_the_figure_typed(tab: ProjectsTab, ops: Ops, qtbot: Any) -> None:
    tab.list.setCurrentRow(1)  # 公园绿化: 新增绿化面积 ≥ 5 万平方米
    page = form(tab)
    view, model = page.grid_view, page.grid_model
    row = row_named(model, "新增绿化面积")
    pointer = model.rows[row].pointer
    rule = dict(ops.get(f"{pointer}/rule"))
    assert ops.set(f"{pointer}/rule", {**rule, "target_text": "不少于5万平方米"}, "导入") is not None
    assert cell(view, row, G_TARGET) == "不少于5万平方米"
    steps = ops.undo_stack.index()
    type_into_cell(qtbot, view, row, G_TARGET, "6")
    leaf = model.rows[row].leaf
    assert leaf is not None and isinstance(leaf.rule, TargetRule)
    assert (leaf.rule.target, leaf.rule.target_text) == (Decimal(6), None)
    assert cell(view, row, G_TARGET) == "6" and cell(view, row, G_SCORE) == "43.33"  # 50 × 5.2 / 6
    assert ops.undo_stack.index() == steps + 1
    view.setCurrentIndex(model.index(row, G_TARGET))
    assert view.paste("x") == 0 and "不是有效的数字" in page.status.text()
    ops.undo()
    assert cell(view, row, G_TARGET) == "不少于5万平方米"
