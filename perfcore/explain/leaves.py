"""One leaf explained: why it lost points, what would give it the full weight, and how close
a fully scored leaf is to losing.

Every "would" here is answered by scoring a changed copy with the real rules (``rules``),
so the hints cannot drift from the scoring. The Chinese sentences state the rule with the
figures, in the words of the 评价标准: ``公用经费控制率 108.40% 超过 100%，每超 1% 扣 1 分，向上取整扣 9 分``.
"""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from perfcore import formula
from perfcore.explain import solve
from perfcore.explain.figures import FigureRef, Sources
from perfcore.explain.model import RELATION_SIGNS, Hint, HintRelation, Loss, Risk
from perfcore.model import (
    VALUE_RULES,
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
    Rule,
    TargetRule,
)
from perfcore.money import format_number, format_points, plain, round_half_up
from perfcore.rules import (
    CIRCLED,
    LeafResult,
    band_label,
    formula_problem,
    parse_formula,
    value_points,
)

RISK_SHARE = Decimal("0.05")
"""A full score is at risk when its metric is within this share of the rule's limit."""
HALF_CENT = Decimal("0.005")
METRIC_GRID = Decimal("0.01")
_WIDE = decimal.Context(prec=40, Emax=999_999, Emin=-999_999)


def full_points(weight: Decimal) -> Decimal:
    """The score a leaf of ``weight`` gets when nothing is deducted (clamped and rounded)."""
    return round_half_up(max(weight, Decimal(0)))


def _name(leaf: Leaf) -> str:
    return leaf.name or "（未命名指标）"


def _pts(value: Decimal) -> str:
    return format_number(round_half_up(value))


def _with_unit(shown: str, unit: str) -> str:
    return f"{shown}{unit}" if unit in ("", "%", "‰") else f"{shown} {unit}"


def _marks(indexes: list[int]) -> str:
    return "".join(CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i in indexes)


# ---------------------------------------------------------------- the rule in v: where the full score is


def _value_edges(rule: Rule, weight: Decimal) -> list[Decimal]:
    """Values of the metric where the rule's points may cross the full score.

    Generous on purpose: a superfluous edge costs one more piece to judge, a missing one
    would hide a change of score.
    """
    tau = full_points(weight) - HALF_CENT
    slack = weight - tau  # the deduction that still rounds to the full score
    with decimal.localcontext(_WIDE):
        if isinstance(rule, (DeductOverRule, DeductUnderRule, DeductDeviationRule)):
            base = rule.limit if isinstance(rule, DeductOverRule) else rule.target
            offsets = [Decimal(0)]
            if rule.points > 0 and rule.step > 0:
                k = (slack / rule.points).to_integral_value(rounding=ROUND_FLOOR)
                offsets += [k * rule.step, (k + 1) * rule.step, rule.step * slack / rule.points]
            if isinstance(rule, DeductOverRule):
                return [base + o for o in offsets]
            if isinstance(rule, DeductUnderRule):
                return [base - o for o in offsets]
            return [base + o for o in offsets] + [base - o for o in offsets]
        if isinstance(rule, BandsRule):
            return [e for band in rule.bands for e in (band.min, band.max) if e is not None]
        if isinstance(rule, TargetRule) and weight > 0:
            t = rule.target
            return [Decimal(0), t, t * tau / weight, t * (1 + slack / weight)]
        if isinstance(rule, ProportionalRule) and rule.full != 0 and weight > 0:
            return [Decimal(0), rule.full, rule.full * tau / weight]
    return []


def _measured(leaf: Leaf) -> bool:
    """The points follow from a metric's value (a value rule, or a target with a formula)."""
    return leaf.rule.type in VALUE_RULES or (isinstance(leaf.rule, TargetRule) and leaf.metric is not None)


