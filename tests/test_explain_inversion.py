"""Inverting a rule and scoring again gives the full weight; one display unit the wrong way does not.

For random rules of every invertible type and random figures, each hint of 失分分析 is set as
shown (万元 to the cent for money, whole persons, 0.01 for figures and for the metric) through
``trial`` — a copy of the package scored by the real rules — and must give the weight; the
value one display unit further out must not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import decimals_with

from perfcore.explain import Hint, Loss, explain, trial
from perfcore.model import (
    DIRECTIONS,
    ROUNDINGS,
    Band,
    BandsRule,
    ChecklistItem,
    ChecklistRule,
    ChoiceOption,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Figure,
    Indicators,
    Leaf,
    Metric,
    Overall,
    Package,
    ProportionalRule,
    Rule,
    TargetRule,
)
from perfcore.money import round_half_up
from perfcore.rules import value_points

PATH = "/indicators/tree/0"
GRID = {"money": Decimal(100), "count": Decimal(1), "number": Decimal("0.01")}
"""One display unit in the stored unit: 0.01 万元 = 100 元, a person, 0.01 of an input."""

# Figures a formula may read: a 表1 money field (万元), a 表1 count, a leaf's own input.
X_NAMES = ("expense_public", "staff_actual", "a")
Y_NAMES = ("budget_initial", "staff_quota", "b")
SHAPES = (
    ("x / y * 100", "%"),
    ("x", ""),
    ("(x - y) / y * 100", "%"),
    ("x * 2 + y", ""),
    ("y / x", ""),
    ("(y + x) / (x + 3) * 10", "%"),
    ("100 - x / y * 100", "%"),
)

weights = decimals_with(2, 30, negative=False).filter(lambda w: w >= Decimal("0.5"))
limits = decimals_with(2, 300)
steps = decimals_with(2, 50, negative=False).filter(lambda s: s > 0)
deductions = decimals_with(2, 10, negative=False).filter(lambda p: p > 0)


def value_rules(weight: Decimal) -> st.SearchStrategy[Rule]:
    rounding = st.sampled_from(ROUNDINGS)
    band_points = decimals_with(2, int(weight) + 1, negative=False)
    bound = st.one_of(st.none(), limits)
    return st.one_of(
        st.builds(DeductOverRule, limit=limits, step=steps, points=deductions, rounding=rounding),
        st.builds(DeductUnderRule, target=limits, step=steps, points=deductions, rounding=rounding),
        st.builds(DeductDeviationRule, target=limits, step=steps, points=deductions, rounding=rounding),
        st.builds(BandsRule, bands=st.lists(st.builds(Band, points=band_points, min=bound, max=bound), min_size=1, max_size=4)),
        st.builds(ProportionalRule, full=limits.filter(lambda f: f != 0)),
        st.builds(TargetRule, direction=st.sampled_from(DIRECTIONS), target=limits, unit=st.just("%")),
    )


def _sometimes_unknown(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), values, values, values, values)


@st.composite
def value_packages(draw: st.DrawFn) -> Package:
    weight = draw(weights)
    shape, unit = draw(st.sampled_from(SHAPES))
    x, y = draw(st.sampled_from(X_NAMES)), draw(st.sampled_from(Y_NAMES))
    text = shape.replace("x", x).replace("y", y)
    overall = Overall()
    inputs: dict[str, Decimal | None] = {}
    for name in (x, y):
        if name in ("a", "b"):
            inputs[name] = draw(_sometimes_unknown(decimals_with(2, 10**5, negative=False)))
        elif name in ("staff_actual", "staff_quota"):
            setattr(overall, name, draw(_sometimes_unknown(st.integers(0, 300))))
        else:
            setattr(overall, name, draw(_sometimes_unknown(decimals_with(2, 10**8, negative=False))))
    leaf = Leaf(
        name="指标",
        weight=weight,
        metric=Metric(text, unit),
        rule=draw(value_rules(weight)),
    )
    figures = [Figure(name, name, "number", value) for name, value in inputs.items()]
    if figures and draw(st.booleans()):  # the same figure as money (万元) or a count
        kind = draw(st.sampled_from(["money", "count"]))
        value = figures[0].value
        figures[0] = Figure(figures[0].key, figures[0].key, kind, None if value is None else (int(value) if kind == "count" else value))
    return Package(2019, overall=overall, indicators=Indicators(tree=[leaf]), figures=figures)


@st.composite
def target_packages(draw: st.DrawFn) -> Package:
    """A target whose 实际完成值 is entered, not computed."""
    actual = draw(_sometimes_unknown(limits))
    rule = TargetRule(direction=draw(st.sampled_from(DIRECTIONS)), target=draw(limits), actual=actual, unit="件")
    return Package(2021, indicators=Indicators(tree=[Leaf(name="指标", weight=draw(weights), rule=rule)]))


def _full(package: Package) -> Decimal:
    return round_half_up(package.indicators.tree[0].weight)


def _final(package: Package, pointer: str, value: Any) -> Decimal | None:
    return trial(package, pointer, value).final_at(PATH)


def _wrong_ways(hint: Hint) -> list[int]:
    """Which way (+1, -1) leaves the full span from the shown value."""
    if hint.relation == ">=":
        return [-1]
    if hint.relation == "<=":
        return [1]
    if hint.relation == "=":
        return [-1, 1]
    return [-1] if hint.value == hint.low else [1]


def _shift(hint: Hint, sign: int) -> Any:
    grid = GRID[hint.kind]
    moved = Decimal(hint.target) + sign * grid
    if moved < 0 and hint.kind in ("money", "count"):
        return None  # money and counts cannot go below zero: there is no wrong way to type
    return int(moved) if hint.kind == "count" else str(moved)


def _loss(package: Package) -> Loss | None:
    lost = explain(package).lost
    return lost[0] if lost else None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.one_of(value_packages(), target_packages()))
def test_each_figure_hint_scores_full_and_one_unit_further_does_not(package: Package) -> None:
    loss = _loss(package)
    if loss is None:
        return
    full = _full(package)
    leaf = package.indicators.tree[0]
    assert isinstance(leaf, Leaf)
    assert loss.regain or loss.note, loss
    for hint in loss.regain:
        event(f"{type(leaf.rule).__name__} {hint.kind or 'metric'} {hint.relation}")
        if hint.relation == "missing":
            continue
        if not hint.settable:  # the metric itself: checked against the rule directly
            value = Decimal(hint.value or "")
            assert value_points(leaf.rule, leaf.weight, value) == full, hint
            for sign in _wrong_ways(hint):
                assert value_points(leaf.rule, leaf.weight, value + sign * Decimal("0.01")) != full, hint
            continue
        assert _final(package, hint.pointer, hint.target) == full, hint
        for sign in _wrong_ways(hint):
            moved = _shift(hint, sign)
            if moved is not None:
                assert _final(package, hint.pointer, moved) != full, (hint, moved)


@st.composite
def direct_packages(draw: st.DrawFn) -> Package:
    weight = draw(weights)
    points = decimals_with(2, int(weight) + 2, negative=False)
    rule: Rule = draw(
        st.one_of(
            st.builds(
                ChecklistRule,
                items=st.lists(st.builds(ChecklistItem, text=st.just("要求"), points=points, met=st.booleans()), min_size=1, max_size=5),
            ),
            st.lists(points, min_size=1, max_size=4).flatmap(
                lambda ps: st.builds(
                    ChoiceRule,
                    options=st.just([ChoiceOption(f"档{i}", p) for i, p in enumerate(ps)]),
                    selected=st.sampled_from([f"档{i}" for i in range(len(ps))]),
                )
            ),
            st.builds(DeductCountRule, points=deductions, count=st.integers(0, 20)),
        )
    )
    return Package(2019, indicators=Indicators(tree=[Leaf(name="指标", weight=weight, rule=rule)]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(direct_packages())
def test_checklist_choice_and_count_hints_score_full(package: Package) -> None:
    loss = _loss(package)
    if loss is None:
        return
    full = _full(package)
    leaf = package.indicators.tree[0]
    assert isinstance(leaf, Leaf)
    if loss.note:  # no option, item set or count can give the full weight: it says so
        rule = leaf.rule
        if isinstance(rule, ChoiceRule):
            assert not loss.regain
            assert all(round_half_up(min(o.points, leaf.weight)) < full for o in rule.options)
        elif isinstance(rule, ChecklistRule):
            assert round_half_up(sum((i.points for i in rule.items), Decimal(0))) < full
        else:
            assert isinstance(rule, DeductCountRule)
            assert not loss.regain
        return
    changed = package
    for hint in loss.regain:
        changed = trial(changed, hint.pointer, hint.target).package
    assert _final(changed, f"{PATH}/name", "指标") == full
    for hint in loss.regain:
        if hint.kind == "count":
            assert _final(package, hint.pointer, hint.target + 1) != full
