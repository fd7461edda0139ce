"""The package's ``forms`` decide the tabs and their order; the totals bar follows the project shown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_window import format2_window
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.main_window import MainWindow
from desktop.ops import Ops
from desktop.tabs import registry
from desktop.tabs.registry import FormTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def tab_texts(window: MainWindow) -> list[str]:
    tabs = window.tabs
    assert tabs is not None
    return [tabs.tabText(i) for i in range(tabs.count())]


class ProjectsStandIn(QWidget):
    """A tab that shows one project at a time, as the 项目支出 tab does (the hook it must offer)."""

    project_selected = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget) -> None:
        super().__init__(parent)
        self.pointer = "/projects/0" if ops.package.projects else ""

    def selected_project_pointer(self) -> str:
        return self.pointer

    def choose(self, pointer: str) -> None:
        self.pointer = pointer
        self.project_selected.emit(pointer)


@pytest.fixture
def projects_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.TABS, "projects", FormTab("项目支出", ProjectsStandIn, ("projects",)))


def test_tabs_follow_the_forms_listed_in_their_order(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path, forms=["indicators", "overall"], figures=[])
    assert window.tabs is not None
    assert window.tabs.forms == ["indicators", "overall"]
    assert tab_texts(window) == ["表3 绩效评价指标", "表1 整体支出"]
    # 表2 is not listed: no tab, and a pointer into it leads nowhere (its data is kept).
    assert window.funds_tab is None and window.overall_tab is not None
    assert window.focus_pointer("/overall/staff_actual")
    assert window.tabs.currentWidget() is window.overall_tab
    assert not window.focus_pointer("/special_funds/0/name")


def test_a_form_without_a_registered_tab_has_none(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(registry.TABS, "projects", raising=False)
    window = format2_window(qtbot, tmp_path, forms=["overall", "indicators", "projects"], figures=[])
    assert window.tabs is not None
    assert window.tabs.forms == ["overall", "indicators"]


def test_changing_the_forms_rebuilds_the_tabs_live_as_one_undo_step(window: MainWindow, qtbot: Any) -> None:
    ops, tabs = window.ops, window.tabs
    assert ops is not None and tabs is not None
    overall, indicators = window.overall_tab, window.indicators_tab
    assert tabs.forms[:3] == ["overall", "special_funds", "indicators"]
    tabs.setCurrentWidget(indicators)
    steps = ops.undo_stack.count()
    assert ops.set("/forms", ["indicators", "overall"], "修改报表组成") is not None
    assert tabs.forms[:2] == ["indicators", "overall"] and "special_funds" not in tabs.forms
    assert window.funds_tab is None
    # The tabs that stay keep their widgets (what was selected or typed there survives).
    assert window.overall_tab is overall and window.indicators_tab is indicators
    assert tabs.currentWidget() is indicators
    assert ops.undo_stack.count() == steps + 1
    window.undo()
    assert tabs.forms[:3] == ["overall", "special_funds", "indicators"]
    assert window.funds_tab is not None and window.overall_tab is overall
    window.redo()
    assert "special_funds" not in tabs.forms


def test_the_totals_bar_shows_the_project_the_tab_shows(qtbot: Any, tmp_path: Path, projects_tab: None) -> None:
    window = format2_window(qtbot, tmp_path)
    ops, tabs, totals = window.ops, window.tabs, window.totals
    assert ops is not None and tabs is not None and totals is not None
    assert tabs.forms[:3] == ["overall", "indicators", "projects"]
    # 表3 first: 84 + 9.89 = 93.89 under the bands 95/85/60 (tests/test_format2_scoring.py).
    assert (totals.total_label.text(), totals.grade_label.text()) == ("合计 93.89 分", "等级 良")
    assert totals.scope_label.isHidden()
    stand_in = tabs.show_form("projects")
    assert isinstance(stand_in, ProjectsStandIn)
    assert totals.scope_label.text() == "项目：城区道路维修"
    assert (totals.total_label.text(), totals.grade_label.text()) == ("合计 93.67 分", "等级 良")
    assert totals.groups_label.text().startswith("预算执行 9.17/10.00")
    stand_in.choose("/projects/1")
    assert totals.scope_label.text() == "项目：公园绿化"
    assert (totals.total_label.text(), totals.grade_label.text()) == ("合计 81.00 分", "等级 中")
    # An edit of the project shown shows at once: an entered budget score of 5 instead of 10.
    assert ops.set("/projects/1/budget/score", Decimal(5), "修改预算执行得分") is not None
    assert (totals.total_label.text(), totals.grade_label.text()) == ("合计 76.00 分", "等级 中")
    assert ops.scores.projects[ops.package.projects[1].uid].total == Decimal("76.00")
    # The project moves to the front: the bar follows it, not its old place.
    assert ops.move("/projects/1", "/projects", 0, "上移项目") is not None
    assert totals.scope_label.text() == "项目：公园绿化"
    # Back on 表3: 表3's total again.
    tabs.show_form("indicators")
    assert totals.scope_label.isHidden()
    assert totals.total_label.text() == "合计 93.89 分"


def test_without_table3_the_bar_shows_no_table3_total(qtbot: Any, tmp_path: Path, projects_tab: None) -> None:
    window = format2_window(qtbot, tmp_path, forms=["overall", "projects"])
    tabs, totals = window.tabs, window.totals
    assert tabs is not None and totals is not None
    assert tabs.forms[:2] == ["overall", "projects"]
    assert totals.total_label.isHidden() and totals.grade_label.isHidden()
    tabs.show_form("projects")
    assert not totals.total_label.isHidden()
    assert totals.total_label.text() == "合计 93.67 分"


def test_a_project_form_first_shows_its_project_in_the_bar_from_the_start(qtbot: Any, tmp_path: Path) -> None:
    window = format2_window(qtbot, tmp_path, forms=["projects", "indicators"])
    tabs, totals = window.tabs, window.totals
    assert tabs is not None and totals is not None
    assert tabs.forms[0] == "projects" and tabs.currentIndex() == 0
    assert totals.scope_label.text() == "项目：城区道路维修" and not totals.scope_label.isHidden()
    assert totals.total_label.text() == "合计 93.67 分"
