"""Undo labels stay true (issue 12, item 8): an earlier step that names an indicator names it by
the name it has now, after a rename and after that rename is undone."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, leaf_named, replace_text
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

OLD, NEW = "在职人员控制率", "在职人员数控制率"


def test_an_earlier_steps_label_follows_the_rename(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    stack = window.ops.undo_stack
    pointer = window.ops.pointer_of(leaf_named(window.ops.report, OLD))
    assert tab.focus_pointer(f"{pointer}/weight")
    replace_text(qtbot, tab.leaf_panel.weight, "6")
    tab.leaf_panel.name.setFocus(Qt.FocusReason.TabFocusReason)
    assert stack.undoText() == f"修改“{OLD}”的分值"
    assert window.action_undo.text() == f"撤销 修改“{OLD}”的分值(&U)"
    replace_text(qtbot, tab.leaf_panel.name, NEW)
    tab.leaf_panel.weight.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.ops.get(f"{pointer}/name") == NEW
    assert stack.count() == 2
    assert stack.text(0) == f"修改“{NEW}”的分值"  # the step before the rename, by today's name
    window.action_undo.trigger()  # the rename
    assert window.ops.get(f"{pointer}/name") == OLD
    assert window.action_undo.text() == f"撤销 修改“{OLD}”的分值(&U)"
    window.action_redo.trigger()
    assert stack.text(0) == f"修改“{NEW}”的分值"
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert window.ops.get(f"{pointer}/weight") == 5
    assert window.action_redo.text() == f"重做 修改“{OLD}”的分值(&R)"


def test_a_step_after_the_rename_names_the_new_name(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    pointer = window.ops.pointer_of(leaf_named(window.ops.report, OLD))
    assert tab.focus_pointer(f"{pointer}/name")
    replace_text(qtbot, tab.leaf_panel.name, NEW)
    replace_text(qtbot, tab.leaf_panel.weight, "6")
    tab.leaf_panel.name.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.ops.undo_stack.undoText() == f"修改“{NEW}”的分值"
