"""表2 专项资金绩效自评报告, each fund: its 支出明细, its 下达金额 and 实际支出.

下达金额 and 实际支出 are cited in 万元, the 支出明细 in 元 as the form prints them. The
items must add up to 实际支出 to the 分: there is no rounding between figures in 元.
Each message starts with the fund's name, since a package may carry several funds.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, Part, check, shown, sum_check, unit_to_tell_apart
from perfcore.labels import FUND_LABELS
from perfcore.lazy_text import LazyText
from perfcore.model import FUND_MONEY_FIELDS, SpecialFund
from perfcore.money import round_half_up


def fund_label(fund: SpecialFund, index: int) -> str:
    return fund.name.strip() or f"第{index + 1}项专项资金"


@check("table2.items_total")
def items_total(ctx: Context) -> Iterator[Finding]:
    """支出明细 add up to 实际支出."""
    for i, fund in enumerate(ctx.package.special_funds):
        base = f"/special_funds/{i}"
        subject = fund_label(fund, i)
        if not fund.items:
            if fund.spent is not None and fund.spent > 0:
                unit = unit_to_tell_apart(fund.spent, Decimal(0))
                yield Finding("warning", f"{base}/items", f"{subject}：实际支出 {shown(fund.spent, unit)} {unit}，未列支出明细")
            continue
        parts = [Part("", f"{base}/items/{j}/amount", item.amount, f"第{j + 1}项") for j, item in enumerate(fund.items)]
        found = sum_check(
            "实际支出",
            f"{base}/spent",
            fund.spent,
            parts,
            prefix="支出明细 ",
            unit="元",
            tolerance=Decimal(0),
            subject=subject,
            blank="支出明细{}的金额",
        )
        if found:
            yield found


@check("table2.overspent")
def overspent(ctx: Context) -> Iterator[Finding]:
    """实际支出 above 下达金额."""
    for i, fund in enumerate(ctx.package.special_funds):
        if fund.spent is None or fund.allocated is None or fund.spent <= fund.allocated:
            continue
        unit = unit_to_tell_apart(fund.spent, fund.allocated)
        yield Finding(
            "warning",
            f"/special_funds/{i}/spent",
            f"{fund_label(fund, i)}：实际支出 {shown(fund.spent, unit)} {unit}超过下达金额 {shown(fund.allocated, unit)} {unit}"
            f"（超出 {shown(fund.spent - fund.allocated, unit)} {unit}）",
        )


@check("table2.execution_rate")
def execution_rate(ctx: Context) -> Iterator[Finding]:
    """执行率 = 实际支出 / 下达金额, reported for the officer to quote in the text."""
    for i, fund in enumerate(ctx.package.special_funds):
        if fund.spent is None or fund.allocated is None or fund.allocated <= 0:
            continue
        message = LazyText((_rate_text, fund_label(fund, i), fund.spent, fund.allocated))
        yield Finding("info", f"/special_funds/{i}/spent", message)


def _rate_text(fund: str, spent: Decimal, allocated: Decimal) -> str:
    rate = round_half_up(spent / allocated * 100)
    unit = unit_to_tell_apart(spent, allocated)
    return f"{fund}：执行率 {rate:z.2f}%（实际支出 {shown(spent, unit)} {unit} / 下达金额 {shown(allocated, unit)} {unit}）"


@check("table2.negative_money")
def negative_money(ctx: Context) -> Iterator[Finding]:
    for i, fund in enumerate(ctx.package.special_funds):
        subject = fund_label(fund, i)
        for name in FUND_MONEY_FIELDS:
            label = FUND_LABELS[name]
            value: Decimal | None = getattr(fund, name)
            if value is not None and value < 0:
                unit = unit_to_tell_apart(value, Decimal(0))
                yield Finding("error", f"/special_funds/{i}/{name}", f"{subject}：{label} {shown(value, unit)} {unit}为负数，金额不能小于零")
        for j, item in enumerate(fund.items):
            if item.amount is not None and item.amount < 0:
                yield Finding(
                    "error",
                    f"/special_funds/{i}/items/{j}/amount",
                    f"{subject}：支出明细第{j + 1}项金额 {shown(item.amount, '元')} 元为负数，金额不能小于零",
                )
