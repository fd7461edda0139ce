"""A project form's closing fields (自评结论, 存在的问题, 改进措施, 填报单位意见, 填报人, 联系电话,
填报日期) in Word and Excel, the blank seal space beside 填报单位（盖章） on its Word heading, and
which Word rows may break across pages."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import openpyxl
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from format2_support import three_projects_doc
from office_support import box_at, table_boxes
from pdf_support import demo

from perfcore.exchange import load_json
from perfcore.form_text import UNIT_LABEL
from perfcore.model import Item, Package
from perfcore.office import export_docx, export_xlsx

CLOSING = {
    "conclusion": "项目基本完成，<b>路段</b> & 桥梁按期交付。",
    "problems": "个别路段雨季延误。\n第二行：验收资料不全。",
    "improvements": "提前安排雨季施工计划。",
    "opinion_unit": "同意上报。",
    "filler": "张三",
    "phone": "0731-12345678",
    "filled_on": "2020-07-10",
}
LONG = "长" * 30_000


def _package(**fields: Any) -> Package:
    doc = three_projects_doc()
    doc["projects"][0].update(fields)
    return load_json(json.dumps(doc, ensure_ascii=False))


def _docx(package: Package) -> DocxDocument:
    out = io.BytesIO()
    export_docx(package, out)
    out.seek(0)
    return Document(out)


def _project_tables(doc: DocxDocument) -> list[Table]:
    return [t for t in doc.tables if t.rows[0].cells[0].text == "项目名称"]


def _after_paragraph(table: Table) -> Paragraph:
    """The paragraph that follows ``table`` in the document."""
    following = table._tbl.getnext()
    assert following is not None and following.tag == qn("w:p")
    return Paragraph(following, table._parent)


def _rows_by_label(table: Table) -> dict[str, str]:
    """First-column label → text of the cell to its right (over the merged columns)."""
    boxes = table_boxes(table)
    out = {}
    for r in range(len(table.rows)):
        first = box_at(boxes, r, 0)
        if first.top == r and first.right < 9:
            out[first.text] = box_at(boxes, r, first.right + 1).text
    return out


def test_word_project_closing_texts_in_the_cell_right_of_their_label() -> None:
    doc = _docx(_package(**CLOSING))
    table = _project_tables(doc)[0]
    rows = _rows_by_label(table)
    assert rows["自评结论"] == CLOSING["conclusion"]
    assert rows["存在的问题"] == CLOSING["problems"]
    assert rows["改进措施"] == CLOSING["improvements"]
    assert rows["填报单位意见"] == CLOSING["opinion_unit"]
    boxes = table_boxes(table)
    labels = [box_at(boxes, r, 0).text for r in range(len(table.rows))]
    # Below 总分, label over the first two grid columns and the text over the other eight.
    assert labels.index("自评结论") == labels.index("总\u3000分") + 1
    at = labels.index("自评结论")
    assert (box_at(boxes, at, 0).left, box_at(boxes, at, 0).right) == (0, 1)
    assert (box_at(boxes, at, 2).left, box_at(boxes, at, 2).right) == (2, 9)
    # 填报人, 联系电话, 填报日期 follow the table on one line.
    assert _after_paragraph(table).text == "填报人：张三　　联系电话：0731-12345678　　填报日期：2020年7月10日"


def test_word_project_closing_blank_and_long() -> None:
    doc = _docx(_package(conclusion=LONG, filler="", phone=""))
    tables = _project_tables(doc)
    assert _rows_by_label(tables[0])["自评结论"] == LONG
    # A project without closing texts keeps its rows, empty, and blank signatures to write on.
    assert _rows_by_label(tables[1])["自评结论"] == ""
    assert _after_paragraph(tables[1]).text.startswith("填报人：\u3000\u3000")


def test_excel_project_closing_fields_in_their_cells() -> None:
    longer = "长" * 40_000 + "尾"
    package = _package(**{**CLOSING, "conclusion": longer})
    out = io.BytesIO()
    export_xlsx(package, out)
    out.seek(0)
    sheet = openpyxl.load_workbook(out)[package.projects[0].name]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    total = rows["总分"]
    assert rows["自评结论"] == total + 1
    merged = {str(r) for r in sheet.merged_cells.ranges}
    r = rows["自评结论"]
    assert f"A{r}:B{r}" in merged and f"C{r}:J{r}" in merged
    # 32,767 characters is a cell's limit: the rest continues in a （续） row.
    assert str(sheet.cell(row=r, column=3).value) + str(sheet.cell(row=r + 1, column=3).value) == longer
    assert sheet.cell(row=r + 1, column=1).value == "自评结论（续）"
    for label in ("存在的问题", "改进措施", "填报单位意见"):
        attr = {"存在的问题": "problems", "改进措施": "improvements", "填报单位意见": "opinion_unit"}[label]
        assert sheet.cell(row=rows[label], column=3).value == CLOSING[attr]
    assert sheet.cell(row=rows["填报人"], column=3).value == "张三"
    assert sheet.cell(row=rows["联系电话"], column=3).value == "0731-12345678"
    when = sheet.cell(row=rows["填报日期"], column=3)
    assert when.value == datetime.datetime(2020, 7, 10)
    assert when.number_format == 'yyyy"年"m"月"d"日"'


def _seal_table(doc: DocxDocument, text: str) -> Table:
    return next(t for t in doc.tables if any(UNIT_LABEL in c.text for r in t.rows for c in r.cells))


def _is_blank_space(table: Table) -> bool:
    """No grid style and no borders of its own: a free space, no drawn box."""
    tbl_pr = table._tbl.tblPr
    style = tbl_pr.find(qn("w:tblStyle"))
    return (style is None or style.get(qn("w:val")) != "TableGrid") and not list(table._tbl.iter(qn("w:tblBorders")))


def test_word_project_heading_has_the_seal_space_as_table1() -> None:
    package = _package(**CLOSING)
    doc = _docx(package)
    table1 = _seal_table(doc, "部门（单位）名称")
    heading = next(
        t for t in doc.tables if any("项目支出绩效自评表" in c.text for c in t.rows[0].cells) and t is not table1
    )
    unit_row = heading.rows[-1]
    assert unit_row.cells[0].text == f"{UNIT_LABEL}{package.unit_name}"
    assert unit_row.cells[1].text == ""
    # The space beside the unit reaches up beside the title, 46 mm in all, as 表1's.
    title_height = Mm(20 - 7)
    assert unit_row.height is not None and unit_row.height + title_height >= Mm(46)
    assert table1.rows[0].cells[1].text == ""
    assert table1.rows[0].height is not None and table1.rows[0].height >= Mm(46)
    assert _is_blank_space(heading) and _is_blank_space(table1)


def _cant_split(row: Any) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


def test_short_rows_never_break_long_texts_may_and_headers_repeat() -> None:
    package = demo()
    package.overall.analysis_basic = "一段很长的分析。" * 400
    fund = package.special_funds[0]
    fund.items = [Item(f"支出{i}", None) for i in range(60)]
    doc = _docx(package)
    overall = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("部门（单位）名称"))
    labels = [row.cells[0].text for row in overall.rows]
    long_row = overall.rows[next(i for i, t in enumerate(labels) if t.startswith("年度支出情况"))]
    assert not _cant_split(long_row), "a row of 3,200 characters must be allowed to break"
    for i, label in enumerate(labels):
        if label.startswith(("部门", "年末", "审核意见")):
            assert _cant_split(overall.rows[i]), label
    indicators = next(t for t in doc.tables if t.rows[0].cells[0].text == "一级指标")
    header = indicators.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert all(_cant_split(row) for row in indicators.rows)
    # The funding row holding those 60 items is taller than a page third: it may break; the items
    # table inside it repeats its header and keeps each item whole.
    fund_table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("项目概况"))
    funding = next(r for r in fund_table.rows if r.cells[0].text.startswith("专项资金投入"))
    assert not _cant_split(funding)
    items = funding.cells[1].tables[0]
    assert items.rows[0].cells[0].text == "序号"
    assert items.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(_cant_split(row) for row in items.rows)
