"""Every finding points at a value that exists in the exchange document, whatever the package."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import strategies as generated
from checks_support import assert_paths_exist, resolve, sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.checks import SEVERITIES, run_checks
from perfcore.exchange import dump_json, package_to_doc
from perfcore.model import (
    OVERALL_MONEY_FIELDS,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    Group,
    Item,
    Package,
    iter_leaves,
    iter_nodes,
)

SAMPLE = sample()

money = st.one_of(
    st.none(),
    st.decimals(min_value=-1_000_000, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("0.00"), Decimal("-0.01"), Decimal("0.30")]),
)
figure = st.one_of(st.none(), st.sampled_from([Decimal(0), Decimal(1), Decimal("85.5"), Decimal(-3)]))
score = st.one_of(st.none(), st.decimals(min_value=-2, max_value=15, places=2, allow_nan=False, allow_infinity=False))
weight = st.sampled_from([Decimal(0), Decimal(5), Decimal(8), Decimal("13.5"), Decimal(30)])
text = st.sampled_from(["", "无", "暂无。", "  ", "一是资金到位晚。", "2020-07-10", "2019-12-31", "2020-13-01", "x"])
count = st.one_of(st.none(), st.integers(min_value=-3, max_value=12))


@st.composite
def packages(draw: st.DrawFn) -> Package:
    package = copy.deepcopy(SAMPLE)
    overall = package.overall
    for name in draw(st.lists(st.sampled_from(OVERALL_MONEY_FIELDS), max_size=6)):
        setattr(overall, name, draw(money))
    overall.staff_actual = draw(count)
    overall.staff_quota = draw(count)
    overall.capital_repair_items = [Item(draw(text), draw(money)) for _ in range(draw(st.integers(0, 3)))]
    overall.problems = draw(text)
    overall.improvements = draw(text)
    overall.filled_on = draw(text)
    funds = package.special_funds
    if draw(st.booleans()):
        funds.append(copy.deepcopy(funds[0]))
    for fund in funds:
        fund.name = draw(st.sampled_from(["", fund.name]))
        fund.allocated = draw(money)
        fund.spent = draw(money)
        fund.items = [Item(draw(text), draw(money)) for _ in range(draw(st.integers(0, 3)))]
        fund.filled_on = draw(text)
    for _, node in iter_nodes(package.indicators.tree):
        if draw(st.integers(0, 4)) == 0:
            node.weight = draw(weight)
        if isinstance(node, Group) and draw(st.integers(0, 6)) == 0:
            node.children = []
    for item in package.figures:
        if item.kind != "count" and draw(st.booleans()):
            item.value = draw(figure)
    if draw(st.booleans()):
        package.forms = ["overall", "special_funds", "indicators", "projects", "figures"]
        package.projects = draw(st.lists(generated.projects(), max_size=2))
    for _, leaf in iter_leaves(package):
        leaf.score = draw(score)
        rule = leaf.rule
        rule.on_undefined = draw(st.sampled_from(["manual", "full", "zero"]))
        if isinstance(rule, ChoiceRule):
            rule.selected = draw(st.sampled_from([None, "一般", "不存在的档次"]))
        elif isinstance(rule, ChecklistRule):
            for item in rule.items:
                item.met = draw(st.sampled_from([None, True, False]))
        elif isinstance(rule, DeductCountRule):
            rule.count = draw(count)
    return package


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages())
def test_every_finding_path_exists_and_the_list_is_ordered(package: Package) -> None:
    before = dump_json(package)
    findings = run_checks(package)
    assert dump_json(package) == before
    doc = package_to_doc(package)
    for finding in findings:
        resolve(doc, finding.path)
        resolve(doc, finding.anchor)
        assert_no_none_shown(finding.message, doc)
    ranks = [SEVERITIES.index(f.severity) for f in findings]
    assert ranks == sorted(ranks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated.packages())
def test_every_finding_of_a_generated_package_points_into_its_document(package: Package) -> None:
    # Generated packages have figures, projects, grades and forms of every kind.
    doc = package_to_doc(package)
    for finding in run_checks(package):
        resolve(doc, finding.path)
        resolve(doc, finding.anchor)
        assert_no_none_shown(finding.message, doc)


def assert_no_none_shown(message: str, doc: object) -> None:
    """No unknown value printed as ``None``; unless the clerk typed "None" somewhere (a
    generated budget line was once labelled so), which the message may then quote."""
    assert message
    if "None" in message:
        assert "None" in json.dumps(doc, ensure_ascii=False), message


def test_paths_of_a_package_broken_everywhere() -> None:
    package = sample()
    package.overall.expense_total = Decimal("-1.00")
    package.overall.staff_quota = 0
    package.overall.capital_repair_items = [Item("维修", None)]
    package.overall.capital_repair_total = Decimal("100.00")
    package.special_funds[0].items[1].amount = None
    package.indicators.tree[0].children[0].weight = Decimal(12)
    for _, leaf in iter_leaves(package):
        leaf.score = Decimal(20)
    assert assert_paths_exist(package) > 20
