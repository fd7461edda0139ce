"""A project's 预算执行率 block explained: 执行率 = Σ全年执行数 / Σ全年预算数 gives its 10 points.

Each line's 全年执行数 that would give the full weight (the other lines unchanged) is found
the way a leaf's figure is: edges from the rule, pieces judged by ``score_budget`` itself.
"""

from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal

from perfcore.explain import solve
from perfcore.explain.leaves import HALF_CENT, full_points
from perfcore.explain.model import Hint, Loss
from perfcore.model import Budget, Project
from perfcore.money import WAN, format_number, format_wan, plain, round_half_up
from perfcore.scoring import BudgetResult, score_budget

_HUNDRED_YUAN = WAN / 100
_WIDE = decimal.Context(prec=40, Emax=999_999, Emin=-999_999)


def _pts(value: Decimal) -> str:
    return format_number(round_half_up(value))


def _line_hint(path: str, budget: Budget, index: int, top: Decimal) -> Hint | None:
    line = budget.lines[index]

    def full(x: Decimal) -> bool:
        lines = list(budget.lines)
        lines[index] = dataclasses.replace(line, executed=x)
        computed = score_budget(dataclasses.replace(budget, lines=lines, score=None)).computed
        return computed is not None and computed >= top

    breaks: list[Decimal | None] = [Decimal(0)]
    known = [other for j, other in enumerate(budget.lines) if j != index]
    if budget.weight > 0 and line.full is not None and all(o.full is not None and o.executed is not None for o in known):
        total_full = sum((o.full or Decimal(0) for o in budget.lines), Decimal(0))
        others = sum((o.executed or Decimal(0) for o in known), Decimal(0))
        with decimal.localcontext(_WIDE):
            breaks.append((top - HALF_CENT) / budget.weight * total_full - others)
    spans = solve.full_spans(full, breaks, Decimal(0))
    answer = solve.answer(spans, full, _HUNDRED_YUAN, Decimal(0), line.executed)
    label = f"{line.label or f'第{index + 1}项资金'}全年执行数"
    pointer = f"{path}/lines/{index}/executed"
    if answer is None:
        if line.executed is None:
            return Hint(pointer, label, "missing", None, "万元", f"请填写{label}", kind="money")
        return None
    value = format_wan(answer.near)
    sign = {">=": "≥", "<=": "≤", "=": "="}.get(answer.relation, "≥")
    return Hint(
        pointer, label, answer.relation, value, "万元", f"{label} {sign} {value} 万元", kind="money",
        target=plain(answer.near.quantize(Decimal("0.01"))), settable=True,
    )


def budget_loss(index: int, project: Project, result: BudgetResult, form: str) -> Loss | None:
    budget = project.budget
    weight, final = budget.weight, result.final
    if weight <= 0 or (final is not None and final >= weight):
        return None
    path = f"/projects/{index}/budget"
    name = "预算执行率"
    lost = weight - (final if final is not None else Decimal(0))
    top = full_points(weight)
    entered = budget.score
    if result.rate is not None and result.computed is not None:
        percent = f"{round_half_up(result.rate * 100):.2f}%"
        why = f"{name} {percent}（全年执行数 {format_wan(result.executed)} 万元／全年预算数 {format_wan(result.full)} 万元），按 {format_number(weight)}×{percent} 计 {_pts(result.computed)} 分"
        if entered is not None:
            why += f"；填报得分 {_pts(entered)} 分"
    else:
        why = f"{name} 无法计算（{result.process.split('，')[0]}）" + (
            f"，采用填报得分 {_pts(entered)} 分" if entered is not None else "，尚未评分"
        )
    hints: list[Hint] = []
    if result.computed is None or result.computed < top:
        for j in range(len(budget.lines)):
            hint = _line_hint(path, budget, j, top)
            if hint is not None:
                hints.append(hint)
    if entered is not None:
        computed = "" if result.computed is None else f"（计算得分 {_pts(result.computed)} 分）"
        hints.append(Hint(f"{path}/score", "填报得分", "clear", None, "", f"清除填报得分，采用计算得分{computed}", settable=True))
    note = "" if hints else "没有资金来源，无法反推"
    return Loss(path, name, form, weight, final, lost, why, tuple(hints), "", note)
