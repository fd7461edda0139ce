"""The package as plain dataclasses, shaped exactly like the exchange format.

Money is ``Decimal`` yuan; ``None`` is an unknown figure and never means 0. Every field
name equals its key in the exchange document, so a JSON Pointer addresses a field
directly (``/overall/staff_actual``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar

FORMAT = "perf-filing/2"
FORMAT_1 = "perf-filing/1"
"""The first version, read and upgraded on import (leaf ``inputs`` become ``figures``)."""

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


Direction = Literal[">=", "<=", "="]
DIRECTIONS: tuple[Direction, ...] = (">=", "<=", "=")
Rating = Literal["达成", "部分达成", "未达成"]
RATINGS: tuple[Rating, ...] = ("达成", "部分达成", "未达成")
RATING_BANDS: dict[str, tuple[Decimal, Decimal]] = {
    # Share of the weight a score must lie in: 达成 [80 %, 100 %], 部分达成 [60 %, 80 %), 未达成 [0, 60 %).
    "达成": (Decimal("0.8"), Decimal(1)),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (Decimal(0), Decimal("0.6")),
}


@dataclass
class TargetRule:
    """年度指标值 against 实际完成值 (项目支出绩效自评表)."""

    direction: Direction = ">="
    target: Decimal = Decimal(0)
    actual: Decimal | None = None
    """实际完成值 as entered; a leaf with a metric computes it instead."""
    unit: str = ""
    target_text: str | None = None
    """年度指标值 as printed (``≥95%``); None: built from direction, target and unit."""
    on_undefined: OnUndefined = "manual"
    type: Literal["target"] = "target"


@dataclass
class RatedRule:
    """A judgement (达成 / 部分达成 / 未达成) and an entered score inside its band."""

    rating: Rating | None = None
    on_undefined: OnUndefined = "manual"
    type: Literal["rated"] = "rated"


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
    | TargetRule
    | RatedRule
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
    "target": TargetRule,
    "rated": RatedRule,
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
    "target": "指标值比较",
    "rated": "等级评定",
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
    rule: Rule = field(default_factory=ManualRule)
    score: Decimal | None = None
    note: str = ""
    reason: str = ""
    """偏差原因分析及改进措施."""
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


# ---------------------------------------------------------------- 基础数据, grades, template

FigureKind = Literal["money", "count", "number", "percent"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("money", "count", "number", "percent")
FigureValue = Decimal | int | None


@dataclass
class Figure:
    """One named base figure (基础数据) that formulas read by its key."""

    key: str
    label: str
    kind: FigureKind = "number"
    value: FigureValue = None
    """Decimal 元 for money, int for count, Decimal otherwise; None is unknown."""
    group: str = ""
    carry: str | None = None
    """Key of a figure or 表1 field this value becomes in next year's package."""
    uid: int = field(default=0, compare=False, repr=False)


@dataclass
class Grade:
    label: str
    min: Decimal


def default_grades() -> list[Grade]:
    return [Grade("优", Decimal(90)), Grade("良", Decimal(80)), Grade("中", Decimal(60)), Grade("差", Decimal(0))]


FORM_NAMES = ("overall", "special_funds", "indicators", "projects", "figures")
DEFAULT_FORMS = ["overall", "special_funds", "indicators"]


def default_overall_carry() -> dict[str, str]:
    # This year's 年末结余 is next year's 上年结转.
    return {"balance_year_end": "carryover_prior"}


@dataclass
class Template:
    """Where the framework came from (shown in 关于此报告, printed nowhere)."""

    id: str = ""
    name: str = ""
    version: str = ""
    source: str = ""
    description: str = ""
    """A short description shown in 新建 and the template list (optional in the document)."""


@dataclass
class Previous:
    """The package this one was carried from; ``values`` maps its numeric fields and figures."""

    file: str = ""
    year: int | None = None
    total: Decimal | None = None
    grade: str = ""
    fingerprint: str = ""
    values: dict[str, Decimal | None] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    """Texts kept from last year as drafts (保留上年文字作为草稿), by the JSON Pointer they were
    kept at: a text still equal to its draft is flagged for revision until edited."""


