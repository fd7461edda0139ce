"""Helpers of the desktop window tests: finding fields, typing as a user types."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from desktop.binding import Binding, bound
from perfcore.model import Leaf, iter_leaves

# Qt's offscreen platform says this for every top-level window with a layout; it is no fault of ours.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def field(tab: Any, pointer: str) -> QLineEdit | QPlainTextEdit:
    for binding in tab.bindings:
        if binding.pointer == pointer:
            widget: QLineEdit | QPlainTextEdit = binding.widget
            return widget
    raise KeyError(pointer)


def binding_of(widget: QWidget) -> Binding:
    found = bound(widget)
    assert found is not None
    return found


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key clicks, anything else one character at a time."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            # keyClicks aborts the interpreter on non-ASCII text; a key event with the text works.
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )


def commit_text(widget: QWidget, text: str) -> None:
    """Text committed by an input method (how Chinese arrives from a pinyin IME)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def replace_text(qtbot: Any, widget: QLineEdit, text: str) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def leaf_named(report: Any, name: str) -> Leaf:
    leaves = [leaf for _, leaf in iter_leaves(report.package) if leaf.name == name]
    assert len(leaves) == 1, name
    return leaves[0]
