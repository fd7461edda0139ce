"""A file the desktop reads (打开, 导入 JSON, 新建下一年度's last year) that is a pipe or a device is
refused at once: reading a FIFO with no writer froze the window for good."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QFileDialog

from desktop.main_window import MainWindow
from desktop.next_year_dialog import NextYearDialog
from desktop.ops import import_report, preview_next_year
from perfcore.errors import UserError

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

PATIENCE_S = 3.0


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe nobody writes to; a reader stuck on it is let go after a few seconds (with
    end of file), so that a regression fails on time instead of hanging the suite."""
    path = tmp_path / "管道.jxzp"
    os.mkfifo(path)
    done = threading.Event()

    def rescue() -> None:
        while not done.wait(PATIENCE_S + 2):
            fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)  # a writer appears: open() returns
            time.sleep(0.2)
            os.close(fd)  # and goes: read() sees the end

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    yield path
    done.set()
    thread.join()


def test_opening_a_pipe_is_refused_at_once(window: MainWindow, fifo: Path) -> None:
    started = time.monotonic()
    with answering() as seen:
        assert not window.open_path(fifo)
    assert time.monotonic() - started < PATIENCE_S
    assert [s.title for s in seen] == ["无法打开"] and "不是普通文件" in seen[0].text


def test_importing_a_pipe_is_refused_at_once(
    window: MainWindow, fifo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(fifo), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "导入.jxzp"), ""))
    started = time.monotonic()
    with answering() as seen:
        window.action_import.trigger()
    assert time.monotonic() - started < PATIENCE_S
    assert [s.title for s in seen] == ["无法导入"] and "不是普通文件" in seen[0].text
    assert not (tmp_path / "导入.jxzp").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_importing_a_device_is_refused(device: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="不是普通文件"):
        import_report(device, tmp_path / "导入.jxzp")
    assert not (tmp_path / "导入.jxzp").exists()


def test_last_year_from_a_pipe_is_refused_at_once(qtbot: Any, window: MainWindow, fifo: Path) -> None:
    started = time.monotonic()
    with pytest.raises(UserError, match="不是普通文件"):
        preview_next_year(fifo, keep_texts=False)
    dialog = NextYearDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_source(fifo)
    assert time.monotonic() - started < PATIENCE_S
    assert "不是普通文件" in dialog.preview.toPlainText() and not dialog.ok.isEnabled()
