"""Word: each 项目支出绩效自评表 of a format /2 package as one table in a landscape section."""

from __future__ import annotations

import io
import json

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from format2_support import three_projects_doc
from office_support import (
    GRID_HEAD,
    PROJECT_BUDGET,
    PROJECT_GRIDS,
    PROJECT_MONEY,
    box_at,
    graded_projects_doc,
    merged,
    table_boxes,
)

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.office import export_docx


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


def test_project_table_money_block_as_the_pdf() -> None:
    package = _package()
    doc = _docx(package)
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    assert [t.rows[0].cells[1].text for t in tables] == list(PROJECT_MONEY)
    for project, table in zip(package.projects, tables, strict=True):
        boxes = table_boxes(table)
        assert box_at(boxes, 1, 1).text == project.department
        assert (0, 1, 0, 9) in merged(boxes)
        first_column = [row.cells[0].text for row in table.rows]
        money_at = first_column.index("项目资金\n（万元）")
        # Each money head over the grid columns of its figures.
        assert [(b.text, b.left, b.right) for b in boxes if b.top == money_at] == [
            ("项目资金\n（万元）", 0, 0), ("", 1, 1), ("年初预算数", 2, 2), ("全年预算数", 3, 4), ("全年执行数", 5, 6),
            ("分值", 7, 7), ("执行率", 8, 8), ("得分", 9, 9),
        ]  # fmt: skip
        # 年度资金总额 first, 其中：the lines; unknown amounts as the PDF's —, not blank.
        expected = PROJECT_MONEY[project.name]
        first, last = money_at + 1, money_at + len(expected)
        shown = [tuple(box_at(boxes, r, c).text for c in (1, 2, 3, 5)) for r in range(first, last + 1)]
        assert shown == expected, project.name
        for r in range(first, last + 1):
            assert [(b.left, b.right) for b in boxes if b.top == r and b.left < 7] == [(1, 1), (2, 2), (3, 4), (5, 6)]
        # 分值, 执行率 and 得分 once, merged down beside all the money rows, as on the PDF.
        assert [(b.text, b.top, b.bottom) for b in boxes if b.left >= 7 and first <= b.top <= last] == [
            (text, first, last) for text in PROJECT_BUDGET[project.name]
        ]
        # 年度总体目标 follows the last money row.
        goals = box_at(boxes, last + 1, 0)
        assert goals.text == "年度总体目标"
        assert (goals.left, goals.right, goals.bottom - goals.top) == (0, 1, 1)
        assert [(b.text, b.left, b.right) for b in boxes if b.top == goals.bottom and b.left > 0] == [
            (project.goals.expected, 2, 5), (project.goals.actual, 6, 9),
        ]  # fmt: skip


def test_project_grid_has_the_pdf_ten_columns_cell_by_cell() -> None:
    source = graded_projects_doc()
    source["forms"] = ["projects"]
    doc = _docx(load_json(json.dumps(source, ensure_ascii=False)))
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]
    assert [t.rows[0].cells[1].text for t in tables] == list(PROJECT_GRIDS)
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.left_margin is not None and section.right_margin is not None
    type_area = Length(section.page_width - section.left_margin - section.right_margin)
    for table, (name, expected) in zip(tables, PROJECT_GRIDS.items(), strict=True):
        # The ten columns fill the landscape type area (225 mm) and no more.
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert len(widths) == 10 and abs(sum(widths) - Mm(225).twips) <= 10 and sum(widths) <= type_area.twips + 10
        boxes = table_boxes(table)
        head = [row.cells[0].text for row in table.rows].index("一级指标")
        assert [b.text for b in boxes if b.top == head] == list(GRID_HEAD), name
        *leaves, total = expected
        for i, row in enumerate(leaves, start=head + 1):
            assert tuple(box_at(boxes, i, c).text for c in range(10)) == row, (name, i)
        # 总分 over the seven columns before 分值, as in the PDF.
        total_at = head + 1 + len(leaves)
        assert [(b.text, b.left, b.right) for b in boxes if b.top == total_at] == [
            ("总\u3000分", 0, 6), (total[1], 7, 7), (total[2], 8, 8), (total[3], 9, 9),
        ]  # fmt: skip
        spans = {(b.top, b.left, b.bottom, b.right) for b in boxes if head < b.top < total_at and b.top != b.bottom}
        # Only 产出指标 of 城区道路维修 holds two leaves: its 一级 cell is merged down over both.
        assert spans == ({(head + 1, 0, head + 2, 0)} if name == "城区道路维修" else set()), name


def test_unknown_money_prints_the_pdf_mark_never_a_blank() -> None:
    source = three_projects_doc()
    source["forms"] = ["projects"]
    budget = source["projects"][1]["budget"]
    budget["lines"] = [{"label": "本年财政拨款", "initial": None, "full": None, "executed": None}]
    doc = _docx(load_json(json.dumps(source, ensure_ascii=False)))
    table = [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"][1]
    boxes = table_boxes(table)
    first = [row.cells[0].text for row in table.rows].index("项目资金\n（万元）") + 1
    shown = [[box_at(boxes, r, c).text for c in (1, 2, 3, 5, 8)] for r in (first, first + 1)]
    # Nothing known: every amount and the 执行率 are —; the budget's score is its computed one.
    assert shown == [["年度资金总额", "—", "—", "—", "—"], ["其中：本年财政拨款", "—", "—", "—", "—"]]
