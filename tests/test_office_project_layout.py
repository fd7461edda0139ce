"""The 项目支出绩效自评表 in Word and Excel laid out as the PDF (perfcore/pdf/project.py): where
the PDF puts two fields on one row, merges a label down, or sets a label in a larger face."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from format2_support import three_projects_doc
from office_support import PROJECT_MONEY, box_at, table_boxes
from openpyxl.utils import get_column_letter

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.office import export_docx, export_xlsx


def _package() -> Package:
    source = three_projects_doc()
    source["forms"] = ["projects"]
    return load_json(json.dumps(source, ensure_ascii=False))


def _tables(package: Package) -> list[Table]:
    buffer = io.BytesIO()
    export_docx(package, buffer)
    buffer.seek(0)
    return [t for t in Document(buffer).tables if t.rows[0].cells[0].text == "项目名称"]


def _book(package: Package) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    export_xlsx(package, buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_word_department_and_implementer_side_by_side() -> None:
    package = _package()
    for project, table in zip(package.projects, _tables(package), strict=True):
        boxes = table_boxes(table)
        # One row: label, value, label, value; 实施单位 over 全年执行数 (grid columns 5-6), as the PDF.
        assert [(b.text, b.left, b.right) for b in boxes if b.top == 1] == [
            ("主管部门", 0, 0), (project.department, 1, 4), ("实施单位", 5, 6), (project.implementer, 7, 9),
        ]  # fmt: skip
        assert box_at(boxes, 1, 0).bottom == 1
        assert [b.text for b in boxes if b.left == 0].count("实施单位") == 0


def test_excel_department_and_implementer_side_by_side() -> None:
    package = _package()
    book = _book(package)
    for project in package.projects:
        sheet = book[project.name]
        merged = {str(r) for r in sheet.merged_cells.ranges}
        # An empty field is an empty cell.
        assert [(get_column_letter(c.column), c.value) for c in sheet[3]] == [
            ("A", "主管部门"), ("B", project.department or None), ("C", None), ("D", None), ("E", None),
            ("F", "实施单位"), ("G", None), ("H", project.implementer or None), ("I", None), ("J", None),
        ]  # fmt: skip
        assert {"B3:E3", "F3:G3", "H3:J3"} <= merged
        assert "实施单位" not in [c.value for c in sheet["A"]]


def test_word_money_label_merged_down_its_column_line_labels_beside() -> None:
    package = _package()
    for project, table in zip(package.projects, _tables(package), strict=True):
        boxes = table_boxes(table)
        label = next(b for b in boxes if b.text == "项目资金\n（万元）")
        lines = PROJECT_MONEY[project.name]
        # One column, from the heads' row down over every money row, as the PDF's GroupMark.
        assert (label.top, label.left, label.bottom, label.right) == (2, 0, 2 + len(lines), 0)
        assert [(b.text, b.left, b.right) for b in boxes if b.top == 2 and b.left > 0][:2] == [
            ("", 1, 1), ("年初预算数", 2, 2),
        ]  # fmt: skip
        # 年度资金总额, 其中：… in the second column, one grid column wide.
        assert [(box_at(boxes, r, 1).text, box_at(boxes, r, 1).left, box_at(boxes, r, 1).right) for r in range(3, 3 + len(lines))] == [
            (shown[0], 1, 1) for shown in lines
        ]  # fmt: skip


def test_excel_money_label_merged_down_column_a_line_labels_in_b() -> None:
    package = _package()
    book = _book(package)
    for project in package.projects:
        sheet = book[project.name]
        merged = {str(r) for r in sheet.merged_cells.ranges}
        lines = PROJECT_MONEY[project.name]
        last = 4 + len(lines)
        assert sheet["A4"].value == "项目资金\n（万元）" and sheet["B4"].value is None
        assert f"A4:A{last}" in merged
        assert [sheet.cell(row=r, column=2).value for r in range(5, last + 1)] == [shown[0] for shown in lines]
        assert not any(f"A{r}:B{r}" in merged for r in range(4, last + 1))


def _face(doc: Any, paragraph: Any) -> tuple[float | None, str | None]:
    """A paragraph's size in points and East Asian face, as its style sets them."""
    style = doc.styles[paragraph.style.name]
    size = style.font.size.pt if style.font.size is not None else None
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return size, fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_word_closing_labels_and_texts_in_the_pdf_faces() -> None:
    source = three_projects_doc()
    source["forms"] = ["projects"]
    source["projects"][0].update(conclusion="项目基本完成。\n第二段。", problems="无", improvements="无", opinion_unit="同意")
    buffer = io.BytesIO()
    export_docx(load_json(json.dumps(source, ensure_ascii=False)), buffer)
    buffer.seek(0)
    doc = Document(buffer)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "项目名称")
    boxes = table_boxes(table)
    rows = {box_at(boxes, r, 0).text: r for r in range(len(table.rows))}
    heading_face = _face(doc, table.rows[rows["一级指标"]].cells[0].paragraphs[0])
    assert heading_face == (10.0, "黑体")
    for label in ("自评结论", "存在的问题", "改进措施", "填报单位意见"):
        cells = table.rows[rows[label]].cells
        # The PDF's cell_label (黑体 12 pt) and cell_text (仿宋 12 pt, first line indented two
        # characters), not the grid's 10 pt heading.
        assert [_face(doc, p) for p in cells[0].paragraphs] == [(12.0, "黑体")], label
        texts = cells[2].paragraphs
        assert texts and {_face(doc, p) for p in texts} == {(12.0, "仿宋_GB2312")}, label
        assert all(doc.styles[p.style.name].paragraph_format.first_line_indent == Pt(24) for p in texts), label
    assert [p.text for p in table.rows[rows["自评结论"]].cells[2].paragraphs] == ["项目基本完成。", "第二段。"]
