"""The Excel export read back with openpyxl: figures as numbers in their cells, the 表3 grid with
its merged groups (the layout the template converter reads), values not formulas, print set-up."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from office_support import MONEY_FORMAT, SCORE_FORMAT
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pdf_support import demo, indicator_package

from perfcore.fingerprint import fingerprint
from perfcore.forms import FormsError
from perfcore.indicator_rows import group_runs, indicator_rows
from perfcore.labels import OVERALL_LABELS
from perfcore.model import OVERALL_MONEY_FIELDS, Item, Package, SpecialFund
from perfcore.money import WAN
from perfcore.office import export_xlsx
from perfcore.office.excel import CELL_LIMIT, sheet_name
from perfcore.scoring import score_package


def _book(package: Package, forms: tuple[int, ...] = (1, 2, 3)) -> Workbook:
    out = io.BytesIO()
    export_xlsx(package, out, forms=forms)
    out.seek(0)
    return openpyxl.load_workbook(out)


def _labelled(sheet: Worksheet) -> dict[str, tuple[object, object]]:
    """Label → (value cell, unit) of a 表1/表2 sheet; the first row of a label wins."""
    out: dict[str, tuple[object, object]] = {}
    for row in sheet.iter_rows(min_row=1):
        label = row[0].value
        if isinstance(label, str) and label not in out and len(row) >= 3:
            out[label] = (row[1], row[2].value)
    return out


@pytest.fixture(scope="module")
def demo_book() -> Workbook:
    return _book(demo())


def test_sheets_are_named_in_chinese_and_unique(demo_book: Workbook) -> None:
    package = demo()
    assert demo_book.sheetnames == ["表1 整体支出", f"表2 {package.special_funds[0].name}", "表3 部门整体支出绩效评价指标表"]
    taken: set[str] = set()
    names = [sheet_name("表2 " + "很长的专项资金名称" * 5, taken) for _ in range(3)]
    assert all(len(n) <= 31 for n in names) and len({n.casefold() for n in names}) == 3
    assert sheet_name("表2 a/b:c*d?[e]", taken) == "表2 a_b_c_d__e_"


def test_table1_figures_are_numbers_in_wan(demo_book: Workbook) -> None:
    o = demo().overall
    rows = _labelled(demo_book["表1 整体支出"])
    for name in OVERALL_MONEY_FIELDS:
        cell, unit = rows[OVERALL_LABELS[name]]
        value = getattr(o, name)
        if value is None:
            assert cell.value == "—"  # unknown is marked, never an empty cell read as 0
            continue
        assert cell.data_type == "n" and unit == "万元"
        assert Decimal(str(cell.value)) == value / WAN
        assert cell.number_format == MONEY_FORMAT
    assert rows["年末职工人数"][0].value == o.staff_actual
    assert rows["单位负责人"][0].value == o.head
    assert rows["（一）基本支出"][0].value == o.analysis_basic
    assert rows["年度预算收支情况"][0].value.startswith("1、年初预算资金8.00万元")
    sheet = demo_book["表1 整体支出"]
    assert sheet.freeze_panes == "A5" and sheet.print_title_rows == "$4:$4"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4


def test_table2_items_and_total_are_values(demo_book: Workbook) -> None:
    fund = demo().special_funds[0]
    sheet = demo_book[f"表2 {fund.name}"]
    rows = _labelled(sheet)
    assert Decimal(str(rows["下达金额"][0].value)) == fund.allocated
    assert rows["下达金额"][1] == "元"
    assert rows["项目概况"][0].value == fund.overview
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=1)]
    start = values.index(["序号", "支出内容", "金额（元）"])
    for n, item in enumerate(fund.items, start=1):
        assert values[start + n][:2] == [n, item.name]
        assert Decimal(str(values[start + n][2])) == item.amount
    total = sheet.cell(row=start + len(fund.items) + 2, column=3)
    assert values[start + len(fund.items) + 1][1] == "合计"
    assert total.data_type == "n" and Decimal(str(total.value)) == Decimal("103800")


def test_table3_grid_is_the_converter_layout(demo_book: Workbook) -> None:
    package = demo()
    scores = score_package(package)
    sheet = demo_book["表3 部门整体支出绩效评价指标表"]
    header = [c.value for c in sheet[5]]
    assert header == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明", "计算过程", "得分"]
    rows = indicator_rows(package.indicators.tree)
    for i, row in enumerate(rows):
        r = 6 + i
        leaf = row.leaf
        assert sheet.cell(r, 5).value == row.name
        assert Decimal(str(sheet.cell(r, 6).value)) == leaf.weight
        assert (sheet.cell(r, 7).value or "") == leaf.criterion
        assert (sheet.cell(r, 8).value or "") == leaf.explanation
        final = scores.of(leaf).final
        assert sheet.cell(r, 10).data_type == "n" and Decimal(str(sheet.cell(r, 10).value)) == final
        assert sheet.cell(r, 10).number_format == SCORE_FORMAT
    expected = {"A2:J2", "A3:J3", "A4:J4"}
    for level, column in ((1, "A"), (2, "C")):
        weight = chr(ord(column) + 1)
        for run in group_runs(rows, level):
            top, bottom = 6 + run.first, 6 + run.last
            assert (sheet[f"{column}{top}"].value or "") == run.group.name
            assert Decimal(str(sheet[f"{weight}{top}"].value)) == run.group.weight
            if bottom > top:
                expected |= {f"{column}{top}:{column}{bottom}", f"{weight}{top}:{weight}{bottom}"}
    last = 6 + len(rows)
    expected |= {f"A{last}:E{last}", f"G{last}:I{last}"}
    assert {str(r) for r in sheet.merged_cells.ranges} == expected
    assert [sheet.cell(last, c).value for c in (1, 6, 7, 10)] == ["合计", 100, "自评等级：优", 93]
    assert all(sheet.cell(last, c).data_type == "n" for c in (6, 10))  # values, not formulas
    assert sheet.freeze_panes == "A6" and sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"


def test_fingerprint_in_the_workbook_properties(demo_book: Workbook) -> None:
    mark = fingerprint(demo())
    props = demo_book.properties
    assert props.subject == f"校验码 {mark}" and props.identifier == mark and mark in props.keywords


def test_markup_formulas_and_long_texts_stay_text() -> None:
    package = demo()
    package.unit_name = "<b>某&单位</b>"
    package.overall.head = "=SUM(A1:A9)"
    package.overall.goal_completion = "效" * 30_000
    package.overall.problems = "问" * (CELL_LIMIT + 10)
    package.overall.improvements = "改进\x0b措施"
    book = _book(package, forms=(1,))
    sheet = book["表1 整体支出"]
    rows = _labelled(sheet)
    assert rows["部门（单位）名称"][0].value == "<b>某&单位</b>"
    head = rows["单位负责人"][0]
    assert head.value == "=SUM(A1:A9)" and head.data_type == "s"
    assert rows["整体绩效目标完成情况"][0].value == "效" * 30_000
    # Longer than a cell holds: it continues in the next row, nothing lost.
    first = rows["（三）存在的主要问题"][0]
    rest = rows["（三）存在的主要问题（续）"][0]
    assert first.value + rest.value == "问" * (CELL_LIMIT + 10)
    assert rows["（四）改进措施和有关建议"][0].value == "改进\ufffd措施"


def test_unknown_figures_are_marked_and_forms_choice() -> None:
    package = demo()
    package.overall.assets_total = None
    package.overall.staff_quota = None
    package.special_funds.append(SpecialFund(name=package.special_funds[0].name, items=[Item("印刷费", None)]))
    book = _book(package)
    overall = _labelled(book["表1 整体支出"])
    # The PDF's mark for an unknown figure, as text: an empty cell would be taken for 0.
    for label, unit in (("年末资产总额", "万元"), (OVERALL_LABELS["staff_quota"], "人")):
        cell, shown_unit = overall[label]
        assert (cell.value, cell.data_type, shown_unit) == ("—", "s", unit), label
    assert overall[OVERALL_LABELS["liabilities_total"]][0].data_type == "n"
    assert len(book.sheetnames) == 4 and book.sheetnames[2].endswith("（2）")
    blank_fund = book.worksheets[2]
    fund = _labelled(blank_fund)
    assert [fund[label][0].value for label in ("下达金额", "实际支出")] == ["—", "—"]
    values = [[c.value for c in row] for row in blank_fund.iter_rows(min_row=1)]
    start = values.index(["序号", "支出内容", "金额（元）"])
    assert values[start + 1] == [1, "印刷费", "—"]
    assert values[start + 2][1:] == ["合计", "—"]
    package.special_funds = []
    with pytest.raises(FormsError):
        export_xlsx(package, io.BytesIO(), forms=(2,))
    assert _book(package, forms=(1, 2, 3)).sheetnames == ["表1 整体支出", "表3 部门整体支出绩效评价指标表"]


def test_big_tree_merges_every_group(tmp_path: Path) -> None:
    out = tmp_path / "指标.xlsx"
    export_xlsx(indicator_package(4, 3, 5), out, forms=(3,))
    sheet = openpyxl.load_workbook(out).active
    ranges = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A6:A20", "B6:B20", "C6:C10", "D6:D10", "C11:C15", "A21:A35"} <= ranges
    assert sheet.cell(6 + 60, 10).value == 60
