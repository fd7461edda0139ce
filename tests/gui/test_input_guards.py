"""Nothing changes by accident, and undo works as in every editor (issue 12, items 1, 4 and 8):
the wheel over a combo box or spin box scrolls the panel unless the box was clicked; a score
above the indicator's 分值 is refused in the field; Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z from any field."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, field, replace_text, type_text
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

from desktop.binding import INVALID_STYLE
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from perfcore.exchange import dump_json
from perfcore.model import iter_leaves
from perfcore.store import export_package

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

STAFF = "/overall/staff_actual"
GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


def wheel(widget: QWidget, steps: int = -1) -> None:
    """Turn the wheel by ``steps`` notches over the middle of ``widget`` (negative: down)."""
    local = QPointF(widget.rect().center())
    event = QWheelEvent(
        local,
        QPointF(widget.mapToGlobal(local.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    assert isinstance(widget, QSlider)
    return widget.value()


def file_text(window: MainWindow) -> str:
    assert window.ops is not None
    return dump_json(export_package(window.ops.report))


def indicators(window: MainWindow) -> IndicatorsTab:
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab) and window.tabs is not None
    window.tabs.setCurrentWidget(tab)
    return tab


def test_the_wheel_over_any_rule_panel_widget_changes_nothing(qtbot: Any, window: MainWindow) -> None:
    window.resize(1024, 480)  # the detail panel scrolls
    tab = indicators(window)
    assert window.ops is not None
    before = file_text(window)
    steps = window.ops.undo_stack.count()
    classes: set[type] = set()
    for pointer, _leaf in iter_leaves(window.ops.package):
        assert tab.focus_pointer(pointer)
        widgets = [w for w in tab.leaf_panel.findChildren(QWidget) if isinstance(w, GUARDED) and w.isVisibleTo(tab)]
        for widget in widgets:
            classes.add(type(widget))
            shown = value_of(widget)
            for steps_turned in (-1, 1, -1):
                wheel(widget, steps_turned)
                # Also over the spin box's own line edit, where the pointer mostly is.
                for child in widget.findChildren(QWidget):
                    if child.isVisible():
                        wheel(child, steps_turned)
            assert value_of(widget) == shown, (pointer, type(widget).__name__)
            assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert {QComboBox} <= classes  # every kind the 表3 rule forms use (counts are typed fields)
    assert window.ops.undo_stack.count() == steps
    assert file_text(window) == before


def test_the_wheel_scrolls_the_panel_over_a_box_not_clicked(qtbot: Any, window: MainWindow) -> None:
    window.resize(1024, 480)
    tab = indicators(window)
    assert window.ops is not None
    leaf = next(p for p, n in iter_leaves(window.ops.package) if n.name == "在职人员控制率")  # deducts by steps
    assert tab.focus_pointer(leaf)
    box = next(w for w in tab.leaf_panel.findChildren(QComboBox) if w.accessibleName() == "档数取整" and w.isVisibleTo(tab))
    bar = tab.editor_area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    tab.editor_area.ensureWidgetVisible(box)
    top = bar.value()
    box.setFocus(Qt.FocusReason.TabFocusReason)  # focus by Tab alone does not arm the wheel
    qtbot.waitUntil(box.hasFocus)
    shown = box.currentIndex()
    before = file_text(window)
    wheel(box, -1)
    assert box.currentIndex() == shown
    assert bar.value() > top or bar.value() == bar.maximum()
    assert file_text(window) == before


def test_the_wheel_changes_a_clicked_number_box_until_it_is_left(qtbot: Any) -> None:
    from PySide6.QtWidgets import QScrollArea, QSpinBox, QVBoxLayout

    from desktop import wheel_guard

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    wheel_guard.install(app)  # as the app does at start
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    column = QVBoxLayout(page)
    spin = QSpinBox(page)
    spin.setRange(0, 100)
    spin.setValue(5)
    column.addWidget(spin)
    column.addSpacing(2000)
    area.setWidget(page)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, 1)
    assert spin.value() == 5 and area.verticalScrollBar().value() == 0  # (scrolled up: already at the top)
    QTest.mouseClick(spin.findChild(QWidget, "qt_spinbox_lineedit") or spin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, 1)
    assert spin.value() == 6
    spin.clearFocus()  # leaving disarms it again
    wheel(spin, -1)
    assert spin.value() == 6 and area.verticalScrollBar().value() > 0


def test_a_score_above_the_weight_or_below_zero_is_refused_in_the_field(qtbot: Any, window: MainWindow) -> None:
    tab = indicators(window)
    assert window.ops is not None
    leaf = next(p for p, n in iter_leaves(window.ops.package) if n.name == "经济效益、社会效益")  # 6 points, manual
    score = tab.leaf_panel.score
    stored = window.ops.get(f"{leaf}/score")
    for typed, words in (("7", "超过本指标分值 6 分"), ("-1", "不能小于 0 分")):
        assert tab.focus_pointer(f"{leaf}/score")
        qtbot.waitUntil(score.hasFocus)
        replace_text(qtbot, score, typed)
        QTest.keyClick(score, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: not score.hasFocus())
        assert window.ops.get(f"{leaf}/score") == stored  # nothing stored
        assert score.styleSheet() == INVALID_STYLE and words in score.toolTip()
        assert score.text() == typed  # kept in the field, marked, for the clerk to correct
    replace_text(qtbot, score, "5.5")
    QTest.keyClick(score, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.ops is not None and window.ops.get(f"{leaf}/score") == "5.5")
    assert score.styleSheet() != INVALID_STYLE


def test_ctrl_z_undoes_the_last_edit_from_another_field_and_ctrl_y_redoes(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.overall_tab is not None
    ops = window.ops
    staff = field(window.overall_tab, STAFF)
    assert ops.get(STAFF) == 7
    replace_text(qtbot, staff, "11")
    QTest.keyClick(staff, Qt.Key.Key_Tab)  # writes, and moves into the next field
    qtbot.waitUntil(lambda: ops.get(STAFF) == 11)
    for redo in (
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ):
        focused = QApplication.focusWidget()
        assert focused is not None and focused is not staff and focused.window() is window
        QTest.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert ops.get(STAFF) == 7
        assert staff.text() == "7"
        QTest.keyClick(focused, *redo)
        assert ops.get(STAFF) == 11


def test_ctrl_z_while_typing_takes_the_field_back(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.overall_tab is not None
    staff = field(window.overall_tab, STAFF)
    replace_text(qtbot, staff, "12")
    type_text(qtbot, staff, "3")
    QTest.keyClick(staff, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ops.get(STAFF) == 7
    assert staff.text() == "7"
