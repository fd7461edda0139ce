"""基础数据 of a package carried forward: 上年数 and 同比 after 数值, the carried value marked
上年结转 and editable; a package not carried forward keeps its columns."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.figures_model import CARRIED_BACKGROUND, COL_LABEL, COL_VALUE, COLUMNS
from desktop.main_window import MainWindow
from desktop.tabs.figures import FiguresTab
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.next_year import next_year
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

THIS_BUDGET, PRIOR_BUDGET, PUBLIC_BUDGET, COMPLETED = 0, 1, 2, 5


@pytest.fixture
def carried_window(qtbot: Any, tmp_path: Path, isolated_settings: Path) -> Iterator[MainWindow]:
    last = load_json(assets.demo_json())
    figures = {f.key: f for f in last.figures}
    figures["three_public_budget"].value = Decimal("20000.00")  # 2.00 万元, carried to 上年度…预算数
    figures["public_budget"].value = Decimal("30000.00")  # 3.00 万元
    new = next_year(last, file_name="石峰2019.jxzp").package
    new_figures = {f.key: f for f in new.figures}
    new_figures["three_public_budget"].value = Decimal("25000.00")  # +25.00 %
    new_figures["public_budget"].value = Decimal("27000.00")  # −10.00 %
    new_figures["completed"].value = 5  # 2019: 4 → +25.00 %
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


def figures_tab(window: MainWindow) -> FiguresTab:
    assert window.tabs is not None
    tab = window.tabs.show_form("figures")
    assert isinstance(tab, FiguresTab)
    return tab


def cell(tab: FiguresTab, position: int, title: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    column = [c.title for c in tab.model.columns].index(title)
    return tab.model.index_of(position, column).data(role)


def test_last_year_and_the_change_beside_each_figure(carried_window: MainWindow) -> None:
    tab = figures_tab(carried_window)
    titles = [c.title for c in tab.model.columns]
    assert titles[:4] == ["名称", "数值", "上年数", "同比"]
    assert tab.model.columnCount() == len(COLUMNS) + 2
    assert [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == titles[:4]
    assert (cell(tab, THIS_BUDGET, "上年数"), cell(tab, THIS_BUDGET, "同比")) == ("2.00", "+25.00%")
    assert (cell(tab, PUBLIC_BUDGET, "上年数"), cell(tab, PUBLIC_BUDGET, "同比")) == ("3.00", "-10.00%")
    assert (cell(tab, COMPLETED, "上年数"), cell(tab, COMPLETED, "同比")) == ("4", "+25.00%")
    assert cell(tab, PUBLIC_BUDGET, "同比", Qt.ItemDataRole.ToolTipRole) == "2019年 预算安排公用经费总额 3.00 万元，同比 -10.00%"
    # Last year's 上年度 figure was 0.00: no per cent of nothing.
    assert (cell(tab, PRIOR_BUDGET, "上年数"), cell(tab, PRIOR_BUDGET, "同比")) == ("0.00", "")


def test_the_carried_value_is_marked_and_the_change_follows_an_edit(carried_window: MainWindow) -> None:
    tab = figures_tab(carried_window)
    carried = tab.model.index_of(PRIOR_BUDGET, COL_VALUE)
    assert carried.data() == "2.00"
    assert carried.data(Qt.ItemDataRole.BackgroundRole).color() == CARRIED_BACKGROUND
    assert carried.data(Qt.ItemDataRole.ToolTipRole) == "上年结转：由 2019年 本年度“三公经费”预算数 2.00 万元 结转，可修改"
    assert tab.model.flags(carried) & Qt.ItemFlag.ItemIsEditable
    # Not carried: no mark.
    assert tab.model.index_of(THIS_BUDGET, COL_VALUE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert tab.model.index_of(THIS_BUDGET, COL_LABEL).data() == "本年度“三公经费”预算数"

    assert tab.model.setData(tab.model.index_of(PUBLIC_BUDGET, COL_VALUE), "3.3")
    assert (cell(tab, PUBLIC_BUDGET, "上年数"), cell(tab, PUBLIC_BUDGET, "同比")) == ("3.00", "+10.00%")
    assert tab.model.setData(carried, "1.8")
    assert carried_window.ops is not None
    messages = [f.message for f in carried_window.ops.run_checks_now() if f.path == "/figures/1/value"]
    assert any(m.startswith("上年度“三公经费”预算数 1.80 万元 ≠ 2019年 本年度“三公经费”预算数 2.00 万元") for m in messages)


def test_a_package_not_carried_forward_keeps_its_columns(window: MainWindow) -> None:
    tab = figures_tab(window)
    assert [c.title for c in tab.model.columns] == [c.title for c in COLUMNS]
    assert "上年数" not in [c.title for c in tab.model.columns]
