"""The main window on a /2 package: three projects, figures in Chinese, grade bands 95/85/60."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from format2_support import three_projects_doc
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from perfcore.exchange import package_from_doc
from perfcore.store import ReportFile


def report_of(doc: dict[str, Any], folder: Path) -> Path:
    path = folder / "项目报告.jxzp"
    ReportFile.create(path, package_from_doc(doc)).close()
    return path


def open_window(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 728)
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def format2_window(qtbot: Any, folder: Path, **changes: Any) -> MainWindow:
    """The three-project package, with top-level keys replaced by ``changes``."""
    doc = three_projects_doc()
    doc.update(changes)
    return open_window(qtbot, report_of(doc, folder))