def _actual_hint(path: str, leaf: Leaf, rule: TargetRule, sources: Sources) -> Hint | None:
    """The 实际完成值 that reaches the target (entered, not computed)."""
    actual = FigureRef("actual", f"{path}/rule/actual", "实际完成值", "number", rule.unit, rule.actual, METRIC_GRID, None)
    full = _figure_full(leaf, sources, actual)
    spans = solve.full_spans(full, _value_edges(rule, leaf.weight), None)
    found = solve.answer(spans, full, METRIC_GRID, None, rule.actual)
    if found is None:
        return None
    value, text = _answer_text("实际完成值", found, _metric_shown, rule.unit)
    low, high = _edges(found, _metric_shown)
    return Hint(actual.pointer, "实际完成值", found.relation, value, rule.unit, text, "number", plain(found.near), True, low, high)


def _full_in_v(leaf: Leaf) -> Callable[[Decimal], bool]:
    rule, weight, top = leaf.rule, leaf.weight, full_points(leaf.weight)

    def full(v: Decimal) -> bool:
        points = value_points(rule, weight, v)
        return points is not None and points >= top

    return full


def _v_spans(leaf: Leaf) -> list[solve.Span]:
    return solve.full_spans(_full_in_v(leaf), _value_edges(leaf.rule, leaf.weight), None)


def _span_edges(spans: list[solve.Span]) -> list[Decimal]:
    return [e for span in spans for e in (span.lo, span.hi) if e is not None]


# ---------------------------------------------------------------- hints


def _answer_text(label: str, answer: solve.Answer, shown: Callable[[Decimal], str], unit: str) -> tuple[str, str]:
    """(value, text) of an answer as the user reads it; the value is the edge nearest the current one."""
    value = shown(answer.near)
    if answer.relation == "between":
        assert answer.low is not None and answer.high is not None
        return value, f"{label} 在 {_with_unit(shown(answer.low), unit)}～{_with_unit(shown(answer.high), unit)} 之间"
    return value, f"{label} {RELATION_SIGNS[answer.relation]} {_with_unit(value, unit)}"


def _edges(answer: solve.Answer, shown: Callable[[Decimal], str]) -> tuple[str | None, str | None]:
    return (
        None if answer.low is None else shown(answer.low),
        None if answer.high is None else shown(answer.high),
    )


def _metric_hint(path: str, leaf: Leaf, spans: list[solve.Span], current: Decimal | None) -> Hint | None:
    unit = leaf.metric.unit if leaf.metric else ""
    found = solve.answer(spans, _full_in_v(leaf), METRIC_GRID, None, current)
    if found is None:
        return None
    value, text = _answer_text(_name(leaf), found, _metric_shown, unit)
    low, high = _edges(found, _metric_shown)
    return Hint(path, _name(leaf), found.relation, value, unit, text, low=low, high=high)


def _metric_shown(x: Decimal) -> str:
    return f"{x:z.2f}"


def _figure_full(leaf: Leaf, sources: Sources, figure: FigureRef) -> Callable[[Decimal], bool]:
    top = full_points(leaf.weight)

    def full(x: Decimal) -> bool:
        result = sources.score_with(leaf, figure, x)
        return result.value is not None and result.computed is not None and result.computed >= top

    return full


def _figure_spans(
    leaf: Leaf, sources: Sources, figure: FigureRef, v_spans: list[solve.Span], env: formula.Env
) -> tuple[list[solve.Span], Callable[[Decimal], bool]] | str:
    """The spans of one figure that score full (others unchanged), or why there are none to find."""
    assert leaf.metric is not None
    try:
        fraction = solve.fraction_of(parse_formula(leaf.metric.formula), figure.name, env)
    except solve.NotInvertible as exc:
        return f"{figure.label}：{exc.reason}，无法反推"
    except formula.Undefined:
        return ""  # another figure is unknown: the missing ones are listed instead
    # A fraction constant in the figure still depends on it at its pole (a divisor of 0 leaves
    # the metric undefined): the pieces are judged all the same.
    full = _figure_full(leaf, sources, figure)
    breaks = [fraction.inverse(e) for e in _span_edges(v_spans)] + [fraction.pole()]
    return solve.full_spans(full, breaks, figure.floor), full


