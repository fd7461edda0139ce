"""同比 on 表1 of a package carried forward: last year's value and the change beside each figure,
following the figure as it is typed; the carried 上年结转 marked and editable."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, field, replace_text
from PySide6.QtWidgets import QApplication, QLabel

from desktop.main_window import MainWindow
from desktop.widgets.year_on_year import CARRIED_MARK, CARRIED_TEXT, YearOnYearLabel
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.next_year import next_year
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.fixture
def carried_window(qtbot: Any, tmp_path: Path, isolated_settings: Path) -> Iterator[MainWindow]:
    last = load_json(assets.demo_json())
    last.overall.balance_year_end = Decimal("600000.00")
    new = next_year(last, file_name="石峰2019.jxzp").package
    new.overall.budget_initial = Decimal("100000.00")  # 2019: 8.00 万元 → +25.00 %
    new.overall.income_total = Decimal("800000.00")  # 2019: 85.80 万元 → −6.76 %
    path = tmp_path / "石峰2020.jxzp"
    ReportFile.create(path, new).close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1366, 728)
    assert win.open_path(path)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win.close()


def _year_on_year(window: MainWindow, name: str) -> YearOnYearLabel:
    assert window.overall_tab is not None
    found = [label for label in window.overall_tab.findChildren(YearOnYearLabel) if label.name == name]
    assert len(found) == 1, name
    return found[0]


def test_last_year_and_the_change_beside_each_figure(carried_window: MainWindow) -> None:
    assert _year_on_year(carried_window, "budget_initial").text() == "上年 8.00　+25.00%"
    assert _year_on_year(carried_window, "income_total").text() == "上年 85.80　-6.76%"
    assert _year_on_year(carried_window, "income_total").toolTip() == "2019年 年度总收入 85.80 万元，同比 -6.76%"
    # Unknown this year: last year's value alone; unknown last year: 未填.
    assert _year_on_year(carried_window, "expense_total").text() == "上年 85.80"
    assert _year_on_year(carried_window, "budget_added").text() == "上年 未填"
    assert _year_on_year(carried_window, "staff_actual").text() == "上年 7"


def test_the_change_follows_what_is_typed(qtbot: Any, carried_window: MainWindow) -> None:
    tab = carried_window.overall_tab
    assert tab is not None
    replace_text(qtbot, field(tab, "/overall/expense_total"), "90")
    qtbot.waitUntil(lambda: _year_on_year(carried_window, "expense_total").text() == "上年 85.80　+4.90%")
    replace_text(qtbot, field(tab, "/overall/staff_actual"), "6")
    qtbot.waitUntil(lambda: _year_on_year(carried_window, "staff_actual").text() == "上年 7　-14.29%")


def test_the_carried_value_is_marked_and_editable(qtbot: Any, carried_window: MainWindow) -> None:
    tab = carried_window.overall_tab
    assert tab is not None
    marks = tab.findChildren(QLabel, CARRIED_MARK)
    assert [(m.text(), m.toolTip()) for m in marks] == [(CARRIED_TEXT, "由 2019年 年末结余 60.00 万元 结转，可修改")]
    edit = field(tab, "/overall/carryover_prior")
    assert edit.text() == "60.00" and not edit.isReadOnly()
    replace_text(qtbot, edit, "58")
    assert carried_window.ops is not None

    def warned() -> bool:
        assert carried_window.ops is not None
        return any(
            f.message.startswith("上年结转 58.00 万元 ≠ 2019年 年末结余 60.00 万元")
            for f in carried_window.ops.run_checks_now()
        )

    qtbot.waitUntil(warned)
    assert carried_window.ops.get("/overall/carryover_prior") == "580000.00"


def test_a_package_not_carried_forward_shows_no_year_on_year(window: MainWindow) -> None:
    assert window.overall_tab is not None
    assert window.overall_tab.findChildren(YearOnYearLabel) == []
