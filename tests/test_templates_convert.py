"""Converting a bureau's Excel framework: workbooks built here with openpyxl (the 2019 表3 layout
with merged cells, the national project table, one with formulas, a hidden sheet and weights
adding to 98), the conversion report, refusals, and the round trip template → xlsx → template."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from office_support import graded_projects_doc
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from test_cli import assert_unusable, run

from perfcore import assets
from perfcore.checks import run_checks
from perfcore.exchange import load_json
from perfcore.model import Group, Leaf, ManualRule, Node, RatedRule, TargetRule
from perfcore.templates.convert import ConvertError, convert_workbook
from perfcore.templates.library import is_converted, list_templates

DAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("PERF_FILING_DATA", str(folder))
    return folder


def shape(nodes: list[Node]) -> list[object]:
    """Names, weights, criteria and explanations of a tree."""
    return [
        (n.name, n.weight, shape(n.children)) if isinstance(n, Group) else (n.name, n.weight, n.criterion, n.explanation)
        for n in nodes
    ]


def put_rows(ws: Worksheet, first: int, rows: list[list[object]]) -> None:
    for i, row in enumerate(rows):
        for j, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=first + i, column=j, value=value)


def merge_down(ws: Worksheet, column: int, top: int, bottom: int) -> None:
    ws.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)


def with_cached_values(path: Path, cached: dict[str, str]) -> None:
    """openpyxl saves formulas without results; put the result Excel would have saved (``cached``
    maps a formula's text to it) into the sheet XML, as a workbook saved by Excel holds it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            text = data.decode("utf-8")
            for formula, value in cached.items():
                text = text.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>")
            parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# ---------------------------------------------------------------- the 2019 表3 layout


def table3_book(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标表"
    ws["A1"] = "附件3"
    ws["A2"] = "2019年度部门整体支出绩效评价指标表"
    ws.merge_cells("A2:H2")
    put_rows(ws, 4, [["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明"]])
    put_rows(
        ws,
        5,
        [
            ["投入", 13, "预算配置", 13, "在职人员控制率", 5, "≤100%计5分；每超1个百分点扣0.5分", "在职人员控制率=在职人数/编制数×100%"],
            [None, None, None, None, "“三公经费”\n变动率", 8, "≤0计8分", "变动率=（本年-上年）/上年×100%"],
            ["过程", 57, "预算执行", 16, "预算完成率", 8, "≥100%计8分", ""],
            [None, None, None, None, "预算控制率", 8, "≤10%计8分", ""],
            [None, None, "预算管理", 41, "公用经费控制率", 20, "≤100%计20分", ""],
            [None, None, None, None, "管理制度健全性", 21, "健全计21分", "制度是否健全"],
            ["产出及效率", 30, "职责履行", 30, "重点工作实际完成率", 30, "完成率×30", ""],
            ["合计", None, None, None, None, 100, None, None],
        ],
    )
    for column in (1, 2):
        merge_down(ws, column, 5, 6)
        merge_down(ws, column, 7, 10)
    for column in (3, 4):
        merge_down(ws, column, 5, 6)
        merge_down(ws, column, 7, 8)
        merge_down(ws, column, 9, 10)
    wb.save(path)


def test_the_2019_table3_layout_with_merged_cells(tmp_path: Path) -> None:
    book = tmp_path / "株洲指标.xlsx"
    table3_book(book)
    package, report = convert_workbook(book, today=DAY)
    assert package.indicators.title == "部门整体支出绩效评价指标表"
    assert package.forms == ["overall", "special_funds", "indicators"]
    D = Decimal
    assert shape(package.indicators.tree) == [
        ("投入", D(13), [("预算配置", D(13), [
            ("在职人员控制率", D(5), "≤100%计5分；每超1个百分点扣0.5分", "在职人员控制率=在职人数/编制数×100%"),
            ("“三公经费”变动率", D(8), "≤0计8分", "变动率=（本年-上年）/上年×100%"),
        ])]),
        ("过程", D(57), [
            ("预算执行", D(16), [("预算完成率", D(8), "≥100%计8分", ""), ("预算控制率", D(8), "≤10%计8分", "")]),
            ("预算管理", D(41), [("公用经费控制率", D(20), "≤100%计20分", ""), ("管理制度健全性", D(21), "健全计21分", "制度是否健全")]),
        ]),
        ("产出及效率", D(30), [("职责履行", D(30), [("重点工作实际完成率", D(30), "完成率×30", "")])]),
    ]  # fmt: skip
    # 表3's 评价标准 is prose: no rule is unambiguous, every leaf is manual and listed.
    leaves = [n for n in _leaves(package.indicators.tree)]
    assert all(isinstance(leaf.rule, ManualRule) for leaf in leaves)
    assert report.manual == [f"表3 第 {r} 行 {leaf.name}" for r, leaf in zip(range(5, 12), leaves, strict=True)]
    assert report.weights == [] and report.formulas == [] and report.dropped == []
    assert report.sheets == ["指标表"]
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    assert package.template is not None
    assert package.template.source == f"从 株洲指标.xlsx 转换，sha256 {digest}，2026-11-30"
    assert is_converted(package.template)
    assert package.unit_name == "" and all(leaf.score is None for leaf in leaves)


def _leaves(nodes: list[Node]) -> list[Leaf]:
    out: list[Leaf] = []
    for node in nodes:
        out.extend(_leaves(node.children) if isinstance(node, Group) else [node])
    return out


# ---------------------------------------------------------------- the national project table


def project_book(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目自评表"
    ws["A1"] = "项目支出绩效自评表"
    put_rows(ws, 2, [["项目名称", "农村公路养护"], ["主管部门", "某某局", None, "实施单位", "某某中心"]])
    ws.merge_cells("B2:J2")
    put_rows(
        ws,
        4,
        [
            ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", None, 100, 120, 110, 10, 0.9167, 9.17],
            ["其中：当年财政拨款", None, 100, 100, 95],
            ["上年结转资金", None, 0, 20, 15],
            ["其他资金", None, 0, 0, 0],
            ["年度总体目标", "预期目标", None, None, "实际完成情况"],
            [None, "完成养护 120 公里", None, None, "完成 118 公里"],
            ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "分值", "实际完成值", "得分", "偏差原因分析及改进措施"],
            ["产出指标", "数量指标", "养护里程", "≥", 120, "公里", 20, 118, 19.67, "雨季停工"],
            [None, None, "桥梁检查座数", None, "≥15座", None, 10, 15, 10, None],
            [None, "质量指标", "路面合格率", "≥", "95%", None, 10, "96%", 10, None],
            [None, "时效指标", "完成时间", None, "年底前", None, 10, "12月", 10, None],
            ["效益指标", "社会效益指标", "群众出行条件", "定性", "明显改善", None, 30, "达成", 28, None],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", 10, 92, 10, None],
            ["总分", None, None, None, None, None, 100, None, 96.84, "优"],
        ],
    )
    merge_down(ws, 1, 12, 15)
    merge_down(ws, 2, 12, 13)
    wb.save(path)


def test_the_national_project_table_layout(tmp_path: Path) -> None:
    book = tmp_path / "项目表.xlsx"
    project_book(book)
    package, report = convert_workbook(book, today=DAY)
    assert package.forms == ["overall", "projects"] and package.indicators.tree == []
    [project] = package.projects
    assert project.name == "农村公路养护"
    assert (project.department, project.implementer, project.goals.expected) == ("", "", "")  # unit data stays out
    assert project.budget.weight == 10
    assert [(line.label, line.full, line.executed) for line in project.budget.lines] == [
        ("当年财政拨款", None, None),
        ("上年结转资金", None, None),
        ("其他资金", None, None),
    ]
    D = Decimal
    assert [(g.name, g.weight, [(c.name, c.weight) for c in g.children if isinstance(c, Group)]) for g in project.tree if isinstance(g, Group)] == [
        ("产出指标", D(50), [("数量指标", D(30)), ("质量指标", D(10)), ("时效指标", D(10))]),
        ("效益指标", D(30), [("社会效益指标", D(30))]),
        ("满意度指标", D(10), [("服务对象满意度指标", D(10))]),
    ]  # fmt: skip
    rules = {leaf.name: leaf.rule for leaf in _leaves(project.tree)}
    assert rules["养护里程"] == TargetRule(direction=">=", target=D(120), unit="公里")
    assert rules["桥梁检查座数"] == TargetRule(direction=">=", target=D(15), unit="座")
    assert rules["路面合格率"] == TargetRule(direction=">=", target=D(95), unit="%")
    assert rules["群众满意度"] == TargetRule(direction=">=", target=D(90), unit="%")
    assert rules["群众出行条件"] == RatedRule()
    assert rules["完成时间"] == ManualRule()  # 年底前: no number, no rule to be sure of
    assert [leaf.criterion for leaf in _leaves(project.tree) if leaf.name in ("完成时间", "群众出行条件")] == ["年底前", "明显改善"]
    assert report.manual == ["项目“农村公路养护”第 15 行 完成时间"]
    assert report.weights == []
    assert any("实际完成值、得分、偏差原因分析及改进措施" in note for note in report.notes)
    assert all(rule.actual is None for rule in rules.values() if isinstance(rule, TargetRule))


# ---------------------------------------------------------------- formulas, hidden parts, weights of 98


def tricky_book(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "框架"
    put_rows(ws, 1, [["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准"]])
    put_rows(
        ws,
        2,
        [
            ["投入", "=F2+F3", "预算配置", "=F2+F3", "在职人员控制率", 10, "≤100%"],
            [None, None, None, None, "“三公经费”变动率", "=5*2", "≤0"],
            ["过程", 78, "预算执行", 78, "预算完成率", 40, "≥100%"],
            [None, None, None, None, "已取消的指标", 99, "隐藏的一行"],
            [None, None, None, None, "支付进度率", 38, "≥100%"],
        ],
    )
    for column in (1, 2, 3, 4):
        merge_down(ws, column, 2, 3)
        merge_down(ws, column, 4, 6)
    ws.row_dimensions[5].hidden = True
    choices = DataValidation(type="list", formula1='"是,否"')
    choices.add("G2:G6")
    ws.add_data_validation(choices)
    ws.conditional_formatting.add("F2:F6", CellIsRule(operator="greaterThan", formula=["30"], fill=PatternFill(bgColor="FFC7CE")))
    old = wb.create_sheet("旧框架")
    put_rows(old, 1, [["一级指标", "分值", "三级指标", "分值"], ["旧", 100, "旧指标", 100]])
    old.sheet_state = "hidden"
    wb.create_sheet("说明")["A1"] = "填表说明：分值按本地通知。"
    wb.save(path)
    # Excel saved these results; 20 is not what F2+F3 gives (the converter must not evaluate).
    with_cached_values(path, {"F2+F3": "20", "5*2": "10"})


def test_formulas_hidden_parts_and_weights_that_do_not_add_up(tmp_path: Path) -> None:
    book = tmp_path / "tricky.xlsx"
    tricky_book(book)
    package, report = convert_workbook(book, today=DAY)
    D = Decimal
    assert shape(package.indicators.tree) == [
        ("投入", D(20), [("预算配置", D(20), [("在职人员控制率", D(10), "≤100%", ""), ("“三公经费”变动率", D(10), "≤0", "")])]),
        ("过程", D(78), [("预算执行", D(78), [("预算完成率", D(40), "≥100%", ""), ("支付进度率", D(38), "≥100%", "")])]),
    ]  # fmt: skip
    assert [(f.sheet, f.cell, f.formula, f.cached) for f in report.formulas] == [
        ("框架", "B2", "=F2+F3", "20"),
        ("框架", "D2", "=F2+F3", "20"),
        ("框架", "F3", "=5*2", "10"),
    ]
    assert report.weights == ["表3 一级指标分值合计 98，不是 100"]
    assert report.dropped == [
        "隐藏的工作表“旧框架”",
        "工作表“说明”：没有找到指标表的表头，未读取",
        "工作表“框架”的数据有效性（下拉列表）1 处：G2:G6",
        "工作表“框架”的条件格式 1 处：F2:F6",
        "工作表“框架”的隐藏行：第 5 行",
    ]
    text = "\n".join(report.lines())
    for fragment in ("框架!B2：=F2+F3，读取值“20”", "一级指标分值合计 98，不是 100", "隐藏的工作表“旧框架”", "条件格式"):
        assert fragment in text
    # The checks say so too, in the package that was made.
    assert any(f.path == "/indicators/tree" and "98" in f.message for f in run_checks(package))


def test_the_cli_prints_the_report_and_the_template_makes_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "tricky.xlsx"
    tricky_book(book)
    out = tmp_path / "框架.json"
    code, stdout, err = run(capsys, "template", "convert", book, "-o", out)
    assert (code, err) == (0, "")
    assert "框架!F3：=5*2，读取值“10”" in stdout and "合计 98" in stdout and "隐藏行：第 5 行" in stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "perf-filing/2" and doc["template"]["source"].startswith("从 tricky.xlsx 转换，sha256 ")
    report = tmp_path / "r.jxzp"
    assert run(capsys, "new", report, "--template", out, "--unit", "某单位")[0] == 0
    assert run(capsys, "template", "import", out)[0] == 0
    [entry] = [e for e in list_templates().entries if e.origin == "converted"]
    assert entry.id == "tricky"
    doc_list = json.loads(run(capsys, "template", "list", "--json")[1])
    assert doc_list[-1]["origin"] == "converted"
    code, stdout, _ = run(capsys, "template", "convert", book, "-o", tmp_path / "one.json", "--sheet", "框架")
    assert code == 0
    assert_unusable(run(capsys, "template", "convert", book, "-o", tmp_path / "x.json", "--sheet", "旧框架"), "隐藏")
    assert_unusable(run(capsys, "template", "convert", book, "-o", tmp_path / "x.json", "--sheet", "说明"), "表头")
    assert_unusable(run(capsys, "template", "convert", book, "-o", tmp_path / "x.json", "--sheet", "无"), "没有名为“无”的工作表")
    assert_unusable(run(capsys, "template", "convert", book, "-o", book, "--force"), "输出不能覆盖输入")
    assert_unusable(run(capsys, "template", "convert", book, "-o", out), "已存在")


@pytest.mark.parametrize("suffix", [".xls", ".xlsm", ".XLS"])
def test_other_formats_are_refused_with_one_line(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / f"框架{suffix}"
    table3_book(book)
    err = assert_unusable(run(capsys, "template", "convert", book, "-o", tmp_path / "t.json"), "另存为 .xlsx")
    assert re.search(r"不能读取 \.xls[m]? 文件", err)
    assert not (tmp_path / "t.json").exists()


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "假的.xlsx"
    fake.write_text("一级指标,分值\n", encoding="utf-8")
    with pytest.raises(ConvertError, match="不是 .xlsx 工作簿"):
        convert_workbook(fake)
    broken = tmp_path / "坏的.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "x")
    with pytest.raises(ConvertError, match="缺少工作簿内容"):
        convert_workbook(broken)
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (257 * 2**20))
    assert bomb.stat().st_size < 2**20
    with pytest.raises(ConvertError, match="解压后超过 256 MB"):
        convert_workbook(bomb)


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("name", assets.template_names())
def test_template_to_xlsx_to_template_keeps_the_framework(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / f"{name}.xlsx"
    code, _, err = run(capsys, "template", "xlsx", name, "-o", book)
    assert (code, err) == (0, "")
    back = tmp_path / "back.json"
    assert run(capsys, "template", "convert", book, "-o", back)[0] == 0
    original = load_json(assets.template_json(name))
    converted = load_json(back.read_bytes())
    assert shape(converted.indicators.tree) == shape(original.indicators.tree)
    assert converted.indicators.title == original.indicators.title
    assert len(converted.projects) == len(original.projects)
    for mine, theirs in zip(original.projects, converted.projects, strict=True):
        assert shape(theirs.tree) == shape(mine.tree)
        assert theirs.budget.weight == mine.budget.weight
        assert [line.label for line in theirs.budget.lines] == [line.label for line in mine.budget.lines]
        targets = [leaf.rule for leaf in _leaves(mine.tree) if isinstance(leaf.rule, TargetRule)]
        assert [leaf.rule for leaf in _leaves(theirs.tree) if isinstance(leaf.rule, TargetRule)] == targets
    for form in ("indicators", "projects"):
        assert (form in converted.forms) == (form in original.forms)


def test_an_exported_package_converts_back_to_its_framework(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``perfcore xlsx`` of the three-project package (the ten-column project sheets beside 表1
    and 表3) → ``template convert``: every project's tree, weights, rules and budget lines."""
    source = graded_projects_doc()
    package = tmp_path / "三个项目.json"
    package.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    book = tmp_path / "三个项目.xlsx"
    assert run(capsys, "xlsx", package, "-o", book)[0] == 0
    back = tmp_path / "back.json"
    code, out, err = run(capsys, "template", "convert", book, "-o", back)
    assert (code, err) == (0, "")
    original = load_json(json.dumps(source, ensure_ascii=False))
    converted = load_json(back.read_bytes())
    assert shape(converted.indicators.tree) == shape(original.indicators.tree)
    assert [p.name for p in converted.projects] == [p.name for p in original.projects]
    for mine, theirs in zip(original.projects, converted.projects, strict=True):
        assert [(n.name, n.weight) for n in _leaves(theirs.tree)] == [(n.name, n.weight) for n in _leaves(mine.tree)]
        assert [(g.name, g.weight) for g in theirs.tree if isinstance(g, Group)] == [
            (g.name, g.weight) for g in mine.tree if isinstance(g, Group)
        ]
        assert theirs.budget.weight == mine.budget.weight
        assert [line.label for line in theirs.budget.lines] == [line.label for line in mine.budget.lines]
        for leaf, read in zip(_leaves(mine.tree), _leaves(theirs.tree), strict=True):
            rule = leaf.rule
            if isinstance(rule, TargetRule) and rule.target_text is None:
                # 指标性质, 年度指标值 (a number) and 度量单位 give the rule back; never the actual.
                assert read.rule == TargetRule(direction=rule.direction, target=rule.target, unit=rule.unit), leaf.name
            elif isinstance(rule, RatedRule):
                assert read.rule == RatedRule() and read.criterion == leaf.criterion, leaf.name
            else:
                # 不少于5 states no direction the converter can be sure of: 手工评分, the text kept.
                assert isinstance(read.rule, ManualRule) and read.criterion == "不少于5", leaf.name
    assert "新增绿化面积" in out and "计分规则无法从原表确定" in out
