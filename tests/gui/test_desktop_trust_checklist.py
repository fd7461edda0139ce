"""A checklist rates by clicking its items, and the panel stays put (issue 12, item 3): the whole
评定 cell ("① 未评定", not only its small box) is the click target; rating the last item takes the
red 得分空缺 box away without moving anything under the pointer; the add and remove buttons sit
above the list, away from the items; every message of the rule panels keeps its place."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, leaf_named
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from desktop.widgets.rule_editors import ChecklistForm

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

LEAF = "管理制度健全性"


def checklist(window: MainWindow, unrated: int | None) -> tuple[IndicatorsTab, ChecklistForm, str]:
    """表3 on the checklist leaf, with item ``unrated`` set back to 未评定."""
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    pointer = window.ops.pointer_of(leaf_named(window.ops.report, LEAF))
    if unrated is not None:
        window.ops.set(f"{pointer}/rule/items/{unrated}/met", None, "设为未评定")
    assert tab.focus_pointer(f"{pointer}/rule")
    form = tab.leaf_panel.rule_editor.forms["checklist"]
    assert isinstance(form, ChecklistForm)
    QApplication.processEvents()
    return tab, form, pointer


def text_point(form: ChecklistForm, row: int) -> QPoint:
    """On the words "④ 未评定" of ``row``'s 评定 cell, well right of its small box."""
    rect = form.table.visualRect(form.table.model().index(row, 0))
    return QPoint(rect.right() - 6, rect.center().y())


def test_a_click_on_the_item_text_rates_it(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    tab, form, pointer = checklist(window, unrated=3)
    assert form.table.item(3, 0).text().endswith("未评定")
    QTest.mouseClick(form.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, text_point(form, 3))
    assert window.ops.get(f"{pointer}/rule/items/3/met") is True
    assert form.table.item(3, 0).text().endswith("符合")
    QTest.mouseClick(form.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, text_point(form, 3))
    assert window.ops.get(f"{pointer}/rule/items/3/met") is False
    # A double click toggles twice, not three times, and Space toggles the current item.
    QTest.mouseDClick(form.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, text_point(form, 3))
    form.table.setCurrentCell(3, 0)
    form.table.setFocus()
    QTest.keyClick(form.table, Qt.Key.Key_Space)
    assert window.ops.get(f"{pointer}/rule/items/3/met") is not None


def test_rating_the_last_item_moves_nothing_under_the_pointer(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    tab, form, pointer = checklist(window, unrated=3)
    panel = tab.leaf_panel
    qtbot.waitUntil(lambda: panel.findings_label.isVisibleTo(tab) and "得分空缺" in panel.findings_label.text())
    # Fixed points: the middle of every widget of the panel below the findings box.
    top = panel.findings_label.mapTo(window, QPoint(0, panel.findings_label.height())).y()
    targets = [
        w
        for w in panel.findChildren(QWidget)
        if w.isVisibleTo(window) and w.mapTo(window, QPoint(0, 0)).y() > top and w.width() > 4 and w.height() > 4
    ]
    points = [w.mapTo(window, w.rect().center()) for w in targets]
    points = [p for p in points if window.rect().contains(p)]
    assert len(points) > 10
    before = [window.childAt(p) for p in points]
    add_before = form.add_button.mapTo(window, QPoint(0, 0))
    QTest.mouseClick(form.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, text_point(form, 3))
    assert window.ops.get(f"{pointer}/rule/items/3/met") is True
    qtbot.waitUntil(lambda: not panel.findings_label.isVisibleTo(tab))
    QApplication.processEvents()
    after = [window.childAt(p) for p in points]
    moved = [(p, b, a) for p, b, a in zip(points, before, after, strict=True) if a is not b]
    assert moved == []
    assert form.add_button.mapTo(window, QPoint(0, 0)) == add_before


def test_the_add_and_remove_buttons_sit_above_the_items(window: MainWindow) -> None:
    _tab, form, _pointer = checklist(window, unrated=None)
    table_top = form.table.mapTo(form, QPoint(0, 0)).y()
    for button in (form.add_button, form.remove_button, form.unanswered_button):
        assert button.mapTo(form, QPoint(0, button.height())).y() <= table_top


def test_a_rule_message_keeps_its_place_when_it_goes(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    tab, form, _pointer = checklist(window, unrated=None)
    editor = tab.leaf_panel.rule_editor
    below = tab.leaf_panel.data_box if tab.leaf_panel.data_box.isVisibleTo(tab) else tab.leaf_panel.criterion
    place = below.mapTo(tab.leaf_panel, QPoint(0, 0))
    editor.show_problem("第4项的分数：不是有效的数字")
    QApplication.processEvents()
    assert below.mapTo(tab.leaf_panel, QPoint(0, 0)) == place  # a one-line message has its line
    editor.show_problem("")
    QApplication.processEvents()
    assert below.mapTo(tab.leaf_panel, QPoint(0, 0)) == place
