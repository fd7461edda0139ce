"""帮助 › 填报说明 and F1: the guide opens at the paragraph of the field with the focus."""

from __future__ import annotations

import re
from typing import Any

import pytest
from gui_support import field
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.guide_window import GuideWindow
from desktop.main_window import MainWindow
from perfcore.model import iter_nodes

# Qt's offscreen platform cannot raise a window above another; a real one does.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
]


def _f1_on(qtbot: Any, window: MainWindow, widget: QWidget) -> GuideWindow:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    QTest.keyClick(widget, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None
    qtbot.waitUntil(guide.isVisible)
    return guide


def test_the_help_menu_has_the_guide_on_f1(window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))
    texts = [a.text() for a in help_menu.actions()]
    assert "填报说明(&G)" in texts
    assert window.action_guide.shortcut() == QKeySequence("F1")


def test_f1_on_a_table1_field_opens_its_paragraph(qtbot: Any, window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.overall_tab)
    guide = _f1_on(qtbot, window, field(window.overall_tab, "/overall/staff_actual"))
    assert guide.anchor == "overall-staff"
    assert guide.first_visible_heading() == "基本情况与人员"
    assert "金额一律以万元填写" in guide.browser.toPlainText()
    # Again from another field: the same window moves on.
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    again = _f1_on(qtbot, window, field(window.overall_tab, "/overall/three_public_total"))
    assert again is guide and guide.first_visible_heading() == "“三公”经费"


def test_f1_on_an_indicator_shows_its_explanation_and_rule_in_words(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    pointer = next(p for p, n in iter_nodes(window.ops.package.indicators.tree) if n.name == "在职人员控制率")
    assert window.focus_pointer(pointer)
    panel = window.indicators_tab.leaf_panel
    qtbot.waitUntil(panel.formula.isVisible)
    guide = _f1_on(qtbot, window, panel.formula)
    assert guide.first_visible_heading() == "当前指标：在职人员控制率"
    text = guide.browser.toPlainText()
    leaf = window.ops.node_at(pointer)
    assert leaf.explanation.strip().splitlines()[0] in text
    assert "计分方法：按 年末职工人数 ÷ 人员编制 × 100 计算，不超过 100% 得满分 5 分，每超过 1% 扣 0.5 分" in text
    assert "一、开始之前" in text  # the whole guide follows


def test_f1_in_the_tree_explains_the_selected_indicator(qtbot: Any, window: MainWindow) -> None:
    assert window.ops is not None
    pointer = next(p for p, n in iter_nodes(window.ops.package.indicators.tree) if n.name == "行政效能")
    tab = window.indicators_tab
    assert window.focus_pointer(pointer)
    qtbot.waitUntil(tab.tree.isVisible)
    guide = _f1_on(qtbot, window, tab.tree)
    assert guide.first_visible_heading() == "当前指标：行政效能"
    assert "“效果较好”计 6 分" in guide.browser.toPlainText()


def test_links_inside_go_to_their_paragraph(qtbot: Any, window: MainWindow) -> None:
    window.action_guide.trigger()
    guide = window.findChild(GuideWindow)
    assert guide is not None
    qtbot.waitUntil(guide.isVisible)
    guide.browser.anchorClicked.emit(QUrl("#funds"))
    assert guide.first_visible_heading() == "四、表2 专项资金绩效自评报告"
    guide.browser.anchorClicked.emit(QUrl("#units"))
    assert guide.first_visible_heading() == "二、金额与单位"


PATTERN = r"(?:Ctrl\+|Alt\+)?(?:Shift\+)?(?:F[0-9]+|PgDown|PgUp|Tab|Del|Up|Down|[A-Z])"


def test_every_shortcut_of_the_window_is_in_the_guide(window: MainWindow) -> None:
    from perfcore.guide import load_guide

    markdown = load_guide().markdown
    listed = markdown[markdown.index("十二、快捷键"):]
    keys = set(re.findall(PATTERN + r"\b", listed))
    checked = 0
    for action in window.findChildren(type(window.action_guide)):
        for sequence in action.shortcuts():
            text = sequence.toString()
            # Backtab is how some platforms send Shift+Tab; a platform may bind keys of its own
            # (Qt's "New" key, Alt+Backspace for undo) beside the Ctrl, Alt and F keys listed.
            if re.fullmatch(PATTERN, text) and text.startswith(("Ctrl+", "F", "Alt+")):
                assert text in keys, (action.text(), text)
                checked += 1
    assert checked >= 12