def _figure_hint(figure: FigureRef, answer: solve.Answer) -> Hint:
    value, text = _answer_text(figure.label, answer, figure.shown, figure.unit)
    low, high = _edges(answer, figure.shown)
    return Hint(
        figure.pointer,
        figure.label,
        answer.relation,
        value,
        figure.unit,
        text,
        kind=figure.kind,
        target=figure.document_value(answer.near),
        settable=True,
        low=low,
        high=high,
    )


def _value_hints(path: str, leaf: Leaf, sources: Sources, current: Decimal | None) -> tuple[list[Hint], list[str]]:
    """The metric value and each figure's value that give the full weight."""
    hints: list[Hint] = []
    notes: list[str] = []
    problem = formula_problem(leaf, sources.package_figures)
    if leaf.metric is None or problem:
        return hints, [problem or "未设置计算公式"]
    v_spans = _v_spans(leaf)
    if not v_spans:
        return hints, ["按评价标准，任何取值都不能得满分"]
    metric = _metric_hint(path, leaf, v_spans, current)
    if metric is not None:
        hints.append(metric)
    names = parse_formula(leaf.metric.formula).names
    env = sources.env(leaf, names)
    missing = [n for n in names if env.get(n) is None]
    for figure in sources.refs(leaf, path, names):
        if missing and figure.name not in missing:
            continue  # with a figure unknown, only the unknown ones are worth a hint
        found = _figure_spans(leaf, sources, figure, v_spans, env)
        if isinstance(found, str):
            if found:
                notes.append(found)
            elif figure.value is None:
                hints.append(_missing_hint(figure))
            continue
        spans, full = found
        answer = solve.answer(spans, full, figure.grid, figure.floor, figure.value)
        if answer is not None:
            hints.append(_figure_hint(figure, answer))
        elif figure.value is None:
            hints.append(_missing_hint(figure))
    return hints, notes


def _missing_hint(figure: FigureRef) -> Hint:
    return Hint(figure.pointer, figure.label, "missing", None, figure.unit, f"请填写{figure.label}", kind=figure.kind)


def _count_hint(path: str, leaf: Leaf, rule: DeductCountRule, sources: Sources) -> Hint | None:
    top = full_points(leaf.weight)

    def full(x: Decimal) -> bool:
        trial = dataclasses.replace(leaf, rule=dataclasses.replace(rule, count=int(x)))
        computed = sources.score(trial).computed
        return computed is not None and computed >= top

    slack = leaf.weight - (top - HALF_CENT)
    breaks: list[Decimal | None] = [Decimal(0)]
    if rule.points > 0:
        breaks.append((slack / rule.points).to_integral_value(rounding=ROUND_FLOOR))
    spans = solve.full_spans(full, breaks, Decimal(0))
    current = None if rule.count is None else Decimal(rule.count)
    answer = solve.answer(spans, full, Decimal(1), Decimal(0), current)
    if answer is None:
        return None
    label = "不符合要求的例数"
    value, text = _answer_text(label, answer, lambda x: str(int(x)), "例")
    low, high = _edges(answer, lambda x: str(int(x)))
    return Hint(f"{path}/rule/count", label, answer.relation, value, "例", text, "count", int(answer.near), True, low, high)


