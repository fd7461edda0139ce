"""The desktop window as a user drives it: typing, totals, funds, findings, undo, reopening."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, binding_of, commit_text, field, leaf_named, replace_text, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit

from desktop import file_commands
from desktop.binding import INVALID_STYLE
from desktop.indicator_model import COL_FINAL
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from perfcore.store import ReportFile, StoreError

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

STAFF = "/overall/staff_actual"
STAFF_RATE = "在职人员控制率"


def stored(path: Path, pointer: str) -> Any:
    with ReportFile.open(path, read_only=True) as report:
        return report.get(pointer)


def test_staff_count_drives_indicator_total_and_grade_and_is_kept(
    qtbot: Any, window: MainWindow, report_path: Path
) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None and window.totals is not None
    leaf = leaf_named(ops.report, STAFF_RATE)
    assert ops.scores.of(leaf).final == Decimal("5.00")
    assert isinstance(window.indicators_tab, IndicatorsTab)
    assert (
        window.indicators_tab.model.index_of(leaf.uid, COL_FINAL).data(Qt.ItemDataRole.DisplayRole) == "5.00"
    )
    assert window.totals.total_label.text() == "合计 93.00 分"
    assert window.totals.grade_label.text() == "等级 优"

    staff = field(window.overall_tab, STAFF)
    assert staff.text() == "7"
    replace_text(qtbot, staff, "11")
    # Written after the typing pause, without leaving the field.
    qtbot.waitUntil(lambda: ops.get(STAFF) == 11, timeout=3000)

    assert ops.scores.of(leaf_named(ops.report, STAFF_RATE)).final == Decimal("0.00")
    assert ops.scores.total == Decimal("88.00")
    assert window.totals.total_label.text() == "合计 88.00 分"
    assert window.totals.grade_label.text() == "等级 良"
    assert "投入 8.00/13.00" in window.totals.groups_label.text()
    # 表3 shows the new score in the indicator's row.
    assert isinstance(window.indicators_tab, IndicatorsTab)
    row = window.indicators_tab.model.index_of(leaf.uid, COL_FINAL)
    assert row.data(Qt.ItemDataRole.DisplayRole) == "0.00"

    window.close()
    assert stored(report_path, STAFF) == 11
    with ReportFile.open(report_path, read_only=True) as report:
        assert report.scores.total == Decimal("88.00")
        assert report.scores.grade == "良"
        assert report.scores.of(leaf_named(report, STAFF_RATE)).final == Decimal("0.00")


def test_money_accepts_grouping_and_full_width_digits(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    assets_edit = field(window.overall_tab, "/overall/assets_total")
    replace_text(qtbot, assets_edit, "1,234.50")
    ops.flush()
    assert ops.get("/overall/assets_total") == "12345000.00"

    expense = field(window.overall_tab, "/overall/expense_total")
    assert isinstance(expense, QLineEdit)
    expense.setFocus()
    expense.selectAll()
    qtbot.keyClick(expense, Qt.Key.Key_Delete)
    type_text(qtbot, expense, "８５．８１")
    ops.flush()
    assert ops.get("/overall/expense_total") == "858100.00"
    # The computed sum beside the total no longer differs.
    sum_label = window.overall_tab.sum_labels["expense_total"]
    assert sum_label.text() == "= 85.81"
    assert "c62828" not in sum_label.styleSheet()

    # 元 typed into a 万元 field by an input method, with a unit: still exact.
    liabilities = field(window.overall_tab, "/overall/liabilities_total")
    assert isinstance(liabilities, QLineEdit)
    liabilities.setFocus()
    liabilities.selectAll()
    qtbot.keyClick(liabilities, Qt.Key.Key_Delete)
    commit_text(liabilities, "９００元")
    ops.flush()
    assert ops.get("/overall/liabilities_total") == "900.00"


def test_unreadable_figure_is_shown_inline_and_not_written(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    income = field(window.overall_tab, "/overall/income_total")
    replace_text(qtbot, income, "85.8x")
    ops.flush()
    binding = binding_of(income)
    assert ops.get("/overall/income_total") == "858000.00"
    assert "不是有效的数字" in binding.problem
    assert income.toolTip() == binding.problem
    assert income.styleSheet() == INVALID_STYLE
    # Still there for the user to correct; correcting it writes and clears the mark.
    assert income.text() == "85.8x"
    replace_text(qtbot, income, "85.90")
    ops.flush()
    assert ops.get("/overall/income_total") == "859000.00"
    assert binding.problem == "" and income.styleSheet() == ""


@pytest.mark.parametrize("typed", ["①", "1²"])
def test_digit_like_characters_in_a_count_are_a_message_not_a_crash(
    qtbot: Any, window: MainWindow, typed: str
) -> None:
    """① and ² pass str.isdigit() but are no count: the field says so (an exception escaping the
    binding's slot would fail the test through pytest-qt's exception capture)."""
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    staff = field(window.overall_tab, STAFF)
    replace_text(qtbot, staff, typed)
    ops.flush()
    binding = binding_of(staff)
    assert ops.get(STAFF) == 7
    assert "不是人数" in binding.problem and staff.styleSheet() == INVALID_STYLE


def test_a_bug_behind_a_field_is_not_shown_as_a_red_field(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a UserError becomes the field's message; a ValueError from a bug goes on to the
    error dialog and the log (here: out of ``flush``)."""
    ops = window.ops
    assert ops is not None and window.overall_tab is not None

    def broken(pointer: str, value: Any) -> Any:
        raise ValueError("a bug, not a refusal")

    monkeypatch.setattr(ops.report, "set", broken)
    staff = field(window.overall_tab, STAFF)
    binding = binding_of(staff)
    binding.widget.setFocus()
    replace_text(qtbot, staff, "9")
    binding._timer.stop()
    with pytest.raises(ValueError, match="a bug"):
        binding.flush()
    assert binding.problem == ""
    monkeypatch.undo()
    binding.flush()
    assert ops.get(STAFF) == 9


