"""A group of any length is one merged cell in Word: python-docx's merge grows a vertical span by
one recursive call per row, and a 项目支出 or 表3 group of about 1,000 indicators ended 导出 Word
with RecursionError (the crash dialog). The cells are merged in one pass, as python-docx marks
them (found by measuring the exports' cost at n and 2n)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from pdf_support import demo

from perfcore.model import Group, Leaf, ManualRule, Node, Package, Project
from perfcore.office.word import export_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COUNT = 1200


def _leaves(count: int) -> list[Node]:
    return [
        Leaf(name=f"指标{i}", weight=Decimal(1), criterion="完成", explanation="", rule=ManualRule(), score=Decimal(1))
        for i in range(count)
    ]


def _merges(package: Package, forms: tuple[int, ...]) -> list[list[str | None]]:
    """Per table of the document, the w:vMerge of each cell of its first column, row by row."""
    from xml.etree import ElementTree as ET

    out = io.BytesIO()
    export_docx(package, out, forms=forms)
    root = ET.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    tables = []
    for table in root.iter(f"{W}tbl"):
        column = []
        for row in table.findall(f"{W}tr"):
            cell = row.find(f"{W}tc")
            merge = cell.find(f"{W}tcPr/{W}vMerge") if cell is not None else None
            column.append(None if merge is None else merge.get(f"{W}val", "continue"))
        tables.append(column)
    return tables


def test_a_project_group_of_1200_indicators_is_one_cell() -> None:
    package = demo()
    package.forms = ["projects"]
    inner: list[Node] = [Group(name="数量指标", weight=Decimal(COUNT), children=_leaves(COUNT))]
    package.projects = [Project(name="某项目", tree=[Group(name="产出指标", weight=Decimal(COUNT), children=inner)])]
    assert COUNT in _runs(max(_merges(package, (1, 2, 3)), key=len))


def _runs(column: list[str | None]) -> list[int]:
    """The lengths of the merged cells down a column (a restart and the continues under it)."""
    runs: list[int] = []
    for merge in column:
        if merge == "restart":
            runs.append(1)
        elif merge == "continue" and runs:
            runs[-1] += 1
    return runs


def test_a_table3_group_of_1200_indicators_is_one_cell() -> None:
    package = demo()
    package.indicators.tree = [
        Group(name="一级", weight=Decimal(100), children=[Group(name="二级", weight=Decimal(100), children=_leaves(COUNT))])
    ]
    assert _runs(max(_merges(package, (3,)), key=len)) == [COUNT]


def test_the_row_before_the_total_keeps_with_it_through_its_own_cells() -> None:
    """表3's last indicator row keeps with 合计 (never alone at the top of a page); the flag was
    set on the first cell python-docx gave for that row, the top of an 一级 merged down, so it
    went to the group's first row instead."""
    from docx import Document

    out = io.BytesIO()
    export_docx(demo(), out, forms=(3,))
    table = max(Document(out).tables, key=lambda t: len(t.rows))
    rows = list(table.rows)
    before_total = rows[-2]
    own = before_total._tr.tc_lst[4:]
    assert own and all(p.pPr is not None and p.pPr.keepNext is not None for tc in own for p in tc.p_lst)
    flagged = [i for i, row in enumerate(rows[:-1]) if row._tr.tc_lst[0].p_lst[0].pPr is not None and row._tr.tc_lst[0].p_lst[0].pPr.keepNext is not None]
    assert flagged == []
