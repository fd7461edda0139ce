"""The summary workbook's 指标失分 sheet holds every 三级指标's lost points of the JSON, also when a
framework repeats a name under one 一级 (the shipped 财预〔2013〕53号 template has 管理制度健全性
under both 预算管理 and 资产管理 of 过程): one column per occurrence, none overwritten."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from summary_support import write_units

from perfcore import cli


def test_every_lost_point_of_the_json_is_in_the_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    write_units(folder, 2, seed=7, projects=(0, 1))
    for unit in ("甲单位", "乙单位"):
        assert cli.main(["new", "--template", "mof-2013-53-department", "--unit", unit, "--year", "2024", str(folder / f"{unit}.jxzp")]) == 0
    js, xlsx = tmp_path / "汇总.json", tmp_path / "汇总.xlsx"
    assert cli.main(["summary", str(folder), "-o", str(js)]) == 0
    assert cli.main(["summary", str(folder), "-o", str(xlsx)]) == 0
    units = json.loads(js.read_text(encoding="utf-8"))["units"]
    rows = list(load_workbook(xlsx)["指标失分"].iter_rows(values_only=True))
    head = rows[0]
    assert len(rows) == len(units) + 1
    assert head.count("过程／管理制度健全性") == 1 and head.count("过程／管理制度健全性（2）") == 1
    for unit, row in zip(units, rows[1:], strict=True):
        assert row[0] == unit["unit"]
        cells = sorted(Decimal(str(v)).quantize(Decimal("0.01")) for v in row[2:] if v is not None)
        assert cells == sorted(Decimal(lost["lost"]) for lost in unit["lost"]), unit["unit"]
    blank = next(u for u in units if u["unit"] == "甲单位")
    assert sum(Decimal(lost["lost"]) for lost in blank["lost"]) == 100  # nothing scored: every weight lost
