"""表1 checks: each tripped by a package that breaks it, silent on one that does not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from checks_support import assert_paths_exist, clean, found, sample

from perfcore.model import Item

D = Decimal


def test_income_total_error_names_figures_and_difference() -> None:
    package = clean()
    package.overall.income_other = D("31800.00")
    assert found(package, "table1.income_total") == [
        (
            "error",
            "/overall/income_total",
            "年度总收入 85.80 万元 ≠ 财政拨款 83.62 + 其他收入 3.18 = 86.80 万元（相差 1.00 万元）",
        )
    ]


def test_income_total_silent_when_it_adds_up() -> None:
    assert found(sample(), "table1.income_total") == []


def test_expense_total_rounding_is_a_warning() -> None:
    assert found(sample(), "table1.expense_total") == [
        (
            "warning",
            "/overall/expense_total",
            "年度总支出 85.80 万元 ≠ 项目支出 54.78 + 基本支出 31.03 = 85.81 万元（相差 0.01 万元）",
        )
    ]
    assert found(clean(), "table1.expense_total") == []


def test_difference_just_above_a_cent_of_wan_is_an_error() -> None:
    package = sample()
    package.overall.expense_project = D("547800.01")
    ((severity, _, message),) = found(package, "table1.expense_total")
    assert severity == "error"
    assert message.endswith("（相差 0.01 万元）")


def test_difference_invisible_in_wan_is_told_in_yuan() -> None:
    package = clean()
    package.overall.expense_basic = D("310330.00")
    package.overall.expense_public = D("32730.00")
    assert found(package, "table1.expense_total") == [
        (
            "warning",
            "/overall/expense_total",
            "年度总支出 858,000.00 元 ≠ 项目支出 547,700.00 + 基本支出 310,330.00 = 858,030.00 元（相差 30.00 元）",
        )
    ]


def test_part_too_small_for_wan_turns_the_message_to_yuan() -> None:
    package = clean()
    package.overall.three_public_total = D("0.00")
    package.overall.three_public_reception = D("30.00")
    # 公务接待费 0.00 万元 would hide the very figure that breaks the sum.
    assert found(package, "table1.three_public_total") == [
        (
            "warning",
            "/overall/three_public_total",
            "三公经费 0.00 元 ≠ 公车购置和维护费 0.00 + 公务接待费 30.00 + 出国经费 0.00 = 30.00 元（相差 30.00 元）",
        )
    ]


def test_blank_part_is_not_taken_for_zero() -> None:
    package = clean()
    package.overall.expense_basic = None
    # 基本支出 blank: 年度总支出 cannot be verified (an info), and 基本支出 itself is not checked.
    assert found(package, "table1.expense_total", "table1.expense_basic") == [
        ("info", "/overall/expense_basic", "基本支出未填，年度总支出无法核对"),
    ]


def test_blank_total_is_not_checked() -> None:
    package = clean()
    package.overall.expense_total = None
    assert found(package, "table1.expense_total") == []


def test_expense_basic_sum() -> None:
    package = clean()
    package.overall.expense_personnel = D("267600.00")
    package.overall.expense_total = D("848000.00")
    package.overall.expense_basic = D("310300.00")
    package.overall.expense_project = D("537700.00")
    assert found(package, "table1.expense_basic") == [
        (
            "error",
            "/overall/expense_basic",
            "基本支出 31.03 万元 ≠ 人员支出 26.76 + 公用经费 3.27 = 30.03 万元（相差 1.00 万元）",
        )
    ]
    assert found(clean(), "table1.expense_basic") == []


def test_three_public_sum_of_three_parts() -> None:
    package = clean()
    package.overall.three_public_total = D("10000.00")
    package.overall.three_public_vehicle = D("5000.00")
    package.overall.three_public_reception = D("3000.00")
    package.overall.three_public_abroad = D("1000.00")
    assert found(package, "table1.three_public_total") == [
        (
            "error",
            "/overall/three_public_total",
            "三公经费 1.00 万元 ≠ 公车购置和维护费 0.50 + 公务接待费 0.30 + 出国经费 0.10 = 0.90 万元（相差 0.10 万元）",
        )
    ]
    package.overall.three_public_abroad = D("2000.00")
    assert found(package, "table1.three_public_total") == []


def test_capital_repair_items_must_add_up() -> None:
    package = clean()
    package.overall.capital_repair_total = D("50000.00")
    package.overall.capital_repair_items = [Item("办公楼屋面防水", D("30000.00")), Item("围墙维修", D("10000.00"))]
    assert found(package, "table1.capital_repair_total") == [
        (
            "error",
            "/overall/capital_repair_total",
            "基建维修支出 5.00 万元 ≠ 基建维修项目 3.00 + 1.00 = 4.00 万元（相差 1.00 万元）",
        )
    ]
    package.overall.capital_repair_items[1].amount = D("20000.00")
    assert found(package, "table1.capital_repair_total") == []


def test_capital_repair_blank_item_amount() -> None:
    package = clean()
    package.overall.capital_repair_total = D("50000.00")
    package.overall.capital_repair_items = [Item("办公楼屋面防水", D("30000.00")), Item("围墙维修", None)]
    assert found(package, "table1.capital_repair_total") == [
        (
            "info",
            "/overall/capital_repair_items/1/amount",
            "基建维修项目“围墙维修”的金额未填，基建维修支出无法核对",
        )
    ]
    assert_paths_exist(package)


def test_capital_repair_without_items() -> None:
    package = clean()
    package.overall.capital_repair_total = D("50000.00")
    assert found(package, "table1.capital_repair_total") == [
        ("warning", "/overall/capital_repair_items", "基建维修支出 5.00 万元，未列出具体项目和金额"),
    ]
    # The sample's 0 万元 with no items is what the form expects.
    assert found(sample(), "table1.capital_repair_total") == []


def test_negative_money_in_table1() -> None:
    package = clean()
    package.overall.balance_year_end = D("-5000.00")
    package.overall.capital_repair_items = [Item("", D("-20.00"))]
    assert found(package, "table1.negative_money") == [
        ("error", "/overall/balance_year_end", "年末结余 -0.50 万元为负数，金额不能小于零"),
        ("error", "/overall/capital_repair_items/0/amount", "基建维修项目第1项金额 -20.00 元为负数，金额不能小于零"),
    ]
    assert found(sample(), "table1.negative_money") == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("staff_actual", -1, "年末职工人数 -1 人为负数，人数不能小于零"),
        ("staff_quota", -3, "人员编制 -3 人为负数，人数不能小于零"),
        ("staff_quota", 0, "人员编制为 0 人，请按机构编制部门核定的编制数填写（在职人员控制率以编制数为除数）"),
    ],
)
def test_staff_counts(field: str, value: int, message: str) -> None:
    package = clean()
    setattr(package.overall, field, value)
    assert found(package, "table1.staff_counts") == [("error", f"/overall/{field}", message)]


def test_staff_counts_silent_on_sample_and_when_blank() -> None:
    assert found(sample(), "table1.staff_counts") == []
    package = clean()
    package.overall.staff_quota = None
    assert found(package, "table1.staff_counts") == []
