"""Clearing the results of a year: the framework stays, every result goes."""

from __future__ import annotations

from pathlib import Path

from format2_support import three_projects_doc

from perfcore.exchange import load_json, package_from_doc
from perfcore.model import (
    OVERALL_NUMERIC_FIELDS,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    Group,
    Leaf,
    Package,
    RatedRule,
    TargetRule,
    iter_all_nodes,
)
from perfcore.scoring import score_package
from perfcore.year_results import clear_results


def _demo(sample_json_path: Path) -> Package:
    return load_json(sample_json_path.read_bytes())


def _shape(package: Package) -> list[tuple[str, str, str]]:
    """Every node's address, name and weight, and every leaf's rule type, criterion and explanation."""
    out = []
    for path, node in iter_all_nodes(package):
        extra = "" if isinstance(node, Group) else f"{node.rule.type}|{node.criterion}|{node.explanation}|{node.metric}"
        out.append((path, node.name, f"{node.weight}|{extra}"))
    return out


def test_demo_keeps_its_framework_and_loses_every_result(sample_json_path: Path) -> None:
    before = _demo(sample_json_path)
    package = _demo(sample_json_path)
    cleared = clear_results(package)

    assert _shape(package) == _shape(before)
    assert [f.name for f in package.special_funds] == [f.name for f in before.special_funds]
    assert [f.overview for f in package.special_funds] == [f.overview for f in before.special_funds]
    assert package.unit_name == before.unit_name
    assert package.overall.head == before.overall.head and package.overall.staff_quota == before.overall.staff_quota
    assert [(f.key, f.label, f.kind, f.carry) for f in package.figures] == [
        (f.key, f.label, f.kind, f.carry) for f in before.figures
    ]

    for name in OVERALL_NUMERIC_FIELDS:
        if name != "staff_quota":
            assert getattr(package.overall, name) is None, name
    assert package.overall.capital_repair_items == []
    assert package.overall.problems == package.overall.opinion_unit == package.overall.filled_on == ""
    assert all(f.value is None for f in package.figures)
    for fund in package.special_funds:
        assert (fund.allocated, fund.spent, fund.items, fund.performance, fund.filler) == (None, None, [], "", "")
    for _, node in iter_all_nodes(package):
        if isinstance(node, Leaf):
            assert node.score is None and node.note == "" and node.reason == ""
            rule = node.rule
            if isinstance(rule, ChecklistRule):
                assert all(item.met is None for item in rule.items)
            if isinstance(rule, ChoiceRule):
                assert rule.selected is None
            if isinstance(rule, DeductCountRule):
                assert rule.count is None

    # The demo had entered scores, checklist marks and figures: each category is reported.
    lines = cleared.lines()
    assert any(line.startswith("填报得分 ") for line in lines)
    assert any(line.startswith("表1数字 ") for line in lines)
    assert any(line.startswith("说明文字 ") for line in lines)
    assert cleared.drafts == {}
    assert score_package(package).complete is False


def test_projects_keep_targets_and_lose_actuals_ratings_and_money() -> None:
    package = package_from_doc(three_projects_doc())
    targets_before = [
        (p, n.rule.direction, n.rule.target, n.rule.unit)
        for p, n in iter_all_nodes(package)
        if isinstance(n, Leaf) and isinstance(n.rule, TargetRule)
    ]
    cleared = clear_results(package)

    targets_after = [
        (p, n.rule.direction, n.rule.target, n.rule.unit)
        for p, n in iter_all_nodes(package)
        if isinstance(n, Leaf) and isinstance(n.rule, TargetRule)
    ]
    assert targets_after == targets_before and targets_before
    for _, node in iter_all_nodes(package):
        if isinstance(node, Leaf):
            if isinstance(node.rule, TargetRule):
                assert node.rule.actual is None
            if isinstance(node.rule, RatedRule):
                assert node.rule.rating is None
    first = package.projects[0]
    assert first.name == "城区道路维修" and first.implementer == "某某区市政工程处"
    assert [line.label for line in first.budget.lines] == ["本年财政拨款", "上年结转资金"]
    assert all(line.initial is line.full is line.executed is None for p in package.projects for line in p.budget.lines)
    assert package.projects[2].budget.score is None
    assert first.goals.expected == first.goals.actual == first.conclusion == ""
    assert cleared.counts["实际完成值"] == 3 and cleared.counts["等级评定"] == 3


def test_keep_texts_keeps_long_texts_as_drafts_and_still_clears_signatures() -> None:
    doc = three_projects_doc()
    doc["overall"]["problems"] = "资金拨付不及时"
    doc["overall"]["opinion_unit"] = "同意"
    doc["projects"][0]["filled_on"] = "2022-01-10"
    package = package_from_doc(doc)
    cleared = clear_results(package, keep_texts=True)

    assert cleared.drafts == {
        "/overall/problems": "资金拨付不及时",
        "/projects/0/goals/expected": "完成12条路段维修",
        "/projects/0/goals/actual": "完成11条路段维修，预算执行率91.67%",
        "/projects/0/conclusion": "项目基本完成。",
    }
    assert package.overall.problems == "资金拨付不及时"
    assert package.projects[0].conclusion == "项目基本完成。"
    assert package.overall.opinion_unit == "" and package.projects[0].filled_on == ""
    assert cleared.counts["说明文字"] == 0
