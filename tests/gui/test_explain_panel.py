"""失分分析 in the checks dock: lost points by size, click to the field, 试算 that never writes until applied."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, field, replace_text
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

PUBLIC_CONTROL = "/indicators/tree/1/children/1/children/0"
PUBLIC_BUDGET = "/figures/2/value"  # 预算安排公用经费总额, a money figure shown in 万元
BUDGET_ADDED = "/overall/budget_added"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_panel(window: MainWindow) -> Any:
    dock = window.checks_dock
    dock.pages.setCurrentWidget(dock.explain)
    return dock.explain


def test_lost_points_are_listed_by_size_with_their_reason(window: MainWindow) -> None:
    panel = open_panel(window)
    rows = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert [(r.text(0), r.text(1)) for r in rows[:2]] == [("预算控制率", "−4.00"), ("公用经费控制率", "−3.00")]
    assert rows[0].text(2) == "预算控制率 无法按评价标准计算（缺少本年追加预算），采用填报得分 4 分"
    assert [rows[0].child(i).text(0) for i in range(rows[0].childCount())] == [
        "→ 预算控制率 ≤ 0.00%",
        "→ 本年追加预算 = 0.00 万元",
        "→ 清除填报得分，采用计算得分",
    ]
    assert panel.summary.text().startswith("共失分 7.00 分")


def test_clicking_a_hint_goes_to_the_figure(qtbot: Any, window: MainWindow) -> None:
    panel = open_panel(window)
    item = panel.item_for(BUDGET_ADDED)
    assert item is not None
    panel.tree.itemClicked.emit(item, 0)
    assert window.tabs is not None and window.tabs.currentIndex() == 0
    assert window.overall_tab is not None
    assert QApplication.focusWidget() is field(window.overall_tab, BUDGET_ADDED)
    assert panel.sandbox.isVisible()  # and the 试算 row is open on it
    leaf = panel.item_for("/indicators/tree/1/children/0/children/1")
    panel.tree.itemClicked.emit(leaf, 0)
    assert window.tabs.currentIndex() == 2


def test_clicking_a_figure_hint_goes_to_the_figure_on_the_figures_tab(window: MainWindow) -> None:
    panel = open_panel(window)
    loss = next(
        panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0) == "公用经费控制率"
    )
    hint = next(loss.child(i) for i in range(loss.childCount()) if "预算安排公用经费总额" in loss.child(i).text(0))
    panel.tree.itemClicked.emit(hint, 0)
    assert window.tabs is not None and window.tabs.currentWidget() is window.tabs.tab("figures")
    tab = window.tabs.currentWidget()
    assert tab.selected() == 2  # 预算安排公用经费总额
    assert QApplication.focusWidget() is tab.bindings[1].widget  # its 数值
    assert panel.sandbox.isVisible()  # the 试算 row is open on the figure itself


def test_a_trial_changes_the_totals_bar_but_not_the_file_until_applied(
    qtbot: Any, window: MainWindow, report_path: Path
) -> None:
    ops = window.ops
    assert ops is not None and window.totals is not None
    before = sha256(report_path)
    panel = open_panel(window)
    item = panel.item_for(PUBLIC_BUDGET)
    assert item is not None
    panel.tree.itemClicked.emit(item, 0)
    assert panel.sandbox.isVisible() and panel.trial_edit.text() == "3.27"
    assert panel.clear_score.isChecked()  # the leaf's entered 5 would otherwise still stand
    # 8.00 instead of 5.00 for 公用经费控制率: 96.00.
    assert window.totals.trial_label.text() == "试算 96.00 分 优（未保存）"
    assert window.totals.total_label.text() == "合计 93.00 分"
    replace_text(qtbot, panel.trial_edit, "3")  # 3 万元: 109 %, 8 − 9 → 0.00
    qtbot.waitUntil(lambda: window.totals.trial_label.text() == "试算 88.00 分 良（未保存）")
    assert "本指标 0.00/8.00" in panel.result_label.text()
    replace_text(qtbot, panel.trial_edit, "abc")
    assert "不是有效的数字" in panel.result_label.text() and not panel.apply_button.isEnabled()
    assert window.totals.trial_label.isHidden()
    replace_text(qtbot, panel.trial_edit, "3.5")
    qtbot.waitUntil(lambda: window.totals.trial_label.text() == "试算 96.00 分 优（未保存）")
    qtbot.wait(50)
    assert sha256(report_path) == before
    assert ops.get(PUBLIC_BUDGET) is None and ops.scores.total == Decimal("93.00")

    panel.apply_button.click()
    assert ops.get(PUBLIC_BUDGET) == "35000.00" and ops.get(f"{PUBLIC_CONTROL}/score") is None
    assert ops.scores.total == Decimal("96.00")
    assert window.totals.total_label.text() == "合计 96.00 分"
    assert window.totals.trial_label.isHidden() and not panel.sandbox.isVisible()
    assert sha256(report_path) != before
    ops.undo()  # the figure and the cleared score come back as one step
    assert ops.get(PUBLIC_BUDGET) is None and ops.get(f"{PUBLIC_CONTROL}/score") == "5"
    assert ops.scores.total == Decimal("93.00")


def test_a_trial_is_discarded_by_the_button_and_by_closing(qtbot: Any, window: MainWindow, report_path: Path) -> None:
    before = sha256(report_path)
    panel = open_panel(window)
    item = panel.item_for(BUDGET_ADDED)
    assert item is not None
    panel.tree.itemClicked.emit(item, 0)
    assert window.totals is not None and window.totals.trial_label.text() == "试算 97.00 分 优（未保存）"
    panel.discard()
    assert window.totals.trial_label.isHidden() and not panel.sandbox.isVisible()
    panel.tree.itemClicked.emit(item, 0)
    assert panel.sandbox.isVisible()
    window.close_report()
    assert panel.hint is None and not panel.sandbox.isVisible()
    assert sha256(report_path) == before
