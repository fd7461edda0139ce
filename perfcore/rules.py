"""Each rule type of the 评价标准: points from a value, and the sentence that explains them.

``score_leaf`` gives one leaf's computed score and its 计算过程 written from the actual
figures, e.g. ``7/10×100=70.00%≤100%，计5.00分``. A formula reads 表1's numeric fields and
the package's figures (基础数据) by key; ``figures`` maps each key to its value.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, NamedTuple

from perfcore import formula
from perfcore.labels import name_label
from perfcore.lazy_text import LazyText, Part, Parts
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
    Metric,
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
_OVERALL_MONEY = frozenset(OVERALL_MONEY_FIELDS)


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
    if not uses_metric(leaf) or leaf.metric is None:
        return ()
    return _prepared(leaf.metric.formula).names


_FIELD, _MONEY_FIELD, _FIGURE = 0, 1, 2
"""Where a formula name's value is read: a 表1 field, a 表1 money field, a figure."""


class _Prepared(NamedTuple):
    """A metric's formula as scoring reads it, worked out once per text."""

    problem: str
    """Why the text does not parse ('' when it does); the rest is empty then."""
    parsed: formula.Formula | None
    names: tuple[str, ...]
    plan: tuple[tuple[str, int], ...]
    """Each name with where its value is read (_FIELD, _MONEY_FIELD or _FIGURE)."""
    run: Callable[[formula.Env], Decimal] | None


@functools.lru_cache(maxsize=4096)
def _prepared(text: str) -> _Prepared:
    # Formulas repeat across leaves and recomputes: a full score looks each text up once
    # here instead of in three caches, and the per-name checks are decided in advance.
    problem = _syntax_problem(text)
    if problem:
        return _Prepared(problem, None, (), (), None)
    parsed = parse_formula(text)
    plan = tuple(
        (name, _MONEY_FIELD if name in _OVERALL_MONEY else _FIELD if name in _OVERALL_NAMES else _FIGURE)
        for name in parsed.names
    )
    return _Prepared("", parsed, parsed.names, plan, formula.evaluator(parsed))


def _measure(metric: Metric | None, overall: Overall, figures: Figures) -> tuple[Decimal, Part]:
    """The metric's value and its sentence as one part, e.g. ``(7, '7/10×100=70.00%')``."""
    if metric is None:
        raise _Undefined("未设置计算公式")
    problem, parsed, names, plan, run = _prepared(metric.formula)
    if problem or run is None:
        raise _Undefined(problem)
    # Only the names the formula reads: a recompute scores every dependent leaf, and copying
    # all of 表1 for each was a tenth of the time. (formula_problem's checks, in one pass.)
    env: dict[str, FigureValue] = {}
    # Which names are money is read now: the sentence may be formatted after a figure changed.
    money: list[str] = []
    absent = False
    for name, where in plan:
        if where == _FIGURE:
            figure = figures.get(name)
            if figure is None:
                raise _Undefined(_unknown_name(name))
            value = figure.value
            if figure.kind == "money":
                money.append(name)
        else:
            value = getattr(overall, name)
            if where == _MONEY_FIELD:
                money.append(name)
        if value is None:
            absent = True
        env[name] = value
    if absent:
        missing = tuple(n for n in names if env[n] is None)
        raise _Undefined("缺少" + "、".join(figure_label(n, figures) for n in missing), missing)
    try:
        result = run(env)
    except formula.Undefined as exc:
        raise _Undefined(exc.reason) from exc
    return result, (_measured, parsed, tuple(env.items()), tuple(money), result, metric.unit)


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
_ZERO_POINTS = Decimal("0.00")
_STEPS_PLACES = Decimal("0.0001")
# The sentence's figures are (formatter, value) parts, formatted only when it is read.
_NUM = format_number
_PTS = format_points


def _clamp(points: Decimal, weight: Decimal) -> Decimal:
    """Points within 0..weight, rounded (every leaf's score passes here: no min/max calls)."""
    if points > weight:
        points = weight
    if points < _ZERO:
        points = _ZERO
    return round_half_up(points)


def _steps_shown(steps: Decimal) -> str:
    return format_number(round_half_up(steps, _STEPS_PLACES))


