"""The indicator tree scored: the sample's 93.00 优, totals, grades, and incremental recomputes."""

from __future__ import annotations

import copy
import gc
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import figure_value, leaves, money, numeric_field_values, packages, points, rules

from perfcore.exchange import load_json
from perfcore.model import (
    Budget,
    Figure,
    Group,
    Leaf,
    Metric,
    Node,
    Package,
    ProportionalRule,
    iter_all_nodes,
    iter_leaves,
    iter_nodes,
)
from perfcore.scoring import Scorer, Scores, grade_of, score_package

D = Decimal

# The 'done when': the six leaves the rules reproduce from the filed figures.
SAMPLE_COMPUTED = {
    "在职人员控制率": "5.00",
    "管理制度健全性": "8.00",
    "资金使用合规性": "6.00",
    "预决算信息公开性": "5.00",
    "重点工作实际完成率": "8.00",
    "行政效能": "6.00",
}


@pytest.fixture()
def sample(sample_json_path: Path) -> Package:
    return load_json(sample_json_path.read_bytes())


def test_sample_scores_93_excellent(sample: Package) -> None:
    scores = score_package(sample)
    assert scores.total == D("93.00")
    assert scores.grade == "优"
    assert scores.complete
    leaves_by_name = {leaf.name: (leaf, scores.of(leaf)) for _, leaf in iter_leaves(sample)}
    assert len(leaves_by_name) == 14
    for name, (leaf, result) in leaves_by_name.items():
        if name in SAMPLE_COMPUTED:
            assert result.computed == D(SAMPLE_COMPUTED[name]), name
            assert leaf.score is None, name
            assert result.final == result.computed, name
        else:
            # Undefined for want of inputs, or manual: the filed score stands.
            assert result.computed is None, name
            assert leaf.score is not None, name
            assert result.final == leaf.score, name
    assert sum((scores.of(leaf).final or D(0) for _, leaf in iter_leaves(sample)), D(0)) == D(93)


def test_sample_sentences(sample: Package) -> None:
    scores = score_package(sample)
    process = {leaf.name: scores.of(leaf).process for _, leaf in iter_leaves(sample)}
    assert process["在职人员控制率"] == "7/10×100=70.00%≤100%，计5.00分"
    assert process["重点工作实际完成率"] == "4/4=1.00，8×1.00/1=8.00，计8.00分"
    assert process["行政效能"] == "评定为“效果较好”，计6.00分"
    assert process["资金使用合规性"] == "无不符合要求的情况，计6.00分"
    assert process["管理制度健全性"] == "符合第①②③④项，计2+2+2+2=8.00分"
    assert process["预算控制率"] == "无法计算：缺少本年追加预算，采用填报得分4.00分"
    assert process["“三公经费”变动率"] == "无法计算：除数为零，采用填报得分8.00分"


def test_sample_group_subtotals(sample: Package) -> None:
    scores = score_package(sample)
    for _, node in iter_nodes(sample.indicators.tree):
        if isinstance(node, Group):
            expected = sum((_final_sum(child, scores) for child in node.children), D(0))
            assert scores.groups[node.uid].subtotal == expected
            assert scores.groups[node.uid].complete
    assert sum((scores.groups[n.uid].subtotal for n in sample.indicators.tree), D(0)) == scores.total


def _final_sum(node: Group | Leaf, scores: Scores) -> Decimal:
    if isinstance(node, Leaf):
        return scores.of(node).final or D(0)
    return sum((_final_sum(c, scores) for c in node.children), D(0))


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("0", "差")],
)
def test_grades(total: str, grade: str) -> None:
    assert grade_of(D(total)) == grade


