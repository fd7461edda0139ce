"""How a rule turns figures into points, in the words of a 评价标准.

``rule_words(leaf, figures)`` gives one sentence for the help of an indicator, e.g.
``按 公用经费 ÷ 预算安排公用经费总额 × 100 计算，不超过 100% 得满分 8 分，每超过 1% 扣 1 分，扣完为止``.
It describes the rule, not this year's figures (the 计算过程 does that).
"""

from __future__ import annotations

from decimal import Decimal

from perfcore.formula_names import to_labels
from perfcore.model import (
    BandsRule,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Leaf,
    ManualRule,
    ProportionalRule,
    RatedRule,
    Rounding,
    TargetRule,
)
from perfcore.money import format_number
from perfcore.rules import CIRCLED, Figures, band_label, rating_band_text, target_text

_ON_UNDEFINED = {
    "full": "数据不全或无法计算时计满分",
    "zero": "数据不全或无法计算时计 0 分",
    "manual": "数据不全或无法计算时由填报人按评价标准填写得分",
}


def _n(value: Decimal | int) -> str:
    return format_number(value)


def _rounding(rounding: Rounding, step: str) -> str:
    if rounding == "ceil":
        return f"不足 {step} 按 {step} 计"
    if rounding == "floor":
        return f"不足 {step} 不扣"
    return "不足一档按比例扣"


def rule_words(leaf: Leaf, figures: Figures) -> str:
    """The leaf's rule in one sentence (Chinese, for the help and the guide)."""
    rule, weight = leaf.rule, _n(leaf.weight)
    unit = leaf.metric.unit if leaf.metric is not None else ""
    measured = f"按 {to_labels(leaf.metric.formula, figures.values())} 计算" if leaf.metric is not None else ""
    parts: list[str] = []
    if isinstance(rule, ManualRule):
        return f"不按公式计算，由填报人对照评价标准填写得分（0 至 {weight} 分）"
    if isinstance(rule, ChoiceRule):
        options = "；".join(f"“{o.label}”计 {_n(o.points)} 分" for o in rule.options)
        parts.append(f"按评定的档次计分：{options}" if options else "按评定的档次计分（尚未设置档次）")
    elif isinstance(rule, ChecklistRule):
        items = "；".join(
            f"{CIRCLED[i] if i < len(CIRCLED) else f'({i + 1})'}{item.text}（{_n(item.points)} 分）"
            for i, item in enumerate(rule.items)
        )
        parts.append(f"逐项评定，符合一项得该项分值，合计不超过 {weight} 分：{items}" if items else "逐项评定（尚未设置评分项）")
    elif isinstance(rule, DeductCountRule):
        parts.append(f"无不符合要求的情况得满分 {weight} 分，每发现 1 例扣 {_n(rule.points)} 分，扣完为止")
    elif isinstance(rule, DeductOverRule):
        step = f"{_n(rule.step)}{unit}"
        parts += [
            measured,
            f"不超过 {_n(rule.limit)}{unit} 得满分 {weight} 分，每超过 {step} 扣 {_n(rule.points)} 分"
            f"（{_rounding(rule.rounding, step)}），扣完为止",
        ]
    elif isinstance(rule, DeductUnderRule):
        step = f"{_n(rule.step)}{unit}"
        parts += [
            measured,
            f"达到 {_n(rule.target)}{unit} 得满分 {weight} 分，每低于 {step} 扣 {_n(rule.points)} 分"
            f"（{_rounding(rule.rounding, step)}），扣完为止",
        ]
    elif isinstance(rule, DeductDeviationRule):
        step = f"{_n(rule.step)}{unit}"
        parts += [
            measured,
            f"等于 {_n(rule.target)}{unit} 得满分 {weight} 分，高于或低于时每偏离 {step} 扣 {_n(rule.points)} 分"
            f"（{_rounding(rule.rounding, step)}），扣完为止",
        ]
    elif isinstance(rule, BandsRule):
        bands = "；".join(f"{_band(b.min, b.max, unit)}计 {_n(b.points)} 分" for b in rule.bands)
        parts += [measured, f"按所在区间计分：{bands}" if bands else "按所在区间计分（尚未设置区间）"]
    elif isinstance(rule, ProportionalRule):
        parts += [
            measured,
            f"达到 {_n(rule.full)}{unit} 得满分 {weight} 分，不足的按比例计分（{weight} × 计算值 ÷ {_n(rule.full)}）",
        ]
    elif isinstance(rule, TargetRule):
        actual = f"实际完成值{measured}" if measured else "实际完成值由填报人填写"
        shown = target_text(rule)
        if rule.direction == ">=":
            tail = f"达到年度指标值 {shown} 得满分 {weight} 分，未达到的按 实际完成值 ÷ 指标值 的比例计分"
        elif rule.direction == "<=":
            tail = (
                f"不超过年度指标值 {shown} 得满分 {weight} 分，超过的按超出比例扣分"
                f"（{weight} × (1 − 超出部分 ÷ 指标值)），扣完为止"
            )
        else:
            tail = f"等于年度指标值 {shown} 得满分 {weight} 分，否则计 0 分"
        parts += [actual, tail]
    else:
        assert isinstance(rule, RatedRule)
        bands = "；".join(f"{r} {rating_band_text(r, leaf.weight)}" for r in ("达成", "部分达成", "未达成"))
        return f"先评定达成情况，再在相应分数段内填写得分：{bands}"
    sentence = "，".join(p for p in parts if p)
    if rule.type not in ("choice", "checklist", "deduct_count") or rule.on_undefined != "manual":
        sentence += "；" + _ON_UNDEFINED[rule.on_undefined]
    return sentence


def _band(low: Decimal | None, high: Decimal | None, unit: str) -> str:
    label = band_label(low, high, unit)
    return "其他情况" if label == "其他" else f"{label} "
