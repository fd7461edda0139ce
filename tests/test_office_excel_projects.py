"""Excel: one sheet per 项目支出绩效自评表 of a format /2 package, in the package's ``forms`` order."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import openpyxl
from format2_support import three_projects_doc
from office_support import (
    GRID_HEAD,
    MONEY_FORMAT,
    PROJECT_BUDGET,
    PROJECT_GRIDS,
    PROJECT_MONEY,
    SCORE_FORMAT,
    excel_shows,
    graded_projects_doc,
)
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.money import WAN
from perfcore.office import export_xlsx


def _package(forms: list[str] | None = None) -> Package:
    doc = three_projects_doc()
    if forms is not None:
        doc["forms"] = forms
    return load_json(json.dumps(doc, ensure_ascii=False))


def _book(package: Package) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    export_xlsx(package, buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _row_of(sheet: Worksheet, label: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == label)


def test_one_sheet_per_project_in_forms_order() -> None:
    package = _package(["projects", "indicators", "overall"])
    names = [p.name for p in package.projects]
    assert len(names) == 3
    assert _book(package).sheetnames == [*names, "表3 部门整体支出绩效评价指标表", "表1 整体支出"]
    only = _package(["projects"])
    assert _book(only).sheetnames == names


def test_forms_not_listed_are_not_exported() -> None:
    book = _book(_package(["overall", "indicators"]))
    assert book.sheetnames == ["表1 整体支出", "表3 部门整体支出绩效评价指标表"]


def _figure_shown(cell: Cell) -> str:
    """A money-block cell as Excel shows it: ``#,##0.00``, ``0.00%``, ``0.00`` or General; a text as is."""
    value = cell.value
    if isinstance(value, str):
        return value
    return excel_shows(value, cell.number_format)


def test_project_sheet_money_block_as_the_pdf() -> None:
    package = _package()
    book = _book(package)
    for project in package.projects:
        sheet = book[project.name]
        assert sheet["B2"].value == (project.name or None)
        assert sheet["B3"].value == (project.department or None)
        assert sheet["H3"].value == (project.implementer or None)
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert "B2:J2" in merged
        # Money block: numbers in 万元 with a number format, under their heads.
        assert [(c.column_letter, c.value) for c in sheet[4] if c.value is not None] == [
            ("A", "项目资金\n（万元）"), ("C", "年初预算数"), ("D", "全年预算数"), ("F", "全年执行数"),
            ("H", "分值"), ("I", "执行率"), ("J", "得分"),
        ]  # fmt: skip
        assert {"D4:E4", "F4:G4"} <= merged
        # 年度资金总额 first, 其中：the lines, as the PDF prints them; an unknown amount is the
        # text —, never an empty cell that a formula would take for 0.
        expected = PROJECT_MONEY[project.name]
        first, last = 5, 4 + len(expected)
        shown = [
            (sheet.cell(row=r, column=2).value, *(_figure_shown(sheet.cell(row=r, column=c)) for c in (3, 4, 6)))
            for r in range(first, last + 1)
        ]
        assert shown == expected, project.name
        for r in range(first, last + 1):
            assert {f"D{r}:E{r}", f"F{r}:G{r}"} <= merged
        for line, r in zip(project.budget.lines, range(first + 1, last + 1), strict=True):
            for column, amount in ((3, line.initial), (4, line.full), (6, line.executed)):
                cell = sheet.cell(row=r, column=column)
                assert cell.number_format == MONEY_FORMAT
                if amount is None:
                    assert cell.value == "—" and cell.data_type == "s"
                else:  # exact: 万元 is a way of showing yuan
                    assert isinstance(cell.value, (int, float)) and Decimal(str(cell.value)) == amount / WAN
        # 分值, 执行率 and 得分 on 年度资金总额, merged down beside the lines, as on the PDF.
        assert [_figure_shown(sheet.cell(row=first, column=c)) for c in (8, 9, 10)] == list(PROJECT_BUDGET[project.name])
        assert {f"{c}{first}:{c}{last}" for c in "HIJ"} <= merged
        # 年度总体目标 over A:B and both rows below the money block; 预期目标 C:F, 实际完成情况 G:J.
        goals = _row_of(sheet, "年度总体目标")
        assert goals == last + 1
        assert {f"A{goals}:B{goals + 1}", f"C{goals}:F{goals}", f"G{goals + 1}:J{goals + 1}"} <= merged
        assert sheet.cell(row=goals + 1, column=3).value == (project.goals.expected or None)
        assert sheet.cell(row=goals + 1, column=7).value == (project.goals.actual or None)
        # Printed on A4 landscape with the GB/T 9704 type area turned on its side, one page wide.
        margins = sheet.page_margins
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert [round(m * 25.4) for m in (margins.top, margins.bottom, margins.left, margins.right)] == [28, 30, 37, 35]


