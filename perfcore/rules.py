"""Each rule type of the 评价标准: points from a value, and the sentence that explains them.

``score_leaf`` gives one leaf's computed score and its 计算过程 written from the actual
figures, e.g. ``7/10×100=70.00%≤100%，计5.00分``. A formula reads 表1's numeric fields and
the package's figures (基础数据) by key; ``figures`` maps each key to its value.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple

from perfcore import formula
from perfcore.labels import name_label
from perfcore.lazy_text import LazyText
from perfcore.model import (
    OVERALL_MONEY_FIELDS,
    OVERALL_NUMERIC_FIELDS,
    RATING_BANDS,
    VALUE_RULES,
    BandsRule,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Figure,
    FigureValue,
    Leaf,
    ManualRule,
    Overall,
    ProportionalRule,
    RatedRule,
    Rounding,
    Rule,
    TargetRule,
)
from perfcore.money import WAN, format_number, format_points, format_wan, round_half_up, to_wan

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class LeafResult(NamedTuple):
    """What scoring knows of one leaf.

    A named tuple, not a frozen dataclass: a full score builds one per leaf, and a frozen
    dataclass's ``__init__`` (``object.__setattr__`` per field) was a tenth of that time.
    """

    value: Decimal | None
    """The metric's value, if the rule needs one and it is defined."""
    computed: Decimal | None
    """Points the rule gives (after ``on_undefined``), clamped and rounded; None if none."""
    final: Decimal | None
    """The entered score, else the computed one."""
    sentence: LazyText
    """计算过程 as its parts, formatted when ``process`` is first read."""
    missing: tuple[str, ...] = ()
    """Names of the unknown figures that kept the rule from computing."""
    reason: str = ""
    """Why the rule could not compute ('' when it did or when it is manual)."""

    @property
    def process(self) -> str:
        """计算过程 in Chinese, from the actual figures."""
        return str(self.sentence)


def _n(value: Decimal | int) -> tuple[object, ...]:
    """A figure as short as it is exact, formatted when the sentence is read."""
    return (format_number, value)


def _p(points: Decimal) -> tuple[object, ...]:
    """Points with two places, formatted when the sentence is read."""
    return (format_points, points)


def _percent(value: Decimal) -> str:
    return f"{round_half_up(value):.2f}"


