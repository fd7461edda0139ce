"""The first frame is built cheaply; the rest of the window follows right after it is painted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtWidgets import QApplication, QDockWidget

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

ROOT = Path(__file__).resolve().parents[2]


def _menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.check_menu.actions()]


def test_the_dock_and_the_print_commands_follow_the_first_paint(qtbot: Any, isolated_settings: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.findChild(QDockWidget) is None and window.printing is None
    assert "显示审核结果(&S)" not in _menu_texts(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.findChild(QDockWidget) is not None)
    assert window.printing is not None
    assert "显示审核结果(&S)" in _menu_texts(window)
    # On the start page the dock stays hidden (it would list the findings of nothing), also
    # after the passes of the layout that show a dock added to a visible window.
    for _ in range(10):
        QApplication.processEvents()
    qtbot.wait(50)
    assert not window.checks_dock.isVisible()
    window.close()


def test_opening_a_file_completes_the_window_at_once(
    qtbot: Any, isolated_settings: Path, report_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(report_path)
    assert window.findChild(QDockWidget) is window.checks_dock
    assert window.checks_dock.findings, "the demo's findings are listed"
    assert window.printing is not None and window.action_preview.isEnabled()
    window.close()


def test_the_dock_keeps_its_place_across_starts(qtbot: Any, isolated_settings: Path) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(720, 520)
    first.show()
    qtbot.waitExposed(first)
    qtbot.waitUntil(lambda: first.findChild(QDockWidget) is not None)
    first.checks_dock.hide()
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(lambda: second.findChild(QDockWidget) is not None)
    assert not second.checks_dock.isVisible()
    second.close()


# PySide6 builds the Python enums of the whole ``Qt`` namespace (~90 classes, 20 ms) the first
# time anything touches it; the first frame must not, and the window must still be complete.
FIRST_FRAME = textwrap.dedent(
    """
    import enum
    import sys

    created = []
    make = enum.EnumType._create_

    def record(cls, class_name, *args, **kwargs):
        created.append(class_name)
        return make(cls, class_name, *args, **kwargs)

    enum.EnumType._create_ = record
    import builtins

    real_print = builtins.print

    def print_then_report(*args, **kwargs):
        real_print(*args, **kwargs)
        real_print("AlignmentFlag" in created, flush=True)

    builtins.print = print_then_report
    from desktop.app import main

    sys.exit(main(sys.argv[1:]))
    """
)


def test_the_first_frame_does_without_the_qt_namespace(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PERF_FILING_EXIT_AFTER_SHOW="1",
        PERF_FILING_DATA=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    shown, namespace_built = result.stdout.split("\n")[:2]
    assert shown.startswith("shown ")
    assert namespace_built == "False"


def test_opening_a_file_from_the_start_page_keeps_the_docks_height(
    qtbot: Any, isolated_settings: Path, report_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(780, 560)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.findChild(QDockWidget) is not None)
    assert not window.checks_dock.isVisible()  # hidden on the start page
    assert window.open_path(report_path)
    assert len(window.checks_dock.findings) > 5
    # The layout is redone on the next passes of the event loop; without care the dock then
    # grows to its findings and leaves the forms a strip. First run: a quarter of the window.
    for _ in range(10):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: abs(window.checks_dock.height() - window.height() // 4) <= 4, timeout=2000)
    height = window.checks_dock.height()
    # Back to the start page and open again: the height the dock had.
    window.close_report()
    assert not window.checks_dock.isVisible()
    assert window.open_path(report_path)
    for _ in range(10):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: window.checks_dock.height() == height, timeout=2000)
    window.close()
