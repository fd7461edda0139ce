"""The Word export read back with python-docx: every figure, text and score in its cell, the
merged cells of the paper forms, the page set-up, the fonts and the fingerprint."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from office_support import box_at, merged, table_boxes
from pdf_support import demo, indicator_package

from perfcore.budget_text import budget_points, wan
from perfcore.fingerprint import fingerprint
from perfcore.form_text import SECTIONS
from perfcore.forms import FormsError
from perfcore.indicator_rows import group_runs, indicator_rows
from perfcore.model import Item, Package, SpecialFund
from perfcore.money import format_points, format_yuan
from perfcore.office import export_docx
from perfcore.scoring import score_package


def _docx(package: Package, forms: tuple[int, ...] = (1, 2, 3)) -> DocxDocument:
    out = io.BytesIO()
    export_docx(package, out, forms=forms)
    out.seek(0)
    return Document(out)


def _grid(doc: DocxDocument, first_cell: str) -> Table:
    """The form table whose first cell starts with ``first_cell``."""
    return next(t for t in doc.tables if table_boxes(t)[0].text.startswith(first_cell))


@pytest.fixture(scope="module")
def demo_doc() -> DocxDocument:
    return _docx(demo())


def test_demo_table1_figures_and_texts_in_their_cells(demo_doc: DocxDocument) -> None:
    package = demo()
    o = package.overall
    boxes = table_boxes(_grid(demo_doc, "部门（单位）名称"))
    assert box_at(boxes, 0, 0).text == f"部门（单位）名称：{package.unit_name}"
    assert box_at(boxes, 0, 2).text == f"单位负责人：{o.head}"
    assert box_at(boxes, 1, 0).text == f"年末职工人数：{o.staff_actual}人\n（人员编制：{o.staff_quota}人）"
    assert box_at(boxes, 1, 2).text == f"年末资产总额：{wan(o.assets_total)}；\n负债总额：{wan(o.liabilities_total)}"
    assert box_at(boxes, 2, 0).text == "年度预算\n收支情况"
    assert box_at(boxes, 2, 1).text.split("\n") == budget_points(o)
    spending = box_at(boxes, 3, 1).text
    for title, attr in SECTIONS:
        assert title in spending
        for line in getattr(o, attr).splitlines():
            assert line.strip() in spending
    assert all(line.strip() in box_at(boxes, 4, 1).text for line in o.goal_completion.splitlines())
    assert box_at(boxes, 5, 0).text == "审核意见"
    assert box_at(boxes, 5, 1).text.startswith("填报单位意见：")
    assert box_at(boxes, 5, 2).text.startswith("业务股室意见：")
    # The paper form merges the unit rows' left halves and the content column of the text rows.
    assert merged(boxes) == {(0, 0, 0, 1), (1, 0, 1, 1), (2, 1, 2, 2), (3, 1, 3, 2), (4, 1, 4, 2)}
    body = "\n".join(p.text for p in demo_doc.paragraphs)
    all_text = body + "\n".join(b.text for t in demo_doc.tables for b in table_boxes(t))
    assert f"填报人：{o.filler}" in all_text
    assert "填报日期：2020年7月10日" in all_text or o.filled_on == ""
    assert "表1" in body and f"{package.year}年度整体支出绩效自评报告" in body


def test_demo_table2_funding_and_items(demo_doc: DocxDocument) -> None:
    package = demo()
    fund = package.special_funds[0]
    boxes = table_boxes(_grid(demo_doc, "项目概况"))
    assert [box_at(boxes, r, 0).text.split("\n")[0] for r in range(5)] == [
        "项目概况", "专项资金投入", "项目组织", "项目绩效情况", "审核意见"
    ]
    assert merged(boxes) == {(r, 1, r, 2) for r in range(4)}
    funding = box_at(boxes, 1, 1).text
    assert "下达资金300,000.00元，实际支出103,800.00元" in funding
    # The itemised spending is a table of its own inside the cell.
    cell = _grid(demo_doc, "项目概况").rows[1].cells[1]
    items = table_boxes(cell.tables[0])
    assert [b.text for b in items[:3]] == ["序号", "支出内容", "金额（元）"]
    for n, item in enumerate(fund.items, start=1):
        assert [box_at(items, n, c).text for c in range(3)] == [
            str(n), item.name, format_yuan(item.amount, grouping=True)
        ]
    assert [box_at(items, len(fund.items) + 1, c).text for c in (1, 2)] == ["合计", "103,800.00"]
    for text in (fund.overview, fund.implementation, fund.performance):
        first = text.splitlines()[0].strip()
        assert any(first in box_at(boxes, r, 1).text for r in range(4))


def test_demo_table3_every_indicator_score_and_the_total(demo_doc: DocxDocument) -> None:
    package = demo()
    scores = score_package(package)
    table = _grid(demo_doc, "一级指标")
    boxes = table_boxes(table)
    assert [box_at(boxes, 0, c).text for c in range(9)][:7] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准"]
    rows = indicator_rows(package.indicators.tree)
    assert len(table.rows) == len(rows) + 2
    for i, row in enumerate(rows, start=1):
        leaf = row.leaf
        assert box_at(boxes, i, 4).text == row.name
        assert box_at(boxes, i, 5).text == f"{leaf.weight.normalize():f}"
        assert box_at(boxes, i, 6).text.replace("\n", "") == leaf.criterion.replace("\n", "").strip() or leaf.criterion.strip() == ""
        assert box_at(boxes, i, 8).text == format_points(scores.of(leaf).final)
        assert box_at(boxes, i, 0).text == (row.level1.name if row.level1 else "")
        assert box_at(boxes, i, 2).text == (row.level2.name if row.level2 else "")
    expected = set()
    for level, column in ((1, 0), (2, 2)):
        for run in group_runs(rows, level):
            if run.last > run.first:
                expected |= {(run.first + 1, column, run.last + 1, column), (run.first + 1, column + 1, run.last + 1, column + 1)}
    last = len(rows) + 1
    expected |= {(last, 0, last, 4), (last, 6, last, 7)}
    assert merged(boxes) == expected
    assert [box_at(boxes, last, c).text for c in (0, 5, 6, 8)] == ["合　计", "100", "自评等级：优", "93.00"]
    # The header repeats on every page.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_page_setup_fonts_footer_and_fingerprint(demo_doc: DocxDocument) -> None:
    package = demo()
    sections = demo_doc.sections
    assert len(sections) == 2
    portrait, landscape = sections
    def mm(*lengths: object) -> list[float]:
        # Word stores twentieths of a point: a millimetre is kept to within 0.02 mm.
        return [round(length.mm, 1) for length in lengths]  # type: ignore[attr-defined]

    assert mm(portrait.page_width, portrait.page_height) == [210, 297]
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert mm(landscape.page_width, landscape.page_height) == [297, 210]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert mm(portrait.top_margin, portrait.bottom_margin, portrait.left_margin, portrait.right_margin) == [
        37, 35, 28, 26
    ]
    assert mm(landscape.top_margin, landscape.bottom_margin, landscape.left_margin, landscape.right_margin) == [
        28, 30, 37, 35
    ]
    assert demo_doc.settings.element.find(qn("w:mirrorMargins")) is not None
    footer = portrait.footer
    xml = footer._element.xml
    assert "— " in footer.paragraphs[0].text and " —" in footer.paragraphs[0].text
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert landscape.footer.is_linked_to_previous
    mark = fingerprint(package)
    assert f"校验码 {mark}" in footer.paragraphs[1].text
    props = demo_doc.core_properties
    assert props.subject == f"校验码 {mark}" and props.identifier == mark
    assert props.author == package.unit_name
    east_asian = {
        s.name: s.element.rPr.rFonts.get(qn("w:eastAsia"))
        for s in demo_doc.styles
        if s.element.rPr is not None and s.element.rPr.rFonts is not None
    }
    assert east_asian["Normal"] == "仿宋_GB2312"
    assert east_asian["Form Title"] == "黑体"
    assert east_asian["Cell Heading"] == "楷体_GB2312"
    assert east_asian["Grid Text"] == "宋体"


def test_no_font_is_embedded(tmp_path: Path) -> None:
    out = tmp_path / "demo.docx"
    export_docx(demo(), out)
    names = zipfile.ZipFile(out).namelist()
    assert not [n for n in names if n.startswith("word/fonts/") or n.endswith((".odttf", ".ttf"))]
    assert "word/document.xml" in names


def test_markup_is_text_and_long_texts_survive() -> None:
    package = demo()
    hostile = "<b>加粗</b> & <img src=x> &amp; ]]>"
    package.unit_name = hostile
    long_text = ("绩效" * 14_999) + "尾"
    assert len(long_text) == 29_999
    package.overall.goal_completion = long_text
    package.overall.problems = "第一段\x01控制字符\n\n　　第二段"
    package.special_funds[0].items.append(Item(name="<i>&nbsp;</i>", amount=Decimal("1.50")))
    doc = _docx(package)
    boxes = table_boxes(_grid(doc, "部门（单位）名称"))
    assert box_at(boxes, 0, 0).text == f"部门（单位）名称：{hostile}"
    assert box_at(boxes, 4, 1).text == long_text
    spending = box_at(boxes, 3, 1).text.split("\n")
    # A control character XML cannot hold shows as U+FFFD; the blank line stays; the typed indent goes.
    assert spending[spending.index("（三）存在的主要问题") + 1 :][:3] == ["第一段\ufffd控制字符", "", "第二段"]
    everything = "\n".join(b.text for t in doc.tables for b in table_boxes(t))
    assert "<i>&nbsp;</i>" in everything


def test_forms_choice_order_and_refusal() -> None:
    only3 = _docx(demo(), forms=(3,))
    assert len(only3.sections) == 1 and only3.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert not any(table_boxes(t)[0].text.startswith("部门（单位）名称") for t in only3.tables)
    package = demo()
    package.special_funds = []
    with pytest.raises(FormsError, match="表2"):
        export_docx(package, io.BytesIO(), forms=(2,))
    two_funds = demo()
    two_funds.special_funds.append(SpecialFund(name="第二笔资金", allocated=Decimal("1000")))
    doc = _docx(two_funds, forms=(2,))
    names = [p.text for t in doc.tables for p in t.rows[0].cells[0].paragraphs if p.text.startswith("专项资金名称")]
    assert names == [f"专项资金名称：{two_funds.special_funds[0].name}", "专项资金名称：第二笔资金"]


def test_deep_and_flat_trees_keep_their_rows() -> None:
    package = indicator_package(3, 2, 4)
    doc = _docx(package, forms=(3,))
    table = _grid(doc, "一级指标")
    boxes = table_boxes(table)
    assert len(table.rows) == 3 * 2 * 4 + 2
    assert box_at(boxes, 1, 0) == box_at(boxes, 8, 0) != box_at(boxes, 9, 0)
    assert box_at(boxes, 1, 2) == box_at(boxes, 4, 2) != box_at(boxes, 5, 2)
    assert box_at(boxes, 25, 8).text == "24.00"


def test_written_atomically_over_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "报表.docx"
    out.write_bytes(b"old")
    info = export_docx(demo(), out)
    assert Document(str(out)).core_properties.identifier == info.fingerprint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报表.docx"]