def _deduct(weight: Decimal, points: Decimal, steps: Decimal, what: Parts) -> tuple[Decimal, Parts]:
    """weight − points × steps, with its sentence."""
    deduction = points * steps
    left = weight - deduction
    result = _clamp(left, weight)
    text = (*what, "，扣", _NUM, points, "×", _steps_shown, steps, "=", _PTS, deduction, "分")
    if left < 0:
        return result, (*text, "，扣完为止，计", _PTS, result, "分")
    return result, (*text, "，计", _PTS, result, "分")


# Each rule's points and sentence (as parts). The sentences are built flat, one text per leaf
# made once at the end: a full score builds a sentence for each of its hundreds of leaves.


def _over_points(rule: DeductOverRule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, Parts]:
    limit = rule.limit
    if v <= limit:
        full = _clamp(weight, weight)
        return full, ("≤", _NUM, limit, unit, "，计", _PTS, full, "分")
    over = v - limit
    steps = _steps(over, rule.step, rule.rounding)
    return _deduct(weight, rule.points, steps, (">", _NUM, limit, unit, "，超出", _PTS, over, unit))


def _under_points(rule: DeductUnderRule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, Parts]:
    target = rule.target
    if v >= target:
        full = _clamp(weight, weight)
        return full, ("≥", _NUM, target, unit, "，计", _PTS, full, "分")
    under = target - v
    steps = _steps(under, rule.step, rule.rounding)
    return _deduct(weight, rule.points, steps, ("<", _NUM, target, unit, "，低于", _PTS, under, unit))


def _deviation_points(rule: DeductDeviationRule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, Parts]:
    target = rule.target
    gap = abs(v - target)
    if gap == 0:
        full = _clamp(weight, weight)
        return full, ("=", _NUM, target, unit, "，计", _PTS, full, "分")
    steps = _steps(gap, rule.step, rule.rounding)
    return _deduct(weight, rule.points, steps, ("，偏离", _NUM, target, unit, "共", _PTS, gap, unit))


def _bands_points(rule: BandsRule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, Parts]:
    for band in rule.bands:
        if (band.min is None or v >= band.min) and (band.max is None or v <= band.max):
            points = _clamp(band.points, weight)
            return points, ("，属于“", (band_label, band.min, band.max, unit), "”档，计", _PTS, points, "分")
    raise _Undefined("数值不在任何分档内")


def _proportional_points(rule: ProportionalRule, weight: Decimal, v: Decimal, unit: str) -> tuple[Decimal, Parts]:
    full_value = rule.full
    if full_value == 0:
        raise _Undefined("满分对应值为零")
    raw = weight * v / full_value
    points = _clamp(raw, weight)
    return points, ("，", _NUM, weight, "×", _PTS, v, "/", _NUM, full_value, "=", _PTS, raw, "，计", _PTS, points, "分")


_VALUE_POINTS: dict[type, Callable[[Any, Decimal, Decimal, str], tuple[Decimal, Parts]]] = {
    DeductOverRule: _over_points,
    DeductUnderRule: _under_points,
    DeductDeviationRule: _deviation_points,
    BandsRule: _bands_points,
    ProportionalRule: _proportional_points,
}


def _target_points(rule: TargetRule, weight: Decimal, a: Decimal, unit: str, head: Parts) -> tuple[Decimal, Parts]:
    """年度指标值 t against 实际完成值 a (``head`` names a: the metric's sentence or the entry)."""
    t = rule.target
    shown_t = ("年度指标值", _NUM, t, unit)
    direction = rule.direction
    if direction == "=":
        if a == t:
            full = _clamp(weight, weight)
            return full, (*head, "=", *shown_t, "，计", _PTS, full, "分")
        return _clamp(_ZERO, weight), (*head, "≠", *shown_t, "，计0.00分")
    if direction == ">=":
        if a >= t:
            full = _clamp(weight, weight)
            return full, (*head, "≥", *shown_t, "，计", _PTS, full, "分")
        if t == 0:
            full = _clamp(weight, weight)
            return full, (*head, "，", *shown_t, "为0，计", _PTS, full, "分")
        raw = weight * a / t
        points = _clamp(raw, weight)
        working = ("，", _NUM, weight, "×", _NUM, a, "/", _NUM, t, "=", _PTS, raw)
        return points, (*head, "<", *shown_t, *working, "，计", _PTS, points, "分")
    if a <= t:
        full = _clamp(weight, weight)
        return full, (*head, "≤", *shown_t, "，计", _PTS, full, "分")
    if t == 0:
        return _clamp(_ZERO, weight), (*head, ">", *shown_t, "（指标值为0），计0.00分")
    raw = weight * (1 - (a - t) / t)
    points = _clamp(raw, weight)
    shown_raw = ("，", _NUM, weight, "×(1-(", _NUM, a, "-", _NUM, t, ")/", _NUM, t, ")=", _PTS, raw)
    tail = "，扣完为止" if raw < 0 else ""
    return points, (*head, ">", *shown_t, *shown_raw, tail, "，计", _PTS, points, "分")


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


