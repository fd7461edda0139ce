"""Screen space (issue 12, item 10): the first start fills the screen it opens on, the 审核结果
dock takes a quarter of the height, hides on the start page and has a handle one can grab;
another indicator shows its panel from the top; 指标 is as wide as its names on a wide screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, leaf_named
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPalette, QScreen
from PySide6.QtWidgets import QApplication, QStyle

from desktop.indicator_model import COL_NAME
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.mark.parametrize(
    ("screen", "maximised"),
    [(QRect(0, 0, 1024, 728), True), (QRect(0, 0, 1920, 1040), False), (QRect(1920, 0, 1366, 728), True)],
)
def test_first_start_fills_the_screen(
    qtbot: Any, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch, screen: QRect, maximised: bool
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(screen))
    window = MainWindow()
    qtbot.addWidget(window)
    geometry = window.geometry()
    assert screen.contains(geometry)
    assert geometry.width() >= screen.width() * 0.89 and geometry.height() >= screen.height() * 0.89
    assert abs(geometry.center().x() - screen.center().x()) <= 2
    assert window.start_maximised is maximised
    assert (window.width(), window.height()) != (1280, 720)


def test_a_remembered_window_size_wins_over_the_screen(
    qtbot: Any, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.setGeometry(40, 40, 700, 500)  # within the offscreen screen (800×600)
    first.close()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1024, 728))
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.start_maximised is False
    assert (again.width(), again.height()) == (700, 500)


def test_the_checks_dock_takes_a_quarter_and_hides_on_the_start_page(
    qtbot: Any, window: MainWindow, report_path: Path
) -> None:
    dock = window.checks_dock
    qtbot.waitUntil(lambda: abs(dock.height() - window.height() / 4) <= window.height() * 0.04, timeout=3000)
    height = dock.height()
    window.close_report()
    assert dock.isHidden()
    assert window.dock_separator() is None
    assert window.open_path(report_path)
    assert not dock.isHidden()
    qtbot.waitUntil(lambda: abs(dock.height() - height) <= 4, timeout=3000)
    # The user's own choice stands: closed by hand, it stays closed for the next report.
    window.action_show_checks.trigger()
    assert dock.isHidden()
    window.close_report()
    assert window.open_path(report_path)
    assert dock.isHidden()


def test_the_dock_handle_is_wide_with_a_visible_grip(qtbot: Any, window: MainWindow) -> None:
    assert window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, window) >= 6
    qtbot.waitUntil(lambda: window.dock_separator() is not None)
    handle = window.dock_separator()
    assert handle is not None and handle.height() >= 6
    image = window.grab().toImage()
    background = QColor(window.palette().color(QPalette.ColorRole.Window)).rgb()
    dark = [
        (x, y)
        for x in range(handle.left(), handle.right() + 1)
        for y in range(handle.top(), handle.bottom() + 1)
        if abs(QColor(image.pixelColor(x, y)).lightness() - QColor(background).lightness()) > 40
    ]
    assert len(dark) >= 80, len(dark)  # two lines of 48 px, not the style's faint dots
    middle = handle.center().x()
    assert all(abs(x - middle) <= 30 for x, _ in dark)


def test_another_indicator_shows_its_panel_from_the_top(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.tabs is not None
    window.resize(1024, 600)
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    first = window.ops.pointer_of(leaf_named(window.ops.report, "公用经费控制率"))
    assert tab.focus_pointer(f"{first}/note")  # a field at the bottom of the panel
    bar = tab.editor_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    second = window.ops.pointer_of(leaf_named(window.ops.report, "政府采购执行率"))
    index, _rest = tab.model.locate(second)
    tab.select(index)
    assert bar.value() == 0
    assert tab.leaf_panel.score.visibleRegion().boundingRect().height() == tab.leaf_panel.score.height()


@pytest.mark.parametrize("width", [1920, 1366])
def test_the_name_column_widens_to_its_names_on_a_wide_screen(qtbot: Any, window: MainWindow, width: int) -> None:
    assert window.tabs is not None
    window.resize(width, 1000)
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    tree = tab.tree
    section = tree.header().sectionSize(COL_NAME)
    if width == 1920:
        assert section >= tree.sizeHintForColumn(COL_NAME)
        assert section > 190
    else:
        assert section <= 190


def test_a_window_shown_on_the_start_page_opens_a_report_with_a_quarter_dock(
    qtbot: Any, isolated_settings: Path, report_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.printing is not None)  # built after the first paint
    qtbot.wait(100)
    assert not window.checks_dock.isVisible()
    assert window.open_path(report_path)
    dock = window.checks_dock
    qtbot.waitUntil(lambda: abs(dock.height() - window.height() / 4) <= window.height() * 0.04, timeout=3000)
    qtbot.wait(300)  # and it stays so
    assert abs(dock.height() - window.height() / 4) <= window.height() * 0.04
