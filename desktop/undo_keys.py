"""Ctrl+Z undoes the report's last edit wherever the focus is, as in every editor.

A line edit (also inside a spin box or a tree's cell editor) and a text box claim Ctrl+Z,
Ctrl+Y and Ctrl+Shift+Z for their own, per-field undo, which holds nothing once Tab moved
into the field: the key did nothing. In the main window those keys go to its 撤销/重做
actions instead; ``Ops.undo`` first writes what is being typed, so Ctrl+Z in the middle of
typing takes the field back to what the file holds, and the step before it after that.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

REDO_KEYS = ("Ctrl+Y", "Ctrl+Shift+Z")
"""Redo's keys on every platform, besides the platform's own."""


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo keys plus ``REDO_KEYS``, each once."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    for text in REDO_KEYS:
        sequence = QKeySequence(text)
        if sequence not in keys:
            keys.append(sequence)
    return keys


class UndoKeys(QObject):
    """An application event filter that leaves the undo keys to ``window``'s actions."""

    def __init__(self, window: QWidget, sequences: list[QKeySequence]) -> None:
        super().__init__(window)
        self.window = window
        self.sequences = sequences

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and QKeySequence(event.keyCombination()) in self.sequences
        ):
            event.ignore()  # not claimed by the field: the shortcut map runs the window's action
            return True
        return False


def install(window: QWidget, sequences: list[QKeySequence]) -> None:
    """Send ``sequences`` pressed anywhere in ``window`` to its own shortcuts."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.installEventFilter(UndoKeys(window, sequences))
