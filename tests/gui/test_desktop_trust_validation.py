"""Consistent validation on screen (issue 12, item 7): each field's refusal names its kind
(评价年度 18.5 is not a year); undo takes refused text back; 年末职工人数 above 人员编制 is
shown beside the two fields; a 评价标准 left at 8分 under a 分值 of 4 is warned about."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, binding_of, field, leaf_named, replace_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop.binding import INVALID_STYLE
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def leave(qtbot: Any, window: MainWindow) -> None:
    """Focus the 单位负责人 field: the field before writes on focus-out."""
    assert window.overall_tab is not None
    other = field(window.overall_tab, "/overall/head")
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus)


def test_a_year_is_refused_as_a_year(qtbot: Any, window: MainWindow) -> None:
    assert window.overall_tab is not None and window.ops is not None
    year = field(window.overall_tab, "/year")
    replace_text(qtbot, year, "18.5")
    leave(qtbot, window)
    binding = binding_of(year)
    assert "不是年份" in binding.problem and "人数" not in binding.problem
    assert year.styleSheet() == INVALID_STYLE
    assert window.ops.get("/year") == 2019


def test_undo_takes_refused_text_back_then_undoes_as_usual(qtbot: Any, window: MainWindow) -> None:
    assert window.overall_tab is not None and window.ops is not None
    staff = field(window.overall_tab, "/overall/staff_actual")
    replace_text(qtbot, staff, "9")
    leave(qtbot, window)
    assert window.ops.get("/overall/staff_actual") == 9
    year = field(window.overall_tab, "/year")
    replace_text(qtbot, year, "18.5")
    leave(qtbot, window)
    assert binding_of(year).problem
    QTest.keyClick(field(window.overall_tab, "/overall/head"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert year.text() == "2019" and binding_of(year).problem == "" and year.styleSheet() == ""
    assert window.ops.get("/overall/staff_actual") == 9  # the red text was the last edit
    QTest.keyClick(field(window.overall_tab, "/overall/head"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ops.get("/overall/staff_actual") == 7


def test_staff_above_the_quota_is_shown_beside_the_fields(qtbot: Any, window: MainWindow) -> None:
    tab = window.overall_tab
    assert tab is not None and window.ops is not None
    staff = field(tab, "/overall/staff_actual")
    assert not tab.staff_findings.isVisibleTo(tab)
    replace_text(qtbot, staff, "11")
    leave(qtbot, window)
    qtbot.waitUntil(lambda: tab.staff_findings.isVisibleTo(tab), timeout=3000)
    message = next(f.message for f in window.ops.findings if f.path == "/overall/staff_actual")
    assert message in tab.staff_findings.text()
    assert "11 人" in message and "10 人" in message
    # Beside the fields: right under the staff row, within the 单位基本情况 box.
    below = tab.staff_findings.mapTo(tab.page, QPoint(0, 0))
    row = staff.mapTo(tab.page, QPoint(0, staff.height()))
    assert 0 <= below.y() - row.y() < 30
    replace_text(qtbot, staff, "10")
    leave(qtbot, window)
    qtbot.waitUntil(lambda: not tab.staff_findings.isVisibleTo(tab), timeout=3000)


def test_a_lower_weight_under_an_old_criterion_is_warned_about(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    pointer = window.ops.pointer_of(leaf_named(window.ops.report, "行政效能"))
    assert tab.focus_pointer(f"{pointer}/weight")
    replace_text(qtbot, tab.leaf_panel.weight, "4")
    tab.leaf_panel.name.setFocus()
    qtbot.waitUntil(lambda: any(f.path == f"{pointer}/criterion" for f in window.ops.findings), timeout=3000)
    finding = next(f for f in window.ops.findings if f.path == f"{pointer}/criterion")
    assert finding.severity == "warning" and "6分" in finding.message
    qtbot.waitUntil(lambda: finding.message in tab.leaf_panel.findings_label.text(), timeout=3000)
