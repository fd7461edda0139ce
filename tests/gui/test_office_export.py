"""文件 › 导出 Word… and 导出 Excel…: the desktop asks for the file; the core writes it from what is on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from gui_support import OFFSCREEN_NOISE
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.main_window import MainWindow
from perfcore.fingerprint import fingerprint

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def _answer(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[Any, ...]]:
    asked: list[tuple[Any, ...]] = []

    def pick(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    return asked


def test_export_word_writes_what_is_on_screen(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.ops is not None
    window.ops.set("/overall/head", "张三", "修改单位负责人")
    asked = _answer(monkeypatch, tmp_path / "报表")  # the suffix is added
    assert window.action_export_docx.isEnabled()
    window.action_export_docx.trigger()
    target = tmp_path / "报表.docx"
    doc = Document(str(target))
    assert any(c.text == "单位负责人：张三" for t in doc.tables for row in t.rows for c in row.cells)
    assert doc.core_properties.identifier == fingerprint(window.ops.package)
    assert asked[0][1] == "导出 Word" and str(asked[0][2]).endswith("年度绩效自评报表.docx")
    assert str(target) in window.statusBar().currentMessage()


def test_export_excel_writes_the_sheets(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "报表.xlsx"
    _answer(monkeypatch, target)
    window.action_export_xlsx.trigger()
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "表1 整体支出" and book.sheetnames[-1].startswith("表3")
    sheet = book[book.sheetnames[-1]]
    assert sheet.cell(sheet.max_row, 10).value == 93


def test_a_refused_write_is_a_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append(f"{title}|{text}"))
    # A file where the folder should be: the write fails whoever runs the test (root included).
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    _answer(monkeypatch, blocker / "报表.xlsx")
    window.action_export_xlsx.trigger()
    # The message names the path the user chose, whole, and why it cannot be written.
    assert shown == [f"导出 Excel失败|无法写入“{blocker / '报表.xlsx'}”：路径中有一部分不是文件夹"]
    assert window.ops is not None  # the file stays open
