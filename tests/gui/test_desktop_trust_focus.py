"""Keyboard focus is always visible and tab keys are tab keys (issue 12, item 2): Ctrl+PgUp,
Ctrl+PgDn, Ctrl+Tab and Ctrl+Shift+Tab switch the form wherever the focus is, and never change
the focused combo box; every focused field wears a 2 px ring in the palette's highlight colour."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, leaf_named
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import focus_ring
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from perfcore.exchange import dump_json
from perfcore.store import export_package

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

CTRL = Qt.KeyboardModifier.ControlModifier


def file_text(window: MainWindow) -> str:
    assert window.ops is not None
    return dump_json(export_package(window.ops.report))


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """A key as the user presses it: to whatever has the focus."""
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key, modifiers)


def ring_pixels(widget: QWidget) -> tuple[int, int]:
    """(ring-coloured pixels on the 2 px band just outside ``widget``, pixels on that band), as
    the window shows them: a ring its field's parent cuts off does not count."""
    window = widget.window()
    image: QImage = window.grab().toImage()
    colour = QColor(widget.palette().color(QPalette.ColorRole.Highlight))
    inner = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    outer: QRect = inner.adjusted(-2, -2, 2, 2)
    hits = total = 0
    for x in range(outer.left(), outer.right() + 1):
        for y in range(outer.top(), outer.bottom() + 1):
            if inner.contains(x, y):
                continue
            total += 1
            if image.pixelColor(x, y).rgb() == colour.rgb():
                hits += 1
    return hits, total


def test_ctrl_pgdn_after_ctrl_tab_switches_the_tab_and_leaves_the_result(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    leaf = leaf_named(window.ops.report, "行政效能")
    pointer = window.ops.pointer_of(leaf)
    assert tab.focus_pointer(f"{pointer}/rule/selected")
    combo = tab.leaf_panel.rule_editor.forms["choice"].selected  # type: ignore[attr-defined]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(combo.hasFocus)
    press(Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)  # 评定结果: 效果较好 → 一般
    assert window.ops.get(f"{pointer}/rule/selected") == "一般"
    chosen, saved = combo.currentIndex(), file_text(window)

    press(Qt.Key.Key_Tab)  # away: to 基础数据, the demo's last tab (it has figures)
    assert window.tabs.currentIndex() == 3
    press(Qt.Key.Key_Tab)  # and round to 表1
    assert window.tabs.currentIndex() == 0
    press(Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.currentIndex() == 3
    press(Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and back
    assert window.tabs.currentWidget() is tab
    qtbot.waitUntil(combo.hasFocus)  # the page gives its focus back to the combo box
    hits, band = ring_pixels(combo)
    assert hits >= band * 0.9, (hits, band)

    press(Qt.Key.Key_PageDown)
    assert window.tabs.currentIndex() == 3
    assert combo.currentIndex() == chosen
    assert window.ops.get(f"{pointer}/rule/selected") == "一般"
    assert file_text(window) == saved
    press(Qt.Key.Key_PageUp)
    assert window.tabs.currentWidget() is tab
    press(Qt.Key.Key_PageUp)
    assert window.tabs.currentIndex() == 1
    assert file_text(window) == saved


def test_tab_keys_switch_forms_from_a_text_box(qtbot: Any, window: MainWindow) -> None:
    assert window.tabs is not None and window.overall_tab is not None
    window.tabs.setCurrentIndex(0)
    area = window.overall_tab.findChild(QPlainTextEdit)
    assert area is not None
    area.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(area.hasFocus)
    press(Qt.Key.Key_PageDown)
    assert window.tabs.currentIndex() == 1
    press(Qt.Key.Key_Tab)
    assert window.tabs.currentIndex() == 2
    press(Qt.Key.Key_PageUp)
    assert window.tabs.currentIndex() == 1


@pytest.mark.parametrize("kind", [QComboBox, QLineEdit, QSpinBox, QCheckBox, QPlainTextEdit])
def test_every_kind_of_field_wears_a_ring_when_focused(qtbot: Any, kind: type[QWidget]) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    focus_ring.install(app)
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    fields = [QLineEdit(page), kind(page), QLineEdit(page)]
    if isinstance(fields[1], QComboBox):
        fields[1].addItems(["符合", "不符合"])
    for field in fields:
        column.addWidget(field)
    page.resize(320, 240)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    target = fields[1]
    assert ring_pixels(target)[0] == 0
    fields[0].setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(fields[0], Qt.Key.Key_Tab)
    qtbot.waitUntil(target.hasFocus)
    hits, band = ring_pixels(target)
    assert hits >= band * 0.9, (hits, band)
    QTest.keyClick(target, Qt.Key.Key_Tab) if not isinstance(target, QPlainTextEdit) else fields[2].setFocus()
    qtbot.waitUntil(fields[2].hasFocus)
    assert ring_pixels(target)[0] == 0


def test_the_ring_leaves_a_field_for_good_when_the_focus_goes_to_a_button(qtbot: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    focus_ring.install(app)
    page = QWidget()
    qtbot.addWidget(page)
    field, button = QLineEdit(page), QPushButton("添加", page)
    field.setGeometry(10, 10, 120, 24)
    button.setGeometry(10, 60, 120, 24)
    page.resize(300, 200)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    field.setFocus()
    qtbot.waitUntil(lambda: ring_pixels(field)[0] > 0)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    field.move(20, 100)  # a panel that reflows under the ring's old field
    QApplication.processEvents()
    assert ring_pixels(field)[0] == 0