def _rule_hints(path: str, leaf: Leaf, sources: Sources, result: LeafResult) -> tuple[list[Hint], list[str]]:
    rule = leaf.rule
    top = full_points(leaf.weight)
    if isinstance(rule, TargetRule) and leaf.metric is None:
        hint = _actual_hint(path, leaf, rule, sources)
        return ([hint], []) if hint else ([], ["按评价标准，任何实际完成值都不能得满分"])
    if _measured(leaf):
        return _value_hints(path, leaf, sources, result.value)
    if isinstance(rule, ChecklistRule):
        hints = []
        for i, item in enumerate(rule.items):
            if item.met is not True:
                state = "尚未评定" if item.met is None else "未符合"
                hints.append(
                    Hint(
                        f"{path}/rule/items/{i}/met",
                        item.text,
                        "met" if item.met is False else "missing",
                        "符合",
                        "",
                        f"第{_marks([i])}项（{state}，{format_number(item.points)} 分）：{item.text}",
                        target=True,
                        settable=True,
                    )
                )
        possible = sum((item.points for item in rule.items), Decimal(0))
        notes = [] if round_half_up(min(possible, leaf.weight)) >= top else [f"各项全部符合也只得 {_pts(possible)} 分"]
        return hints, notes
    if isinstance(rule, ChoiceRule):
        best = next((o for o in rule.options if round_half_up(min(o.points, leaf.weight)) >= top), None)
        if best is None:
            return [], ["没有得满分的选项"]
        return [
            Hint(f"{path}/rule/selected", "评价档次", "select", best.label, "", f"评定为“{best.label}”（{_pts(best.points)} 分）", target=best.label, settable=True)
        ], []
    if isinstance(rule, DeductCountRule):
        hint = _count_hint(path, leaf, rule, sources)
        return ([hint] if hint else []), ([] if hint else ["按评价标准，任何例数都不能得满分"])
    return [], []


# ---------------------------------------------------------------- sentences


def _steps_phrase(rounding: Rounding) -> str:
    return {"exact": "", "ceil": "向上取整", "floor": "向下取整"}[rounding]


def _steps(amount: Decimal, step: Decimal, rounding: Rounding) -> Decimal:
    ratio = amount / step
    if rounding == "ceil":
        return ratio.to_integral_value(rounding=ROUND_CEILING)
    if rounding == "floor":
        return ratio.to_integral_value(rounding=ROUND_FLOOR)
    return ratio


def _deduction(weight: Decimal, deduction: Decimal, rounding: Rounding) -> str:
    text = f"{_steps_phrase(rounding)}扣 {_pts(deduction)} 分"
    return text + ("，扣完为止" if deduction > weight else "")


def value_sentence(leaf: Leaf, v: Decimal, computed: Decimal) -> str:
    """Why a value rule gave ``computed``: the metric, the rule's limit and the deduction."""
    rule, name, num = leaf.rule, _name(leaf), format_number
    u = leaf.metric.unit if leaf.metric else ""
    shown = f"{round_half_up(v):.2f}{u}"
    with decimal.localcontext(_WIDE):
        if isinstance(rule, DeductOverRule) and rule.step > 0:
            deduction = rule.points * _steps(v - rule.limit, rule.step, rule.rounding)
            return (
                f"{name} {shown} 超过 {num(rule.limit)}{u}，每超 {num(rule.step)}{u} 扣 {num(rule.points)} 分，"
                + _deduction(leaf.weight, deduction, rule.rounding)
            )
        if isinstance(rule, DeductUnderRule) and rule.step > 0:
            deduction = rule.points * _steps(rule.target - v, rule.step, rule.rounding)
            return (
                f"{name} {shown} 低于 {num(rule.target)}{u}，每低 {num(rule.step)}{u} 扣 {num(rule.points)} 分，"
                + _deduction(leaf.weight, deduction, rule.rounding)
            )
        if isinstance(rule, DeductDeviationRule) and rule.step > 0:
            gap = abs(v - rule.target)
            deduction = rule.points * _steps(gap, rule.step, rule.rounding)
            return (
                f"{name} {shown} 偏离 {num(rule.target)}{u} {format_points(gap)}{u}，"
                f"每偏离 {num(rule.step)}{u} 扣 {num(rule.points)} 分，" + _deduction(leaf.weight, deduction, rule.rounding)
            )
        if isinstance(rule, BandsRule):
            band = next(
                (b for b in rule.bands if (b.min is None or v >= b.min) and (b.max is None or v <= b.max)), None
            )
            top = full_points(leaf.weight)
            best = next((b for b in rule.bands if round_half_up(min(b.points, leaf.weight)) >= top), None)
            head = f"{name} {shown}"
            if band is not None:
                head += f" 属于“{band_label(band.min, band.max, u)}”档，计 {_pts(computed)} 分"
            if best is not None:
                head += f"（满分档为“{band_label(best.min, best.max, u)}”）"
            return head
        if isinstance(rule, TargetRule):
            u = rule.unit or u
            shown, t, a = f"{round_half_up(v):.2f}{u}", num(rule.target), format_points(v)
            if rule.direction == ">=":
                return f"{name} 实际完成值 {shown} 低于年度指标值 {t}{u}，按 {num(leaf.weight)}×{a}/{t} 计 {_pts(computed)} 分"
            if rule.direction == "<=":
                return (
                    f"{name} 实际完成值 {shown} 高于年度指标值 {t}{u}，"
                    f"按 {num(leaf.weight)}×(1−({a}−{t})/{t}) 计 {_pts(computed)} 分"
                )
            return f"{name} 实际完成值 {shown} 不等于年度指标值 {t}{u}，计 {_pts(computed)} 分"
        if isinstance(rule, ProportionalRule):
            return f"{name} {shown}，按比例计 {num(leaf.weight)}×{format_points(v)}/{num(rule.full)}，得 {_pts(computed)} 分"
    return f"{name} {shown}，计 {_pts(computed)} 分"


