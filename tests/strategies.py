"""Hypothesis strategies for whole packages: every rule type, nulls, money, hostile texts, nesting.

The packages are what a valid exchange document can hold, so that the round-trip properties
(JSON → report file → JSON, dump → load → dump) and the scoring properties run on the same
material as the real product.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from perfcore.model import (
    DIRECTIONS,
    FIGURE_KINDS,
    FORM_NAMES,
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    ON_UNDEFINED,
    OVERALL_COUNT_FIELDS,
    OVERALL_MONEY_FIELDS,
    OVERALL_NUMERIC_FIELDS,
    OVERALL_TEXT_FIELDS,
    PROJECT_TEXT_FIELDS,
    RATINGS,
    ROUNDINGS,
    Band,
    BandsRule,
    Budget,
    BudgetLine,
    ChecklistItem,
    ChecklistRule,
    ChoiceOption,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Figure,
    Goals,
    Grade,
    Group,
    Indicators,
    Item,
    Leaf,
    ManualRule,
    Metric,
    Node,
    Overall,
    Package,
    Previous,
    Project,
    ProportionalRule,
    RatedRule,
    Rule,
    SpecialFund,
    TargetRule,
    Template,
)

# Keys of figures (基础数据); none may shadow a 表1 field (that is refused on import). A package
# defines some of them; formulas may name any, so that a formula naming a missing figure occurs.
FIGURE_KEYS = ("a", "b", "completed", "planned", "rate_2", "满意人数", "调查人数")

# Snippets that break naive storage or printing: markup, entities, newlines, quotes, SQL.
_HOSTILE = st.sampled_from(
    ["<b>&", "</b>", "&amp;", "\n", "\r\n", "\t", "'", '"', "\\", "；DROP TABLE node;--", "在职人员", "　", "\x00"]
)
texts = st.lists(st.one_of(st.text(max_size=12), _HOSTILE), max_size=4).map("".join)


def decimals_with(max_places: int, max_abs: int, *, negative: bool = True) -> st.SearchStrategy[Decimal]:
    """A Decimal with 0..max_places decimals as written (trailing zeros kept: 5.00 ≠ 5 in text)."""
    low = -max_abs if negative else 0

    @st.composite
    def build(draw: st.DrawFn) -> Decimal:
        places = draw(st.integers(0, max_places))
        units = draw(st.integers(low * 10**places, max_abs * 10**places))
        return Decimal(units).scaleb(-places)

    return build()


# 元 to the 分 as a unit files them, and now and then finer than that, as the format allows.
money = st.one_of(st.none(), decimals_with(2, 10**11), decimals_with(9, 10**4))
counts = st.one_of(st.none(), st.integers(0, 100_000))
# Weights, points, limits and scores: at most two decimals.
points = decimals_with(2, 1000, negative=False)
signed_points = decimals_with(2, 1000)
figures = st.one_of(st.none(), decimals_with(6, 10**7))


def items() -> st.SearchStrategy[list[Item]]:
    return st.lists(st.builds(Item, name=texts, amount=money), max_size=3)


@st.composite
def overalls(draw: st.DrawFn) -> Overall:
    overall = Overall()
    for name in OVERALL_COUNT_FIELDS:
        setattr(overall, name, draw(counts))
    for name in OVERALL_MONEY_FIELDS:
        setattr(overall, name, draw(money))
    for name in OVERALL_TEXT_FIELDS:
        setattr(overall, name, draw(texts))
    overall.capital_repair_items = draw(items())
    return overall


@st.composite
def funds(draw: st.DrawFn) -> SpecialFund:
    fund = SpecialFund()
    for name in FUND_TEXT_FIELDS:
        setattr(fund, name, draw(texts))
    for name in FUND_MONEY_FIELDS:
        setattr(fund, name, draw(money))
    fund.items = draw(items())
    return fund


def formulas(names: list[str]) -> st.SearchStrategy[str]:
    """Formula text over ``names`` with every construct of the grammar."""
    numbers = decimals_with(3, 1000, negative=False).map(lambda d: format(d, "f"))
    atoms = st.one_of(numbers, st.sampled_from(names)) if names else numbers

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=1, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            inner.map(lambda e: f"abs({e})"),
        )

    return st.recursive(atoms, extend, max_leaves=6)


def _bands() -> st.SearchStrategy[list[Band]]:
    bound = st.one_of(st.none(), signed_points)
    return st.lists(st.builds(Band, points=points, min=bound, max=bound), max_size=4)


def rules() -> st.SearchStrategy[Rule]:
    policy = st.sampled_from(ON_UNDEFINED)
    rounding = st.sampled_from(ROUNDINGS)
    step = st.one_of(points, st.just(Decimal(0)))

    @st.composite
    def choice(draw: st.DrawFn) -> ChoiceRule:
        options = draw(st.lists(st.builds(ChoiceOption, label=texts, points=points), max_size=4))
        labels = [o.label for o in options]
        selected = draw(st.one_of(st.none(), texts, st.sampled_from(labels) if labels else st.none()))
        return ChoiceRule(options, selected, draw(policy))

    met = st.one_of(st.none(), st.booleans())
    return st.one_of(
        st.builds(ManualRule, on_undefined=policy),
        choice(),
        st.builds(
            ChecklistRule,
            items=st.lists(st.builds(ChecklistItem, text=texts, points=points, met=met), max_size=5),
            on_undefined=policy,
        ),
        st.builds(DeductCountRule, points=points, count=counts, on_undefined=policy),
        st.builds(BandsRule, bands=_bands(), on_undefined=policy),
        st.builds(DeductOverRule, limit=signed_points, step=step, points=points, rounding=rounding, on_undefined=policy),
        st.builds(DeductUnderRule, target=signed_points, step=step, points=points, rounding=rounding, on_undefined=policy),
        st.builds(
            DeductDeviationRule, target=signed_points, step=step, points=points, rounding=rounding, on_undefined=policy
        ),
        st.builds(ProportionalRule, full=st.one_of(points, signed_points), on_undefined=policy),
        st.builds(
            TargetRule,
            direction=st.sampled_from(DIRECTIONS),
            target=decimals_with(4, 10**6),
            actual=st.one_of(st.none(), decimals_with(4, 10**6)),
            unit=st.sampled_from(["%", "", "个", "天"]),
            target_text=st.one_of(st.none(), texts),
            on_undefined=policy,
        ),
        st.builds(RatedRule, rating=st.one_of(st.none(), st.sampled_from(RATINGS)), on_undefined=policy),
    )


@st.composite
def leaves(draw: st.DrawFn, weights: st.SearchStrategy[Decimal] = points) -> Leaf:
    metric = None
    if draw(st.integers(0, 4)):
        pool = draw(st.lists(st.sampled_from(FIGURE_KEYS), max_size=3))
        pool += draw(st.lists(st.sampled_from(OVERALL_NUMERIC_FIELDS), max_size=3))
        metric = Metric(draw(formulas(pool)), draw(st.sampled_from(["%", "", "人", "元"])))
    return Leaf(
        name=draw(texts),
        weight=draw(weights),
        criterion=draw(texts),
        explanation=draw(texts),
        metric=metric,
        rule=draw(rules()),
        score=draw(st.one_of(st.none(), points)),
        note=draw(texts),
        reason=draw(texts),
    )


def trees(weights: st.SearchStrategy[Decimal] = points, max_leaves: int = 12) -> st.SearchStrategy[list[Node]]:
    def group(children: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[list[Node]]:
        node = st.builds(Group, name=texts, weight=weights, children=children)
        return st.lists(st.one_of(node, leaves(weights)), max_size=3)

    return st.recursive(st.lists(leaves(weights), max_size=3), group, max_leaves=max_leaves)


def figure_value(kind: str) -> st.SearchStrategy[Any]:
    """A value of a figure's kind: money in 元, a count, or any number (None included)."""
    if kind == "money":
        return money
    if kind == "count":
        return counts
    return figures


