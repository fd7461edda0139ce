"""Fixtures of the desktop window tests: a copy of a prepared report file per test, private settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.store import ReportFile


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook selects by ``-m``
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder needs Qt, whether or not its module says so."""
    for item in items:
        if GUI_FOLDER in item.path.parents:
            item.add_marker(pytest.mark.gui)


GUI_FOLDER = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def prepared_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo package as a report file, written once; tests work on copies."""
    path = tmp_path_factory.mktemp("prepared") / "demo.jxzp"
    ReportFile.create(path, load_json(assets.demo_json())).close()
    return path


@pytest.fixture
def report_path(prepared_report: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "单位报告.jxzp"
    copy.write_bytes(prepared_report.read_bytes())
    return copy


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups and the error log of this test go to its own folder, not the user's."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("PERF_FILING_DATA", str(folder))
    return folder


@pytest.fixture
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """Window size, recent files and the last file go to a folder of this test only."""
    folder = tmp_path / "settings"
    folder.mkdir()
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    yield folder


@pytest.fixture
def window(qtbot: Any, report_path: Path, isolated_settings: Path) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1366, 728)
    assert win.open_path(report_path)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    # Focus (and so focus-out writes) works only in the active window.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win.close()
