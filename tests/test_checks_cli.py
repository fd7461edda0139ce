"""``perfcore check`` and ``perfcore score`` on packages with findings."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from checks_support import SAMPLE, sample

from perfcore.checks import run_checks
from perfcore.cli import main
from perfcore.exchange import dump_json
from perfcore.model import Package
from perfcore.store import ReportFile


def broken() -> Package:
    """The sample with errors in every form."""
    package = sample()
    package.overall.income_other = Decimal("31800.00")
    package.special_funds[0].items[0].amount = Decimal("79000.00")
    package.indicators.tree[2].weight = Decimal(31)
    package.indicators.tree[2].children[1].children[0].score = Decimal(7)
    return package


def write(tmp_path: Path, package: Package) -> Path:
    path = tmp_path / "package.json"
    path.write_text(dump_json(package), encoding="utf-8")
    return path


def test_check_sample_exits_0_grouped_by_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "审核结果：株洲市石峰区优化营商环境协调事务中心　2019年度"
    titles = [line for line in lines if line.startswith("表")]
    assert titles == ["表1 整体支出绩效自评报告", "表2 专项资金绩效自评报告", "表3 部门整体支出绩效评价指标表"]
    first = lines.index(titles[0])
    assert lines[first + 1].startswith("  警告  年度总支出 85.80 万元 ≠ ")
    assert lines[first + 2].strip() == "/overall/expense_total"
    assert lines[-1] == "共 0 个错误、1 个警告、8 条提示"


def test_check_json_lists_findings_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SAMPLE), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    expected = [{"severity": f.severity, "path": f.path, "message": f.message} for f in run_checks(sample())]
    assert doc == {"findings": expected}


def test_check_exits_1_on_errors_and_lists_them_first_in_each_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(write(tmp_path, broken()))]) == 1
    out = capsys.readouterr().out
    table1 = out[out.index("表1 ") : out.index("表2 ")]
    rows = [line.split()[0] for line in table1.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert rows == ["错误", "警告"]
    table3 = out[out.index("表3 ") :]
    assert "  错误  一级指标分值合计" in table3
    assert "  错误  经济效益、社会效益：得分 7.00 分不在 0～6 分之间" in table3
    assert out.splitlines()[-1].startswith("共 5 个错误、")


def test_check_reads_a_report_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "2019.jxzp"
    ReportFile.create(report, broken()).close()
    assert main(["check", str(report), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in doc["findings"]] == [f.path for f in run_checks(broken())]


@pytest.mark.parametrize("content", [None, b"{not json", b'{"format": "other/9"}'])
def test_check_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("perfcore: ")


def test_score_keeps_working_on_a_package_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, broken())
    assert main(["check", str(path)]) == 1
    capsys.readouterr()
    assert main(["score", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    # 93 as filed, but 经济效益、社会效益 entered as 7 instead of 6: the score shows what is entered.
    assert doc["total"] == "94.00"
    assert main(["score", str(path)]) == 0
    assert "合计 94.00 分" in capsys.readouterr().out


def test_check_command_from_a_fresh_interpreter(repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", "check", str(SAMPLE), "--json"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["findings"]) == 9