@st.composite
def figure_lists(draw: st.DrawFn) -> list[Figure]:
    keys = draw(st.lists(st.sampled_from(FIGURE_KEYS), unique=True, max_size=5))
    out = []
    for key in keys:
        kind = draw(st.sampled_from(FIGURE_KINDS))
        carry = draw(st.one_of(st.none(), st.sampled_from(keys), st.sampled_from(OVERALL_NUMERIC_FIELDS)))
        label = draw(st.one_of(st.just(key), texts.filter(lambda t: bool(t.strip()))))
        out.append(Figure(key, label, kind, draw(figure_value(kind)), draw(texts), carry))
    return out


@st.composite
def grade_lists(draw: st.DrawFn) -> list[Grade]:
    floors = sorted(draw(st.lists(decimals_with(2, 100, negative=False), unique=True, max_size=4)), reverse=True)
    floors = [f for f in floors if f > 0] + [Decimal(0)]
    return [Grade(draw(st.sampled_from(["优", "良", "中", "差", "优秀", "合格", "A"])), f) for f in floors]


@st.composite
def projects(draw: st.DrawFn, weights: st.SearchStrategy[Decimal] = points, max_leaves: int = 6) -> Project:
    lines = draw(st.lists(st.builds(BudgetLine, label=texts, initial=money, full=money, executed=money), max_size=3))
    budget = Budget(draw(points), draw(st.one_of(st.none(), points)), lines)
    project = Project(budget=budget, goals=Goals(draw(texts), draw(texts)), tree=draw(trees(weights, max_leaves)))
    for name in PROJECT_TEXT_FIELDS:
        setattr(project, name, draw(texts))
    return project


