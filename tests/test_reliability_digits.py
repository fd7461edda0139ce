"""Figures are read in the digits 0–9 (ASCII or full-width) wherever they are read.

Python's ``int()``, ``Decimal()`` and the regex ``\\d`` also take Arabic-Indic ``٢٠٢٠``,
``2_020`` and other scripts' digits: the command line's ``--year``, ``--jobs`` and ``--forms``, a
填报日期 and an Excel framework's 分值 and 年度指标值 took them as figures the text does not
plainly say (``--forms ٢`` printed 表2). Each test here failed before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from perfcore.checks.texts import date_problem
from perfcore.cli import main
from perfcore.form_text import format_date
from perfcore.model import Group, Leaf, ManualRule, Node, TargetRule
from perfcore.templates.convert import convert_workbook


def _exit(argv: list[str]) -> int:
    """The command's exit code, whether argparse raised it or ``main`` returned it."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


OTHER_SCRIPTS = ["٢٠٢٠", "۲۰۲۰", "२०२०", "2_020", " 2020", "²⁰²⁰", "2020.0", "𝟐𝟎𝟐𝟎"]


@pytest.mark.parametrize("typed", OTHER_SCRIPTS)
def test_year_argument_takes_only_the_digits_0_to_9(tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str) -> None:
    assert _exit(["new", str(tmp_path / "r.jxzp"), "--year", typed]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--year" in err and "整数" in err
    assert not (tmp_path / "r.jxzp").exists()


def test_year_in_full_width_digits_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "r.jxzp"), "--year", "２０２０"]) == 0
    assert "2020年度" in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["٢", "1_0", "²", "①", " 2"])
def test_jobs_argument_takes_only_the_digits_0_to_9(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    out = tmp_path / "s.json"
    assert _exit(["summary", str(sample_json_path), "-o", str(out), "--jobs", typed]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--jobs" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["pdf", "docx", "xlsx"])
@pytest.mark.parametrize("typed", ["٢", "1,٣", "²", "1_0"])
def test_forms_argument_takes_only_the_digits_0_to_9(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, typed: str
) -> None:
    out = tmp_path / f"x.{command}"
    assert _exit([command, str(sample_json_path), "-o", str(out), "--forms", typed]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "表号" in err and "[" not in err
    assert not out.exists()


def test_forms_in_full_width_digits_are_read(sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pdf", str(sample_json_path), "-o", str(tmp_path / "x.pdf"), "--forms", "１，３"]) in (0, 1)
    assert "表1、表3" in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["٢٠٢٠-٠٧-١٠", "२०२०-०७-१०", "2020-٠٧-10"])
def test_a_date_in_other_digits_is_not_a_date(typed: str) -> None:
    assert date_problem(typed, 2019) != ""
    assert format_date(typed) == typed  # printed as typed, never half converted (٢٠٢٠年7月10日)


def test_a_date_in_full_width_digits_is_a_date() -> None:
    assert date_problem("２０２０-０７-１０", 2019) == ""
    assert format_date("２０２０-０７-１０") == "2020年7月10日"


def _leaves(nodes: list[Node]) -> list[Leaf]:
    return [leaf for n in nodes for leaf in (_leaves(n.children) if isinstance(n, Group) else [n])]


def test_a_framework_workbook_reads_figures_only_in_the_digits_0_to_9(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目自评表"
    rows: list[list[object]] = [
        ["项目支出绩效自评表"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "分值"],
        ["产出指标", "数量指标", "阿拉伯数字", "≥", "٩٥", "%", "١٠"],
        [None, None, "全角数字", "≥", "９５", "%", "１０分"],
        [None, None, "单位以数字开头", None, "≥9٥", None, 10],
        [None, None, "上标", None, "≥95²", None, 10],
        [None, None, "半角", None, "≥95%", None, 10],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    ws.merge_cells("A3:A7")
    ws.merge_cells("B3:B7")
    path = tmp_path / "框架.xlsx"
    wb.save(path)
    package, _ = convert_workbook(path)
    [project] = package.projects
    leaves = {leaf.name: leaf for leaf in _leaves(project.tree)}
    assert leaves["全角数字"].rule == TargetRule(direction=">=", target=95, unit="%")
    assert leaves["全角数字"].weight == 10
    assert leaves["半角"].rule == TargetRule(direction=">=", target=95, unit="%")
    assert leaves["阿拉伯数字"].weight != 10
    for name in ("阿拉伯数字", "单位以数字开头", "上标"):
        assert isinstance(leaves[name].rule, ManualRule), (name, leaves[name].rule)
