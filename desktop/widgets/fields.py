"""Input widgets of the forms: figures right-aligned, long texts that let Tab move on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.binding import TYPING_DELAY_MS


class FigureEdit(QLineEdit):
    """A figure typed as text: ``1,234.50`` and full-width digits are read by ``perfcore.money``
    (a validator would refuse them while typing). Blank means unknown, never 0."""

    def __init__(self, parent: QWidget | None = None, chars: int = 12) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("未填")
        width = QFontMetrics(self.font()).horizontalAdvance("0" * chars) + 16
        self.setMinimumWidth(width)
        self.setMaximumWidth(width * 2)


class MoneyEdit(FigureEdit):
    """Money in 万元 or 元 (the binding's kind says which)."""


class CountEdit(FigureEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=6)


class DateText(QLineEdit):
    """A date kept as text (``2020-07-10``); ``2020年7月10日`` and ``2020/7/10`` are read too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("如 2020-07-10")
        self.setMaximumWidth(QFontMetrics(self.font()).horizontalAdvance("0" * 16) + 16)


class TextArea(QPlainTextEdit):
    """Multi-line text; Tab moves to the next field (keyboard navigation through the form)."""

    def __init__(self, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        # A fixed height keeps the page's layout still while typing; long texts scroll inside.
        line = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(line * lines + 14)


def with_unit(widget: QWidget, unit: str) -> QWidget:
    """A field with its unit (万元, 人, 年) right after it."""
    box = QWidget(widget.parentWidget())
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    row.addWidget(widget)
    row.addWidget(QLabel(unit, box))
    row.addStretch(1)
    return box


class PausedCommit(QObject):
    """Writes what is typed into a field that is not a ``desktop.binding`` (a rule's figure, the
    formula, a cell of a rule's table) after the same typing pause as every bound field, and at
    once on :func:`flush_typing`: a value typed is in the file before the field is left, so
    closing the window or the process being killed does not lose it."""

    def __init__(self, line: QLineEdit, commit: Callable[[], None]) -> None:
        super().__init__(line)
        self._commit = commit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(commit)
        line.textEdited.connect(self._timer.start)

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._commit()


def commit_on_pause(line: QLineEdit, commit: Callable[[], None]) -> PausedCommit:
    """Call ``commit`` after each pause in typing into ``line`` (and on :func:`flush_typing`)."""
    return PausedCommit(line, commit)


def flush_typing(root: QWidget) -> None:
    """Write at once what is waiting for its typing pause in the fields under ``root``."""
    for pending in root.findChildren(PausedCommit):
        pending.flush()