@st.composite
def packages(
    draw: st.DrawFn, weights: st.SearchStrategy[Decimal] = points, max_leaves: int = 12, max_projects: int = 2
) -> Package:
    figure_list = draw(figure_lists())
    carry_targets = list(OVERALL_NUMERIC_FIELDS) + [f.key for f in figure_list]
    carry = draw(
        st.one_of(
            st.just({"balance_year_end": "carryover_prior"}),
            st.dictionaries(st.sampled_from(OVERALL_NUMERIC_FIELDS), st.sampled_from(carry_targets), max_size=2),
        )
    )
    template = st.builds(Template, id=texts, name=texts, version=texts, source=texts)
    previous = st.builds(
        Previous,
        file=texts,
        year=st.one_of(st.none(), st.integers(1900, 2999)),
        total=st.one_of(st.none(), points),
        grade=texts,
        fingerprint=texts,
        values=st.dictionaries(st.sampled_from(list(OVERALL_NUMERIC_FIELDS) + list(FIGURE_KEYS)), figures, max_size=3),
    )
    return Package(
        year=draw(st.integers(1900, 2999)),
        unit_name=draw(texts),
        template=draw(st.one_of(st.none(), template)),
        forms=draw(st.lists(st.sampled_from(FORM_NAMES), unique=True, max_size=5)),
        grades=draw(grade_lists()),
        overall=draw(overalls()),
        overall_carry=carry,
        special_funds=draw(st.lists(funds(), max_size=2)),
        indicators=Indicators(draw(texts), draw(texts), draw(trees(weights, max_leaves))),
        figures=figure_list,
        previous=draw(st.one_of(st.none(), previous)),
        projects=draw(st.lists(projects(weights), max_size=max_projects)),
    )


def numeric_field_values() -> st.SearchStrategy[tuple[str, Any]]:
    """A 表1 numeric field with a new value of its kind (None included)."""
    counts_change = st.tuples(st.sampled_from(OVERALL_COUNT_FIELDS), counts)
    money_change = st.tuples(st.sampled_from(OVERALL_MONEY_FIELDS), money)
    return st.one_of(counts_change, money_change)