def _marks(indices: tuple[int, ...]) -> str:
    return "".join(CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i in indices)


def _sum_text(addends: tuple[Decimal, ...]) -> str:
    return "+".join(format_number(points) for points in addends)


# One function per rule type scores a leaf; ``score_leaf`` picks it by the rule's class.
# An undefined value raises _Undefined, which the function turns into ``on_undefined``.


def _scored(leaf: Leaf, value: Decimal | None, computed: Decimal, parts: Parts) -> LeafResult:
    entered = leaf.score
    if entered is None:
        return LeafResult(value, computed, computed, LazyText.of(parts))
    if entered != computed:
        parts = (*parts, "；填报得分", _PTS, entered, "分")
    return LeafResult(value, computed, entered, LazyText.of(parts))


def _manual_leaf(leaf: Leaf, rule: ManualRule, overall: Overall, figures: Figures) -> LeafResult:
    entered = leaf.score
    if entered is None:
        return LeafResult(None, None, entered, LazyText("手工评分，尚未评分"))
    return LeafResult(None, None, entered, LazyText("手工评分，得分", _PTS, entered, "分"))


def _rated_leaf(leaf: Leaf, rule: RatedRule, overall: Overall, figures: Figures) -> LeafResult:
    entered = leaf.score
    scored: Parts = ("，得分", _PTS, entered, "分") if entered is not None else ("，尚未评分",)
    if rule.rating is None:
        return LeafResult(None, None, entered, LazyText("等级评定，尚未评定", *scored))
    band = (rating_band_text, rule.rating, leaf.weight)
    return LeafResult(None, None, entered, LazyText("评定为“", rule.rating, "”（", band, "）", *scored))


def _value_leaf(leaf: Leaf, rule: Rule, overall: Overall, figures: Figures) -> LeafResult:
    metric = leaf.metric
    try:
        value, measured = _measure(metric, overall, figures)
    except _Undefined as undefined:
        return _undefined(leaf, None, undefined)
    unit = metric.unit if metric else ""
    try:
        computed, clause = _VALUE_POINTS[type(rule)](rule, leaf.weight, value, unit)
    except _Undefined as undefined:
        return _undefined(leaf, value, undefined)
    return _scored(leaf, value, computed, (measured, *clause))


def _target_leaf(leaf: Leaf, rule: TargetRule, overall: Overall, figures: Figures) -> LeafResult:
    metric = leaf.metric
    unit = rule.unit or (metric.unit if metric else "")
    head: Parts
    if metric is not None:
        # A computed 实际完成值: the formula's value, shown with its sentence.
        try:
            value, measured = _measure(metric, overall, figures)
        except _Undefined as undefined:
            return _undefined(leaf, None, undefined)
        head = ("实际完成值", measured)
    else:
        actual = rule.actual
        if actual is None:
            return _undefined(leaf, None, _Undefined("尚未填写实际完成值", ("actual",)))
        value = actual
        head = ("实际完成值", _NUM, value, unit)
    computed, parts = _target_points(rule, leaf.weight, value, unit, head)
    return _scored(leaf, value, computed, parts)