def test_add_special_fund_with_items(qtbot: Any, window: MainWindow, report_path: Path) -> None:
    ops = window.ops
    assert ops is not None and window.funds_tab is not None and window.tabs is not None
    window.tabs.setCurrentIndex(1)
    funds = window.funds_tab
    qtbot.mouseClick(funds.add_button, Qt.MouseButton.LeftButton)
    assert len(ops.package.special_funds) == 2
    assert funds.list.currentRow() == 1
    form = funds.form
    assert form is not None and form.index == 1
    # The new fund's name is focused and selected: typing replaces it.
    assert form.name_edit.hasFocus()
    type_text(qtbot, form.name_edit, "2019年第二期职业培训资金")
    replace_text(qtbot, field(form, "/special_funds/1/allocated"), "20")
    replace_text(qtbot, field(form, "/special_funds/1/spent"), "1.5")
    ops.flush()
    assert funds.list.item(1).text() == "2. 2019年第二期职业培训资金"
    assert form.rate_label.text() == "7.50%"

    for name, amount in (("学员补助", "10000"), ("教材费", "5,000.00")):
        qtbot.mouseClick(form.items.add_button, Qt.MouseButton.LeftButton)
        row = len(form.items.bindings) // 2 - 1
        name_edit = form.items.bindings[row * 2].widget
        amount_edit = form.items.bindings[row * 2 + 1].widget
        assert name_edit.hasFocus()
        commit_text(name_edit, name)
        type_text(qtbot, amount_edit, amount)
        ops.flush()
    assert form.items_total.text() == "明细合计 15,000.00 元（1.50 万元）"

    window.close()
    with ReportFile.open(report_path, read_only=True) as report:
        fund = report.package.special_funds[1]
        assert fund.name == "2019年第二期职业培训资金"
        assert fund.allocated == Decimal("200000.00") and fund.spent == Decimal("15000.00")
        assert [(i.name, i.amount) for i in fund.items] == [
            ("学员补助", Decimal("10000.00")),
            ("教材费", Decimal("5000.00")),
        ]


