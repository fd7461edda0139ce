"""What a 项目支出绩效自评表 says, whatever it is written on: its title, the rows of its money
block, the ten columns of its indicator grid and what each indicator row prints in them.

The PDF (:mod:`perfcore.pdf.project`), the Word document and the Excel workbook
(:mod:`perfcore.office`) take their wording from here, so the three show the same cells.
Scores come from :mod:`perfcore.scoring`; nothing here computes one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from perfcore.budget_text import UNKNOWN
from perfcore.indicator_rows import IndicatorRow
from perfcore.model import Package, Project, RatedRule, TargetRule
from perfcore.money import format_number, format_wan, round_half_up
from perfcore.scoring import BudgetResult, Scores

INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "年度指标值",
    "度量单位",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
"""The ten columns of the national form's indicator grid (the PDF): 指标性质 ``≥``/``≤``/``=``
or ``定性``, the target and the actual without their unit, which has its own column (PDF, Word,
Excel and the app's grid)."""

QUALITATIVE = "定性"
NATURE = {">=": "≥", "<=": "≤", "=": "="}
"""指标性质 of a target rule's direction."""

MONEY_LABEL = "项目资金\n（万元）"
"""The money block's label, merged down the left column beside its rows (as the PDF prints it)."""
PROJECT_BLOCK_LABELS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
"""The money block's column heads after the line labels."""

TOTAL_LINE = "年度资金总额"

CLOSING_TEXTS = (
    ("自评结论", "conclusion"),
    ("存在的问题", "problems"),
    ("改进措施", "improvements"),
    ("填报单位意见", "opinion_unit"),
)
"""The rows below the indicator grid: label and :class:`~perfcore.model.Project` field. 填报人,
联系电话 and 填报日期 follow, as on 表1 and 表2."""


def project_title(package: Package) -> str:
    return f"（{package.year}年度）项目支出绩效自评表"


def rate_text(rate: Decimal | None) -> str:
    """执行率 as a percentage with two places (``91.67%``); ``—`` when undefined (nothing planned)."""
    return UNKNOWN if rate is None else f"{round_half_up(rate * 100)}%"


def money_text(yuan: Decimal | None) -> str:
    """An amount of the money block in 万元 with two places (``30.00``); ``—`` when unknown."""
    return format_wan(yuan, UNKNOWN)


def _line_label(index: int, label: str) -> str:
    """The first budget line is introduced by ``其中：`` under 年度资金总额, as on the form."""
    return f"其中：{label}" if index == 0 else label


@dataclass(frozen=True)
class MoneyRow:
    """One row of the money block, in 元 (None: unknown)."""

    shown: str
    """The label as the form prints it: ``年度资金总额``, ``其中：本年财政拨款``, ``其他资金``."""
    label: str
    """The budget line's own label (``年度资金总额`` for the total)."""
    initial: Decimal | None
    full: Decimal | None
    executed: Decimal | None
    total: bool
    """The 年度资金总额 row (it carries 分值, 执行率 and 得分)."""


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = list(values)
    if any(v is None for v in known):
        return None
    return sum((v for v in known if v is not None), Decimal(0))


def budget_rows(project: Project, budget: BudgetResult) -> list[MoneyRow]:
    """The money block's rows top to bottom, as the form prints them (PDF, Word, Excel and the
    app's grid): 年度资金总额 first (sums as scoring made them; 年初预算数 summed here), then the
    budget lines, the first introduced by ``其中：``."""
    lines = project.budget.lines
    initial = _sum(line.initial for line in lines)
    rows = [MoneyRow(TOTAL_LINE, TOTAL_LINE, initial, budget.full, budget.executed, True)]
    rows += [
        MoneyRow(_line_label(i, line.label), line.label, line.initial, line.full, line.executed, False)
        for i, line in enumerate(lines)
    ]
    return rows


@dataclass(frozen=True)
class IndicatorValues:
    """What one indicator row prints beside its name, column by column of INDICATOR_COLUMNS."""

    nature: str
    """指标性质: ``≥``, ``≤``, ``=`` for a target, ``定性`` for a rated indicator, else blank."""
    target_value: str
    """年度指标值 without the unit: a target's entered text or number, else the 评价标准 as typed."""
    unit: str
    """度量单位."""
    actual_value: str
    """实际完成值 without the unit: the metric's value or the entered one; a rating; else blank."""
    final: Decimal | None
    reason: str
    target_number: Decimal | None = None
    """The figure ``target_value`` shows, when it shows one (a spreadsheet keeps it a number)."""
    actual_number: Decimal | None = None
    """The figure ``actual_value`` shows (rounded to two places, as shown), when it shows one."""


def indicator_values(rows: list[IndicatorRow], scores: Scores) -> list[IndicatorValues]:
    out = []
    for row in rows:
        leaf = row.leaf
        result = scores.leaves.get(leaf.uid)
        final = result.final if result is not None else leaf.score
        rule = leaf.rule
        if isinstance(rule, TargetRule):
            value = result.value if result is not None and leaf.metric is not None else rule.actual
            actual = None if value is None else round_half_up(value)
            out.append(
                IndicatorValues(
                    NATURE[rule.direction],
                    rule.target_text or format_number(rule.target),
                    rule.unit,
                    "" if actual is None else format_number(actual.normalize()),
                    final,
                    leaf.reason,
                    target_number=None if rule.target_text else rule.target,
                    actual_number=actual,
                )
            )
        elif isinstance(rule, RatedRule):
            rating = rule.rating or ""
            out.append(IndicatorValues(QUALITATIVE, leaf.criterion, "", rating, final, leaf.reason))
        else:
            out.append(IndicatorValues("", leaf.criterion, "", "", final, leaf.reason))
    return out
