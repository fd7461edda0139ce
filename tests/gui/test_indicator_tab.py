"""表3 tab: the tree, the indicator editor beside it, the rule forms, focus by pointer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from desktop.indicator_model import COL_FINAL, COL_NAME, FINDING_ROLE, OVERRIDDEN_ROLE
from desktop.ops import Ops
from desktop.tabs.indicators import IndicatorsTab
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import ChecklistRule, Package, iter_nodes
from perfcore.store import ReportFile

# Qt's offscreen platform says this for every shown top-level window with a layout; no fault of ours.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")]


@pytest.fixture
def ops(qapp: Any, tmp_path: Path) -> Iterator[Ops]:
    report = ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json()))
    yield Ops(report)
    report.close()


@pytest.fixture
def tab(ops: Ops, qtbot: Any) -> IndicatorsTab:
    tab = IndicatorsTab(ops)
    qtbot.addWidget(tab)
    QAbstractItemModelTester(tab.model, QAbstractItemModelTester.FailureReportingMode.Warning, tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    return tab


def pointer_of_name(ops: Ops, name: str) -> str:
    matches = [p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == name]
    assert len(matches) == 1, name
    return matches[0]


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, Chinese included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def leave(widget: QWidget, qtbot: Any) -> None:
    """Move the focus away, as the user does by clicking elsewhere (fields write on focus-out)."""
    assert widget.hasFocus()
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())


def current_name(tab: IndicatorsTab) -> str:
    return str(tab.model.data(tab.current_index()))


def test_focus_pointer_selects_the_row_and_the_field(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "管理制度健全性")
    assert tab.focus_pointer(pointer)
    assert current_name(tab) == "管理制度健全性"
    assert tab.tree.hasFocus()

    assert tab.focus_pointer(f"{pointer}/rule/items/2/met")
    form = tab.leaf_panel.rule_editor.form
    assert current_name(tab) == "管理制度健全性"
    qtbot.waitUntil(lambda: form.table.hasFocus())  # type: ignore[attr-defined]
    assert (form.table.currentRow(), form.table.currentColumn()) == (2, 0)  # type: ignore[attr-defined]

    other = pointer_of_name(ops, "公用经费控制率")
    assert tab.focus_pointer(other)
    assert current_name(tab) == "公用经费控制率"
    # The figure its formula reads is edited in its panel, at the figure's own address.
    assert tab.leaf_panel.input_bindings["public_budget"].pointer == "/figures/2/value"

    assert tab.focus_pointer(f"{other}/weight")
    qtbot.waitUntil(lambda: tab.leaf_panel.weight.hasFocus())
    assert tab.tree.currentIndex().column() == 1

    assert tab.focus_pointer("/indicators/tree/2/children/2/name")
    assert tab.panels.currentWidget() is tab.group_panel
    qtbot.waitUntil(lambda: tab.group_panel.name.hasFocus())
    assert not tab.focus_pointer("/indicators/tree/7")
    assert not tab.focus_pointer("/overall/staff_actual")


def test_panel_loads_without_writing_back(tab: IndicatorsTab, ops: Ops) -> None:
    steps = ops.undo_stack.count()
    for pointer, _node in iter_nodes(ops.package.indicators.tree):
        assert tab.focus_pointer(pointer)
    assert ops.undo_stack.count() == steps
    assert tab.leaf_panel.name.text() == ops.package.indicators.tree[2].children[2].children[1].name  # type: ignore[union-attr]


def test_checklist_click_changes_score_and_total(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "管理制度健全性")
    total = ops.scores.total
    assert tab.focus_pointer(f"{pointer}/rule/items/2/met")
    table = tab.leaf_panel.rule_editor.form.table  # type: ignore[attr-defined]
    qtbot.waitUntil(table.hasFocus)
    QTest.keyClick(table, Qt.Key.Key_Space)
    assert ops.get(f"{pointer}/rule/items/2/met") is False
    rule = ops.node_at(pointer).rule
    assert isinstance(rule, ChecklistRule)
    assert ops.scores.total == total - rule.items[2].points
    assert table.item(2, 0).checkState() == Qt.CheckState.Unchecked
    assert "不符合" in table.item(2, 0).text()
    final = tab.model.locate(pointer)[0].siblingAtColumn(COL_FINAL)
    assert tab.model.data(final) == "6.00"
    assert "6.00" in tab.leaf_panel.process.text()

    tab.leaf_panel.rule_editor.form.unanswered_button.click()  # type: ignore[attr-defined]
    assert ops.get(f"{pointer}/rule/items/2/met") is None
    assert table.item(2, 0).checkState() == Qt.CheckState.PartiallyChecked
    assert "尚未评定" in ops.scores.leaves[ops.node_at(pointer).uid].process

    ops.undo()
    ops.undo()
    assert ops.get(f"{pointer}/rule/items/2/met") is True
    assert ops.scores.total == total
    assert table.item(2, 0).checkState() == Qt.CheckState.Checked


def test_choice_by_keyboard_changes_score(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "行政效能")
    total = ops.scores.total
    assert tab.focus_pointer(f"{pointer}/rule/selected")
    combo = tab.leaf_panel.rule_editor.form.selected  # type: ignore[attr-defined]
    qtbot.waitUntil(combo.hasFocus)
    assert combo.currentData() == "效果较好"
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert ops.get(f"{pointer}/rule/selected") == "一般"
    assert ops.scores.total == total - Decimal(3)
    assert tab.model.data(tab.model.locate(pointer)[0].siblingAtColumn(COL_FINAL)) == "3.00"


def test_score_typed_in_the_tree_is_marked_and_reset_to_computed(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    assert tab.focus_pointer(pointer)
    final = tab.model.locate(pointer)[0].siblingAtColumn(COL_FINAL)
    tab.tree.setCurrentIndex(final)
    tab.tree.edit(final)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, "4.5")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ops.get(f"{pointer}/score") == "4.5")  # the delegate commits on the next turn
    assert tab.model.data(final, OVERRIDDEN_ROLE) is True
    assert tab.leaf_panel.override.isVisibleTo(tab)
    assert tab.leaf_panel.score.text() == "4.5"
    assert tab.reset_action.isEnabled()

    tab.reset_action.trigger()
    assert ops.get(f"{pointer}/score") is None
    assert tab.model.data(final, OVERRIDDEN_ROLE) is False
    assert tab.model.data(final) == "5.00"
    assert tab.leaf_panel.score.text() == ""
    assert not tab.reset_action.isEnabled()


def test_panel_edits_write_through_ops(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    assert tab.focus_pointer(f"{pointer}/name")
    name = tab.leaf_panel.name
    qtbot.waitUntil(name.hasFocus)
    name.selectAll()
    type_text(name, "人员控制率（在职）")
    leave(name, qtbot)
    assert ops.get(f"{pointer}/name") == "人员控制率（在职）"
    assert tab.model.data(tab.model.locate(pointer)[0].siblingAtColumn(COL_NAME)) == "人员控制率（在职）"

    assert tab.focus_pointer(f"{pointer}/score")
    score = tab.leaf_panel.score
    qtbot.waitUntil(score.hasFocus)
    type_text(score, "４")  # full-width digit
    leave(score, qtbot)
    assert ops.get(f"{pointer}/score") == "4"
    assert tab.leaf_panel.override.isVisibleTo(tab)
    tab.leaf_panel.reset_button.click()
    assert ops.get(f"{pointer}/score") is None


def test_input_edit_recomputes_at_once(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "公用经费控制率")
    leaf = ops.node_at(pointer)
    assert ops.scores.leaves[leaf.uid].computed is None
    assert tab.focus_pointer(pointer)
    field = tab.leaf_panel.input_bindings["public_budget"].widget
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClicks(field, "100")
    leave(field, qtbot)
    assert ops.get("/figures/2/value") == "1000000.00"  # money in 元, typed in 万元
    result = ops.scores.leaves[leaf.uid]
    assert result.computed is not None and result.value is not None
    index = tab.model.locate(pointer)[0]
    assert tab.model.data(index.siblingAtColumn(4)).endswith("%")
    assert "计算值" in tab.leaf_panel.value.text()


def test_figures_added_and_formula_errors_inline(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")  # a rule that measures a value: its data show
    assert tab.focus_pointer(pointer)
    panel = tab.leaf_panel
    panel.new_label.setText("visits")
    panel.add_input_button.click()
    # A new figure of the package (基础数据), its key made from its name.
    assert ops.get("/figures/8") == {"key": "visits", "label": "visits", "kind": "number", "value": None, "group": "", "carry": None}
    panel.new_label.setText("visits")
    panel.add_input_button.click()
    assert panel.inputs_problem.isVisibleTo(tab) and "已有" in panel.inputs_problem.text()

    panel.formula.setFocus()
    qtbot.waitUntil(panel.formula.hasFocus)
    panel.formula.selectAll()
    QTest.keyClicks(panel.formula, "visits / 1 +")
    leave(panel.formula, qtbot)
    assert panel.metric_problem.isVisibleTo(tab)
    assert "公式" in panel.metric_problem.text()
    assert ops.get(f"{pointer}/metric/formula") == "staff_actual / staff_quota * 100"

    panel.formula.setFocus()
    qtbot.waitUntil(panel.formula.hasFocus)
    panel.formula.selectAll()
    QTest.keyClicks(panel.formula, "visits / unknown_name")
    leave(panel.formula, qtbot)
    # A name that is no figure is kept and reported by the checks, at the formula.
    assert ops.get(f"{pointer}/metric") == {"formula": "visits / unknown_name", "unit": "%"}
    assert any(
        f.path == f"{pointer}/metric/formula" and "unknown_name" in f.message and f.severity == "error"
        for f in ops.run_checks_now()
    )
    assert list(panel.input_bindings) == ["visits"]

    panel.formula.setFocus()
    qtbot.waitUntil(panel.formula.hasFocus)
    panel.formula.selectAll()
    QTest.keyClicks(panel.formula, "visits / 10")
    leave(panel.formula, qtbot)
    assert not panel.metric_problem.isVisibleTo(tab)
    assert ops.get(f"{pointer}/metric") == {"formula": "visits / 10", "unit": "%"}


def test_rule_type_switch_and_deduct_form(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "经济效益、社会效益")
    assert tab.focus_pointer(f"{pointer}/rule")
    editor = tab.leaf_panel.rule_editor
    combo: QComboBox = editor.type_combo
    combo.setCurrentIndex(combo.findData("deduct_count"))
    combo.activated.emit(combo.currentIndex())
    assert ops.get(f"{pointer}/rule")["type"] == "deduct_count"
    assert editor.stack.currentWidget() is editor.forms["deduct_count"]
    count = editor.forms["deduct_count"].count  # type: ignore[attr-defined]
    assert count.text() == "" and count.placeholderText() == "未填写"
    assert tab.focus_pointer(f"{pointer}/rule/count")
    qtbot.waitUntil(count.hasFocus)
    QTest.keyClick(count, Qt.Key.Key_Up)  # 未填写 → 0 例
    QTest.keyClick(count, Qt.Key.Key_Up)  # → 1 例
    assert ops.get(f"{pointer}/rule/count") == 1
    leaf = ops.node_at(pointer)
    assert ops.scores.leaves[leaf.uid].computed == Decimal("5.00")
    # The entered 6 now differs from the computed 5: marked.
    assert tab.model.data(tab.model.locate(pointer)[0].siblingAtColumn(COL_FINAL), OVERRIDDEN_ROLE) is True
    ops.undo()
    ops.undo()
    ops.undo()
    assert ops.get(f"{pointer}/rule") == {"type": "manual"}
    assert editor.stack.currentWidget() is editor.forms["manual"]


def test_add_remove_move_from_the_toolbar_with_undo(tab: IndicatorsTab, ops: Ops, qtbot: Any, monkeypatch: Any) -> None:
    pointer = pointer_of_name(ops, "预算完成率")
    assert tab.focus_pointer(pointer)
    group = ops.node_at("/indicators/tree/1/children/0")
    before = [c.name for c in group.children]  # type: ignore[union-attr]

    tab.add_leaf_action.trigger()
    assert [c.name for c in group.children] == [before[0], "新指标", before[1]]  # type: ignore[union-attr]
    assert current_name(tab) == "新指标"
    qtbot.waitUntil(tab.leaf_panel.name.hasFocus)
    type_text(tab.leaf_panel.name, "执行进度")
    leave(tab.leaf_panel.name, qtbot)
    assert [c.name for c in group.children][1] == "执行进度"  # type: ignore[union-attr]

    tab.focus_pointer(f"{pointer_of_name(ops, '执行进度')}")
    tab.up_action.trigger()
    assert [c.name for c in group.children] == ["执行进度", *before]  # type: ignore[union-attr]
    assert current_name(tab) == "执行进度"
    assert not tab.up_action.isEnabled()
    tab.down_action.trigger()
    tab.down_action.trigger()
    assert [c.name for c in group.children] == [*before, "执行进度"]  # type: ignore[union-attr]

    tab.remove_action.trigger()
    assert [c.name for c in group.children] == before  # type: ignore[union-attr]
    for _ in range(6):  # remove, down, down, up, name, insert
        ops.undo()
    assert [c.name for c in group.children] == before  # type: ignore[union-attr]
    assert tab.model.rowCount(tab.model.locate("/indicators/tree/1/children/0")[0]) == 2

    tab.focus_pointer("/indicators/tree/0")
    tab.add_group_action.trigger()
    assert ops.get("/indicators/tree/1/name") == "新分组"
    tab.add_leaf_action.trigger()  # a new group selected: the indicator goes inside it
    assert ops.get("/indicators/tree/1/children/0/name") == "新指标"
    asked: list[str] = []
    monkeypatch.setattr(tab, "confirm_remove", lambda name, n: asked.append(name) or True)
    tab.focus_pointer("/indicators/tree/1")
    tab.remove_action.trigger()
    assert asked == ["新分组"]
    assert ops.get("/indicators/tree/1/name") == "过程"
    ops.undo()
    assert ops.get("/indicators/tree/1/children/0/name") == "新指标"


def test_structural_change_keeps_the_panel_on_the_moved_node(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "资金使用合规性")
    assert tab.focus_pointer(pointer)
    tab.up_action.trigger()
    moved = pointer_of_name(ops, "资金使用合规性")
    assert moved != pointer
    assert tab.leaf_panel.base == moved
    assert tab.leaf_panel.bindings["name"].pointer == f"{moved}/name"
    # A field of the moved node writes to its new address.
    tab.focus_pointer(f"{moved}/explanation")
    qtbot.waitUntil(tab.leaf_panel.explanation.hasFocus)
    type_text(tab.leaf_panel.explanation, "。")
    leave(tab.leaf_panel.explanation, qtbot)
    assert ops.get(f"{moved}/explanation").endswith("。")


def test_read_only_report_disables_editing(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "只读.jxzp"
    ReportFile.create(path, load_json(assets.demo_json())).close()
    report = ReportFile.open(path, read_only=True)
    try:
        tab = IndicatorsTab(Ops(report))
        qtbot.addWidget(tab)
        tab.focus_pointer("/indicators/tree/1/children/1/children/3")
        assert not tab.add_leaf_action.isEnabled() and not tab.remove_action.isEnabled()
        assert tab.leaf_panel.name.isReadOnly()
        assert not tab.leaf_panel.rule_editor.type_combo.isEnabled()
        assert not tab.leaf_panel.rule_editor.form.add_button.isEnabled()  # type: ignore[attr-defined]
        index = tab.model.locate("/indicators/tree/1/children/1/children/3")[0].siblingAtColumn(COL_FINAL)
        assert not tab.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    finally:
        report.close()


def test_tree_keyboard_navigation(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    tab.tree.setFocus()
    tab.tree.setCurrentIndex(tab.model.index(0, 0, QModelIndex()))
    QTest.keyClick(tab.tree, Qt.Key.Key_Down)
    assert current_name(tab) == "预算配置"
    assert tab.panels.currentWidget() is tab.group_panel
    QTest.keyClick(tab.tree, Qt.Key.Key_Down)
    assert current_name(tab) == "在职人员控制率"
    assert tab.panels.currentWidget() is tab.leaf_panel
    assert tab.leaf_panel.name.text() == "在职人员控制率"


def test_title_and_opinion_of_the_table(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    assert tab.focus_pointer("/indicators/opinion_unit")
    assert tab.panels.currentWidget() is tab.sheet_panel
    assert not tab.tree.currentIndex().isValid()
    opinion = tab.sheet_panel.opinion
    qtbot.waitUntil(opinion.hasFocus)
    type_text(opinion, "同意")
    leave(opinion, qtbot)
    assert ops.get("/indicators/opinion_unit") == "同意"
    assert tab.focus_pointer("/indicators/title")
    qtbot.waitUntil(tab.sheet_panel.title.hasFocus)
    assert tab.sheet_panel.title.text() == ops.get("/indicators/title")


def test_panel_shows_only_the_selected_leafs_data(tab: IndicatorsTab, ops: Ops) -> None:
    with_data = pointer_of_name(ops, "公用经费控制率")
    without = pointer_of_name(ops, "行政效能")
    assert tab.focus_pointer(with_data)
    assert list(tab.leaf_panel.input_bindings) == ["public_budget"]
    assert tab.leaf_panel.data_box.isVisibleTo(tab)
    assert tab.focus_pointer(without)
    assert tab.leaf_panel.input_bindings == {}
    assert tab.leaf_panel.inputs_grid.count() == 0
    assert not tab.leaf_panel.data_box.isVisibleTo(tab)  # a choice rule measures nothing
    assert tab.focus_pointer(pointer_of_name(ops, "社会公众或服务对象满意度"))
    assert list(tab.leaf_panel.input_bindings) == ["satisfaction_rate"]
    assert tab.leaf_panel.input_bindings["satisfaction_rate"].pointer == "/figures/7/value"


def test_keyboard_tab_order_and_shortcuts(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "管理制度健全性")
    assert tab.focus_pointer(pointer)
    order = []
    widget = QApplication.focusWidget()
    for _ in range(4):
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        order.append(widget.accessibleName())
    assert order == ["指标名称", "分值", "得分", "计分规则"]

    tab.tree.setFocus()
    qtbot.waitUntil(tab.tree.hasFocus)
    group = ops.node_at(ptr_parent(ptr_parent(pointer)))
    names = [c.name for c in group.children]  # type: ignore[union-attr]
    QTest.keyClick(tab.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    moved = [c.name for c in group.children]  # type: ignore[union-attr]
    assert moved[4] == "管理制度健全性" and moved[3] == names[4]
    assert current_name(tab) == "管理制度健全性"
    QTest.keyClick(tab.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [c.name for c in group.children] == names  # type: ignore[union-attr]
    QTest.keyClick(tab.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [c.name for c in group.children][4] == "新指标"  # type: ignore[union-attr]
    tab.tree.setFocus()
    QTest.keyClick(tab.tree, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [c.name for c in group.children] == names  # type: ignore[union-attr]


def ptr_parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0]


def test_undo_labels_name_the_indicator(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    assert tab.focus_pointer(f"{pointer}/weight")
    weight = tab.leaf_panel.weight
    qtbot.waitUntil(weight.hasFocus)
    weight.selectAll()
    QTest.keyClicks(weight, "6")
    leave(weight, qtbot)
    assert ops.get(f"{pointer}/weight") == 6
    assert ops.undo_stack.undoText() == "修改“在职人员控制率”的分值"
    checklist = pointer_of_name(ops, "预决算信息公开性")
    assert tab.focus_pointer(f"{checklist}/rule/items/0/met")
    tab.leaf_panel.rule_editor.form.unanswered_button.click()  # type: ignore[attr-defined]
    assert ops.undo_stack.undoText() == "设为未评定（预决算信息公开性）"


def test_every_table3_finding_of_the_demo_is_focusable(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    # A figure missing for an indicator is listed, and taken to, at the indicator (as the dock does).
    findings = [f for f in ops.run_checks_now() if f.path.startswith(("/indicators/", "/figures/"))]
    assert findings
    for finding in findings:
        where = finding.anchor if finding.path.startswith("/figures/") else finding.path
        assert tab.focus_pointer(where), where
        row_pointer = tab.model.pointer(tab.current_index())
        assert where.startswith(row_pointer + "/") or where == row_pointer


def test_a_write_the_disk_refuses_leaves_the_tree_showing_the_file(
    tab: IndicatorsTab, ops: Ops, qtbot: Any, monkeypatch: Any
) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    assert tab.focus_pointer(f"{pointer}/name")
    name = tab.leaf_panel.name
    qtbot.waitUntil(name.hasFocus)
    table = ops.report.db["node"]

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(type(table), "update", refuse)
    name.selectAll()
    type_text(name, "改名")
    with qtbot.waitSignal(ops.error):
        leave(name, qtbot)
    monkeypatch.undo()
    assert ops.get(f"{pointer}/name") == "在职人员控制率"
    index = tab.model.locate(pointer)[0]
    assert tab.model.data(index) == "在职人员控制率"
    assert tab.model.node(index) is ops.node_at(pointer)  # the reloaded node, not the one the edit touched
    assert tab.current_node() is ops.node_at(pointer)
    assert name.text() == "改名"  # what was typed is kept, with the reason beside it
    assert tab.leaf_panel.bindings["name"].problem


def test_building_a_tree_from_nothing(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    with ReportFile.create(tmp_path / "空白.jxzp", Package(year=2020)) as report:
        ops = Ops(report)
        tab = IndicatorsTab(ops)
        qtbot.addWidget(tab)
        QAbstractItemModelTester(tab.model, QAbstractItemModelTester.FailureReportingMode.Warning, tab)
        assert tab.model.rowCount() == 0
        assert tab.panels.currentWidget() is tab.sheet_panel
        assert not tab.remove_action.isEnabled() and not tab.up_action.isEnabled()
        tab.add_group_action.trigger()
        tab.add_leaf_action.trigger()
        tab.add_leaf_action.trigger()
        assert ops.get("/indicators/tree/0/name") == "新分组"
        assert [c["name"] for c in ops.get("/indicators/tree/0/children")] == ["新指标", "新指标"]
        assert tab.model.rowCount(tab.model.index(0, 0)) == 2
        assert ops.scores.total == Decimal("0.00")
        tab.focus_pointer("/indicators/tree/0/children/1")
        ops.set("/indicators/tree/0/children/1/weight", "5", "修改分值")  # a new indicator's 分值 is 0: no score fits
        tab.model.setData(tab.model.locate("/indicators/tree/0/children/1")[0].siblingAtColumn(COL_FINAL), "3")
        assert ops.scores.total == Decimal("3")
        while ops.undo_stack.canUndo():
            ops.undo()
        assert tab.model.rowCount() == 0


def test_findings_mark_rows_and_show_beside_the_fields(tab: IndicatorsTab, ops: Ops, qtbot: Any) -> None:
    group_pointer = pointer_of_name(ops, "预算配置")
    leaf_pointer = pointer_of_name(ops, "在职人员控制率")
    group_index = tab.model.locate(group_pointer)[0]
    leaf_index = tab.model.locate(leaf_pointer)[0]
    assert tab.model.data(group_index, FINDING_ROLE) is None
    assert tab.focus_pointer(group_pointer)

    ops.set(f"{leaf_pointer}/score", "5", "修改得分")
    ops.set(f"{leaf_pointer}/weight", "4", "修改分值")  # the score 5 is now above its 分值: an error of the checks
    ops.set(f"{group_pointer}/weight", 14, "修改分值")  # 14 ≠ 5 + 8
    repainted: list[tuple[int, int, int]] = []
    tab.model.dataChanged.connect(lambda a, b, _r=None: repainted.append((a.internalId(), a.column(), b.column())))
    with qtbot.waitSignal(ops.findings_changed):
        pass  # the debounced checks run
    assert tab.model.data(group_index, FINDING_ROLE) == "error"
    assert "≠" in tab.model.data(group_index, Qt.ItemDataRole.ToolTipRole)
    assert tab.model.data(group_index, Qt.ItemDataRole.DecorationRole) is not None
    assert tab.model.data(leaf_index, FINDING_ROLE) == "error"
    top_index = group_index.parent()  # 投入 13 ≠ its child's new 14: marked too
    assert tab.model.data(top_index, FINDING_ROLE) == "error"
    marked = {tab.model.uid(i) for i in (top_index, group_index, leaf_index)}
    assert {r for r in repainted if r[1] == COL_NAME} == {(uid, COL_NAME, COL_NAME) for uid in marked}
    label = tab.group_panel.findings_label
    assert label.isVisibleTo(tab) and "≠" in label.text() and label.text().startswith("错误")

    tab.focus_pointer(leaf_pointer)
    assert "得分" in tab.leaf_panel.findings_label.text() and tab.leaf_panel.findings_label.isVisibleTo(tab)
    for _ in range(3):
        ops.undo()
    with qtbot.waitSignal(ops.findings_changed):
        pass
    assert tab.model.data(group_index, FINDING_ROLE) is None
    assert tab.model.data(leaf_index, FINDING_ROLE) is None
    assert not tab.leaf_panel.findings_label.isVisibleTo(tab)
