"""The desktop's list of characters no font can print names every kind of field in Chinese: a
project's name, 主管部门, a budget line, its indicators, its closing texts, a 基础数据 label.
They were listed by their JSON Pointer (``/projects/0/name``), which tells a clerk nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from format2_window import open_window, report_of
from gui_support import OFFSCREEN_NOISE

import desktop.preview as preview
from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

BIANG = "\U00030ede"


def planted() -> dict[str, Any]:
    doc = three_projects_doc()
    project = doc["projects"][0]
    project["name"] += BIANG
    project["department"] += BIANG
    project["budget"]["lines"][1]["label"] += BIANG
    project["goals"]["actual"] += BIANG
    project["conclusion"] += BIANG
    leaf = project["tree"][0]["children"][0]["children"][0]
    leaf["name"] += BIANG
    leaf["rule"]["unit"] += BIANG
    project["tree"][0]["name"] += BIANG
    doc["figures"][0]["label"] += BIANG
    doc["figures"][0]["group"] += BIANG
    return doc


EXPECTED = [
    "基础数据 第1项 名称",
    "基础数据 第1项 分组",
    "项目支出 第1个项目 项目名称",
    "项目支出 第1个项目 主管部门",
    "项目支出 第1个项目 资金来源第2项",
    "项目支出 第1个项目 实际完成情况",
    "项目支出 第1个项目 一级指标名称",
    "项目支出 第1个项目 三级指标名称",
    "项目支出 第1个项目 三级指标 度量单位",
    "项目支出 第1个项目 自评结论",
]


def test_every_field_is_named_in_chinese(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window: MainWindow = open_window(qtbot, report_of(planted(), tmp_path))
    shown: list[str] = []

    def confirm(_parent: Any, found: list[Any], doing: str) -> str:
        shown.extend(f.place for f in found)
        return preview.CANCEL

    monkeypatch.setattr(preview, "confirm_glyphs", confirm)
    monkeypatch.setattr(preview, "confirm_print", lambda *a, **k: True)  # the checks' own question
    window.action_export_pdf.trigger()
    assert sorted(shown) == sorted(EXPECTED)
    assert not any("/" in place for place in shown)
