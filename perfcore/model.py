"""The package as plain dataclasses, shaped exactly like the exchange format.

Money is ``Decimal`` yuan; ``None`` is an unknown figure and never means 0. Every field
name equals its key in the exchange document, so a JSON Pointer addresses a field
directly (``/overall/staff_actual``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

FORMAT = "perf-filing/1"

Rounding = Literal["exact", "ceil", "floor"]
OnUndefined = Literal["manual", "full", "zero"]
Scalar = str | int | Decimal | bool | None

ROUNDINGS: tuple[Rounding, ...] = ("exact", "ceil", "floor")
ON_UNDEFINED: tuple[OnUndefined, ...] = ("manual", "full", "zero")


@dataclass
class Item:
    """One line of itemised spending (基建维修项目 or a fund's 支出明细)."""

    name: str = ""
    amount: Decimal | None = None
    uid: int = field(default=0, compare=False, repr=False)


# Field groups of 表1, in the order of the exchange format. The kinds drive parsing,
# validation, storage and which names formulas may use.
OVERALL_COUNT_FIELDS = ("staff_actual", "staff_quota")
OVERALL_MONEY_FIELDS = (
    "assets_total",
    "liabilities_total",
    "budget_initial",
    "budget_added",
    "carryover_prior",
    "balance_year_end",
    "income_total",
    "income_fiscal",
    "income_other",
    "expense_total",
    "expense_project",
    "expense_basic",
    "expense_personnel",
    "expense_public",
    "three_public_total",
    "three_public_vehicle",
    "three_public_reception",
    "three_public_abroad",
    "capital_repair_total",
)
OVERALL_TEXT_FIELDS = (
    "head",
    "budget_note",
    "analysis_basic",
    "analysis_project",
    "problems",
    "improvements",
    "goal_completion",
    "opinion_unit",
    "opinion_office",
    "filler",
    "phone",
    "filled_on",
)
OVERALL_NUMERIC_FIELDS = OVERALL_COUNT_FIELDS + OVERALL_MONEY_FIELDS


@dataclass
class Overall:
    """表1 整体支出绩效自评报告."""

    head: str = ""
    staff_actual: int | None = None
    staff_quota: int | None = None
    assets_total: Decimal | None = None
    liabilities_total: Decimal | None = None
    budget_initial: Decimal | None = None
    budget_added: Decimal | None = None
    carryover_prior: Decimal | None = None
    balance_year_end: Decimal | None = None
    income_total: Decimal | None = None
    income_fiscal: Decimal | None = None
    income_other: Decimal | None = None
    expense_total: Decimal | None = None
    expense_project: Decimal | None = None
    expense_basic: Decimal | None = None
    expense_personnel: Decimal | None = None
    expense_public: Decimal | None = None
    three_public_total: Decimal | None = None
    three_public_vehicle: Decimal | None = None
    three_public_reception: Decimal | None = None
    three_public_abroad: Decimal | None = None
    capital_repair_total: Decimal | None = None
    capital_repair_items: list[Item] = field(default_factory=list)
    budget_note: str = ""
    analysis_basic: str = ""
    analysis_project: str = ""
    problems: str = ""
    improvements: str = ""
    goal_completion: str = ""
    opinion_unit: str = ""
    opinion_office: str = ""
    filler: str = ""
    phone: str = ""
    filled_on: str = ""
    """``YYYY-MM-DD`` as typed; kept as text so that a wrong date reaches the checks."""


FUND_MONEY_FIELDS = ("allocated", "spent")
FUND_TEXT_FIELDS = (
    "name",
    "overview",
    "funding_text",
    "implementation",
    "performance",
    "opinion_unit",
    "opinion_office",
    "filler",
    "phone",
    "filled_on",
)


@dataclass
class SpecialFund:
    """表2 专项资金绩效自评报告 (one per fund)."""

    name: str = ""
    overview: str = ""
    allocated: Decimal | None = None
    spent: Decimal | None = None
    funding_text: str = ""
    implementation: str = ""
    items: list[Item] = field(default_factory=list)
    performance: str = ""
    opinion_unit: str = ""
    opinion_office: str = ""
    filler: str = ""
    phone: str = ""
    filled_on: str = ""
    uid: int = field(default=0, compare=False, repr=False)


# ---------------------------------------------------------------- rules (评价标准 → 得分)


@dataclass
class ManualRule:
    """No computation: the entered score stands."""

    on_undefined: OnUndefined = "manual"
    type: Literal["manual"] = "manual"


@dataclass
class ChoiceOption:
    label: str
    points: Decimal


@dataclass
class ChoiceRule:
    options: list[ChoiceOption] = field(default_factory=list)
    selected: str | None = None
    on_undefined: OnUndefined = "manual"
    type: Literal["choice"] = "choice"


@dataclass
class ChecklistItem:
    text: str
    points: Decimal
    met: bool | None = None


@dataclass
class ChecklistRule:
    items: list[ChecklistItem] = field(default_factory=list)
    on_undefined: OnUndefined = "manual"
    type: Literal["checklist"] = "checklist"


@dataclass
class DeductCountRule:
    points: Decimal = Decimal(0)
    count: int | None = None
    on_undefined: OnUndefined = "manual"
    type: Literal["deduct_count"] = "deduct_count"


@dataclass
class Band:
    points: Decimal
    min: Decimal | None = None
    max: Decimal | None = None


@dataclass
class BandsRule:
    bands: list[Band] = field(default_factory=list)
    on_undefined: OnUndefined = "manual"
    type: Literal["bands"] = "bands"


@dataclass
class DeductOverRule:
    limit: Decimal = Decimal(0)
    step: Decimal = Decimal(1)
    points: Decimal = Decimal(0)
    rounding: Rounding = "exact"
    on_undefined: OnUndefined = "manual"
    type: Literal["deduct_over"] = "deduct_over"


@dataclass
class DeductUnderRule:
    target: Decimal = Decimal(0)
    step: Decimal = Decimal(1)
    points: Decimal = Decimal(0)
    rounding: Rounding = "exact"
    on_undefined: OnUndefined = "manual"
    type: Literal["deduct_under"] = "deduct_under"


@dataclass
class DeductDeviationRule:
    target: Decimal = Decimal(0)
    step: Decimal = Decimal(1)
    points: Decimal = Decimal(0)
    rounding: Rounding = "exact"
    on_undefined: OnUndefined = "manual"
    type: Literal["deduct_deviation"] = "deduct_deviation"


@dataclass
class ProportionalRule:
    full: Decimal = Decimal(1)
    on_undefined: OnUndefined = "manual"
    type: Literal["proportional"] = "proportional"


Rule = (
    ManualRule
    | ChoiceRule
    | ChecklistRule
    | DeductCountRule
    | BandsRule
    | DeductOverRule
    | DeductUnderRule
    | DeductDeviationRule
    | ProportionalRule
)

RULE_TYPES: dict[str, type[Any]] = {
    "manual": ManualRule,
    "choice": ChoiceRule,
    "checklist": ChecklistRule,
    "deduct_count": DeductCountRule,
    "bands": BandsRule,
    "deduct_over": DeductOverRule,
    "deduct_under": DeductUnderRule,
    "deduct_deviation": DeductDeviationRule,
    "proportional": ProportionalRule,
}

RULE_LABELS: dict[str, str] = {
    "manual": "手工评分",
    "choice": "单项选择",
    "checklist": "逐项计分",
    "deduct_count": "按次扣分",
    "bands": "分档计分",
    "deduct_over": "超出扣分",
    "deduct_under": "不足扣分",
    "deduct_deviation": "偏离扣分",
    "proportional": "按比例计分",
}

# Rules whose points follow from a measured value v (they need a metric).
VALUE_RULES = frozenset({"bands", "deduct_over", "deduct_under", "deduct_deviation", "proportional"})


# ---------------------------------------------------------------- 表3 tree


@dataclass
class Metric:
    formula: str
    unit: str = ""


@dataclass
class Leaf:
    """三级指标: a scored indicator."""

    name: str = ""
    weight: Decimal = Decimal(0)
    criterion: str = ""
    explanation: str = ""
    metric: Metric | None = None
    inputs: dict[str, Decimal | None] | None = None
    rule: Rule = field(default_factory=ManualRule)
    score: Decimal | None = None
    note: str = ""
    uid: int = field(default=0, compare=False, repr=False)
    """Stable identity while the package is open (store row id); not part of the document."""


@dataclass
class Group:
    """一级 or 二级指标: a weighted group of nodes."""

    name: str = ""
    weight: Decimal = Decimal(0)
    children: list[Node] = field(default_factory=list)
    uid: int = field(default=0, compare=False, repr=False)


Node = Group | Leaf


@dataclass
class Indicators:
    """表3 部门整体支出绩效评价指标表."""

    title: str = "部门整体支出绩效评价指标表"
    opinion_unit: str = ""
    tree: list[Node] = field(default_factory=list)


@dataclass
class Package:
    """One unit's self-evaluation package for one year."""

    year: int
    unit_name: str = ""
    overall: Overall = field(default_factory=Overall)
    special_funds: list[SpecialFund] = field(default_factory=list)
    indicators: Indicators = field(default_factory=Indicators)


def iter_nodes(nodes: list[Node], prefix: str = "/indicators/tree") -> list[tuple[str, Node]]:
    """Every node of a tree with its JSON Pointer, in document (pre-)order."""
    out: list[tuple[str, Node]] = []
    for i, node in enumerate(nodes):
        path = f"{prefix}/{i}"
        out.append((path, node))
        if isinstance(node, Group):
            out.extend(iter_nodes(node.children, f"{path}/children"))
    return out


def iter_leaves(package: Package) -> list[tuple[str, Leaf]]:
    """Every leaf with its JSON Pointer, in document order."""
    return [(p, n) for p, n in iter_nodes(package.indicators.tree) if isinstance(n, Leaf)]
