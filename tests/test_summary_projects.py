"""The summary shows each 项目支出绩效自评表 of a format /2 package (执行率, total, grade from the
package's own bands) and the template it came from; its files go through the output guard."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfcore import cli
from perfcore.exchange import dump_json, load_json
from perfcore.model import Budget, BudgetLine, Grade, Leaf, Project, Template
from perfcore.store import ReportFile


def project(name: str, full: str, executed: str, score: str) -> Project:
    lines = [BudgetLine("财政拨款", Decimal(full), Decimal(full), Decimal(executed))]
    leaf = Leaf(name="产出数量", weight=Decimal(90), criterion="按完成比例计分", score=Decimal(score))
    return Project(name=name, budget=Budget(weight=Decimal(10), lines=lines), tree=[leaf])


@pytest.fixture
def unit_json(tmp_path: Path, sample_json_path: Path) -> Path:
    package = load_json(sample_json_path.read_bytes())
    package.template = Template(id="hunan-county-2019", name="县级部门整体支出", version="1")
    package.grades = [Grade("甲", Decimal(85)), Grade("乙", Decimal(0))]
    # 150/200 = 75.00%: 7.50 + 80 = 87.50 (甲); 100/300 = 33.33%: 3.33 + 50 = 53.33 (乙).
    package.projects = [project("农村公路养护", "200", "150", "80"), project("河道保洁", "300", "100", "50")]
    path = tmp_path / "units" / "两个项目.json"
    path.parent.mkdir()
    path.write_text(dump_json(package), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "perf-filing/2"
    return path


def test_json_and_project_sheet_show_each_project(unit_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    js, xlsx = tmp_path / "汇总.json", tmp_path / "汇总.xlsx"
    assert cli.main(["summary", str(unit_json.parent), "-o", str(js), "--jobs", "1"]) == 0
    assert cli.main(["summary", str(unit_json.parent), "-o", str(xlsx), "--jobs", "1"]) == 0
    (unit,) = json.loads(js.read_text(encoding="utf-8"))["units"]
    assert unit["template"] == "hunan-county-2019"
    expected = [
        {"name": "农村公路养护", "rate": "75.00", "total": "87.50", "grade": "甲"},
        {"name": "河道保洁", "rate": "33.33", "total": "53.33", "grade": "乙"},
    ]
    assert unit["projects"] == expected
    # The same numbers as ``score --json`` gives for the package.
    capsys.readouterr()
    assert cli.main(["score", str(unit_json), "--json"]) in (0, 1)
    scored = json.loads(capsys.readouterr().out)["projects"]
    assert [(p["budget"]["rate"], p["total"], p["grade"]) for p in scored] == [
        (e["rate"], e["total"], e["grade"]) for e in expected
    ]
    sheet = load_workbook(xlsx)["项目"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [
        (r["项目名称"], f"{Decimal(str(r['执行率（%）'])):.2f}", f"{Decimal(str(r['自评得分'])):.2f}", r["等级"])
        for r in rows
    ] == [("农村公路养护", "75.00", "87.50", "甲"), ("河道保洁", "33.33", "53.33", "乙")]
    assert load_workbook(xlsx)["汇总"]["D2"].value == "hunan-county-2019"


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".pdf"])
def test_summary_never_writes_over_a_report_file(
    unit_json: Path, tmp_path: Path, sample_json_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / f"X_report_file{suffix}"
    ReportFile.create(report, load_json(sample_json_path.read_bytes())).close()
    before = hashlib.sha256(report.read_bytes()).hexdigest()
    capsys.readouterr()
    assert cli.main(["summary", str(unit_json), "-o", str(report), "--force"]) == 2
    err = capsys.readouterr().err
    assert "绩效自评报告文件" in err and len(err.strip().splitlines()) == 1
    assert hashlib.sha256(report.read_bytes()).hexdigest() == before


def test_summary_output_named_jxzp_is_refused(unit_json: Path, tmp_path: Path, sample_json_path: Path) -> None:
    report = tmp_path / "X_report_file.jxzp"
    ReportFile.create(report, load_json(sample_json_path.read_bytes())).close()
    before = hashlib.sha256(report.read_bytes()).hexdigest()
    assert cli.main(["summary", str(report), "-o", str(report)]) == 2
    assert cli.main(["summary", str(unit_json), "-o", str(report)]) == 2
    assert hashlib.sha256(report.read_bytes()).hexdigest() == before


def test_an_existing_output_needs_force(unit_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.json"
    out.write_text("旧内容", encoding="utf-8")
    assert cli.main(["summary", str(unit_json), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "旧内容"
    assert cli.main(["summary", str(unit_json), "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["units"][0]["template"] == "hunan-county-2019"
