"""The 汇总 workbook writes an unknown 执行率 as the exports do (the text —), never an empty cell."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from office_support import SCORE_FORMAT
from openpyxl import load_workbook
from summary_support import write_units

from perfcore.summary.excel import write_excel
from perfcore.summary.rows import Collected, ProjectSummary
from perfcore.summary.run import collect
from perfcore.summary.table import assemble


def test_unknown_rates_are_the_mark_known_ones_numbers(tmp_path: Path) -> None:
    paths = sorted(str(p) for p in write_units(tmp_path / "units", 2, seed=5))
    units = collect(paths).units
    projects = (
        ProjectSummary("p0", "未知执行率项目", None, Decimal("80.00"), "良"),
        ProjectSummary("p1", "已知执行率项目", Decimal("91.67"), Decimal("90.00"), "优"),
    )
    rows = [replace(units[0], rate=None, projects=projects), replace(units[1], rate=Decimal("95.50"), projects=())]
    out = tmp_path / "汇总.xlsx"
    write_excel(assemble(Collected(rows, []), {}), out)
    book = load_workbook(out)
    sheet = book["汇总"]
    assert sheet["I1"].value == "执行率（%）"
    unknown, known = sheet["I2"], sheet["I3"]
    assert unknown.value == "—" and unknown.data_type == "s"
    assert known.value == 95.5 and known.number_format == SCORE_FORMAT
    # Not reviewed: 复核得分 stays empty (nothing to report yet), not the unknown mark.
    assert sheet["G2"].value is None and sheet["G3"].value is None
    projects_sheet = book["项目"]
    assert [c.value for c in projects_sheet[1]][2:4] == ["项目名称", "执行率（%）"]
    assert [(r[2], r[3]) for r in projects_sheet.iter_rows(min_row=2, values_only=True)] == [
        ("未知执行率项目", "—"),
        ("已知执行率项目", 91.67),
    ]
