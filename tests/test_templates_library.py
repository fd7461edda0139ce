"""The template library: every shipped framework imports, scores and prints; the user's own are
saved from a package without its data, shared as files and listed beside the shipped ones."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from test_cli import assert_unusable, run

from perfcore import assets
from perfcore.exchange import dump_json, load_json, node_to_doc
from perfcore.formula import parse
from perfcore.model import (
    OVERALL_NUMERIC_FIELDS,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    Group,
    Leaf,
    Node,
    Package,
    RatedRule,
    TargetRule,
    iter_all_nodes,
)
from perfcore.pdf import render_pdf
from perfcore.scoring import score_package
from perfcore.store import ReportFile
from perfcore.templates.library import list_templates

SHIPPED = ["hunan-zhuzhou-2019", "mof-2013-53-department", "mof-2020-10-project"]


@pytest.fixture(autouse=True)
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("PERF_FILING_DATA", str(folder))
    return folder


def shipped(name: str) -> Package:
    return load_json(assets.template_json(name))


def assert_no_unit_data(package: Package) -> None:
    assert package.unit_name == ""
    assert all(getattr(package.overall, name) is None for name in OVERALL_NUMERIC_FIELDS)
    assert package.special_funds == [] and package.previous is None
    assert all(figure.value is None for figure in package.figures)
    for path, node in iter_all_nodes(package):
        if isinstance(node, Leaf):
            assert node.score is None and node.note == "" and node.reason == "", path
            rule = node.rule
            assert not (isinstance(rule, TargetRule) and rule.actual is not None), path
            assert not (isinstance(rule, RatedRule) and rule.rating is not None), path
            assert not (isinstance(rule, ChoiceRule) and rule.selected is not None), path
            assert not (isinstance(rule, DeductCountRule) and rule.count is not None), path
            assert not (isinstance(rule, ChecklistRule) and any(i.met is not None for i in rule.items)), path
    for project in package.projects:
        assert project.budget.score is None
        assert all(line.full is None and line.executed is None and line.initial is None for line in project.budget.lines)


def test_the_library_ships_three_templates() -> None:
    assert assets.template_names() == sorted(SHIPPED)
    listing = list_templates()
    assert [e.id for e in listing.entries] == SHIPPED
    assert {e.origin for e in listing.entries} == {"shipped"}
    assert listing.problems == []


@pytest.mark.parametrize("name", assets.template_names())
def test_every_shipped_template_imports_scores_and_prints(name: str, tmp_path: Path) -> None:
    package = shipped(name)
    assert package.template is not None
    t = package.template
    assert (t.id, bool(t.name), bool(t.version), bool(t.source), bool(t.description)) == (name, True, True, True, True)
    assert_no_unit_data(package)
    assert load_json(dump_json(package)) == package  # lossless through the exchange format
    with ReportFile.create(tmp_path / "t.jxzp", package) as report:
        assert report.package == package
    scores = score_package(package)
    assert scores.total == Decimal(0)  # nothing filled: unscored, not an error
    for project in package.projects:
        assert project.budget.weight + sum((n.weight for n in project.tree), Decimal(0)) == 100
    if "indicators" in package.forms:
        assert sum((n.weight for n in package.indicators.tree), Decimal(0)) == 100
    for path, node in iter_all_nodes(package):
        if isinstance(node, Group):
            assert sum((c.weight for c in node.children), Decimal(0)) == node.weight, path
    figures = {f.key: f for f in package.figures}
    for path, node in iter_all_nodes(package):
        if isinstance(node, Leaf) and node.metric is not None:
            for used in parse(node.metric.formula).names:
                assert used in figures or used in OVERALL_NUMERIC_FIELDS, (path, used)
    for figure in package.figures:
        assert re.search(r"[\u4e00-\u9fff]", figure.label), figure  # a Chinese label for every figure
    out = io.BytesIO()
    render_pdf(package, out)
    assert out.getvalue().startswith(b"%PDF") and len(out.getvalue()) > 5000


def tree_names(nodes: list[Node]) -> list[object]:
    return [(n.name, tree_names(n.children)) if isinstance(n, Group) else n.name for n in nodes]


def test_the_2013_department_framework_has_the_common_indicators_of_the_notice() -> None:
    package = shipped("mof-2013-53-department")
    assert tree_names(package.indicators.tree) == [
        ("投入", [("目标设定", ["绩效目标合理性", "绩效指标明确性"]),
                ("预算配置", ["在职人员控制率", "“三公经费”变动率", "重点支出安排率"])]),
        ("过程", [("预算执行", ["预算完成率", "预算调整率", "支付进度率", "结转结余率", "结转结余变动率",
                            "公用经费控制率", "“三公经费”控制率", "政府采购执行率"]),
                ("预算管理", ["管理制度健全性", "资金使用合规性", "预决算信息公开性", "基础信息完善性"]),
                ("资产管理", ["管理制度健全性", "资产管理安全性", "固定资产利用率"])]),
        ("产出", [("职责履行", ["实际完成率", "完成及时率", "质量达标率", "重点工作办结率"])]),
        ("效果", [("履职效益", ["经济效益", "社会效益", "生态效益", "社会公众或服务对象满意度"])]),
    ]  # fmt: skip
    assert package.template is not None
    assert "参考权重，请按本地通知调整" in package.template.description
    assert "参考权重，请按本地通知调整" in package.template.name + package.template.description
    assert "figures" in package.forms  # the 基础数据表 the formulas read is printed
    # A standard ratio computes from the figures: 预算完成率 = 预算完成数 / 预算数.
    by_key = {f.key: f for f in package.figures}
    by_key["budget_approved"].value = Decimal(1000000)
    by_key["budget_completed"].value = Decimal(950000)
    scores = score_package(package)
    leaf = package.indicators.tree[1].children[0].children[0]  # type: ignore[union-attr]
    assert isinstance(leaf, Leaf) and leaf.name == "预算完成率"
    assert scores.of(leaf).final == Decimal("1.50")  # 95 %: 5 points under 100 % at 0.3 each off 3


def test_the_2020_project_template_is_the_national_table() -> None:
    package = shipped("mof-2020-10-project")
    assert package.forms == ["overall", "projects"]
    assert len(package.projects) == 1
    project = package.projects[0]
    assert project.budget.weight == 10
    assert [line.label for line in project.budget.lines] == ["本年财政拨款", "上年结转资金", "其他资金"]
    assert [(g.name, g.weight) for g in project.tree] == [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert tree_names(project.tree) == [
        ("产出指标", [("数量指标", [""]), ("质量指标", [""]), ("时效指标", [""]), ("成本指标", [""])]),
        ("效益指标", [("经济效益指标", [""]), ("社会效益指标", [""]), ("生态效益指标", [""]), ("可持续影响指标", [""])]),
        ("满意度指标", [("服务对象满意度指标", [""])]),
    ]  # fmt: skip


# ---------------------------------------------------------------- the command line


def test_template_list_json_lists_shipped_and_the_users_own(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "template", "list", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert [(e["id"], e["origin"]) for e in doc] == [(n, "shipped") for n in SHIPPED]
    assert set(doc[0]) == {"id", "name", "source", "forms", "origin"}
    assert doc[2]["forms"] == ["overall", "projects"]
    assert run(capsys, "template", "save", sample_json_path, "--name", "石峰 框架")[0] == 0
    doc = json.loads(run(capsys, "template", "list", "--json")[1])
    assert doc[-1] == {
        "id": "石峰-框架",
        "name": "石峰 框架",
        "source": "另存自 2019年度报告",
        "forms": ["overall", "special_funds", "indicators"],
        "origin": "user",
    }
    code, out, _ = run(capsys, "template", "list")
    assert code == 0 and "财预〔2013〕53号" in out and "石峰 框架（自存）" in out and "优≥90" in out


def test_a_template_saved_from_the_demo_makes_the_demos_tree_with_scores_cleared(
    tmp_path: Path, sample_json_path: Path, user_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = load_json(sample_json_path.read_bytes())
    assert any(isinstance(n, Leaf) and n.score is not None for _, n in iter_all_nodes(demo))
    code, out, err = run(capsys, "template", "save", sample_json_path, "--name", "我的框架")
    assert (code, err) == (0, "") and "已保存模板 我的框架" in out
    saved = load_json((user_folder / "templates" / "我的框架.json").read_bytes())
    assert_no_unit_data(saved)
    assert demo.unit_name and demo.unit_name not in (user_folder / "templates" / "我的框架.json").read_text(encoding="utf-8")
    report = tmp_path / "新.jxzp"
    assert run(capsys, "new", report, "--template", "我的框架", "--unit", "新单位", "--year", "2024")[0] == 0
    with ReportFile.open(report, read_only=True) as opened:
        new = opened.package
    for _, node in iter_all_nodes(demo):
        if isinstance(node, Leaf):
            node.score = None
            node.note = ""
            if isinstance(node.rule, ChecklistRule):
                for item in node.rule.items:
                    item.met = None
            elif isinstance(node.rule, ChoiceRule):
                node.rule.selected = None
            elif isinstance(node.rule, DeductCountRule):
                node.rule.count = None
    assert [node_to_doc(n) for n in new.indicators.tree] == [node_to_doc(n) for n in demo.indicators.tree]
    assert new.indicators.tree == demo.indicators.tree
    assert [(f.key, f.label, f.kind) for f in new.figures] == [(f.key, f.label, f.kind) for f in demo.figures]
    assert (new.unit_name, new.year, new.forms, new.grades) == ("新单位", 2024, demo.forms, demo.grades)
    assert new.template is not None and new.template.name == "我的框架"


def test_templates_are_shared_as_files(tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "共享.json"
    assert run(capsys, "template", "export", "mof-2013-53-department", "-o", shared)[0] == 0
    assert load_json(shared.read_bytes()) == shipped("mof-2013-53-department")
    assert_unusable(run(capsys, "template", "export", "mof-2013-53-department", "-o", shared), "已存在", "--force")
    assert_unusable(run(capsys, "template", "import", shared), "内置模板")  # a shipped id is not replaced
    doc = json.loads(shared.read_text(encoding="utf-8"))
    doc["template"]["id"] = "bureau-2024"
    doc["template"]["name"] = "某局 2024 框架"
    shared.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "template", "import", shared)
    assert (code, err) == (0, "") and "bureau-2024" in out
    assert_unusable(run(capsys, "template", "import", shared), "已有标识为“bureau-2024”的模板", "--force")
    assert run(capsys, "template", "import", shared, "--force")[0] == 0
    entries = {e.id: e for e in list_templates().entries}
    assert entries["bureau-2024"].origin == "user" and entries["bureau-2024"].name == "某局 2024 框架"
    report = tmp_path / "r.jxzp"
    assert run(capsys, "new", report, "--template", "bureau-2024")[0] == 0
    assert run(capsys, "new", tmp_path / "f.jxzp", "--template", shared)[0] == 0  # a template FILE
    # The output guard: never over a report file, never over the input.
    assert_unusable(run(capsys, "template", "export", "bureau-2024", "-o", report, "--force"), "报告文件")
    assert_unusable(run(capsys, "template", "save", sample_json_path, "--name", "hunan-zhuzhou-2019"), "内置模板")


def test_the_old_template_name_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.jxzp"
    assert run(capsys, "new", out, "--template", "standard")[0] == 0
    with ReportFile.open(out, read_only=True) as report:
        assert report.package.template is not None and report.package.template.id == "hunan-zhuzhou-2019"
    assert_unusable(run(capsys, "new", tmp_path / "x.jxzp", "--template", "a/b"), "没有名为“a/b”的模板")