def rule_sentence(leaf: Leaf, result: LeafResult) -> str:
    """Why a rule that computed gave less than the weight."""
    rule, name = leaf.rule, _name(leaf)
    assert result.computed is not None
    if (_measured(leaf) or isinstance(rule, TargetRule)) and result.value is not None:
        return value_sentence(leaf, result.value, result.computed)
    if isinstance(rule, ChecklistRule):
        unmet = [i for i, item in enumerate(rule.items) if not item.met]
        short = sum((rule.items[i].points for i in unmet), Decimal(0))
        if not unmet:
            return f"{name} 各项均符合，但合计只得 {_pts(result.computed)} 分"
        return f"{name} 第{_marks(unmet)}项未符合，少计 {_pts(short)} 分，得 {_pts(result.computed)} 分"
    if isinstance(rule, ChoiceRule):
        return f"{name} 评定为“{rule.selected}”，计 {_pts(result.computed)} 分"
    if isinstance(rule, DeductCountRule) and rule.count is not None:
        deduction = rule.points * rule.count
        return (
            f"{name} 不符合要求 {rule.count} 例，每例扣 {format_number(rule.points)} 分，扣 {_pts(deduction)} 分"
            + ("，扣完为止" if deduction > leaf.weight else "")
        )
    return f"{name} 计 {_pts(result.computed)} 分"


# ---------------------------------------------------------------- the leaf


