"""导出PDF behaves like 打印: errors of the checks are listed first, with 仍然导出 and 取消."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from pdf_support import page_texts
from PySide6.QtWidgets import QFileDialog

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def _with_an_error(window: MainWindow) -> None:
    assert window.ops is not None
    window.ops.set("/indicators/tree/0/weight", Decimal(20), "修改 分值")  # 13 ≠ the sum of its parts
    assert any(f.severity == "error" for f in window.ops.run_checks_now())


def test_export_with_errors_lists_them_and_cancel_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _with_an_error(window)
    target = tmp_path / "导出.pdf"
    asked: list[int] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or (str(target), ""))
    with answering("取消") as seen:
        window.action_export_pdf.trigger()
    assert len(seen) == 1
    assert seen[0].title == "审核发现错误" and "导出的报表" in seen[0].text
    assert "仍然导出" in seen[0].buttons and "取消" in seen[0].buttons
    assert not asked and not target.exists()  # declined before the file dialog


def test_export_with_errors_anyway_writes_the_pdf(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _with_an_error(window)
    target = tmp_path / "导出.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with answering("仍然导出") as seen:
        window.action_export_pdf.trigger()
    assert [s.title for s in seen] == ["审核发现错误"]
    qtbot.waitUntil(lambda: "已导出" in window.statusBar().currentMessage(), timeout=30000)
    assert page_texts(target)


def test_export_without_errors_asks_nothing(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "导出.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with answering("取消") as seen:
        window.action_export_pdf.trigger()
        qtbot.waitUntil(lambda: "已导出" in window.statusBar().currentMessage(), timeout=30000)
    assert not seen
    assert page_texts(target)