def _shown(cell: Cell) -> str:
    """A cell as Excel shows it: a number in its number format (``0``, ``0.0``, ``0.00``, General)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return excel_shows(value, cell.number_format)


def test_project_grid_has_the_pdf_ten_columns_cell_by_cell() -> None:
    package = load_json(json.dumps(graded_projects_doc(), ensure_ascii=False))
    book = _book(package)
    assert [n for n in book.sheetnames if n in PROJECT_GRIDS] == list(PROJECT_GRIDS)
    for name, expected in PROJECT_GRIDS.items():
        sheet = book[name]
        head = _row_of(sheet, "一级指标")
        assert tuple(c.value for c in sheet[head]) == GRID_HEAD
        *leaves, total = expected
        merged = {str(r) for r in sheet.merged_cells.ranges}
        for r, row in enumerate(leaves, start=head + 1):
            cells = sheet[r]
            # Group names are in the top cell of their merged range.
            groups = tuple(_shown(sheet.cell(row=_top(sheet, r, c), column=c)) for c in (1, 2))
            assert groups + tuple(_shown(c) for c in cells[2:]) == row, (name, r)
            nature, target, unit, actual, weight, score = cells[3:9]
            assert isinstance(nature.value, str) and (unit.value is None or isinstance(unit.value, str))
            # Figures are numbers; a target entered as text and a rating stay text.
            for cell, text in ((target, row[4]), (actual, row[6])):
                if re.fullmatch(r"[\d.]+", text):
                    assert isinstance(cell.value, (int, float)), (name, r, text)
                else:
                    assert cell.value is None or isinstance(cell.value, str), (name, r, text)
            assert isinstance(weight.value, int)
            assert score.number_format == SCORE_FORMAT and (score.value is None or isinstance(score.value, (int, float)))
        total_at = head + 1 + len(leaves)
        assert f"A{total_at}:G{total_at}" in merged
        assert tuple(_shown(sheet.cell(row=total_at, column=c)) for c in (1, 8, 9, 10)) == total
        assert sheet.cell(row=total_at, column=9).number_format == SCORE_FORMAT
        grid_merges = {m for m in merged if head < int(re.sub(r"\D", "", m.split(":")[0])) < total_at}
        # Only 产出指标 of 城区道路维修 holds two leaves: its 一级 cell is merged down over both.
        assert grid_merges == ({f"A{head + 1}:A{head + 2}"} if name == "城区道路维修" else set()), name


def _top(sheet: Worksheet, row: int, column: int) -> int:
    """The row holding the value of the (merged) cell at ``row``, ``column``."""
    for rng in sheet.merged_cells.ranges:
        if rng.min_col <= column <= rng.max_col and rng.min_row <= row <= rng.max_row:
            return rng.min_row
    return row


def test_long_and_clashing_project_names_make_unique_sheet_names() -> None:
    package = _package(["projects"])
    long = "某某区" + "城乡道路桥梁维修养护及附属设施改造" * 3
    for project in package.projects:
        project.name = long
    names = _book(package).sheetnames
    assert len(set(names)) == 3
    assert all(len(n) <= 31 for n in names)
