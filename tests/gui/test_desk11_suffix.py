"""A name the program completes with its suffix after the save dialog asked (``报告`` → ``报告.jxzp``)
is a file the dialog never confirmed: an existing one is not replaced without asking."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QFileDialog

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def answer_save(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_save_as_without_suffix_does_not_silently_replace_another_report(
    window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "另一单位.jxzp"
    shutil.copyfile(report_path, other)
    assert window.ops is not None
    window.ops.set("/unit_name", "改过的单位", "修改 填报单位")
    before = sha256(other)
    answer_save(monkeypatch, tmp_path / "另一单位")
    with answering("取消") as seen:
        window.action_save_as.trigger()
    assert len(seen) == 1 and "已存在" in seen[0].text
    assert sha256(other) == before


def test_word_export_without_suffix_does_not_silently_replace_a_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "报表.docx"
    other.write_bytes(b"my own document")
    answer_save(monkeypatch, tmp_path / "报表")
    with answering("取消") as seen:
        window.action_export_docx.trigger()
    assert len(seen) == 1 and "已存在" in seen[0].text
    assert other.read_bytes() == b"my own document"


def test_pdf_export_without_suffix_does_not_silently_replace_a_pdf(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "报表.pdf"
    other.write_bytes(b"%PDF-1.4 signed copy")
    answer_save(monkeypatch, tmp_path / "报表")
    with answering("取消") as seen:
        window.action_export_pdf.trigger()
        qtbot.wait(300)
    assert len(seen) == 1 and "已存在" in seen[0].text
    assert other.read_bytes() == b"%PDF-1.4 signed copy"


def test_replacing_the_completed_name_when_the_user_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "报表.xlsx"
    other.write_bytes(b"old workbook")
    answer_save(monkeypatch, tmp_path / "报表")
    with answering("替换") as seen:
        window.action_export_xlsx.trigger()
    assert [s.title for s in seen] == ["导出 Excel"]
    assert other.read_bytes()[:2] == b"PK"  # the workbook written over the old one


def test_a_new_name_is_completed_without_asking(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_save(monkeypatch, tmp_path / "新副本")
    with answering() as seen:
        window.action_save_as.trigger()
    assert seen == []
    assert window.ops is not None and window.ops.report.path == tmp_path / "新副本.jxzp"
