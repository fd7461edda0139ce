"""A project form's closing fields (自评结论, 存在的问题, 改进措施, 填报单位意见, 填报人, 联系电话,
填报日期) in Word and Excel, the blank seal spaces beside 填报单位（盖章） on its Word heading and
beside its signatures, and which Word rows may break across pages or keep with the next, as the
PDF (perfcore.pdf.project) does."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import openpyxl
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from format2_support import three_projects_doc
from office_support import box_at, table_boxes
from pdf_support import demo
from reportlab.lib.units import mm

from perfcore.exchange import load_json
from perfcore.form_text import UNIT_LABEL
from perfcore.model import Item, Package
from perfcore.office import export_docx, export_xlsx
from perfcore.pdf.project import PROJECT_OPINION_HEIGHT, PROJECT_SEAL_HEIGHT
from perfcore.pdf.styles import SEAL

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


def _signatures(table: Table) -> Table:
    """The table that follows the project's ``table``: the signatures beside the seal's space."""
    following = table._tbl.getnext()
    assert following is not None and following.tag == qn("w:tbl")
    return Table(following, table._parent)


def _signature_lines(table: Table) -> list[str]:
    signatures = _signatures(table)
    assert len(signatures.rows) == 1 and len(signatures.columns) == 2
    return [p.text for p in signatures.rows[0].cells[0].paragraphs]


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
    # 填报人, 联系电话, 填报日期 follow the table, one a line beside the seal's space, as on the PDF.
    assert _signature_lines(table) == ["填报人：张三", "联系电话：0731-12345678", "填报日期：2020年7月10日"]


def test_word_project_closing_blank_and_long() -> None:
    doc = _docx(_package(conclusion=LONG, filler="", phone=""))
    tables = _project_tables(doc)
    assert _rows_by_label(tables[0])["自评结论"] == LONG
    # A project without closing texts keeps its rows, empty, and blank signatures to write on.
    assert _rows_by_label(tables[1])["自评结论"] == ""
    assert _signature_lines(tables[1])[0].startswith("填报人：\u3000\u3000")


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


def _keeps_with_next(row: Any) -> bool:
    paragraphs = [p for cell in row.cells for p in cell.paragraphs]
    return all(p.paragraph_format.keep_with_next for p in paragraphs)


def _keeps_nothing(row: Any) -> bool:
    return not any(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)


def test_word_closing_rows_flow_and_only_the_last_keeps_the_signatures() -> None:
    package = _package(**{**CLOSING, "problems": LONG})
    doc = _docx(package)
    for table in _project_tables(doc):
        labels = [row.cells[0].text for row in table.rows]
        total = labels.index("总\u3000分")
        closing = table.rows[total + 1 :]
        assert [row.cells[0].text for row in closing] == ["自评结论", "存在的问题", "改进措施", "填报单位意见"]
        # A page may break between the rows from 总分 to 填报单位意见, as between the form's others:
        # none of them is kept with the next; the last is, so the signatures never open a page alone.
        for row in [table.rows[total], *closing[:-1]]:
            assert _keeps_nothing(row), row.cells[0].text
        assert _keeps_with_next(closing[-1])
        # 总分 is never alone at the top of a page: the last indicator row keeps with it.
        assert all(p.paragraph_format.keep_with_next for p in table.rows[total - 1].cells[2].paragraphs)
        assert _keeps_nothing(table.rows[total - 2])
        # The signatures are one short row, kept whole on the page of 填报单位意见.
        assert _cant_split(_signatures(table).rows[0])
    first = _project_tables(doc)[0]
    rows = {row.cells[0].text: row for row in first.rows}
    # A short closing row is kept whole; a long one may break inside (the label stays on top).
    assert _cant_split(rows["自评结论"]) and _cant_split(rows["填报单位意见"])
    assert not _cant_split(rows["存在的问题"])


def test_word_project_seal_space_and_opinion_height_as_the_pdf() -> None:
    doc = _docx(_package(**CLOSING))
    for table in _project_tables(doc):
        signatures = _signatures(table)
        assert _is_blank_space(signatures)
        seal = signatures.rows[0]
        # 35 mm tall beside the three lines (not 表1's 46 mm square), 46 mm wide, empty.
        assert seal.height is not None and abs(seal.height.mm - PROJECT_SEAL_HEIGHT / mm) < 0.1
        assert seal.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST
        assert abs(signatures.columns[1].width.mm - SEAL / mm) < 0.1 and seal.cells[1].text == ""
        opinion = table.rows[-1]
        assert opinion.cells[0].text == "填报单位意见"
        assert opinion.height is not None and abs(opinion.height.mm - PROJECT_OPINION_HEIGHT / mm) < 0.1
    # 表1 keeps its 46 mm square beside its signatures.
    table1 = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("部门（单位）名称"))
    square = _signatures(table1).rows[0]
    assert square.height is not None and abs(square.height.mm - 46) < 0.1