def explain_leaf(path: str, leaf: Leaf, result: LeafResult, sources: Sources, form: str = "表3") -> Loss | None:
    """The leaf's loss, or None when its final reaches its weight."""
    weight = leaf.weight
    final = result.final
    if weight <= 0 or (final is not None and final >= weight):
        return None
    lost = weight - (final if final is not None else Decimal(0))
    name = _name(leaf)
    entered = leaf.score
    reason = leaf.reason.strip() or leaf.note.strip()
    hints: list[Hint] = []
    notes: list[str] = []
    if isinstance(leaf.rule, RatedRule):
        rating = f"评定为“{leaf.rule.rating}”，" if leaf.rule.rating else "尚未评定等级，"
        why = f"{name} {rating}" + (f"填报得分 {_pts(entered)} 分" if entered is not None else "尚未评分")
        return Loss(path, name, form, weight, final, lost, why, (), reason)
    if isinstance(leaf.rule, ManualRule):
        why = f"{name} 为手工评分，" + (f"填报得分 {_pts(entered)} 分" if entered is not None else "尚未评分")
        return Loss(path, name, form, weight, final, lost, why, (), reason)
    if result.computed is None or result.reason:
        cause = f"{name} 无法按评价标准计算（{result.reason}）"
        if entered is not None:
            why = f"{cause}，采用填报得分 {_pts(entered)} 分"
        elif result.computed is not None:
            why = f"{cause}，按规则计 {_pts(result.computed)} 分"
        else:
            why = f"{cause}，尚未评分"
        hints, notes = _rule_hints(path, leaf, sources, result)
    elif result.computed >= full_points(weight):
        why = f"{name} 填报得分 {_pts(entered or Decimal(0))} 分，按评价标准计算为 {_pts(result.computed)} 分"
    else:
        why = rule_sentence(leaf, result)
        if entered is not None:
            why += f"；填报得分 {_pts(entered)} 分"
        hints, notes = _rule_hints(path, leaf, sources, result)
    if entered is not None:
        computed = "" if result.computed is None else f"（计算得分 {_pts(result.computed)} 分）"
        hints.append(
            Hint(f"{path}/score", "填报得分", "clear", None, "", f"清除填报得分，采用计算得分{computed}", settable=True)
        )
    else:
        reason = ""
    return Loss(path, name, form, weight, final, lost, why, tuple(hints), reason, "；".join(notes))


def risk_of(path: str, leaf: Leaf, result: LeafResult, sources: Sources, form: str = "表3") -> Risk | None:
    """A leaf at full weight whose metric is within 5 % of the edge where it would lose."""
    top = full_points(leaf.weight)
    v = result.value
    if (
        leaf.weight <= 0
        or not (_measured(leaf) or isinstance(leaf.rule, TargetRule))
        or v is None
        or result.computed is None
        or result.computed < top
        or result.final is None
        or result.final < leaf.weight
    ):
        return None
    v_spans = _v_spans(leaf)
    kept = solve.keep(v_spans, _full_in_v(leaf), METRIC_GRID, None, v)
    if kept is None:
        return None
    exact, shown_edge, upper = kept
    margin = abs(exact - v)
    if margin > RISK_SHARE * abs(exact):  # at a limit of 0 only a value right on it
        return None
    unit = leaf.rule.unit if isinstance(leaf.rule, TargetRule) and leaf.rule.unit else (leaf.metric.unit if leaf.metric else "")
    name = _name(leaf)
    sign = "≤" if upper else "≥"
    shown_v = f"{round_half_up(v):.2f}"
    room = f"{abs(shown_edge - round_half_up(v)):.2f}"
    why = f"{name} {shown_v}{unit}，{sign} {shown_edge:z.2f}{unit} 时得满分，仅余 {room}{unit}"
    names = parse_formula(leaf.metric.formula).names if leaf.metric is not None else ()
    env = sources.env(leaf, names)
    keep: list[Hint] = []
    for figure in sources.refs(leaf, path, names):
        if figure.value is None:
            continue
        found = _figure_spans(leaf, sources, figure, v_spans, env)
        if isinstance(found, str):
            continue
        spans, full = found
        edge = solve.keep(spans, full, figure.grid, figure.floor, figure.value)
        if edge is None:
            continue
        _, at, figure_upper = edge
        relation: HintRelation = "<=" if figure_upper else ">="
        value = figure.shown(at)
        keep.append(
            Hint(
                figure.pointer,
                figure.label,
                relation,
                value,
                figure.unit,
                f"{figure.label} {RELATION_SIGNS[relation]} {_with_unit(value, figure.unit)}",
                kind=figure.kind,
                target=figure.document_value(at),
                settable=True,
            )
        )
    return Risk(path, name, form, leaf.weight, shown_v, f"{shown_edge:z.2f}", room, unit, why, tuple(keep))
