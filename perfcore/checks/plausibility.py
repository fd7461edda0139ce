"""Figures that are possible but not plausible: most often a slip of unit (元 typed as 万元).

Every amount is typed in 万元. Someone used to 元 who types ``850000`` for 85 万元 stores
85 亿元; a rate built on such a figure runs into thousands of per cent. Neither is an error
(no rule forbids it), so both are warnings that name the figure and the likely slip.

``plausibility.money_scale``: an amount is compared with its neighbours, the median of the
package's other amounts (表1's income and spending figures and the money figures of 基础数据;
资产总额 and 负债总额 are stock figures that can rightly be far larger, so they are neither judged
nor neighbours). 1,000 times the median or more → warning at the figure; for a 基础数据
figure also 1/1,000 of the median or less (表1's small heads such as 公务接待费 can rightly be
that small). At least three neighbours are needed for a median worth the name.

``plausibility.rate``: a computed rate (a metric whose unit is %) above 200 % → warning at
the formula, naming its figures and their values.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, check
from perfcore.model import OVERALL_MONEY_FIELDS
from perfcore.money import WAN, format_number, format_wan
from perfcore.rules import figure_label, is_money, parse_formula, uses_metric

SCALE = Decimal(1000)
"""How far from its neighbours an amount must be to look like a slip of 元 and 万元 (× 10,000)."""
MIN_NEIGHBOURS = 3
RATE_LIMIT = Decimal(200)
"""Per cent: a rate above it is rare enough in a self-evaluation to ask for a second look."""
_STOCKS = frozenset({"assets_total", "liabilities_total"})


def _amounts(ctx: Context) -> list[tuple[str, str, Decimal, bool]]:
    """(pointer, label, yuan, is a figure) of every known, non-zero amount judged here."""
    overall = ctx.package.overall
    out: list[tuple[str, str, Decimal, bool]] = []
    for name in OVERALL_MONEY_FIELDS:
        value = getattr(overall, name)
        if name not in _STOCKS and value:
            out.append((f"/overall/{name}", figure_label(name, {}), abs(value), False))
    for i, figure in enumerate(ctx.package.figures):
        if figure.kind == "money" and figure.value:
            out.append((f"/figures/{i}/value", figure.label, abs(Decimal(figure.value)), True))
    return out


@check("plausibility.money_scale")
def money_scale(ctx: Context) -> Iterator[Finding]:
    amounts = _amounts(ctx)
    for i, (path, label, yuan, is_figure) in enumerate(amounts):
        neighbours = [a[2] for j, a in enumerate(amounts) if j != i]
        if len(neighbours) < MIN_NEIGHBOURS:
            return
        median = statistics.median(neighbours)
        head = f"{label} {format_wan(yuan)} 万元"
        if yuan >= median * SCALE:
            times = format_number((yuan / median).quantize(Decimal(1)))
            as_yuan = yuan / WAN  # what was typed, read as 元
            yield Finding(
                "warning",
                path,
                f"{head}，是本报告其他金额（中位数 {format_wan(median)} 万元）的 {times} 倍，"
                f"可能把以元计的金额当作万元填写：如实为 {format_number(as_yuan)} 元，应填 {format_wan(as_yuan)} 万元",
            )
        elif is_figure and yuan * SCALE <= median:
            times = format_number((median / yuan).quantize(Decimal(1)))
            yield Finding(
                "warning",
                path,
                f"{head}，仅为本报告其他金额（中位数 {format_wan(median)} 万元）的 {times} 分之一，"
                f"可能把以万元计的金额当作元填写：如实为 {format_number(yuan)} 万元，应填 {format_number(yuan)}",
            )


@check("plausibility.rate")
def rate(ctx: Context) -> Iterator[Finding]:
    overall = ctx.package.overall
    for entry in ctx.leaves:
        leaf, value = entry.leaf, entry.result.value
        if leaf.metric is None or leaf.metric.unit.strip() != "%" or not uses_metric(leaf):
            continue
        if value is None or value <= RATE_LIMIT:
            continue
        figures = []
        for name in parse_formula(leaf.metric.formula).names:
            known = ctx.figures[name].value if name in ctx.figures else getattr(overall, name, None)
            if known is None:
                continue
            if is_money(name, ctx.figures):
                figures.append(f"{figure_label(name, ctx.figures)} {format_wan(Decimal(known))} 万元")
            else:
                figures.append(f"{figure_label(name, ctx.figures)} {format_number(known)}")
        used = f"（{'、'.join(figures)}）" if figures else ""
        yield Finding(
            "warning",
            f"{entry.path}/metric/formula",
            f"{entry.label}：计算值 {value:z.2f}% 超过 {format_number(RATE_LIMIT)}%，"
            f"请核对公式所用数据{used}的单位是否有误（金额均应以万元填写）",
            entry.path,
        )
