"""``perfcore docx`` and ``perfcore xlsx``: report file or JSON in, one file out, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.fingerprint import fingerprint
from perfcore.store import ReportFile


def test_docx_and_xlsx_from_a_report_file(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = load_json(sample_json_path.read_bytes())
    report = tmp_path / "报告.jxzp"
    ReportFile.create(report, package).close()
    before = report.read_bytes()
    docx, xlsx = tmp_path / "报表.docx", tmp_path / "报表.xlsx"
    assert main(["docx", str(report), "-o", str(docx)]) == 0
    assert main(["xlsx", str(report), "-o", str(xlsx), "--forms", "1,3"]) == 0
    out = capsys.readouterr().out
    mark = fingerprint(package)
    assert f"已生成 {docx}（Word，表1、表2、表3，校验码 {mark}）" in out
    assert f"已生成 {xlsx}（Excel，表1、表3，校验码 {mark}）" in out
    assert Document(str(docx)).core_properties.identifier == mark
    assert openpyxl.load_workbook(xlsx).sheetnames == ["表1 整体支出", "表3 部门整体支出绩效评价指标表"]
    assert report.read_bytes() == before  # exporting reads the report, never writes it


@pytest.mark.parametrize("command", ["docx", "xlsx"])
@pytest.mark.parametrize(
    ("forms", "message"),
    [("4", "表号 4 无效"), ("一", "表号“一”无效")],
)
def test_bad_forms_are_one_line_and_exit_2(
    tmp_path: Path, sample_json_path: Path, command: str, forms: str, message: str
) -> None:
    out = tmp_path / f"x.{command}"
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", command, str(sample_json_path), "-o", str(out), "--forms", forms],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_input_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docx", str(tmp_path / "无.jxzp"), "-o", str(tmp_path / "a.docx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