def test_a_changed_staff_count_recomputes_only_its_leaf_and_ancestors(sample: Package) -> None:
    scorer = Scorer(sample)
    path, leaf = iter_leaves(sample)[0]
    assert leaf.name == "在职人员控制率"
    assert scorer.readers_of("staff_actual") == (leaf.uid,)
    sample.overall.staff_actual = 12
    delta = scorer.recompute(overall_fields=["staff_actual"])
    assert list(delta.leaves) == [leaf.uid]
    assert delta.leaves[leaf.uid].computed == D("0.00")
    ancestors = [n.uid for p, n in iter_nodes(sample.indicators.tree) if path.startswith(p + "/")]
    assert sorted(delta.groups) == sorted(ancestors)
    assert (delta.total, delta.grade, delta.total_changed) == (D("88.00"), "良", True)
    # A field no formula reads changes nothing.
    sample.overall.assets_total = D(1)
    unchanged = scorer.recompute(overall_fields=["assets_total"])
    assert (unchanged.leaves, unchanged.groups, unchanged.total_changed) == ({}, {}, False)
    assert unchanged.total == D("88.00")


def test_an_edited_formula_moves_the_leaf_in_the_dependency_index(sample: Package) -> None:
    scorer = Scorer(sample)
    _, leaf = iter_leaves(sample)[0]
    assert leaf.metric is not None
    leaf.metric.formula = "liabilities_total / 10000"
    scorer.recompute(leaf_uids=[leaf.uid])
    assert leaf.uid not in scorer.readers_of("staff_actual")
    assert scorer.readers_of("liabilities_total") == (leaf.uid,)
    sample.overall.staff_actual = 99
    assert scorer.recompute(overall_fields=["staff_actual"]).leaves == {}


def test_unscored_leaves_make_the_total_incomplete() -> None:
    package = Package(year=2020)
    package.indicators.tree = [Group("一", D(10), [Leaf("甲", D(4), score=D(3)), Leaf("乙", D(6))])]
    scores = score_package(package)
    assert (scores.total, scores.complete) == (D("3.00"), False)
    group = package.indicators.tree[0]
    assert scores.groups[group.uid].complete is False


# ---------------------------------------------------------------- properties


def _tree_leaves(nodes: list[Node]) -> list[Leaf]:
    return [n for _, n in iter_nodes(nodes) if isinstance(n, Leaf)]


def _check_consistent(package: Package, scores: Scores) -> None:
    finals = [scores.of(leaf).final for _, leaf in iter_leaves(package)]
    assert scores.total == sum((f for f in finals if f is not None), D(0))
    assert scores.complete == all(f is not None for f in finals)
    assert scores.grade == grade_of(scores.total, package.grades)
    for _, leaf in iter_all_nodes(package):
        if isinstance(leaf, Leaf):
            computed = scores.of(leaf).computed
            if computed is not None:
                assert D(0) <= computed <= max(leaf.weight, D(0))
    for project in package.projects:
        result = scores.of_project(project)
        tree = [scores.of(leaf).final for leaf in _tree_leaves(project.tree)]
        budget = result.budget.final
        assert result.total == sum((f for f in [*tree, budget] if f is not None), D(0))
        assert result.complete == all(f is not None for f in [*tree, budget])
        assert result.grade == grade_of(result.total, package.grades)


@settings(max_examples=150, deadline=None)
@given(packages())
def test_total_is_the_sum_of_finals(package: Package) -> None:
    _check_consistent(package, score_package(package))


@settings(max_examples=30, deadline=None)
@given(packages(max_projects=3))
def test_a_full_score_leaves_no_reference_cycles(package: Package) -> None:
    """Everything a score builds is freed as soon as it is dropped: a result kept alive by a
    reference cycle (once a recursive closure over the build's dicts) waits for a full garbage
    collection, which on a large package costs more than the score itself."""
    score_package(package)  # uids assigned, formulas parsed and cached
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        scores = score_package(package)
        # Every 计算过程 formatted as well.
        assert all(result.process for result in scores.leaves.values())
        assert all(result.budget.process for result in scores.projects.values())
        del scores
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def _snapshot(scores: Scores) -> tuple[dict[int, object], dict[int, object], dict[int, object], Decimal, bool]:
    return dict(scores.leaves), dict(scores.groups), dict(scores.projects), scores.total, scores.complete


