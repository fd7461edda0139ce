"""项目支出 in the main window: its tab follows ``forms``, the totals bar shows the chosen project,
and a finding of the checks about a project takes the user to its cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from format2_window import format2_window
from gui_support import OFFSCREEN_NOISE

from desktop.project_model import B_SCORE, G_SCORE
from desktop.tabs.projects import ProjectsTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def test_the_projects_tab_shows_the_chosen_project_in_the_totals_bar(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path)
    tabs, totals = window.tabs, window.totals
    assert tabs is not None and totals is not None
    assert "projects" in tabs.forms
    tab = tabs.show_form("projects")
    assert isinstance(tab, ProjectsTab)
    assert totals.scope_label.text() == "项目：城区道路维修"
    tab.list.setCurrentRow(2)
    assert totals.scope_label.text() == "项目：信息化建设"
    assert tab.form is not None
    assert totals.total_label.text() == f"合计 {tab.form.total_label.text().split()[1]} 分"


def test_a_finding_clicked_in_the_checks_dock_selects_the_project_and_its_cell(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path)
    assert window.ops is not None and window.tabs is not None
    findings = window.ops.run_checks_now()
    dock = window.checks_dock
    # 信息化建设's 办事效率提升 is rated 未达成 without a score: the checks name its band.
    leaf = next(f for f in findings if f.path.startswith("/projects/2/tree/1/children/0"))
    item = dock.item_for(leaf.path)
    assert item is not None
    dock.tree.itemClicked.emit(item, 0)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, ProjectsTab) and tab.list.currentRow() == 2 and tab.form is not None
    current = tab.form.grid_view.currentIndex()
    entry = tab.form.grid_model.row_at(current.row())
    assert entry is not None and entry.leaf is not None and entry.leaf.name == "办事效率提升"
    assert current.column() == G_SCORE
    # From another tab, a pointer into a project's money block goes to its cell.
    window.tabs.show_form("indicators")
    assert window.focus_pointer("/projects/0/budget/score")
    assert window.tabs.currentWidget() is tab and tab.list.currentRow() == 0 and tab.form is not None
    current = tab.form.budget_view.currentIndex()
    assert (current.row(), current.column()) == (0, B_SCORE)