# ---------------------------------------------------------------- 项目支出绩效自评表


@dataclass
class BudgetLine:
    """One source of funds: 年初预算数, 全年预算数, 全年执行数 in 元."""

    label: str = ""
    initial: Decimal | None = None
    full: Decimal | None = None
    executed: Decimal | None = None
    uid: int = field(default=0, compare=False, repr=False)


BUDGET_LINE_MONEY_FIELDS = ("initial", "full", "executed")
DEFAULT_BUDGET_WEIGHT = Decimal(10)


@dataclass
class Budget:
    weight: Decimal = DEFAULT_BUDGET_WEIGHT
    score: Decimal | None = None
    """Entered score, or None: the computed one stands."""
    lines: list[BudgetLine] = field(default_factory=list)


@dataclass
class Goals:
    expected: str = ""
    """预期目标."""
    actual: str = ""
    """实际完成情况."""


PROJECT_TEXT_FIELDS = (
    "name",
    "department",
    "implementer",
    "conclusion",
    "problems",
    "improvements",
    "opinion_unit",
    "filler",
    "phone",
    "filled_on",
)


@dataclass
class Project:
    """项目支出绩效自评表 (one per project)."""

    name: str = ""
    department: str = ""
    implementer: str = ""
    budget: Budget = field(default_factory=Budget)
    goals: Goals = field(default_factory=Goals)
    tree: list[Node] = field(default_factory=list)
    conclusion: str = ""
    problems: str = ""
    improvements: str = ""
    opinion_unit: str = ""
    filler: str = ""
    phone: str = ""
    filled_on: str = ""
    uid: int = field(default=0, compare=False, repr=False)


@dataclass
class Package:
    """One unit's self-evaluation package for one year."""

    year: int
    unit_name: str = ""
    template: Template | None = None
    forms: list[str] = field(default_factory=lambda: list(DEFAULT_FORMS))
    grades: list[Grade] = field(default_factory=default_grades)
    overall: Overall = field(default_factory=Overall)
    overall_carry: dict[str, str] = field(default_factory=default_overall_carry)
    special_funds: list[SpecialFund] = field(default_factory=list)
    indicators: Indicators = field(default_factory=Indicators)
    figures: list[Figure] = field(default_factory=list)
    previous: Previous | None = None
    projects: list[Project] = field(default_factory=list)


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


def iter_project_nodes(package: Package) -> list[tuple[str, Node]]:
    """Every node of every project's tree with its JSON Pointer, projects in order."""
    out: list[tuple[str, Node]] = []
    for i, project in enumerate(package.projects):
        out.extend(iter_nodes(project.tree, f"/projects/{i}/tree"))
    return out


def iter_all_nodes(package: Package) -> list[tuple[str, Node]]:
    """表3's nodes, then every project's."""
    return iter_nodes(package.indicators.tree) + iter_project_nodes(package)


def figure_index(package: Package) -> dict[str, Figure]:
    """The package's figures by key: what formulas read besides 表1."""
    return {figure.key: figure for figure in package.figures}


_Copied = TypeVar("_Copied")
_LIST_FIELDS: dict[type[Any], tuple[str, ...]] = {}
"""Per class, the fields that hold lists (of options, items, bands)."""


def fresh_copy(value: _Copied) -> _Copied:
    """A copy of a rule or a metric that shares nothing mutable with it: the object and every
    list in it (of options, items, bands: dataclasses of strings, Decimals and bools) are new;
    strings and Decimals, immutable, are shared. Equal to the original. Made for the report
    file's reader, which hands out copies of rules it read once (``copy.deepcopy`` costs
    twenty times as much and copies what never changes)."""
    cls = type(value)
    copied = object.__new__(cls)
    fields = copied.__dict__ = value.__dict__.copy()
    lists = _LIST_FIELDS.get(cls)
    if lists is None:
        lists = _LIST_FIELDS[cls] = tuple(key for key, inner in fields.items() if type(inner) is list)
    for key in lists:
        fields[key] = [fresh_copy(x) for x in fields[key]]
    return copied
