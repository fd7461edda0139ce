"""The desktop's writers go through the output guard: 导出 JSON, 导出 PDF and 另存为 never write
over the open report (by any name), another report or a special file."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
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


def test_json_export_onto_the_open_report_by_a_hard_link_is_refused(
    window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alias = tmp_path / "别名.json"
    os.link(report_path, alias)
    before = sha256(report_path)
    answer_save(monkeypatch, alias)
    with answering() as seen:
        window.action_export.trigger()
    assert [s.title for s in seen] == ["导出失败"]
    assert "输入" in seen[0].text or "报告文件" in seen[0].text
    assert sha256(report_path) == before


def test_json_export_onto_another_report_is_refused(
    window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "另一份.json"
    shutil.copyfile(report_path, other)
    before = sha256(other)
    answer_save(monkeypatch, other)
    with answering() as seen:
        window.action_export.trigger()
    assert len(seen) == 1 and "绩效自评报告文件" in seen[0].text
    assert sha256(other) == before


def test_save_as_onto_itself_through_a_symlink_is_refused(
    window: MainWindow, report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "链接.jxzp"
    link.symlink_to(report_path)
    before = sha256(report_path)
    answer_save(monkeypatch, link)
    with answering() as seen:
        window.action_save_as.trigger()
    assert [s.title for s in seen] == ["另存为失败"]
    assert window.ops is not None and window.ops.report.path == report_path
    assert sha256(report_path) == before and link.is_symlink()


def test_pdf_export_onto_a_device_node_is_refused(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = tmp_path / "打印.pdf"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    answer_save(monkeypatch, device)
    with answering() as seen:
        window.action_export_pdf.trigger()
        qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen[0].title == "无法生成PDF" and "不是普通文件" in seen[0].text
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [p.name for p in tmp_path.glob(".~*")] == []
