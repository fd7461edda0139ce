"""新建下一年度 in the core: carry-forward, ``previous``, and the checks of carried values and drafts."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc

from perfcore.checks import run_checks
from perfcore.exchange import dump_json, load_json, package_from_doc
from perfcore.fingerprint import fingerprint
from perfcore.model import Group, Leaf, Package, TargetRule, iter_all_nodes, iter_leaves
from perfcore.next_year import CarryError, next_year
from perfcore.scoring import score_package
from perfcore.store import ReportFile


def _demo_doc(sample_json_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sample_json_path.read_text(encoding="utf-8"))
    return doc


def _demo_with_figures(sample_json_path: Path) -> Package:
    """The demo with a 年末结余 of 60 万元, a 三公经费 budget of 1.2345 万元 (the demo has 0.00) and a
    second fund (the demo files one), so that keeping funds by name is seen on two."""
    doc = _demo_doc(sample_json_path)
    second = json.loads(json.dumps(doc["special_funds"][0]))
    second.update(name="2019年第二期职业培训资金", spent="1000.00", performance="培训120人次")
    doc["special_funds"].append(second)
    package = load_json(json.dumps(doc).encode())
    package.overall.balance_year_end = Decimal("600000.00")
    for figure in package.figures:
        if figure.key == "three_public_budget":
            figure.value = Decimal("12345.00")
    return package


def _figure(package: Package, key: str) -> Any:
    return next(f for f in package.figures if f.key == key)


def _tree_shape(package: Package) -> list[tuple[str, str, Decimal, str]]:
    out = []
    for path, node in iter_all_nodes(package):
        rule = "" if isinstance(node, Group) else json.dumps(_rule_frame(node), ensure_ascii=False, sort_keys=True)
        out.append((path, node.name, node.weight, rule))
    return out


def _rule_frame(leaf: Leaf) -> dict[str, Any]:
    """The rule without what a year fills in (marks, choice, count, actual, rating)."""
    from perfcore.exchange import rule_to_doc

    doc = rule_to_doc(leaf.rule)
    for key in ("selected", "count", "actual", "rating"):
        doc.pop(key, None)
    for item in doc.get("items", []):
        item.pop("met")
    return {"rule": doc, "criterion": leaf.criterion, "explanation": leaf.explanation, "metric": str(leaf.metric)}


def test_demo_2019_to_2020_carries_clears_and_keeps_the_framework(sample_json_path: Path) -> None:
    last = _demo_with_figures(sample_json_path)
    before = dump_json(last)
    result = next_year(last, file_name="石峰 2019.jxzp")
    new = result.package

    assert dump_json(last) == before  # last year's package is not touched
    assert new.year == 2020 and new.unit_name == last.unit_name
    assert new.overall.carryover_prior == Decimal("600000.00")
    assert _figure(new, "three_public_budget_prior").value == Decimal("12345.00")
    assert _figure(new, "three_public_budget").value is None
    assert [c.line for c in result.carried] == [
        "上年结转 ← 2019年 年末结余 60.00 万元",
        "上年度“三公经费”预算数 ← 2019年 本年度“三公经费”预算数 1.23 万元",
    ]
    # Every score and every mark is gone; the tree with names, weights and rules stays.
    assert all(leaf.score is None for _, leaf in iter_leaves(new))
    assert _tree_shape(new) == _tree_shape(last)
    assert [f.name for f in new.special_funds] == [f.name for f in last.special_funds]
    assert [f.name for f in new.special_funds] == ["2019年第一期职业培训资金", "2019年第二期职业培训资金"]
    assert [f.overview for f in new.special_funds] == [f.overview for f in last.special_funds]
    assert all(f.spent is None and f.items == [] for f in new.special_funds)
    assert new.overall.head == last.overall.head and new.overall.staff_quota == last.overall.staff_quota
    assert new.overall.staff_actual is None and new.overall.balance_year_end is None

    scores_last = score_package(last)
    previous = new.previous
    assert previous is not None
    assert (previous.file, previous.year, previous.total, previous.grade) == (
        "石峰 2019.jxzp",
        2019,
        scores_last.total,
        scores_last.grade,
    )
    assert previous.fingerprint == fingerprint(last)
    assert previous.values["balance_year_end"] == Decimal("600000.00")
    assert previous.values["staff_actual"] == 7
    assert previous.values["income_total"] == Decimal("858000.00")
    assert previous.values["carryover_prior"] is None
    assert previous.values["three_public_budget"] == Decimal("12345.00")
    assert set(previous.values) >= {f.key for f in last.figures}


def test_the_demo_as_shipped_carries_its_unknown_balance_as_unknown(sample_json_path: Path) -> None:
    last = load_json(sample_json_path.read_bytes())
    new = next_year(last, file_name="shifeng-2019.json").package
    assert last.overall.balance_year_end is None
    assert new.overall.carryover_prior is None  # unknown stays unknown, never 0
    assert _figure(new, "three_public_budget_prior").value == Decimal("0.00")


def test_carried_package_is_unscored_and_its_checks_list_what_to_fill(sample_json_path: Path) -> None:
    new = next_year(_demo_with_figures(sample_json_path), file_name="x.jxzp").package
    scores = score_package(new)
    assert scores.complete is False
    findings = run_checks(new)
    unscored = [f for f in findings if f.severity == "error" and f.path.endswith("/score")]
    assert len(unscored) == len(iter_leaves(new))
    assert any(f.path == "/overall/filled_on" for f in findings)
    # Nothing was edited after carrying: no carried value is flagged.
    assert not [f for f in findings if "≠ 2019年" in f.message]


def test_three_projects_carry_with_targets_and_cleared_actuals() -> None:
    last = package_from_doc(three_projects_doc())
    result = next_year(last, file_name="城管 2021.jxzp")
    new = result.package
    assert new.year == 2022
    assert [p.name for p in new.projects] == ["城区道路维修", "公园绿化", "信息化建设"]
    assert _tree_shape(new) == _tree_shape(last)
    targets = [(p, n.rule) for p, n in iter_all_nodes(new) if isinstance(n, Leaf) and isinstance(n.rule, TargetRule)]
    assert len(targets) == 8  # 1 in 表3, 3 + 2 + 2 in the projects
    assert all(rule.actual is None for _, rule in targets)
    assert [rule.target for _, rule in targets] == [
        n.rule.target for _, n in iter_all_nodes(last) if isinstance(n, Leaf) and isinstance(n.rule, TargetRule)
    ]
    assert all(line.full is None and line.executed is None for p in new.projects for line in p.budget.lines)
    scores = score_package(new)
    assert scores.complete is False
    assert all(not scores.of_project(p).complete for p in new.projects)
    # The package has no carries beyond the default, and 年末结余 was unknown.
    assert [c.line for c in result.carried] == ["上年结转 ← 2021年 年末结余 未填"]
    assert new.previous is not None and new.previous.values["满意人数"] == 188
    assert new.forms == last.forms and new.grades == last.grades and new.template == last.template


def test_previous_survives_export_import_and_the_report_file(sample_json_path: Path, tmp_path: Path) -> None:
    new = next_year(_demo_with_figures(sample_json_path), file_name="石峰 2019.jxzp", keep_texts=True).package
    again = load_json(dump_json(new).encode())
    assert again.previous == new.previous
    assert again.previous is not None and again.previous.drafts
    with ReportFile.create(tmp_path / "2020.jxzp", new) as report:
        assert report.package.previous == new.previous
        assert dump_json(report.package) == dump_json(new)


def test_editing_a_carried_figure_warns_with_last_years_value(sample_json_path: Path, tmp_path: Path) -> None:
    new = next_year(_demo_with_figures(sample_json_path), file_name="x.jxzp").package
    with ReportFile.create(tmp_path / "2020.jxzp", new) as report:
        assert not [f for f in run_checks(report.package) if f.path == "/overall/carryover_prior"]
        report.set("/overall/carryover_prior", "580000.00")
        warnings = [f for f in run_checks(report.package) if f.path == "/overall/carryover_prior"]
        assert [(f.severity, f.message.split("（")[0]) for f in warnings] == [
            ("warning", "上年结转 58.00 万元 ≠ 2019年 年末结余 60.00 万元")
        ]
        index = next(i for i, f in enumerate(report.package.figures) if f.key == "three_public_budget_prior")
        report.set(f"/figures/{index}/value", None)
        messages = [f.message for f in run_checks(report.package) if f.path == f"/figures/{index}/value"]
        assert any(m.startswith("上年度“三公经费”预算数 未填 ≠ 2019年 本年度“三公经费”预算数 1.23 万元") for m in messages)
        report.set("/overall/carryover_prior", "600000.00")  # back to last year's value: no warning
        assert not [f for f in run_checks(report.package) if f.path == "/overall/carryover_prior"]


def test_a_difference_hidden_in_wan_is_shown_in_yuan(sample_json_path: Path) -> None:
    new = next_year(_demo_with_figures(sample_json_path), file_name="x.jxzp").package
    new.overall.carryover_prior = Decimal("600000.40")
    [finding] = [f for f in run_checks(new) if f.path == "/overall/carryover_prior"]
    assert finding.message.startswith("上年结转 600,000.40 元 ≠ 2019年 年末结余 600,000.00 元")


def test_kept_texts_are_flagged_until_edited(tmp_path: Path) -> None:
    doc = three_projects_doc()
    doc["overall"]["problems"] = "资金拨付不及时"
    new = next_year(package_from_doc(doc), file_name="x.jxzp", keep_texts=True).package
    assert new.overall.problems == "资金拨付不及时"
    with ReportFile.create(tmp_path / "2022.jxzp", new) as report:
        drafts = {f.path: f for f in run_checks(report.package) if "文字沿用上年" in f.message}
        assert set(drafts) == {
            "/overall/problems",
            "/projects/0/goals/expected",
            "/projects/0/goals/actual",
            "/projects/0/conclusion",
        }
        assert drafts["/overall/problems"].severity == "info"
        assert drafts["/overall/problems"].message == "（三）存在的主要问题：文字沿用上年，请修改"
        assert drafts["/projects/0/conclusion"].message == "“城区道路维修”项目·自评结论：文字沿用上年，请修改"
        report.set("/overall/problems", "资金拨付不及时，已与财政局协调")
        left = {f.path for f in run_checks(report.package) if "文字沿用上年" in f.message}
        assert left == set(drafts) - {"/overall/problems"}
    # Without the option the texts are cleared and nothing is flagged.
    plain = next_year(package_from_doc(doc), file_name="x.jxzp").package
    assert plain.overall.problems == "" and plain.previous is not None and plain.previous.drafts == {}


def test_a_source_with_an_error_is_refused(sample_json_path: Path) -> None:
    last = _demo_with_figures(sample_json_path)
    last.overall.balance_year_end = Decimal("-100.00")
    with pytest.raises(CarryError) as caught:
        next_year(last, file_name="石峰 2019.jxzp")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("“石峰 2019.jxzp”的年末结余有错误")


def test_weights_that_do_not_add_up_do_not_stop_the_carry(sample_json_path: Path) -> None:
    last = _demo_with_figures(sample_json_path)
    first = last.indicators.tree[0]
    first.weight += 5
    assert any(f.severity == "error" and (f.path.endswith("/weight") or f.path == "/indicators/tree") for f in run_checks(last))
    assert next_year(last, file_name="x.jxzp").package.indicators.tree[0].weight == first.weight


def test_the_last_year_the_format_holds_is_refused(sample_json_path: Path) -> None:
    last = _demo_with_figures(sample_json_path)
    last.year = 2999
    with pytest.raises(CarryError, match="超出"):
        next_year(last, file_name="x.jxzp")


def test_a_count_carried_from_a_fraction_is_refused() -> None:
    doc = three_projects_doc()
    doc["figures"][4]["carry"] = "计划路段"  # 平均维修天数 4 → 计划路段数 is fine …
    assert next_year(package_from_doc(doc), file_name="x.jxzp").package.figures[3].value == 4
    doc["figures"][4]["value"] = "4.5"  # … 4.5 is not
    with pytest.raises(CarryError, match="不是整数"):
        next_year(package_from_doc(doc), file_name="x.jxzp")


def test_year_on_year_beside_each_value(sample_json_path: Path) -> None:
    from perfcore.year_on_year import carried_note, change_percent, year_on_year

    new = next_year(_demo_with_figures(sample_json_path), file_name="x.jxzp").package
    new.overall.budget_initial = Decimal("100000.00")  # 2019: 80,000 → +25.00 %
    new.overall.staff_actual = 6  # 2019: 7 → −14.29 %
    initial = year_on_year(new, "budget_initial")
    assert initial is not None and (initial.last, initial.change) == ("8.00", "+25.00%")
    assert initial.tip == "2019年 年初预算 8.00 万元，同比 +25.00%"
    staff = year_on_year(new, "staff_actual")
    assert staff is not None and (staff.last, staff.change) == ("7", "-14.29%")
    assert change_percent(6, Decimal(7)) == Decimal("-14.29")
    # Unknown this year, or last year: last year's value, no 同比.
    expense = year_on_year(new, "expense_total")
    assert expense is not None and (expense.last, expense.change) == ("85.80", "")
    carried = year_on_year(new, "carryover_prior")
    assert carried is not None and (carried.last, carried.change) == ("未填", "")
    prior = year_on_year(new, "three_public_budget_prior")
    assert prior is not None and prior.last == "0.00"
    # Only what a carry filled is marked 上年结转.
    assert carried_note(new, "carryover_prior") == "由 2019年 年末结余 60.00 万元 结转，可修改"
    assert carried_note(new, "three_public_budget_prior").startswith("由 2019年 本年度“三公经费”预算数 1.23 万元")
    assert carried_note(new, "budget_initial") == ""
    # A package that was not carried forward shows nothing.
    assert year_on_year(_demo_with_figures(sample_json_path), "budget_initial") is None
    assert carried_note(_demo_with_figures(sample_json_path), "carryover_prior") == ""
