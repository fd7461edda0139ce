"""表3 部门整体支出绩效评价指标表: the weights, and each 得分 against its 评价标准.

Where findings point:

- a group whose weight is not the sum of its children's: the group's ``…/weight``;
- level-1 weights not adding up to 100: ``/indicators/tree``;
- a score out of range, a missing score, a score that differs from the computed one:
  the leaf's ``…/score``, where the user enters it;
- a rule that cannot compute for want of figures: the first missing figure, where the
  user supplies it — the figure's value (``/figures/2/value``), the 表1 field
  (``/overall/budget_added``) or the rule's own answer (``…/rule/selected``,
  ``…/rule/items/2/met``, ``…/rule/count``, ``…/rule/actual``). For a zero divisor the figure
  that is 0. Such findings stay listed under 表3 (or the project), in the indicator's place;
- a formula naming a figure that does not exist: the leaf's ``…/metric/formula``;
- a 评价标准 that gives more points than the 分值 (``计8分`` after the 分值 went from 8 to 4):
  the leaf's ``…/criterion``, the text left behind.

Every check here also runs over each project's tree (paths under ``/projects/N/tree``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from decimal import Decimal

from perfcore import formula
from perfcore.checks.base import Context, Finding, LeafEntry, check, node_label, points
from perfcore.lazy_text import LazyText
from perfcore.model import OVERALL_NUMERIC_FIELDS, Group, RatedRule
from perfcore.money import format_number, format_points, normalize_digits
from perfcore.rules import (
    figure_label,
    parse_formula,
    rating_band_text,
    unknown_names,
    uses_metric,
)

FULL_MARKS = Decimal(100)
_POINTS_IN_TEXT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*分(?!之)")
"""``6分``, ``计 8 分``, ``0.5分`` in a 评价标准; not ``百分之``/``三分之一``."""
_MOST_TERMS = 8


def _terms(parts: list[tuple[str, Decimal]]) -> str:
    total = sum((w for _, w in parts), Decimal(0))
    if len(parts) > _MOST_TERMS:
        return f"{len(parts)} 项合计 {points(total)}"
    text = " + ".join(f"{name} {points(w)}" for name, w in parts)
    return text if len(parts) == 1 else f"{text} = {points(total)}"


@check("table3.group_weights")
def group_weights(ctx: Context) -> Iterator[Finding]:
    """Each group's weight is the sum of its children's."""
    for entry in ctx.nodes:
        group = entry.node
        if not isinstance(group, Group):
            continue
        added = sum((c.weight for c in group.children), Decimal(0))
        if added == group.weight:
            continue
        label = entry.label
        if not group.children:
            message = f"{label}：分值 {points(group.weight)}，但没有下级指标"
        else:
            parts = [(node_label(c, entry.depth + 1), c.weight) for c in group.children]
            message = (
                f"{label}：分值 {points(group.weight)} ≠ 下级指标 {_terms(parts)}"
                f"（相差 {points(abs(group.weight - added))} 分）"
            )
        yield Finding("error", f"{entry.path}/weight", message)


@check("table3.total_weight")
def total_weight(ctx: Context) -> Iterator[Finding]:
    """Level-1 weights add up to 100."""
    tree = ctx.package.indicators.tree
    added = sum((n.weight for n in tree), Decimal(0))
    if added == FULL_MARKS:
        return
    if not tree:
        yield Finding("error", "/indicators/tree", "指标表尚无指标，一级指标分值合计应为 100 分")
        return
    parts = [(node_label(n, 1), n.weight) for n in tree]
    yield Finding(
        "error",
        "/indicators/tree",
        f"一级指标分值合计 {_terms(parts)}，应为 100（相差 {points(abs(FULL_MARKS - added))} 分）",
    )


@check("table3.score_range")
def score_range(ctx: Context) -> Iterator[Finding]:
    """An entered score lies within [0, weight] (computed ones are clamped by the rules)."""
    for entry in ctx.leaves:
        score, weight = entry.leaf.score, entry.leaf.weight
        if score is None or Decimal(0) <= score <= weight:
            continue
        yield Finding(
            "error",
            f"{entry.path}/score",
            f"{entry.label}：得分 {format_points(score)} 分不在 0～{points(weight)} 分之间",
        )


@check("table3.unscored")
def unscored(ctx: Context) -> Iterator[Finding]:
    """Every leaf has a final score, or the package is incomplete."""
    for entry in ctx.leaves:
        result = entry.result
        if result.final is not None:
            continue
        rule = entry.leaf.rule
        if isinstance(rule, RatedRule):
            # A judgement the program cannot make: ask for the rating, then a score in its band.
            if rule.rating is None:
                why = "，请评定达成情况并填写得分"
            else:
                why = f"，评定为“{rule.rating}”，请在{rating_band_text(rule.rating, entry.leaf.weight)}之间填写得分"
        elif result.reason:
            why = f"（{_missing_text(entry, ctx) or result.reason}），请补全后由程序计算，或直接填写得分"
        else:
            why = "，请填写得分"
        yield Finding("error", f"{entry.path}/score", f"{entry.label}：得分空缺{why}")


_ENTERED_SUFFIX = "；填报得分{}分"


@check("table3.score_mismatch")
def score_mismatch(ctx: Context) -> Iterator[Finding]:
    """An entered score that the 评价标准 does not give."""
    for entry in ctx.leaves:
        entered, computed = entry.leaf.score, entry.result.computed
        if entered is None or computed is None or entered == computed:
            continue
        yield Finding(
            "warning", f"{entry.path}/score", LazyText((_mismatch_text, entry.label, entered, computed, entry.result.sentence))
        )


def _mismatch_text(label: str, entered: Decimal, computed: Decimal, sentence: LazyText) -> str:
    # The 计算过程 ends by noting the entered score; the message states it already.
    process = str(sentence).removesuffix(_ENTERED_SUFFIX.format(format_points(entered)))
    return (
        f"{label}：填报得分 {format_points(entered)} 分与按评价标准计算的 "
        f"{format_points(computed)} 分不一致（计算过程：{process}）"
    )


def _fallback(entry: LeafEntry) -> LazyText:
    """What stands in for the score the rule could not give."""
    return LazyText((_fallback_text, entry.leaf.score, entry.leaf.rule.on_undefined, entry.result.computed))


def _fallback_text(entered: Decimal | None, on_undefined: str, computed: Decimal | None) -> str:
    if entered is not None:
        return f"现采用填报得分 {format_points(entered)} 分"
    if on_undefined == "full":
        return f"按规则计满分 {format_points(computed)} 分"
    return f"按规则计 {format_points(computed)} 分"


def _is_figure(ctx: Context, name: str) -> bool:
    return name in ctx.figures or name in OVERALL_NUMERIC_FIELDS


def _address(ctx: Context, name: str) -> str:
    if name in OVERALL_NUMERIC_FIELDS:
        return f"/overall/{name}"
    return ctx.figure_path(name)


def _missing_text(entry: LeafEntry, ctx: Context) -> str:
    """``缺少上年结转、本年追加预算`` when figures are missing; '' otherwise."""
    figures = [n for n in entry.result.missing if _is_figure(ctx, n)]
    return "缺少" + "、".join(figure_label(n, ctx.figures) for n in figures) if figures else ""


@check("table3.uncomputable")
def uncomputable(ctx: Context) -> Iterator[Finding]:
    """A rule that cannot compute: which figures are missing, or which divisor is 0.

    A leaf left without any score is reported by ``table3.unscored`` instead.
    """
    for entry in ctx.leaves:
        result = entry.result
        if not result.reason or result.final is None or unknown_names(entry.leaf, ctx.figures):
            continue
        label, fallback = entry.label, _fallback(entry)
        missing = result.missing
        if missing:
            text = _missing_text(entry, ctx)
            if text:
                first = next(n for n in missing if _is_figure(ctx, n))
                message = LazyText(label, "：", text, _UNCOMPUTABLE, fallback)
                yield Finding("info", _address(ctx, first), message, entry.path)
            else:
                message = LazyText(label, "：", result.reason, _UNCOMPUTABLE, fallback)
                yield Finding("info", f"{entry.path}/rule/{missing[0]}", message, entry.path)
            continue
        divisor = _zero_divisor(entry, ctx)
        if divisor is not None and _names(divisor):
            shown = _describe(divisor, ctx)
            path = _address(ctx, _names(divisor)[0])
            yield Finding("info", path, LazyText(label, "：除数（", shown, "）为 0", _UNCOMPUTABLE, fallback), entry.path)
            continue
        # Not for want of figures: the rule or formula itself cannot give a score.
        yield Finding("warning", f"{entry.path}/rule", LazyText(label, "：计分规则无法计算（", result.reason, "），", fallback))


_UNCOMPUTABLE = "，无法按评价标准核算得分，"


# ---------------------------------------------------------------- zero divisors


@check("table3.unknown_names")
def unknown_formula_names(ctx: Context) -> Iterator[Finding]:
    """A formula naming neither a 表1 field nor a figure of the package (one removed, misspelt)."""
    for entry in ctx.leaves:
        unknown = unknown_names(entry.leaf, ctx.figures)
        if unknown:
            names = "、".join(f"“{n}”" for n in unknown)
            yield Finding(
                "error",
                f"{entry.path}/metric/formula",
                f"{entry.label}：计算公式中的{names}既不是表1的数值字段，也不是基础数据，请在基础数据中添加或改正公式",
            )


def _zero_divisor(entry: LeafEntry, ctx: Context) -> formula.Expr | None:
    leaf = entry.leaf
    if leaf.metric is None or not uses_metric(leaf):
        return None
    try:
        parsed = parse_formula(leaf.metric.formula)
    except formula.FormulaError:
        return None
    return _find_zero_divisor(parsed.tree, ctx.formula_env)


def _find_zero_divisor(expr: formula.Expr, env: dict[str, Decimal | int | None]) -> formula.Expr | None:
    """The first divisor that evaluates to 0, in the order evaluation meets it."""
    for child in _children(expr):
        found = _find_zero_divisor(child, env)
        if found is not None:
            return found
    if isinstance(expr, formula.BinOp) and expr.op == "/":
        try:
            value = formula.evaluate_part(expr.right, env)
        except formula.Undefined:
            return None
        if value == 0:
            return expr.right
    return None


def _children(expr: formula.Expr) -> tuple[formula.Expr, ...]:
    if isinstance(expr, formula.Neg):
        return (expr.operand,)
    if isinstance(expr, formula.BinOp):
        return (expr.left, expr.right)
    if isinstance(expr, formula.Call):
        return expr.args
    return ()


def _names(expr: formula.Expr) -> list[str]:
    if isinstance(expr, formula.Name):
        return [expr.name]
    return [n for child in _children(expr) for n in _names(child)]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_SHOWN = {"+": " + ", "-": " - ", "*": " × ", "/": " / "}


def _describe(expr: formula.Expr, ctx: Context, parent: int = 0) -> str:
    """A divisor in words: ``上年结转 + 年初预算 + 本年追加预算``."""
    if isinstance(expr, formula.Num):
        return format_number(expr.value)
    if isinstance(expr, formula.Name):
        return figure_label(expr.name, ctx.figures)
    if isinstance(expr, formula.Neg):
        return "-" + _describe(expr.operand, ctx, 3)
    if isinstance(expr, formula.BinOp):
        prec = _PRECEDENCE[expr.op]
        right = prec + 1 if expr.op in "-/" else prec
        text = _describe(expr.left, ctx, prec) + _SHOWN[expr.op] + _describe(expr.right, ctx, right)
        return f"（{text}）" if prec < parent else text
    return f"{expr.func}（" + "，".join(_describe(a, ctx) for a in expr.args) + "）"


def points_named(text: str) -> list[Decimal]:
    """The points a 评价标准 names (``效果较好的计6分；一般3分`` → 6, 3), in order."""
    return [Decimal(number) for number in _POINTS_IN_TEXT.findall(normalize_digits(text))]


def _most_points_named(text: str) -> Decimal | None:
    # A template's 评价标准 recur in every unit's file (汇总 reads thousands): read each once;
    # long texts are not kept, so that the cache stays small whatever a file holds.
    return _most_points_cached(text) if len(text) <= 2000 else _most_points(text)


def _most_points(text: str) -> Decimal | None:
    return max(points_named(text), default=None)


_most_points_cached = functools.lru_cache(maxsize=4096)(_most_points)


@check("table3.criterion_points")
def criterion_points(ctx: Context) -> Iterator[Finding]:
    """A 评价标准 naming more points than the indicator's 分值: one of the two was not updated."""
    for entry in ctx.leaves:
        most = _most_points_named(entry.leaf.criterion)
        if most is None or most <= entry.leaf.weight:
            continue
        yield Finding("warning", f"{entry.path}/criterion", LazyText((_criterion_text, entry.label, most, entry.leaf.weight)))


def _criterion_text(label: str, most: Decimal, weight: Decimal) -> str:
    return f"{label}：评价标准写有“{format_number(most)}分”，大于分值 {points(weight)} 分，请核对评价标准或分值"
