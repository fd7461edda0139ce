"""Between the forms: the 表2 funds are project spending, so together they fit in 表1's 项目支出."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, check, shown, unit_to_tell_apart


@check("cross.funds_within_project_spending")
def funds_within_project_spending(ctx: Context) -> Iterator[Finding]:
    funds = ctx.package.special_funds
    project = ctx.package.overall.expense_project
    spent = [f.spent for f in funds]
    # A blank 实际支出 is unknown; the sum would be a guess. The fund's own checks show it.
    if not funds or project is None or any(s is None for s in spent):
        return
    total = sum((s for s in spent if s is not None), Decimal(0))
    if total <= project:
        return
    unit = unit_to_tell_apart(total, project)
    yield Finding(
        "warning",
        "/overall/expense_project",
        f"表2 专项资金实际支出合计 {shown(total, unit)} {unit}（{len(funds)} 项）超过表1 项目支出 "
        f"{shown(project, unit)} {unit}（超出 {shown(total - project, unit)} {unit}），专项资金支出应计入项目支出",
    )
