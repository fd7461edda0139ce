"""导出 Word of a package whose unit name is longer than a Word document property holds (255
characters): the document is written, its title cut with a visible ……; python-docx's ValueError
ended the export in the crash dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QFileDialog

from desktop.main_window import MainWindow
from perfcore.office.word import PROPERTY_CHARS

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.mark.parametrize("length", [240, 256, 3000])
def test_word_export_of_a_long_unit_name(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int) -> None:
    assert window.ops is not None
    name = ("株洲市石峰区优化营商环境协调事务中心" * 200)[:length]
    window.ops.set("/unit_name", name, "修改 填报单位")
    target = tmp_path / "报表.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with answering() as seen:
        window.action_export_docx.trigger()
    assert seen == []
    props = Document(str(target)).core_properties
    assert len(props.title) <= PROPERTY_CHARS and len(props.author) <= PROPERTY_CHARS
    assert props.title.startswith(name[:200])
    assert props.title.endswith("……") == (len(name) + len("2019年度绩效自评报告") > PROPERTY_CHARS)
