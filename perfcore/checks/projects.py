"""项目支出绩效自评表: each project's weights, its budget block and its 执行率.

Where findings point:

- budget weight + level-1 weights of the tree ≠ 100: the project (``/projects/N``);
- an entered budget score outside [0, weight], or none where 执行率 cannot be computed:
  ``…/budget/score``; an entered score that differs from the computed one: the same;
- a line whose 全年执行数 exceeds its 全年预算数: that line's ``…/executed``;
- 执行率 below 90 % with neither 实际完成情况 nor 自评结论 saying why: ``…/conclusion``.

A group's weight against its children's, and every leaf's score, are checked by the 表3
checks, which walk each project's tree too.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import (
    Context,
    Finding,
    check,
    node_label,
    points,
    project_label,
    shown,
    unit_to_tell_apart,
)
from perfcore.money import format_points, round_half_up
from perfcore.scoring import score_budget

FULL_MARKS = Decimal(100)
LOW_EXECUTION = Decimal("0.9")
_MOST_TERMS = 8


@check("projects.total_weight")
def total_weight(ctx: Context) -> Iterator[Finding]:
    """预算执行率 weight + the tree's level-1 weights add up to 100."""
    for i, project in enumerate(ctx.package.projects):
        parts = [("预算执行率", project.budget.weight)] + [(node_label(n, 1), n.weight) for n in project.tree]
        added = sum((w for _, w in parts), Decimal(0))
        if added == FULL_MARKS:
            continue
        if len(parts) > _MOST_TERMS:
            terms = f"{len(parts)} 项合计 {points(added)}"
        else:
            terms = " + ".join(f"{name} {points(w)}" for name, w in parts) + f" = {points(added)}"
        yield Finding(
            "error",
            f"/projects/{i}",
            f"{project_label(project, i)}：分值合计 {terms}，应为 100（相差 {points(abs(FULL_MARKS - added))} 分）",
        )


@check("projects.budget_score")
def budget_score(ctx: Context) -> Iterator[Finding]:
    """The 预算执行率 score: entered within [0, weight], present, and as the 执行率 gives."""
    for i, project in enumerate(ctx.package.projects):
        budget = project.budget
        label = f"{project_label(project, i)}预算执行率"
        path = f"/projects/{i}/budget/score"
        result = score_budget(budget)
        entered = budget.score
        if entered is not None and not Decimal(0) <= entered <= budget.weight:
            yield Finding("error", path, f"{label}：得分 {format_points(entered)} 分不在 0～{points(budget.weight)} 分之间")
        elif result.final is None:
            yield Finding("error", path, f"{label}：得分空缺（{result.process.split('，')[0]}），请补全资金数据或直接填写得分")
        elif entered is not None and result.computed is not None and entered != result.computed:
            yield Finding(
                "warning",
                path,
                f"{label}：填报得分 {format_points(entered)} 分与按执行率计算的 {format_points(result.computed)} 分不一致",
            )


@check("projects.overspent_lines")
def overspent_lines(ctx: Context) -> Iterator[Finding]:
    """全年执行数 above 全年预算数 on a line of funds."""
    for i, project in enumerate(ctx.package.projects):
        for j, line in enumerate(project.budget.lines):
            if line.full is None or line.executed is None or line.executed <= line.full:
                continue
            name = line.label.strip() or f"第{j + 1}行资金"
            over = line.executed - line.full
            # An overrun of a few yuan would read "0.00 万元 超过 0.00 万元": then show yuan.
            unit = unit_to_tell_apart(line.executed, line.full, over)
            yield Finding(
                "warning",
                f"/projects/{i}/budget/lines/{j}/executed",
                f"{project_label(project, i)}：{name}全年执行数 {shown(line.executed, unit)} {unit}超过全年预算数 "
                f"{shown(line.full, unit)} {unit}（超出 {shown(over, unit)} {unit}）",
            )


def _explains_execution(text: str) -> bool:
    return "执行" in text


@check("projects.low_execution")
def low_execution(ctx: Context) -> Iterator[Finding]:
    """执行率 below 90 % that neither 实际完成情况 nor 自评结论 explains."""
    for i, project in enumerate(ctx.package.projects):
        rate = score_budget(project.budget).rate
        if rate is None or rate >= LOW_EXECUTION:
            continue
        if _explains_execution(project.goals.actual) or _explains_execution(project.conclusion):
            continue
        yield Finding(
            "info",
            f"/projects/{i}/conclusion",
            f"{project_label(project, i)}：预算执行率 {round_half_up(rate * 100):.2f}% 低于 90%，"
            "请在实际完成情况或自评结论中说明原因",
            f"/projects/{i}/budget",
        )
