"""Answer modal message boxes in tests: they run their own event loop, so a timer must find them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


@dataclass
class Seen:
    title: str
    text: str
    buttons: list[str] = field(default_factory=list)


@contextmanager
def answering(choose: Callable[[QMessageBox], None] | str | None = None) -> Iterator[list[Seen]]:
    """Record every modal QMessageBox shown in the block and answer it: ``choose`` is the text
    of the button to click, a function doing it, or None for the default (Escape)."""
    seen: list[Seen] = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            return
        seen.append(Seen(box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        if callable(choose):
            choose(box)
            return
        for button in box.buttons():
            if choose is not None and button.text() == choose:
                button.click()
                return
        box.reject()

    timer.timeout.connect(poll)
    timer.start()
    try:
        yield seen
    finally:
        timer.stop()
