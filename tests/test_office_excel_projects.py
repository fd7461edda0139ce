"""Excel: one sheet per 项目支出绩效自评表 of a format /2 package, in the package's ``forms`` order."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
from format2_support import three_projects_doc
from openpyxl.worksheet.worksheet import Worksheet

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.money import WAN, round_half_up
from perfcore.office import export_xlsx
from perfcore.scoring import score_package


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


def test_project_sheet_money_grid_and_totals() -> None:
    package = _package()
    scores = score_package(package)
    book = _book(package)
    for project in package.projects:
        sheet = book[project.name]
        result = scores.of_project(project)
        assert sheet["B2"].value == (project.name or None)
        assert sheet["B3"].value == (project.department or None)
        assert sheet["B4"].value == (project.implementer or None)
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert "B2:H2" in merged
        # Money block: numbers in 万元 with a number format.
        for i, line in enumerate(project.budget.lines):
            row = 6 + i
            assert sheet.cell(row=row, column=1).value == line.label
            for column, amount in ((3, line.initial), (4, line.full), (5, line.executed)):
                cell = sheet.cell(row=row, column=column)
                assert cell.number_format == "#,##0.00"
                if amount is None:
                    assert cell.value is None
                    continue
                assert isinstance(cell.value, (int, float))
                assert Decimal(str(cell.value)) == amount / WAN
        total = _row_of(sheet, "年度资金总额")
        assert sheet.cell(row=total, column=6).value == project.budget.weight
        rate = sheet.cell(row=total, column=7)
        assert rate.number_format == "0.00%"
        budget_final = round_half_up(result.budget.final) if result.budget.final is not None else Decimal(0)
        if result.budget.rate is not None:
            assert result.budget.full is not None
            assert Decimal(str(sheet.cell(row=total, column=4).value)) == result.budget.full / WAN
            assert abs(Decimal(str(rate.value)) - result.budget.rate) < Decimal("1e-12")
            assert Decimal(str(sheet.cell(row=total, column=8).value)) == budget_final
        # 年度总体目标.
        goals = _row_of(sheet, "年度总体目标")
        assert sheet.cell(row=goals + 1, column=2).value == (project.goals.expected or None)
        assert sheet.cell(row=goals + 1, column=5).value == (project.goals.actual or None)
        # Indicator grid, group cells merged over their leaves.
        header = _row_of(sheet, "一级指标")
        assert [c.value for c in sheet[header]] == [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        summed = Decimal(0)
        row = header + 1
        while sheet.cell(row=row, column=1).value != "总分":
            score = sheet.cell(row=row, column=7)
            if score.value is not None:
                assert isinstance(score.value, (int, float))
                assert score.number_format == "0.00"
                summed += Decimal(str(score.value))
            row += 1
        assert summed + budget_final == round_half_up(result.total)
        assert Decimal(str(sheet.cell(row=row, column=7).value)) == round_half_up(result.total)
        assert sheet.cell(row=row, column=8).value == (
            f"自评等级：{result.grade}" + ("" if result.complete else "（含未评分指标）")
        )
        assert f"A{row}:E{row}" in merged
    road = book[package.projects[0].name]
    merged = {str(r) for r in road.merged_cells.ranges}
    header = _row_of(road, "一级指标")
    # 产出指标 holds two leaves (数量指标, 时效指标): its 一级 cell spans both rows.
    assert road.cell(row=header + 1, column=1).value == "产出指标"
    assert f"A{header + 1}:A{header + 2}" in merged
    assert road.cell(row=header + 1, column=4).value == "≥100%"
    assert road.cell(row=header + 1, column=5).value == "91.67%"


def test_long_and_clashing_project_names_make_unique_sheet_names() -> None:
    package = _package(["projects"])
    long = "某某区" + "城乡道路桥梁维修养护及附属设施改造" * 3
    for project in package.projects:
        project.name = long
    names = _book(package).sheetnames
    assert len(set(names)) == 3
    assert all(len(n) <= 31 for n in names)
