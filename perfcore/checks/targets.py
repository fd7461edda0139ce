"""Leaves scored by 年度指标值 (``target``) or by a judgement (``rated``), in 表3 or a project.

Where findings point:

- a ``target`` leaf not fully scored, or ``>=`` exceeded by 30 % or more, with no 偏差原因分析及
  改进措施: the leaf's ``…/reason`` (warning);
- a ``target`` leaf with a formula and an entered 实际完成值: ``…/rule/actual`` (the formula's
  value is used; warning);
- a ``rated`` leaf whose score lies outside its rating's band: ``…/score`` (error); a score
  without a rating: ``…/rule/rating`` (info). A rated leaf without a score is reported by
  ``table3.unscored``, which names the band.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, check
from perfcore.lazy_text import LazyText
from perfcore.model import RatedRule, TargetRule
from perfcore.money import format_points
from perfcore.rules import in_rating_band, rating_band_text, target_text

FAR_ABOVE = Decimal("1.3")


@check("targets.reason")
def reason(ctx: Context) -> Iterator[Finding]:
    """A deviation from the 年度指标值 is explained in 偏差原因分析及改进措施."""
    for entry in ctx.leaves:
        rule = entry.leaf.rule
        if not isinstance(rule, TargetRule) or entry.leaf.reason.strip():
            continue
        value, final = entry.result.value, entry.result.final
        if final is not None and final < entry.leaf.weight:
            why: LazyText | str = LazyText("得分 ", format_points, final, " 分未达满分")
        elif rule.direction == ">=" and value is not None and rule.target > 0 and value >= rule.target * FAR_ABOVE:
            why = f"实际完成值超过年度指标值（{target_text(rule)}）30% 以上"
        else:
            continue
        yield Finding("warning", f"{entry.path}/reason", LazyText(entry.label, "：", why, "，请填写偏差原因分析及改进措施"))


@check("targets.actual_and_formula")
def actual_and_formula(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.leaves:
        rule = entry.leaf.rule
        if isinstance(rule, TargetRule) and entry.leaf.metric is not None and rule.actual is not None:
            yield Finding(
                "warning",
                f"{entry.path}/rule/actual",
                f"{entry.label}：实际完成值由计算公式得出，填写的 {rule.actual} 未被采用，请清空",
            )


@check("targets.rated_band")
def rated_band(ctx: Context) -> Iterator[Finding]:
    """The entered score of a judgement lies inside its rating's band."""
    for entry in ctx.leaves:
        rule, score, weight = entry.leaf.rule, entry.leaf.score, entry.leaf.weight
        if not isinstance(rule, RatedRule) or score is None:
            continue
        if rule.rating is None:
            yield Finding("info", f"{entry.path}/rule/rating", f"{entry.label}：已填得分，尚未评定达成情况（达成、部分达成或未达成）")
        elif not in_rating_band(rule.rating, weight, score):
            yield Finding(
                "error",
                f"{entry.path}/score",
                f"{entry.label}：评定为“{rule.rating}”，得分应在{rating_band_text(rule.rating, weight)}之间，"
                f"实为 {format_points(score)} 分",
            )