class _Undefined(Exception):
    def __init__(self, reason: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


@functools.lru_cache(maxsize=4096)
def parse_formula(text: str) -> formula.Formula:
    """Formulas repeat across leaves and recomputes; parse each text once."""
    return formula.parse(text)


Figures = Mapping[str, Figure]
"""The package's figures by key (``model.figure_index``)."""
_NO_FIGURES: Figures = {}
_OVERALL_NAMES = frozenset(OVERALL_NUMERIC_FIELDS)


def formula_env(overall: Overall, figures: Figures = _NO_FIGURES) -> dict[str, FigureValue]:
    env: dict[str, FigureValue] = {name: getattr(overall, name) for name in OVERALL_NUMERIC_FIELDS}
    env.update((key, figure.value) for key, figure in figures.items())
    return env


def figure_label(name: str, figures: Figures) -> str:
    """The Chinese name of a formula name: a 表1 field's, or the figure's own label."""
    figure = figures.get(name)
    return figure.label if figure is not None and name not in _OVERALL_NAMES else name_label(name)


def syntax_problem(text: str) -> str:
    """Why a formula cannot be parsed ('' when it can)."""
    return _syntax_problem(text)


@functools.lru_cache(maxsize=4096)
def _syntax_problem(text: str) -> str:
    try:
        parse_formula(text)
    except formula.FormulaError as exc:
        return str(exc)
    return ""


def unknown_names(leaf: Leaf, figures: Figures) -> tuple[str, ...]:
    """Names a leaf's formula reads that are neither 表1 fields nor figure keys."""
    if leaf.metric is None or _syntax_problem(leaf.metric.formula):
        return ()
    names = parse_formula(leaf.metric.formula).names
    return tuple(n for n in names if n not in _OVERALL_NAMES and n not in figures)


def formula_problem(leaf: Leaf, figures: Figures = _NO_FIGURES) -> str:
    """Why a leaf's formula cannot be used ('' when it can): bad syntax or unknown names."""
    if leaf.metric is None:
        return ""
    problem = _syntax_problem(leaf.metric.formula)
    if problem:
        return problem
    unknown = unknown_names(leaf, figures)
    if unknown:
        return _unknown_name(unknown[0])
    return ""


def _unknown_name(name: str) -> str:
    return f"公式中的“{name}”既不是表1的数值字段，也不是基础数据"


def uses_metric(leaf: Leaf) -> bool:
    """The rule's points follow from the metric's value (a ``target`` leaf may have none)."""
    return leaf.metric is not None and (leaf.rule.type in VALUE_RULES or isinstance(leaf.rule, TargetRule))


def dependencies(leaf: Leaf) -> tuple[str, ...]:
    """The names (表1 fields, figure keys, unknown names) a leaf's score depends on."""
    if not uses_metric(leaf) or leaf.metric is None or _syntax_problem(leaf.metric.formula):
        return ()
    return parse_formula(leaf.metric.formula).names


def _measure(leaf: Leaf, overall: Overall, figures: Figures) -> tuple[Decimal, LazyText]:
    """The metric's value and its sentence, e.g. ``(7, '7/10×100=70.00%')``."""
    metric = leaf.metric
    if metric is None:
        raise _Undefined("未设置计算公式")
    problem = _syntax_problem(metric.formula)
    if problem:
        raise _Undefined(problem)
    parsed = parse_formula(metric.formula)
    # Only the names the formula reads: a recompute scores every dependent leaf, and copying
    # all of 表1 for each was a tenth of the time. (formula_problem's checks, in one pass.)
    env: dict[str, FigureValue] = {}
    for n in parsed.names:
        if n in _OVERALL_NAMES:
            env[n] = getattr(overall, n)
        else:
            figure = figures.get(n)
            if figure is None:
                raise _Undefined(_unknown_name(n))
            env[n] = figure.value
    missing = tuple(n for n in parsed.names if env.get(n) is None)
    if missing:
        raise _Undefined("缺少" + "、".join(figure_label(n, figures) for n in missing), missing)
    try:
        value = formula.evaluate(parsed, env)
    except formula.Undefined as exc:
        raise _Undefined(exc.reason) from exc
    # Which names are money is read now: the sentence may be formatted after a figure changed.
    money = tuple(n for n in parsed.names if is_money(n, figures))
    return value, LazyText((_measured, parsed, tuple(env.items()), money, value, metric.unit))


def _measured(
    parsed: formula.Formula,
    env: tuple[tuple[str, FigureValue], ...],
    money: tuple[str, ...],
    value: Decimal,
    unit: str,
) -> str:
    shown = f"{_percent(value)}{unit}"
    rendered = formula.render(parsed, _shown_env(parsed, dict(env), money))
    return shown if rendered == format_number(value) else f"{rendered}={shown}"


_OVERALL_MONEY = frozenset(OVERALL_MONEY_FIELDS)


def is_money(name: str, figures: Figures) -> bool:
    """A formula name that stands for money: a 表1 money field or a money figure."""
    if name in _OVERALL_MONEY:
        return True
    figure = figures.get(name)
    return figure is not None and name not in _OVERALL_NAMES and figure.kind == "money"


def _shown_env(parsed: formula.Formula, env: dict[str, FigureValue], money: tuple[str, ...]) -> formula.ShownEnv:
    """The figures as the 计算过程 prints them: money in 万元 as the forms show it, where the
    formula's value does not depend on the unit (a rate of money figures); else in 元 as computed.
    ``money`` names the formula's names that stand for money."""
    if not money or formula.money_degree(parsed, lambda n: n in money) != 0:
        return env
    shown: dict[str, Decimal | int | str | None] = dict(env)
    for name in money:
        yuan = env[name]
        if yuan is not None:
            amount = Decimal(yuan)
            # A figure under 50 元 would read 0.00 万元, a divisor of 0 on paper: give its digits.
            hidden = amount != 0 and to_wan(amount) == 0
            shown[name] = format_number(amount / WAN) if hidden else format_wan(amount)
    return shown


def _steps(amount: Decimal, step: Decimal, rounding: Rounding) -> Decimal:
    if step <= 0:
        raise _Undefined("扣分步长必须大于零")
    ratio = amount / step
    if rounding == "ceil":
        return ratio.to_integral_value(rounding=ROUND_CEILING)
    if rounding == "floor":
        return ratio.to_integral_value(rounding=ROUND_FLOOR)
    return ratio


_ZERO = Decimal(0)
_STEPS_PLACES = Decimal("0.0001")


def _clamp(points: Decimal, weight: Decimal) -> Decimal:
    """Points within 0..weight, rounded (every leaf's score passes here: no min/max calls)."""
    if points > weight:
        points = weight
    if points < _ZERO:
        points = _ZERO
    return round_half_up(points)


def _deduct(weight: Decimal, points: Decimal, steps: Decimal, what: LazyText) -> tuple[Decimal, LazyText]:
    """weight − points × steps, with its sentence."""
    deduction = points * steps
    result = _clamp(weight - deduction, weight)
    text = LazyText(what, "，扣", _n(points), "×", _n(round_half_up(steps, _STEPS_PLACES)), "=", _p(deduction), "分")
    if weight - deduction < 0:
        return result, LazyText(text, "，扣完为止，计", _p(result), "分")
    return result, LazyText(text, "，计", _p(result), "分")


def _value_points(rule: Rule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, LazyText]:
    if isinstance(rule, DeductOverRule):
        limit = rule.limit
        if v <= limit:
            full = _clamp(weight, weight)
            return full, LazyText("≤", _n(limit), unit, "，计", _p(full), "分")
        over = v - limit
        steps = _steps(over, rule.step, rule.rounding)
        return _deduct(weight, rule.points, steps, LazyText(">", _n(limit), unit, "，超出", _p(over), unit))
    if isinstance(rule, DeductUnderRule):
        target = rule.target
        if v >= target:
            full = _clamp(weight, weight)
            return full, LazyText("≥", _n(target), unit, "，计", _p(full), "分")
        under = target - v
        steps = _steps(under, rule.step, rule.rounding)
        return _deduct(weight, rule.points, steps, LazyText("<", _n(target), unit, "，低于", _p(under), unit))
    if isinstance(rule, DeductDeviationRule):
        target = rule.target
        gap = abs(v - target)
        if gap == 0:
            full = _clamp(weight, weight)
            return full, LazyText("=", _n(target), unit, "，计", _p(full), "分")
        steps = _steps(gap, rule.step, rule.rounding)
        return _deduct(weight, rule.points, steps, LazyText("，偏离", _n(target), unit, "共", _p(gap), unit))
    if isinstance(rule, BandsRule):
        for band in rule.bands:
            if (band.min is None or v >= band.min) and (band.max is None or v <= band.max):
                points = _clamp(band.points, weight)
                return points, LazyText("，属于“", (band_label, band.min, band.max, unit), "”档，计", _p(points), "分")
        raise _Undefined("数值不在任何分档内")
    assert isinstance(rule, ProportionalRule)
    full_value = rule.full
    if full_value == 0:
        raise _Undefined("满分对应值为零")
    raw = weight * v / full_value
    points = _clamp(raw, weight)
    return points, LazyText("，", _n(weight), "×", _p(v), "/", _n(full_value), "=", _p(raw), "，计", _p(points), "分")


def _target_points(rule: TargetRule, weight: Decimal, a: Decimal, unit: str, head: LazyText) -> tuple[Decimal, LazyText]:
    """年度指标值 t against 实际完成值 a (``head`` names a: the metric's sentence or the entry)."""
    t = rule.target
    full = _clamp(weight, weight)
    shown_t = LazyText("年度指标值", _n(t), unit)
    if rule.direction == "=":
        if a == t:
            return full, LazyText(head, "=", shown_t, "，计", _p(full), "分")
        return _clamp(_ZERO, weight), LazyText(head, "≠", shown_t, "，计0.00分")
    if rule.direction == ">=":
        if a >= t:
            return full, LazyText(head, "≥", shown_t, "，计", _p(full), "分")
        if t == 0:
            return full, LazyText(head, "，", shown_t, "为0，计", _p(full), "分")
        raw = weight * a / t
        points = _clamp(raw, weight)
        working = LazyText("，", _n(weight), "×", _n(a), "/", _n(t), "=", _p(raw), "，计", _p(points), "分")
        return points, LazyText(head, "<", shown_t, working)
    if a <= t:
        return full, LazyText(head, "≤", shown_t, "，计", _p(full), "分")
    if t == 0:
        return _clamp(_ZERO, weight), LazyText(head, ">", shown_t, "（指标值为0），计0.00分")
    raw = weight * (1 - (a - t) / t)
    points = _clamp(raw, weight)
    working = LazyText("，", _n(weight), "×(1-(", _n(a), "-", _n(t), ")/", _n(t), ")=", _p(raw))
    tail = "，扣完为止" if raw < 0 else ""
    return points, LazyText(head, ">", shown_t, working, tail, "，计", _p(points), "分")


def target_text(rule: TargetRule) -> str:
    """年度指标值 as printed: the entered text, else ``≥95%``, ``≤5天`` or ``12个`` (for =)."""
    if rule.target_text:
        return rule.target_text
    sign = {">=": "≥", "<=": "≤", "=": ""}[rule.direction]
    return f"{sign}{format_number(rule.target)}{rule.unit}"


def rating_band(rating: str, weight: Decimal) -> tuple[Decimal, Decimal]:
    """The scores a rating allows: [low, high] for 达成, [low, high) for the others."""
    low, high = RATING_BANDS[rating]
    return round_half_up(weight * low), round_half_up(weight * high)


def rating_band_text(rating: str, weight: Decimal) -> str:
    """``8.00～10.00分`` (达成) or ``6.00分（含）至8.00分（不含）``."""
    low, high = rating_band(rating, weight)
    if rating == "达成":
        return f"{format_points(low)}～{format_points(high)}分"
    return f"{format_points(low)}分（含）至{format_points(high)}分（不含）"


def in_rating_band(rating: str, weight: Decimal, score: Decimal) -> bool:
    low, high = RATING_BANDS[rating]
    share_low, share_high = weight * low, weight * high
    if rating == "达成":
        return share_low <= score <= share_high
    return share_low <= score < share_high


def band_label(low: Decimal | None, high: Decimal | None, unit: str = "") -> str:
    num = format_number
    if low is None and high is None:
        return "其他"
    if low is None:
        return f"≤{num(high)}{unit}" if high is not None else ""
    if high is None:
        return f"≥{num(low)}{unit}"
    return f"{num(low)}{unit}～{num(high)}{unit}"


def _direct_points(rule: Rule, weight: Decimal) -> tuple[Decimal, LazyText]:
    """Rules that need no metric: choice, checklist, deduct_count."""
    if isinstance(rule, ChoiceRule):
        if rule.selected is None:
            raise _Undefined("尚未选择评价档次", ("selected",))
        for option in rule.options:
            if option.label == rule.selected:
                points = _clamp(option.points, weight)
                return points, LazyText("评定为“", option.label, "”，计", _p(points), "分")
        raise _Undefined(f"所选“{rule.selected}”不在选项中")
    if isinstance(rule, ChecklistRule):
        unanswered = [i for i, item in enumerate(rule.items) if item.met is None]
        if unanswered:
            marks = "".join(CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i in unanswered)
            raise _Undefined(f"第{marks}项尚未评定", tuple(f"items/{i}/met" for i in unanswered))
        met = [(i, item) for i, item in enumerate(rule.items) if item.met]
        raw = sum((item.points for _, item in met), Decimal(0))
        points = _clamp(raw, weight)
        if not met:
            return points, LazyText("各项均不符合，计", _p(points), "分")
        marks = "".join(CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i, _ in met)
        addends = tuple(item.points for _, item in met)
        return points, LazyText("符合第", marks, "项，计", (_sum_text, addends), "=", _p(points), "分")
    assert isinstance(rule, DeductCountRule)
    if rule.count is None:
        raise _Undefined("尚未填写不符合要求的例数", ("count",))
    if rule.count == 0:
        points = _clamp(weight, weight)
        return points, LazyText("无不符合要求的情况，计", _p(points), "分")
    return _deduct(weight, rule.points, Decimal(rule.count), LazyText(f"不符合要求{rule.count}例"))


def _sum_text(addends: tuple[Decimal, ...]) -> str:
    return "+".join(format_number(points) for points in addends)


def _rated(rule: RatedRule, weight: Decimal, entered: Decimal | None) -> LeafResult:
    scored = LazyText("，得分", _p(entered), "分") if entered is not None else LazyText("，尚未评分")
    if rule.rating is None:
        return LeafResult(None, None, entered, LazyText("等级评定，尚未评定", scored))
    band = (rating_band_text, rule.rating, weight)
    return LeafResult(None, None, entered, LazyText("评定为“", rule.rating, "”（", band, "）", scored))


def score_leaf(leaf: Leaf, overall: Overall, figures: Figures = _NO_FIGURES) -> LeafResult:
    """Compute one leaf: the rule's points, ``on_undefined``, the final score, the sentence."""
    rule = leaf.rule
    weight = leaf.weight
    entered = leaf.score
    if isinstance(rule, ManualRule):
        if entered is None:
            return LeafResult(None, None, entered, LazyText("手工评分，尚未评分"))
        return LeafResult(None, None, entered, LazyText("手工评分，得分", _p(entered), "分"))
    if isinstance(rule, RatedRule):
        return _rated(rule, weight, entered)
    value: Decimal | None = None
    try:
        if isinstance(rule, TargetRule):
            unit = rule.unit or (leaf.metric.unit if leaf.metric else "")
            if leaf.metric is not None:
                # A computed 实际完成值: the formula's value, shown with its sentence.
                value, measured = _measure(leaf, overall, figures)
                head = LazyText("实际完成值", measured)
            elif rule.actual is None:
                raise _Undefined("尚未填写实际完成值", ("actual",))
            else:
                value = rule.actual
                head = LazyText("实际完成值", _n(value), unit)
            computed, process = _target_points(rule, weight, value, unit, head)
        elif rule.type in VALUE_RULES:
            value, measured = _measure(leaf, overall, figures)
            unit = leaf.metric.unit if leaf.metric else ""
            computed, clause = _value_points(rule, weight, value, unit)
            process = LazyText(measured, clause)
        else:
            computed, process = _direct_points(rule, weight)
    except _Undefined as undefined:
        return _undefined(leaf, value, undefined)
    if entered is not None and entered != computed:
        process = LazyText(process, "；填报得分", _p(entered), "分")
    return LeafResult(value, computed, entered if entered is not None else computed, process)


def _undefined(leaf: Leaf, value: Decimal | None, undefined: _Undefined) -> LeafResult:
    entered = leaf.score
    policy = leaf.rule.on_undefined
    head = f"无法计算：{undefined.reason}"
    if policy == "full":
        computed = _clamp(leaf.weight, leaf.weight)
        process = LazyText(head, "，按规则计满分", _p(computed), "分")
    elif policy == "zero":
        computed = Decimal("0.00")
        process = LazyText(head, "，按规则计0.00分")
    else:
        computed = None
        process = (
            LazyText(head, "，采用填报得分", _p(entered), "分") if entered is not None else LazyText(head, "，请填写得分")
        )
        return LeafResult(value, None, entered, process, undefined.missing, undefined.reason)
    if entered is not None and entered != computed:
        process = LazyText(process, "；填报得分", _p(entered), "分")
    final = entered if entered is not None else computed
    return LeafResult(value, computed, final, process, undefined.missing, undefined.reason)


def value_points(rule: Rule, weight: Decimal, value: Decimal) -> Decimal | None:
    """The points a value rule gives the metric value ``value``; None where it gives none.

    失分分析 asks this of trial values to find where a rule's full score begins and ends.
    """
    try:
        if isinstance(rule, TargetRule):
            return _target_points(rule, weight, value, "", LazyText())[0]
        return _value_points(rule, weight, value, "")[0]
    except _Undefined:
        return None
