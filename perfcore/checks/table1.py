"""表1 整体支出绩效自评报告: the sums the form states, negative money, staff counts.

Money is cited in 万元 as the form prints it; a difference of at most 0.01 万元 is a
warning (the figures were most likely rounded one by one), anything more an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, Part, check, shown, sum_check, unit_to_tell_apart
from perfcore.labels import OVERALL_LABELS
from perfcore.model import OVERALL_MONEY_FIELDS, Item, Overall
from perfcore.sums import OVERALL_SUMS


def _field_sum(overall: Overall, total: str, parts: tuple[str, ...]) -> Finding | None:
    return sum_check(
        OVERALL_LABELS[total],
        f"/overall/{total}",
        getattr(overall, total),
        [Part(OVERALL_LABELS[p], f"/overall/{p}", getattr(overall, p)) for p in parts],
    )


def _register_field_sum(total: str, parts: tuple[str, ...]) -> None:
    """One named check per sum the form states, from the one table of them in perfcore.sums."""

    def field_sum(ctx: Context) -> Iterator[Finding]:
        found = _field_sum(ctx.package.overall, total, parts)
        if found:
            yield found

    field_sum.__doc__ = f"{OVERALL_LABELS[total]} = " + " + ".join(OVERALL_LABELS[p] for p in parts)
    field_sum.__name__ = total
    check(f"table1.{total}")(field_sum)


for _total, _parts in OVERALL_SUMS.items():
    if _parts != ("capital_repair_items",):  # the items are a list, checked below
        _register_field_sum(_total, _parts)


def _item_label(items: list[Item], i: int) -> str:
    name = items[i].name.strip()
    return f"“{name}”" if name else f"第{i + 1}项"


@check("table1.capital_repair_total")
def capital_repair_total(ctx: Context) -> Iterator[Finding]:
    """基建维修支出 = the sum of 基建维修项目; the form asks for each project and its amount."""
    overall = ctx.package.overall
    total = overall.capital_repair_total
    items = overall.capital_repair_items
    label = OVERALL_LABELS["capital_repair_total"]
    if not items:
        if total is not None and total > 0:
            unit = unit_to_tell_apart(total, Decimal(0))
            yield Finding(
                "warning",
                "/overall/capital_repair_items",
                f"{label} {shown(total, unit)} {unit}，未列出具体项目和金额",
            )
        return
    parts = [
        Part("", f"/overall/capital_repair_items/{i}/amount", item.amount, _item_label(items, i))
        for i, item in enumerate(items)
    ]
    found = sum_check(
        label, "/overall/capital_repair_total", total, parts, prefix="基建维修项目 ", blank="基建维修项目{}的金额"
    )
    if found:
        yield found


@check("table1.negative_money")
def negative_money(ctx: Context) -> Iterator[Finding]:
    overall = ctx.package.overall
    for name in OVERALL_MONEY_FIELDS:
        value: Decimal | None = getattr(overall, name)
        if value is not None and value < 0:
            unit = unit_to_tell_apart(value, Decimal(0))
            yield Finding("error", f"/overall/{name}", f"{OVERALL_LABELS[name]} {shown(value, unit)} {unit}为负数，金额不能小于零")
    items = overall.capital_repair_items
    for i, item in enumerate(items):
        if item.amount is not None and item.amount < 0:
            unit = unit_to_tell_apart(item.amount, Decimal(0))
            yield Finding(
                "error",
                f"/overall/capital_repair_items/{i}/amount",
                f"基建维修项目{_item_label(items, i)}金额 {shown(item.amount, unit)} {unit}为负数，金额不能小于零",
            )


@check("table1.staff_counts")
def staff_counts(ctx: Context) -> Iterator[Finding]:
    overall = ctx.package.overall
    for name in ("staff_actual", "staff_quota"):
        value: int | None = getattr(overall, name)
        if value is not None and value < 0:
            yield Finding("error", f"/overall/{name}", f"{OVERALL_LABELS[name]} {value} 人为负数，人数不能小于零")
    if overall.staff_quota == 0:
        yield Finding(
            "error",
            "/overall/staff_quota",
            "人员编制为 0 人，请按机构编制部门核定的编制数填写（在职人员控制率以编制数为除数）",
        )
    actual, quota = overall.staff_actual, overall.staff_quota
    if actual is not None and quota and actual > quota > 0:
        yield Finding(
            "warning",
            "/overall/staff_actual",
            f"{OVERALL_LABELS['staff_actual']} {actual} 人超过{OVERALL_LABELS['staff_quota']} {quota} 人"
            "（在职人员控制率超过 100%），请核对",
        )
