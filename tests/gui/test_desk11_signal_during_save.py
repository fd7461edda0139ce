"""SIGTERM or SIGHUP while the desktop writes a file in the window's own thread (另存为, 导出 JSON):
the write finishes whole, then the app closes as if its window were closed. The handler closed
the report in the middle of the write: the copy failed with a message box that held the ending
app open, and nothing was written."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QApplication, QFileDialog

import desktop.ops
import perfcore.store.session
from desktop.app import _end_on_signals
from desktop.main_window import MainWindow
from perfcore.exchange import load_json
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]


@pytest.fixture
def ending_on_signals(window: MainWindow) -> Iterator[None]:
    """The app's own handlers for SIGTERM and SIGHUP, for this test only."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    _end_on_signals(window, QApplication.instance())
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def arriving_during(module: Any, name: str, sig: signal.Signals, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal comes as ``module.name`` starts (Python runs the handler at once)."""
    original = getattr(module, name)

    def with_signal(*args: Any, **kwargs: Any) -> Any:
        signal.raise_signal(sig)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, with_signal)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_save_as_lets_the_copy_finish_then_closes(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending_on_signals: None, sig: signal.Signals
) -> None:
    target = tmp_path / "副本.jxzp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    arriving_during(perfcore.store.session, "copy_database", sig, monkeypatch)
    with answering() as seen:
        window.action_save_as.trigger()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert seen == []
    assert window.ops is None  # closed as by its window's close button: the files released
    with ReportFile.open(target) as copy:
        assert copy.package.unit_name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~")) == []


def test_a_signal_during_json_export_lets_it_finish_then_closes(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending_on_signals: None
) -> None:
    target = tmp_path / "导出.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    arriving_during(desktop.ops, "export_package", signal.SIGTERM, monkeypatch)
    with answering() as seen:
        window.action_export.trigger()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert seen == []
    assert load_json(target.read_bytes()).unit_name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~")) == []
