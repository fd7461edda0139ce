"""Undo after a refused entry (a review follow-up of issue 12, items 4 and 8).

A refused entry (a manual score above its 分值) stays in its field, red, and is not stored. Ctrl+Z
or 编辑 › 撤销 takes it back to what the file holds, as it does when earlier edits are on the undo
stack; with nothing stored yet the action was disabled and Ctrl+Z pressed in another field did
nothing, so the clerk could only retype the old score by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, replace_text, type_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.binding import INVALID_STYLE
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from perfcore.model import iter_leaves

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def _refuse_a_score(qtbot: Any, window: MainWindow) -> tuple[QLineEdit, str, Any]:
    """Type 7 into the 6-point 经济效益、社会效益 score and Tab away: refused, nothing stored."""
    assert window.ops is not None and window.tabs is not None
    tab = window.indicators_tab
    assert isinstance(tab, IndicatorsTab)
    window.tabs.setCurrentWidget(tab)
    leaf = next(p for p, n in iter_leaves(window.ops.package) if n.name == "经济效益、社会效益")
    stored = window.ops.get(f"{leaf}/score")
    score = tab.leaf_panel.score
    assert tab.focus_pointer(f"{leaf}/score")
    qtbot.waitUntil(score.hasFocus)
    replace_text(qtbot, score, "7")
    QTest.keyClick(score, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not score.hasFocus())
    assert score.styleSheet() == INVALID_STYLE and score.text() == "7"
    assert window.ops.get(f"{leaf}/score") == stored
    return score, leaf, stored


def test_undo_is_offered_for_a_refused_entry_with_nothing_stored(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    assert not window.ops.undo_stack.canUndo() and not window.action_undo.isEnabled()
    score, leaf, stored = _refuse_a_score(qtbot, window)
    assert window.action_undo.isEnabled()
    assert "未保存的输入" in window.action_undo.text()
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not score and focused.window() is window
    QTest.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert score.styleSheet() != INVALID_STYLE and score.text() != "7"
    assert window.ops.get(f"{leaf}/score") == stored
    # Nothing else to take back: the action is off again and says nothing.
    assert not window.action_undo.isEnabled()
    assert window.action_undo.text() == "撤销(&U)"


def test_ctrl_z_in_the_refused_field_itself_and_the_menu_do_the_same(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    score, leaf, stored = _refuse_a_score(qtbot, window)
    score.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(score.hasFocus)
    QTest.keyClick(score, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert score.styleSheet() != INVALID_STYLE and score.text() != "7"
    assert not window.action_undo.isEnabled()
    score, leaf, stored = _refuse_a_score(qtbot, window)
    window.action_undo.trigger()
    assert score.styleSheet() != INVALID_STYLE and window.ops.get(f"{leaf}/score") == stored
    assert not window.action_undo.isEnabled()


def test_after_a_stored_edit_the_refused_entry_goes_first_then_the_edit(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None and window.overall_tab is not None
    ops = window.ops
    from gui_support import field

    staff = field(window.overall_tab, "/overall/staff_actual")
    replace_text(qtbot, staff, "9")
    QTest.keyClick(staff, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: ops.get("/overall/staff_actual") == 9)
    undo_label = window.action_undo.text()
    score, _leaf, _stored = _refuse_a_score(qtbot, window)
    assert "未保存的输入" in window.action_undo.text()
    window.action_undo.trigger()
    assert score.styleSheet() != INVALID_STYLE
    assert window.action_undo.isEnabled() and window.action_undo.text() == undo_label
    window.action_undo.trigger()
    assert ops.get("/overall/staff_actual") == 7
    assert not window.action_undo.isEnabled()


def test_typing_not_yet_written_is_taken_back_by_ctrl_z_with_nothing_stored(qtbot: Any, window: MainWindow) -> None:
    """Within the pause before a write the field's own undo answers Ctrl+Z, as any line edit's."""
    assert window.ops is not None and window.overall_tab is not None
    from gui_support import field

    head = field(window.overall_tab, "/overall/head")
    assert isinstance(head, QLineEdit)
    before = head.text()
    type_text(qtbot, head, "abc")
    QTest.keyClick(head, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert head.text() == before
    assert window.ops.get("/overall/head") == before


def test_a_refused_grid_cell_leaves_nothing_to_undo_once_its_editor_closed(qtbot: Any, tmp_path: Any) -> None:
    """The project grid says why a cell was refused and closes the cell's editor: the text is
    gone, so 撤销 has nothing of it to take back (it is not offered for a closed editor)."""
    import json

    from format2_support import three_projects_doc

    from desktop.ops import Ops
    from desktop.project_model import G_SCORE
    from desktop.tabs.projects import ProjectsTab
    from perfcore.exchange import load_json
    from perfcore.store import ReportFile

    report = ReportFile.create(tmp_path / "projects.jxzp", load_json(json.dumps(three_projects_doc())))
    try:
        ops = Ops(report)
        states: list[bool] = []
        ops.can_undo_changed.connect(states.append)
        tab = ProjectsTab(ops)
        qtbot.addWidget(tab)
        tab.resize(1366, 700)
        tab.show()
        qtbot.waitExposed(tab)
        tab.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is tab)
        assert tab.form is not None
        view, model = tab.form.grid_view, tab.form.grid_model
        row = next(i for i, entry in enumerate(model.rows) if entry.leaf is not None and entry.leaf.name == "平均维修天数")
        view.setFocus()
        view.setCurrentIndex(model.index(row, G_SCORE))
        QTest.keyClicks(view, "2")
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor)
        QTest.keyClicks(editor, "5")  # the weight is 20
        QTest.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
        assert "超过本指标分值" in tab.form.status.text()
        assert any(states), f"撤销 was never offered while the editor held the refused text: {states}"
        qtbot.waitUntil(lambda: not ops.can_undo())
        assert states[-1] is False
    finally:
        report.close()