def _choice_leaf(leaf: Leaf, rule: ChoiceRule, overall: Overall, figures: Figures) -> LeafResult:
    selected = rule.selected
    if selected is None:
        return _undefined(leaf, None, _Undefined("尚未选择评价档次", ("selected",)))
    for option in rule.options:
        if option.label == selected:
            points = _clamp(option.points, leaf.weight)
            return _scored(leaf, None, points, ("评定为“", option.label, "”，计", _PTS, points, "分"))
    return _undefined(leaf, None, _Undefined(f"所选“{selected}”不在选项中"))


def _checklist_leaf(leaf: Leaf, rule: ChecklistRule, overall: Overall, figures: Figures) -> LeafResult:
    unanswered: list[int] = []
    met: list[int] = []
    addends: list[Decimal] = []
    for i, item in enumerate(rule.items):
        if item.met is None:
            unanswered.append(i)
        elif item.met:
            met.append(i)
            addends.append(item.points)
    if unanswered:
        missing = tuple(f"items/{i}/met" for i in unanswered)
        return _undefined(leaf, None, _Undefined(f"第{_marks(tuple(unanswered))}项尚未评定", missing))
    points = _clamp(sum(addends, Decimal(0)), leaf.weight)
    if not met:
        return _scored(leaf, None, points, ("各项均不符合，计", _PTS, points, "分"))
    parts = ("符合第", _marks, tuple(met), "项，计", _sum_text, tuple(addends), "=", _PTS, points, "分")
    return _scored(leaf, None, points, parts)


def _count_leaf(leaf: Leaf, rule: DeductCountRule, overall: Overall, figures: Figures) -> LeafResult:
    count = rule.count
    if count is None:
        return _undefined(leaf, None, _Undefined("尚未填写不符合要求的例数", ("count",)))
    weight = leaf.weight
    if count == 0:
        points = _clamp(weight, weight)
        return _scored(leaf, None, points, ("无不符合要求的情况，计", _PTS, points, "分"))
    try:
        computed, parts = _deduct(weight, rule.points, Decimal(count), (f"不符合要求{count}例",))
    except _Undefined as undefined:
        return _undefined(leaf, None, undefined)
    return _scored(leaf, None, computed, parts)


_LEAF_SCORERS: dict[type, Callable[[Leaf, Any, Overall, Figures], LeafResult]] = {
    ManualRule: _manual_leaf,
    RatedRule: _rated_leaf,
    TargetRule: _target_leaf,
    ChoiceRule: _choice_leaf,
    ChecklistRule: _checklist_leaf,
    DeductCountRule: _count_leaf,
    **dict.fromkeys(_VALUE_POINTS, _value_leaf),
}


def score_leaf(leaf: Leaf, overall: Overall, figures: Figures = _NO_FIGURES) -> LeafResult:
    """Compute one leaf: the rule's points, ``on_undefined``, the final score, the sentence."""
    rule = leaf.rule
    return _LEAF_SCORERS[type(rule)](leaf, rule, overall, figures)


def _undefined(leaf: Leaf, value: Decimal | None, undefined: _Undefined) -> LeafResult:
    entered = leaf.score
    policy = leaf.rule.on_undefined
    head = f"无法计算：{undefined.reason}"
    parts: Parts
    if policy == "full":
        computed = _clamp(leaf.weight, leaf.weight)
        parts = (head, "，按规则计满分", _PTS, computed, "分")
    elif policy == "zero":
        computed = _ZERO_POINTS
        parts = (head, "，按规则计0.00分")
    else:
        parts = (head, "，采用填报得分", _PTS, entered, "分") if entered is not None else (head, "，请填写得分")
        return LeafResult(value, None, entered, LazyText.of(parts), undefined.missing, undefined.reason)
    if entered is not None and entered != computed:
        parts = (*parts, "；填报得分", _PTS, entered, "分")
    final = entered if entered is not None else computed
    return LeafResult(value, computed, final, LazyText.of(parts), undefined.missing, undefined.reason)


def value_points(rule: Rule, weight: Decimal, value: Decimal) -> Decimal | None:
    """The points a value rule gives the metric value ``value``; None where it gives none.

    失分分析 asks this of trial values to find where a rule's full score begins and ends.
    """
    try:
        if isinstance(rule, TargetRule):
            return _target_points(rule, weight, value, "", ())[0]
        return _VALUE_POINTS[type(rule)](rule, weight, value, "")[0]
    except _Undefined:
        return None
