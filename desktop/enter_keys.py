"""Enter moves on, as in Excel: on the forms (表1, 表2 and their item lists) Enter writes the field
and moves to the next field, Shift+Enter to the one before; in a multi-line text, where Enter
starts a new line, Ctrl+Enter and Ctrl+Shift+Enter do. Buttons on the way are passed over (Enter
on a button would press it). The field is written by its binding as the focus leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QPlainTextEdit, QScrollArea, QWidget

MARK = "enter_moves_on"
"""Property of the fields Enter moves between."""
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _takes_enter(widget: QWidget) -> bool:
    return bool(widget.property(MARK)) and widget.isVisible() and widget.isEnabled()


def next_field(widget: QWidget, forward: bool) -> QWidget | None:
    """The next (or previous) field of the focus chain after ``widget``, round the end."""
    candidate = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
    while candidate is not None and candidate is not widget:
        if _takes_enter(candidate) and candidate.window() is widget.window():
            return candidate
        candidate = candidate.nextInFocusChain() if forward else candidate.previousInFocusChain()
    return None


def move_on(widget: QWidget, forward: bool) -> None:
    target = next_field(widget, forward)
    if target is None:
        return
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    area = target.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if isinstance(area, QScrollArea):
        area.ensureWidgetVisible(target, 40, 80)


class EnterMovesOn(QObject):
    """The event filter on each field (see ``install``)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in ENTER_KEYS or not isinstance(watched, QWidget):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if modifiers & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            return False
        if isinstance(watched, QPlainTextEdit) and not ctrl:
            return False  # a new line
        if isinstance(watched, QLineEdit) and ctrl:
            return False
        move_on(watched, forward=not shift)
        return True


_FILTER: list[EnterMovesOn] = []


def install(widget: QLineEdit | QPlainTextEdit) -> None:
    """Let Enter (Ctrl+Enter in a multi-line text) move on from ``widget``, and land on it."""
    if not _FILTER:
        _FILTER.append(EnterMovesOn())
    widget.setProperty(MARK, True)
    widget.installEventFilter(_FILTER[0])
