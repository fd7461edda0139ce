"""The sums 表1 states (年度总收入 = 财政拨款 + 其他收入, …), computed from the parts.

The form shows each computed sum beside the entered total; a file may break a sum (the
2019 original's 85.80 ≠ 54.78 + 31.03 does) and keeps the figures as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfcore.model import Overall, SpecialFund
from perfcore.money import round_half_up

OVERALL_SUMS: dict[str, tuple[str, ...]] = {
    "income_total": ("income_fiscal", "income_other"),
    "expense_total": ("expense_project", "expense_basic"),
    "expense_basic": ("expense_personnel", "expense_public"),
    "three_public_total": ("three_public_vehicle", "three_public_reception", "three_public_abroad"),
    "capital_repair_total": ("capital_repair_items",),
}
"""Each entered total and the fields whose sum it must equal (items: the sum of their amounts)."""


@dataclass(frozen=True)
class Sum:
    field: str
    entered: Decimal | None
    computed: Decimal | None
    """None when a part is unknown: an unknown is never counted as 0."""

    @property
    def differs(self) -> bool:
        return self.entered is not None and self.computed is not None and self.entered != self.computed


def overall_sums(overall: Overall) -> dict[str, Sum]:
    """Every stated sum of 表1, keyed by the total's field name."""
    out: dict[str, Sum] = {}
    for total, parts in OVERALL_SUMS.items():
        values: list[Decimal | None] = []
        for part in parts:
            if part == "capital_repair_items":
                values.extend(item.amount for item in overall.capital_repair_items)
            else:
                values.append(getattr(overall, part))
        computed = (
            None
            if any(v is None for v in values)
            else sum((v for v in values if v is not None), Decimal("0.00"))
        )
        out[total] = Sum(total, getattr(overall, total), computed)
    return out


@dataclass(frozen=True)
class FundFigures:
    items_total: Decimal | None
    """Sum of the itemised lines; None when a line's amount is unknown."""
    execution_rate: Decimal | None
    """执行率 = 实际支出 / 下达金额, in per cent rounded half-up to 0.01; None when undefined."""


def fund_figures(fund: SpecialFund) -> FundFigures:
    amounts = [item.amount for item in fund.items]
    items_total = (
        None
        if any(a is None for a in amounts)
        else sum((a for a in amounts if a is not None), Decimal("0.00"))
    )
    rate = None
    if fund.spent is not None and fund.allocated:
        rate = round_half_up(fund.spent / fund.allocated * 100)
    return FundFigures(items_total, rate)