def test_reorder_and_remove_funds(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.funds_tab is not None
    funds = window.funds_tab
    funds.add_fund()
    funds.move_fund(-1)
    assert [f.name for f in ops.package.special_funds] == ["新专项资金", "2019年第一期职业培训资金"]
    assert funds.list.currentRow() == 0
    assert funds.form is not None and funds.form.name_edit.text() == "新专项资金"
    funds.remove_fund()
    assert [f.name for f in ops.package.special_funds] == ["2019年第一期职业培训资金"]
    assert funds.form is not None and funds.form.name_edit.text() == "2019年第一期职业培训资金"
    window.undo()
    assert funds.list.count() == 2 and funds.list.item(0).text() == "1. 新专项资金"


def test_clicking_a_finding_focuses_its_field(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None and window.funds_tab is not None
    assert window.tabs is not None
    ops.run_checks_now()
    dock = window.checks_dock
    window.tabs.setCurrentIndex(2)

    item = dock.item_for("/overall/expense_total")
    assert item is not None
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is field(window.overall_tab, "/overall/expense_total")

    item = dock.item_for("/special_funds/0/spent")
    assert item is not None
    dock.tree.scrollToItem(item)
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == 1
    assert window.funds_tab.form is not None
    assert QApplication.focusWidget() is field(window.funds_tab.form, "/special_funds/0/spent")

    # A 表3 finding about a figure (上年度“三公经费”预算数 is 0, a divisor) takes the user to the
    # figure's value on the 基础数据 tab.
    item = dock.item_for("/figures/1/value")
    assert item is not None and "“三公经费”变动率" in item.text(0)
    dock.tree.scrollToItem(item)
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    tab = window.tabs.tab("figures")
    assert tab is not None and window.tabs.currentWidget() is tab
    assert tab.selected() == 1  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.bindings[1].widget)  # type: ignore[attr-defined]


def test_findings_follow_edits(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    ops.run_checks_now()
    assert window.checks_dock.item_for("/overall/expense_total") is not None
    replace_text(qtbot, field(window.overall_tab, "/overall/expense_total"), "85.81")
    with qtbot.waitSignal(ops.findings_changed, timeout=3000):
        ops.flush()
    assert window.checks_dock.item_for("/overall/expense_total") is None


def test_undo_and_redo_restore_values_fields_and_scores(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    staff = field(window.overall_tab, STAFF)
    replace_text(qtbot, staff, "11")
    head = field(window.overall_tab, "/overall/head")
    head.setFocus()  # leaving the staff field writes it
    assert ops.get(STAFF) == 11
    assert window.action_undo.isEnabled()
    assert window.action_undo.text().startswith("撤销 修改年末职工人数")

    window.action_undo.trigger()
    assert ops.get(STAFF) == 7 and staff.text() == "7"
    assert ops.scores.total == Decimal("93.00")
    assert window.totals is not None and window.totals.grade_label.text() == "等级 优"

    window.action_redo.trigger()
    assert ops.get(STAFF) == 11 and staff.text() == "11"
    assert window.totals.total_label.text() == "合计 88.00 分"

    # Undo reaches structural edits too: an added repair item goes away again.
    window.overall_tab.repair_items.add_row()
    assert len(ops.package.overall.capital_repair_items) == 1
    window.undo()
    assert ops.package.overall.capital_repair_items == []
    assert window.overall_tab.repair_items.bindings == []


def test_reopening_shows_every_edit(qtbot: Any, window: MainWindow, report_path: Path) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    tab = window.overall_tab
    replace_text(qtbot, field(tab, "/overall/budget_added"), "1.5")
    replace_text(qtbot, field(tab, "/overall/filled_on"), "2020年7月10日")
    problems = field(tab, "/overall/problems")
    assert isinstance(problems, QPlainTextEdit)
    problems.setFocus()
    problems.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(problems, "——补充：人员不足。")
    replace_text(qtbot, field(tab, "/overall/phone"), "0731-22161683")
    tab.repair_items.add_row()
    commit_text(tab.repair_items.bindings[0].widget, "办公室维修")
    type_text(qtbot, tab.repair_items.bindings[1].widget, "0.8")
    # Closing the window flushes what is still waiting in the typing pause: nothing asked.
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(report_path)
    assert again.overall_tab is not None
    tab = again.overall_tab
    assert field(tab, "/overall/budget_added").text() == "1.50"
    assert field(tab, "/overall/filled_on").text() == "2020-07-10"
    text = field(tab, "/overall/problems")
    assert isinstance(text, QPlainTextEdit)
    assert text.toPlainText().startswith("一是优化营商环境") and text.toPlainText().endswith(
        "——补充：人员不足。"
    )
    assert field(tab, "/overall/phone").text() == "0731-22161683"
    assert [b.widget.text() for b in tab.repair_items.bindings] == ["办公室维修", "0.80"]
    assert tab.sum_labels["capital_repair_total"].text() == "= 0.80"
    again.close()


def test_file_open_elsewhere_is_offered_read_only(
    qtbot: Any, report_path: Path, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = ReportFile.open(report_path)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True  # 只读打开

    monkeypatch.setattr(file_commands, "offer_read_only", answer)
    win = MainWindow()
    qtbot.addWidget(win)
    try:
        assert win.open_path(report_path)
        assert "正在被使用" in asked[0] and "只读" in asked[0]
        assert win.ops is not None and win.ops.read_only
        assert win.overall_tab is not None
        staff = field(win.overall_tab, STAFF)
        assert isinstance(staff, QLineEdit) and staff.isReadOnly()
        assert win.funds_tab is not None and not win.funds_tab.add_button.isEnabled()
        assert "（只读）" in win.windowTitle()
    finally:
        win.close()
        holder.close()


def test_refused_write_is_reported_and_nothing_claims_it(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None

    def refuse(*_args: object) -> None:
        raise StoreError("磁盘空间不足，“单位报告.jxzp”的最近一次修改没有保存，请清理磁盘后重试")

    monkeypatch.setattr(ops.report, "set", refuse)
    staff = field(window.overall_tab, STAFF)
    replace_text(qtbot, staff, "12")
    with qtbot.waitSignal(ops.error) as blocker:
        ops.flush()
    assert "磁盘空间不足" in blocker.args[0]
    assert ops.get(STAFF) == 7
    # The typed figure stays in the field, marked, so the user can try again.
    assert staff.text() == "12" and binding_of(staff).problem
    # No undo step claims the write; 撤销 offers only to take the unsaved text back.
    assert ops.undo_stack.count() == 0
    assert window.action_undo.text() == "撤销 未保存的输入(&U)"
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "磁盘空间不足" in boxes[0].text()
    for box in boxes:
        box.close()
    monkeypatch.undo()
    binding_of(staff).dirty = True
    ops.flush()
    assert ops.get(STAFF) == 12


def test_every_form_field_is_reachable_by_tab_key(window: MainWindow) -> None:
    assert window.overall_tab is not None
    tab = window.overall_tab
    first = field(tab, "/unit_name")
    first.setFocus()
    seen = []
    widget = QApplication.focusWidget()
    for _ in range(200):
        seen.append(widget)
        widget = widget.nextInFocusChain()
        while widget is not None and not (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
        ):
            widget = widget.nextInFocusChain()
        if widget is first:
            break
    bound_widgets = [b.widget for b in tab.bindings]
    assert all(w in seen for w in bound_widgets)
    # Tab order follows the paper: the unit's name, then its head and staff, before the budget.
    order = [
        seen.index(field(tab, p))
        for p in (
            "/unit_name",
            "/year",
            "/overall/head",
            STAFF,
            "/overall/budget_initial",
            "/overall/goal_completion",
            "/overall/filled_on",
        )
    ]
    assert order == sorted(order)
