"""What the forms say, whatever they are printed on: titles, row labels and their notes, figures
as the forms write them, the 表3 columns and what goes under 指标说明.

The PDF (:mod:`perfcore.pdf`), the Word document and the Excel workbook (:mod:`perfcore.office`)
take their wording from here, so the three never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from perfcore.budget_text import UNKNOWN
from perfcore.model import FigureKind, FigureValue, Leaf, Package, SpecialFund
from perfcore.money import format_number, format_wan, format_yuan, normalize_digits
from perfcore.rules import LeafResult

UNIT_LABEL = "填报单位（盖章）："

SPENDING_NOTE = (
    "（重点说明贯彻落实厉行节约、严控“三公经费”、降低一般运行经费、加强项目支出管理等方面的成绩、"
    "存在问题及改进措施）"
)
GOAL_NOTE = (
    "（党委政府下达的年度工作任务及本部门发展规划实施情况，描述年度内单位使用财政资金达到的产出和效果）"
)
SECTIONS = (
    ("（一）基本支出", "analysis_basic"),
    ("（二）项目支出", "analysis_project"),
    ("（三）存在的主要问题", "problems"),
    ("（四）改进措施和有关建议", "improvements"),
)
"""The four parts of 表1's 年度支出情况分析说明: heading and the ``Overall`` text under it."""

OVERVIEW_NOTE = "（包括项目基本性质、用途和主要内容、涉及范围、绩效目标）"
PERFORMANCE_NOTE = (
    "（项目成本控制、节约情况、项目完成进度和质量情况、经济效益和社会效果情况、"
    "受益群众和服务对象满意度情况等等）"
)

INDICATOR_HEADERS = (
    "一级指标",
    "分值",
    "二级指标",
    "分值",
    "三级指标",
    "分值",
    "评价标准",
    "指标说明（需按指标说明写出计算过程）",
    "得分",
)
"""The nine columns of 表3 as the 2019 form prints them."""

PROCESS_LABEL = "计算过程："

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")  # not \d: it takes any script's digits


def overall_title(package: Package) -> str:
    return f"{package.year}年度整体支出绩效自评报告"


def fund_title(package: Package) -> str:
    return f"{package.year}年度专项资金绩效自评报告"


def indicators_title(package: Package) -> str:
    return f"{package.year}年度{package.indicators.title}"


def figures_title(package: Package) -> str:
    return f"{package.year}年度基础数据表"


FIGURES_HEADERS = ("序号", "类别", "项目", "单位", "本年数", "上年数")
"""The columns of the 基础数据表; 上年数 only for a package carried from last year's."""

FIGURE_UNITS: dict[str, str] = {"money": "万元", "percent": "%", "count": "", "number": ""}
"""The unit a figure of each kind is shown in (money is stored in 元 and shown in 万元)."""


def figure_text(kind: FigureKind, value: FigureValue) -> str:
    """A figure as the forms show it: money in 万元 with two places, others as short as exact;
    ``—`` when unknown."""
    if value is None:
        return UNKNOWN
    if kind == "money":
        return format_wan(Decimal(value))
    return format_number(value)


def funding_summary(fund: SpecialFund) -> str:
    """表2's sentence before the itemised spending: what was allocated and what was spent."""
    summary = f"下达资金{yuan(fund.allocated)}，实际支出{yuan(fund.spent)}"
    return summary + ("，支出明细如下：" if fund.items else "。")


def people(count: int | None) -> str:
    """``7人``, or ``—`` for an unknown count."""
    return UNKNOWN if count is None else f"{count}人"


def yuan(amount: Decimal | None) -> str:
    """``79,200.00元``, or ``—`` for an unknown figure."""
    return UNKNOWN if amount is None else f"{format_yuan(amount, grouping=True)}元"


def points(value: Decimal | None) -> str:
    """A weight as short as it is exact (``10``, ``0.5``); nothing for an unknown score."""
    return "" if value is None else format_number(value)


def format_date(text: str) -> str:
    """``2020-07-10`` (or full-width) → ``2020年7月10日``; blank leaves room to write it by hand;
    else as typed."""
    match = _DATE.fullmatch(normalize_digits(text))
    if match:
        year, month, day = match.groups()
        return f"{year}年{int(month)}月{int(day)}日"
    return text.strip() or "　　　　年　　月　　日"


UNSCORED_MARK = "（含未评分指标）"
"""Follows the grade of a total that counts unscored indicators as 0."""


def grade_line(grade: str, complete: bool) -> str:
    """What the 合计 row says beside the total: the grade always, marked when an indicator is
    still unscored (the total then counts it as 0)."""
    return f"自评等级：{grade}" + ("" if complete else UNSCORED_MARK)


@dataclass(frozen=True)
class Explanation:
    """What 表3 prints under 指标说明 for one indicator, part by part."""

    explanation: str
    """The 指标说明 as typed (may be blank)."""
    note: str
    """The 计算过程 as entered (may be blank)."""
    process: str
    """The rule's own 计算过程 when it computed a score and says more than the note; else blank."""


def explanation_of(leaf: Leaf, result: LeafResult | None) -> Explanation:
    process = ""
    if result is not None and result.computed is not None and result.process.strip() != leaf.note.strip():
        process = result.process
    return Explanation(
        explanation=leaf.explanation if leaf.explanation.strip() else "",
        note=leaf.note if leaf.note.strip() else "",
        process=process,
    )