@settings(max_examples=120, deadline=None)
@given(packages(max_projects=3), st.data())
def test_incremental_recompute_equals_a_full_score(package: Package, data: st.DataObject) -> None:
    """One change at a time — a leaf of 表3 or of a project, a 表1 field, a figure (read by
    leaves of 表3 and of several projects), a project's budget — recomputed incrementally,
    equals scoring the whole package afresh, and the delta names exactly what moved."""
    # A figure every tree reads, so that one figure edit reaches 表3 and several projects.
    shared = Figure("共用数", "共用数据", "number", D(3))
    package.figures.append(shared)
    for tree in [package.indicators.tree, *(p.tree for p in package.projects)]:
        tree.append(Leaf("读共用数", D(10), metric=Metric("共用数 * 2 + 1"), rule=ProportionalRule(D(10))))
    scorer = Scorer(package)
    for _ in range(data.draw(st.integers(1, 5), label="changes")):
        before_leaves, before_groups, before_projects, before_total, before_complete = _snapshot(scorer.scores)
        all_leaves = [leaf for _, leaf in iter_all_nodes(package) if isinstance(leaf, Leaf)]
        what = data.draw(st.sampled_from(["leaf", "overall", "figure", "budget"]), label="what changes")
        if what == "leaf":
            leaf = data.draw(st.sampled_from(all_leaves), label="leaf")
            _edit_leaf(leaf, data)
            delta = scorer.recompute(leaf_uids=[leaf.uid])
        elif what == "figure":
            figure = data.draw(st.sampled_from(package.figures), label="figure")
            figure.value = data.draw(figure_value(figure.kind), label="value")
            delta = scorer.recompute(figure_keys=[figure.key])
        elif what == "budget" and package.projects:
            project = data.draw(st.sampled_from(package.projects), label="project")
            _edit_budget(project.budget, data)
            delta = scorer.recompute(project_uids=[project.uid])
        else:
            name, value = data.draw(numeric_field_values(), label="表1 field")
            setattr(package.overall, name, value)
            delta = scorer.recompute(overall_fields=[name])
        fresh = score_package(copy.deepcopy(package))
        assert scorer.scores.leaves == fresh.leaves
        assert scorer.scores.groups == fresh.groups
        assert scorer.scores.projects == fresh.projects
        assert (scorer.scores.total, scorer.scores.grade, scorer.scores.complete) == (
            fresh.total,
            fresh.grade,
            fresh.complete,
        )
        # The delta holds exactly what differs from before, nothing more.
        assert delta.leaves == {uid: r for uid, r in fresh.leaves.items() if before_leaves.get(uid) != r}
        assert delta.groups == {uid: r for uid, r in fresh.groups.items() if before_groups.get(uid) != r}
        assert delta.projects == {uid: r for uid, r in fresh.projects.items() if before_projects.get(uid) != r}
        assert delta.total_changed == ((fresh.total, fresh.complete) != (before_total, before_complete))
        assert (delta.total, delta.grade, delta.complete) == (fresh.total, fresh.grade, fresh.complete)
        _check_consistent(package, scorer.scores)


def _edit_budget(budget: Budget, data: st.DataObject) -> None:
    what = data.draw(st.sampled_from(["weight", "score", "line"]), label="budget part")
    if what == "weight":
        budget.weight = data.draw(points, label="weight")
    elif what == "score":
        budget.score = data.draw(st.one_of(st.none(), points), label="score")
    elif budget.lines:
        line = data.draw(st.sampled_from(budget.lines), label="line")
        name = data.draw(st.sampled_from(["initial", "full", "executed"]), label="column")
        setattr(line, name, data.draw(money, label="amount"))


def _edit_leaf(leaf: Leaf, data: st.DataObject) -> None:
    what = data.draw(st.sampled_from(["score", "rule", "weight", "whole"]), label="what")
    if what == "score":
        leaf.score = data.draw(st.one_of(st.none(), points), label="score")
    elif what == "rule":
        leaf.rule = data.draw(rules(), label="rule")
    elif what == "weight":
        leaf.weight = data.draw(points, label="weight")
    else:
        # A new metric may read other names: the dependency index must follow.
        other = data.draw(leaves(), label="replacement")
        leaf.metric, leaf.rule, leaf.score = other.metric, other.rule, other.score
