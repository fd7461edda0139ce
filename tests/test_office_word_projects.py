"""Word: each 项目支出绩效自评表 of a format /2 package as one table in a landscape section."""

from __future__ import annotations

import io
import json

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from format2_support import three_projects_doc
from office_support import box_at, merged, table_boxes

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.money import format_points, format_wan
from perfcore.office import export_docx
from perfcore.scoring import score_package


def _package(forms: list[str] | None = None) -> Package:
    doc = three_projects_doc()
    if forms is not None:
        doc["forms"] = forms
    return load_json(json.dumps(doc, ensure_ascii=False))


def _docx(package: Package) -> DocxDocument:
    buffer = io.BytesIO()
    export_docx(package, buffer)
    buffer.seek(0)
    return Document(buffer)


def _project_tables(doc: DocxDocument) -> list[list[str]]:
    """The first column of each table that is a project form (its first cell is 项目名称)."""
    return [[row.cells[0].text for row in t.rows] for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]


def test_project_forms_follow_the_forms_order_and_only_listed_forms() -> None:
    package = _package(["projects", "overall"])
    doc = _docx(package)
    names = [t.rows[0].cells[1].text for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    assert names == [p.name for p in package.projects]
    # The projects come first, in a landscape section; 表1 then turns the page back to portrait.
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT
    texts = [p.text for p in doc.paragraphs]
    assert not any("部门整体支出绩效评价指标表" in t for t in texts)
    assert _project_tables(_docx(_package(["overall", "indicators"]))) == []


def test_project_table_money_grid_scores_and_total() -> None:
    package = _package()
    scores = score_package(package)
    doc = _docx(package)
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    assert len(tables) == 3
    for project, table in zip(package.projects, tables, strict=True):
        result = scores.of_project(project)
        boxes = table_boxes(table)
        assert box_at(boxes, 1, 1).text == project.department
        assert (0, 1, 0, 7) in merged(boxes)
        first_column = [row.cells[0].text for row in table.rows]
        total_at = first_column.index("年度资金总额")
        full = table.rows[total_at].cells[3].text
        assert full == format_wan(result.budget.full)
        assert table.rows[total_at].cells[7].text == format_points(result.budget.final)
        grid_at = first_column.index("一级指标")
        assert [c.text for c in table.rows[grid_at].cells][3:] == [
            "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
        ]
        last = next(row.cells for row in table.rows if row.cells[0].text == "总\u3000分")
        assert last[0].text == "总\u3000分"
        assert last[6].text == format_points(result.total)
        assert len(last[6].text.split(".")[1]) == 2
        assert last[7].text == f"自评等级：{result.grade}" + ("" if result.complete else "（含未评分指标）")
    road = table_boxes(tables[0])
    grid_at = [row.cells[0].text for row in tables[0].rows].index("一级指标")
    # 产出指标 holds two leaves: its 一级 cell is merged down over both rows.
    assert box_at(road, grid_at + 1, 0) == box_at(road, grid_at + 2, 0)
    assert box_at(road, grid_at + 1, 0).text == "产出指标"
    assert tables[0].rows[grid_at + 1].cells[4].text == "91.67%"
    assert tables[0].rows[grid_at + 1].cells[6].text == "27.50"
