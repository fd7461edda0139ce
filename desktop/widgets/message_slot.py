"""Messages that keep their place: a panel does not jump under the pointer when one goes.

Rating the last item of a checklist used to remove the red 得分空缺 box: the panel moved up by
its height and the next click at the same spot hit 添加评分项. A message label lives in a
``MessageSlot`` that is as tall as the tallest message it has shown for the node on screen (and
at least ``lines`` lines): a message that goes leaves its space empty, one that comes fills the
space reserved for it. ``release`` lets the slot shrink again when the panel shows another node.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class MessageSlot(QWidget):
    """Holds one message label; see the module's text."""

    def __init__(self, label: QLabel, parent: QWidget | None = None, lines: int = 0) -> None:
        super().__init__(parent)
        self.label = label
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addStretch(1)
        top, bottom = label.contentsMargins().top(), label.contentsMargins().bottom()
        self.reserve = lines * label.fontMetrics().lineSpacing() + (top + bottom + 8 if lines else 0)
        self.setMinimumHeight(self.reserve)
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.label and event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self._grow()
        return False

    def _grow(self) -> None:
        label = self.label
        if label.isHidden() or not label.text():
            return
        width = max(label.width(), self.width())
        needed = label.heightForWidth(width) if label.wordWrap() else label.sizeHint().height()
        if needed > self.minimumHeight():
            self.setMinimumHeight(needed)

    def release(self) -> None:
        """Another node is shown: the slot keeps only its reserved lines and what it shows now."""
        self.setMinimumHeight(self.reserve)
        self._grow()


def release_all(panel: QWidget) -> None:
    """``release`` every slot of ``panel``."""
    for slot in panel.findChildren(MessageSlot):
        slot.release()
