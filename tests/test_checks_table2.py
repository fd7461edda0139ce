"""表2 checks per fund, and the check across 表1 and 表2."""

from __future__ import annotations

import copy
from decimal import Decimal

from checks_support import assert_paths_exist, clean, found, sample

from perfcore.model import Item

D = Decimal
FUND = "2019年第一期职业培训资金"


def test_items_must_add_up_to_the_cent() -> None:
    package = clean()
    package.special_funds[0].items[1].amount = D("24599.99")
    assert found(package, "table2.items_total") == [
        (
            "error",
            "/special_funds/0/spent",
            f"{FUND}：实际支出 103,800.00 元 ≠ 支出明细 79,200.00 + 24,599.99 = 103,799.99 元（相差 0.01 元）",
        )
    ]


def test_items_silent_when_they_add_up() -> None:
    assert found(sample(), "table2.items_total") == []


def test_blank_item_amount_is_not_zero() -> None:
    package = clean()
    package.special_funds[0].items.append(Item("资料印制", None))
    assert found(package, "table2.items_total") == [
        ("info", "/special_funds/0/items/2/amount", f"{FUND}：支出明细第3项的金额未填，实际支出无法核对"),
    ]


def test_several_blank_items_are_named_once() -> None:
    package = clean()
    package.special_funds[0].items[0].amount = None
    package.special_funds[0].items.append(Item("资料印制", None))
    assert found(package, "table2.items_total") == [
        ("info", "/special_funds/0/items/0/amount", f"{FUND}：支出明细第1项、第3项的金额未填，实际支出无法核对"),
    ]


def test_spending_without_items() -> None:
    package = clean()
    package.special_funds[0].items = []
    assert found(package, "table2.items_total") == [
        ("warning", "/special_funds/0/items", f"{FUND}：实际支出 10.38 万元，未列支出明细"),
    ]
    package.special_funds[0].spent = D("0.00")
    assert found(package, "table2.items_total") == []


def test_overspent_is_a_warning() -> None:
    package = clean()
    package.special_funds[0].allocated = D("100000.00")
    assert found(package, "table2.overspent") == [
        (
            "warning",
            "/special_funds/0/spent",
            f"{FUND}：实际支出 10.38 万元超过下达金额 10.00 万元（超出 0.38 万元）",
        )
    ]
    assert found(sample(), "table2.overspent") == []


def test_execution_rate_is_reported() -> None:
    assert found(sample(), "table2.execution_rate") == [
        ("info", "/special_funds/0/spent", f"{FUND}：执行率 34.60%（实际支出 10.38 万元 / 下达金额 30.00 万元）"),
    ]


def test_execution_rate_needs_both_figures_and_an_allocation() -> None:
    for field, value in (("spent", None), ("allocated", None), ("allocated", D("0.00"))):
        package = clean()
        setattr(package.special_funds[0], field, value)
        assert found(package, "table2.execution_rate") == []


def test_unnamed_fund_is_cited_by_position() -> None:
    package = clean()
    second = copy.deepcopy(package.special_funds[0])
    second.name = " "
    second.allocated = D("50000.00")
    second.spent = D("25000.00")
    second.items = [Item("", D("25000.00"))]
    package.special_funds.append(second)
    assert found(package, "table2.execution_rate")[1] == (
        "info",
        "/special_funds/1/spent",
        "第2项专项资金：执行率 50.00%（实际支出 2.50 万元 / 下达金额 5.00 万元）",
    )


def test_negative_money_in_funds() -> None:
    package = clean()
    package.special_funds[0].allocated = D("-300000.00")
    package.special_funds[0].items[0].amount = D("-79200.00")
    assert found(package, "table2.negative_money") == [
        ("error", "/special_funds/0/allocated", f"{FUND}：下达金额 -30.00 万元为负数，金额不能小于零"),
        ("error", "/special_funds/0/items/0/amount", f"{FUND}：支出明细第1项金额 -79,200.00 元为负数，金额不能小于零"),
    ]
    assert found(sample(), "table2.negative_money") == []
    assert_paths_exist(package)


# ---------------------------------------------------------------- across the forms


def test_funds_above_project_spending() -> None:
    package = clean()
    second = copy.deepcopy(package.special_funds[0])
    second.spent = D("450000.00")
    package.special_funds.append(second)
    assert found(package, "cross.funds_within_project_spending") == [
        (
            "warning",
            "/overall/expense_project",
            "表2 专项资金实际支出合计 55.38 万元（2 项）超过表1 项目支出 54.77 万元（超出 0.61 万元），专项资金支出应计入项目支出",
        )
    ]


def test_funds_within_project_spending_silent() -> None:
    assert found(sample(), "cross.funds_within_project_spending") == []


def test_funds_cross_check_skips_unknown_figures() -> None:
    package = clean()
    package.overall.expense_project = D("1000.00")
    assert found(package, "cross.funds_within_project_spending") != []
    package.special_funds[0].spent = None
    assert found(package, "cross.funds_within_project_spending") == []
    package = clean()
    package.overall.expense_project = None
    assert found(package, "cross.funds_within_project_spending") == []
