"""The real 2019 package gives exactly the findings a reviewer would expect of it."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from checks_support import assert_paths_exist, clean, sample

from perfcore import assets
from perfcore.checks import REGISTRY, Finding, run_checks, summary
from perfcore.exchange import dump_json, load_json
from perfcore.model import iter_leaves
from perfcore.scoring import score_package

LEAF = "/indicators/tree/{}/children/{}/children/{}"

EXPECTED = [
    (
        "warning",
        "/overall/expense_total",
        "年度总支出 85.80 万元 ≠ 项目支出 54.78 + 基本支出 31.03 = 85.81 万元（相差 0.01 万元）",
    ),
    (
        "info",
        "/special_funds/0/spent",
        "2019年第一期职业培训资金：执行率 34.60%（实际支出 10.38 万元 / 下达金额 30.00 万元）",
    ),
    (
        "info",
        "/figures/1/value",
        "“三公经费”变动率：除数（上年度“三公经费”预算数）为 0，无法按评价标准核算得分，现采用填报得分 8.00 分",
    ),
    (
        "info",
        "/overall/carryover_prior",
        "预算完成率：缺少上年结转、本年追加预算、年末结余，无法按评价标准核算得分，现采用填报得分 8.00 分",
    ),
    (
        "info",
        "/overall/budget_added",
        "预算控制率：缺少本年追加预算，无法按评价标准核算得分，现采用填报得分 4.00 分",
    ),
    (
        "info",
        "/figures/2/value",
        "公用经费控制率：缺少预算安排公用经费总额，无法按评价标准核算得分，现采用填报得分 5.00 分",
    ),
    (
        "info",
        "/figures/0/value",
        "“三公经费”控制率：除数（本年度“三公经费”预算数）为 0，无法按评价标准核算得分，现采用填报得分 8.00 分",
    ),
    (
        "info",
        "/figures/3/value",
        "政府采购执行率：缺少实际政府采购金额、政府采购预算数，无法按评价标准核算得分，现采用填报得分 6.00 分",
    ),
    (
        "info",
        "/figures/7/value",
        "社会公众或服务对象满意度：缺少满意度，无法按评价标准核算得分，现采用填报得分 10.00 分",
    ),
]


def triples(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.path, f.message) for f in findings]


def test_sample_gives_exactly_the_expected_findings() -> None:
    findings = run_checks(sample())
    assert triples(findings) == EXPECTED
    assert summary(findings) == "共 0 个错误、1 个警告、8 条提示"


def test_demo_package_gives_the_same_findings() -> None:
    assert triples(run_checks(load_json(assets.demo_json()))) == EXPECTED


def test_indicator_findings_stay_under_table3_in_the_indicators_order() -> None:
    findings = run_checks(sample())
    assert [f.form for f in findings] == ["表1", "表2"] + ["表3"] * 7
    # 预算完成率 points at 表1 but is listed where the indicator stands, before 预算控制率.
    assert findings[3].anchor == LEAF.format(1, 0, 0)
    assert findings[4].anchor == LEAF.format(1, 0, 1)


def test_clean_sample_gives_only_the_execution_rate() -> None:
    assert triples(run_checks(clean())) == EXPECTED[1:2]


def test_given_scores_give_the_same_findings() -> None:
    package = sample()
    scores = score_package(package)
    assert run_checks(package, scores) == run_checks(sample())


def test_checks_change_nothing_in_the_package() -> None:
    package = sample()
    before = copy.deepcopy(package)
    run_checks(package)
    assert dump_json(package) == dump_json(before)
    # Not even the uids a Scorer would hand out.
    assert {leaf.uid for _, leaf in iter_leaves(package)} == {0}


def test_every_sample_path_exists_in_the_document() -> None:
    assert assert_paths_exist(sample()) == len(EXPECTED)


def test_findings_are_sorted_errors_first_then_document_order() -> None:
    package = sample()
    package.overall.expense_personnel = Decimal("276600.00")
    package.indicators.tree[2].weight += 1
    package.overall.filled_on = ""
    findings = run_checks(package)
    assert [(f.severity, f.path) for f in findings[:5]] == [
        ("error", "/overall/expense_basic"),
        ("error", "/indicators/tree"),
        ("error", "/indicators/tree/2/weight"),
        ("warning", "/overall/expense_total"),
        ("warning", "/overall/filled_on"),
    ]
    assert {f.severity for f in findings[5:]} == {"info"}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_check_runs_alone(name: str) -> None:
    # Each check is a unit of its own: it can be asked alone and answers in order.
    findings = run_checks(sample(), names=[name])
    assert all(f in run_checks(sample()) for f in findings)
