"""The summary's Excel workbook holds the numbers of its JSON, and is fit to print."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from office_support import SCORE_FORMAT
from openpyxl import load_workbook
from summary_support import write_units

from perfcore import cli
from perfcore.exchange import load_json
from perfcore.store import ReportFile
from perfcore.summary.excel import write_excel
from perfcore.summary.review import ReviewFile
from perfcore.summary.rows import Collected, Refusal
from perfcore.summary.run import collect
from perfcore.summary.table import assemble


@pytest.fixture
def folder(tmp_path: Path, sample_json_path: Path) -> Path:
    folder = tmp_path / "units"
    write_units(folder, 4, seed=3)
    package = load_json(sample_json_path.read_bytes())
    package.unit_name = "=HYPERLINK(\"http://x\")单位"
    ReportFile.create(folder / "公式.jxzp", package).close()
    (folder / "坏.jxzp").write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    return folder


def two(value: object) -> str:
    assert isinstance(value, (int, float, Decimal)), value
    return f"{Decimal(str(value)):.2f}"


def test_workbook_holds_the_numbers_of_the_json(folder: Path, tmp_path: Path) -> None:
    xlsx, js = tmp_path / "汇总.xlsx", tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(xlsx), "--jobs", "1"]) == 0
    assert cli.main(["summary", str(folder), "-o", str(js), "--jobs", "1"]) == 0
    doc = json.loads(js.read_text(encoding="utf-8"))
    book = load_workbook(xlsx)
    assert book.sheetnames == ["汇总", "统计", "指标失分", "项目", "无法读取"]
    sheet = book["汇总"]
    head = [c.value for c in sheet[1]]
    assert head[:9] == ["序号", "单位", "年度", "模板", "自评得分", "自评等级", "复核得分", "复核等级", "执行率（%）"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(doc["units"]) == 5
    for row, unit in zip(rows, doc["units"], strict=True):
        assert row[1] == unit["unit"] and row[2] == unit["year"]
        assert two(row[4]) == unit["total"] and row[5] == unit["grade"]
        assert (row[8] == "—" and unit["rate"] is None) or two(row[8]) == unit["rate"]
        assert (row[9], row[10]) == (unit["errors"], unit["warnings"])
        assert row[12] == unit["state"] and row[14] == unit["path"]
    # A unit name that looks like a formula stays text.
    formula = next(c for c in sheet["B"] if c.value and str(c.value).startswith("="))
    assert formula.data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].number_format == SCORE_FORMAT
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.column_dimensions["B"].width >= 2 * len("测试单位0000")
    lost = book["指标失分"]
    lost_rows = list(lost.iter_rows(min_row=1, values_only=True))
    columns = lost_rows[0]
    for row, unit in zip(lost_rows[1:], doc["units"], strict=True):
        cells = {columns[i]: row[i] for i in range(2, len(columns)) if row[i] is not None}
        assert len(cells) == len(unit["lost"])
        assert sorted(two(v) for v in cells.values()) == sorted(item["lost"] for item in unit["lost"])
    assert lost.conditional_formatting
    stats = {r[0]: r[1:] for r in book["统计"].iter_rows(values_only=True) if r and r[0]}
    for grade, count in doc["stats"]["grades"].items():
        assert stats[grade][0] == count
    for group in doc["stats"]["groups"]:
        assert two(stats[group["name"]][1]) == group["average"]
    refused = list(book["无法读取"].iter_rows(min_row=2, values_only=True))
    assert [Path(r[0]).name for r in refused] == ["坏.jxzp"]
    assert refused[0][1].startswith("无法读取：")


def test_reviewed_totals_and_projects_sheet(folder: Path, tmp_path: Path) -> None:
    paths = sorted(str(p) for p in folder.glob("unit-*.jxzp"))
    collected = collect(paths)
    first = collected.units[0]
    with ReviewFile.create(tmp_path / "复核.jxzh") as review:
        review.set_entry(first.path, first.fingerprint, first.unit, first.year, first.lost[0].path,
                         first.lost[0].name, Decimal("0"), "资料不全", "核减", "张三")
        reviews = review.by_path()
    summary = assemble(Collected(collected.units, [Refusal("x.jxzp", "测试")]), reviews)
    out = tmp_path / "s.xlsx"
    write_excel(summary, out)
    sheet = load_workbook(out)["汇总"]
    expected = first.total - (first.lost[0].final or 0)
    assert two(sheet["G2"].value) == f"{expected:.2f}"
    assert sheet["M2"].value == "已复核"
    assert sheet["G3"].value is None and sheet["M3"].value == "未复核"
