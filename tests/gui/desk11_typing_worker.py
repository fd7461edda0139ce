"""Types into the desktop, then waits to be killed: ``python desk11_typing_worker.py REPORT``.

For each (pointer, text) of ``FIELDS`` the window goes to the field as a click on a finding
would, the field's text is replaced by typing (one key event a character, Chinese included),
and after the typing pause (never leaving the field) the pointer is printed. ``ALL TYPED``
follows; the process then idles until the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

FIELDS = [
    ("/overall/goal_completion", "年度目标全部完成，详见附表。"),
    ("/special_funds/0/performance", "专项资金使用规范，效益明显。"),
    ("/indicators/tree/0/children/0/children/0/rule/limit", "120"),
]
"""表1's narrative, a fund's narrative and a 表3 rule's figure (the demo's 在职人员控制率 上限)."""

PAUSE_MS = 1200
"""Longer than any field's typing pause (desktop.binding.TYPING_DELAY_MS)."""


def main() -> None:
    from desktop.main_window import MainWindow

    QCoreApplication.setOrganizationName("perf-filing-test")
    QCoreApplication.setApplicationName("perf-filing-test")
    app = QApplication([sys.argv[0]])
    window = MainWindow()
    window.resize(1366, 728)
    assert window.open_path(Path(sys.argv[1])), "the report did not open"
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWait(200)
    for pointer, text in FIELDS:
        assert window.focus_pointer(pointer), pointer
        QTest.qWait(100)
        widget = QApplication.focusWidget()
        assert isinstance(widget, (QLineEdit, QPlainTextEdit)), (pointer, widget)
        widget.selectAll()
        for ch in text:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
        QTest.qWait(PAUSE_MS)
        assert QApplication.focusWidget() is widget, pointer  # never left
        print(pointer, flush=True)
    print("ALL TYPED", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
