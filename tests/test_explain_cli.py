"""``perfcore explain IN [--json]`` on the demo, on a report file and on unusable input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from perfcore import assets
from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.store import ReportFile


@pytest.fixture
def demo_json(tmp_path: Path) -> Path:
    path = tmp_path / "demo.json"
    path.write_bytes(assets.demo_json())
    return path


def test_text_groups_the_lost_points_by_form_largest_first(demo_json: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(demo_json)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "失分分析：株洲市石峰区优化营商环境协调事务中心　2019年度",
        "共失分 7.00 分（分值合计 100.00 分，得分 93.00 分，等级 优）",
        "",
        "表3 部门整体支出绩效评价指标表",
    ]
    assert lines[4] == "  预算控制率　失分 4.00（分值 8.00，得分 4.00）"
    assert "  公用经费控制率　失分 3.00（分值 8.00，得分 5.00）" in lines
    assert "      · 本年追加预算 = 0.00 万元" in lines
    assert "临界指标（已得满分，但距失分界限不足 5%）" in lines


def test_json_of_a_report_file_leaves_the_file_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "demo.jxzp"
    ReportFile.create(report, load_json(assets.demo_json())).close()
    before = hashlib.sha256(report.read_bytes()).hexdigest()
    assert main(["explain", str(report), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total_lost"] == "7.00"
    assert [(x["name"], x["lost"]) for x in doc["lost"]] == [("预算控制率", "4.00"), ("公用经费控制率", "3.00")]
    assert doc["lost"][0]["regain"][1]["pointer"] == "/overall/budget_added"
    assert hashlib.sha256(report.read_bytes()).hexdigest() == before


def test_unusable_input_is_one_chinese_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["explain", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("perfcore: ")
