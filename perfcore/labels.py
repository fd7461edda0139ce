"""Chinese names of the package's fields, as the forms print them."""

from __future__ import annotations

OVERALL_LABELS: dict[str, str] = {
    "head": "单位负责人",
    "staff_actual": "年末职工人数",
    "staff_quota": "人员编制",
    "assets_total": "年末资产总额",
    "liabilities_total": "负债总额",
    "budget_initial": "年初预算",
    "budget_added": "本年追加预算",
    "carryover_prior": "上年结转",
    "balance_year_end": "年末结余",
    "income_total": "年度总收入",
    "income_fiscal": "财政拨款",
    "income_other": "其他收入",
    "expense_total": "年度总支出",
    "expense_project": "项目支出",
    "expense_basic": "基本支出",
    "expense_personnel": "人员支出",
    "expense_public": "公用经费",
    "three_public_total": "三公经费",
    "three_public_vehicle": "公车购置和维护费",
    "three_public_reception": "公务接待费",
    "three_public_abroad": "出国经费",
    "capital_repair_total": "基建维修支出",
    "capital_repair_items": "基建维修项目",
    "budget_note": "收支情况备注",
    "analysis_basic": "（一）基本支出",
    "analysis_project": "（二）项目支出",
    "problems": "（三）存在的主要问题",
    "improvements": "（四）改进措施和有关建议",
    "goal_completion": "整体绩效目标完成情况",
    "opinion_unit": "填报单位意见",
    "opinion_office": "业务股室意见",
    "filler": "填报人",
    "phone": "联系电话",
    "filled_on": "填报日期",
}

FUND_LABELS: dict[str, str] = {
    "name": "专项资金名称",
    "overview": "项目概况",
    "allocated": "下达金额",
    "spent": "实际支出",
    "funding_text": "专项资金投入和使用情况",
    "implementation": "项目组织实施情况",
    "items": "支出明细",
    "performance": "项目绩效情况",
    "opinion_unit": "填报单位意见",
    "opinion_office": "业务股室意见",
    "filler": "填报人",
    "phone": "联系电话",
    "filled_on": "填报日期",
}

LEAF_LABELS: dict[str, str] = {
    "name": "三级指标",
    "weight": "分值",
    "criterion": "评价标准",
    "explanation": "指标说明",
    "metric": "计算公式",
    "reason": "偏差原因分析及改进措施",
    "rule": "计分规则",
    "score": "得分",
    "note": "计算过程",
}


# Figures (基础数据) of the standard indicator framework, by the key its formulas use:
# label, kind, group on the 基础数据 sheet, and the key the value becomes next year.
# Upgrading a /1 document names its leaf inputs from here.
STANDARD_FIGURES: dict[str, tuple[str, str, str, str | None]] = {
    "three_public_budget": ("本年度“三公经费”预算数", "money", "三公经费", "three_public_budget_prior"),
    "three_public_budget_prior": ("上年度“三公经费”预算数", "money", "三公经费", None),
    "public_budget": ("预算安排公用经费总额", "money", "公用经费", None),
    "procurement_actual": ("实际政府采购金额", "money", "政府采购", None),
    "procurement_budget": ("政府采购预算数", "money", "政府采购", None),
    "completed": ("重点工作完成件数", "count", "重点工作", None),
    "planned": ("重点工作计划件数", "count", "重点工作", None),
    "satisfaction_rate": ("满意度", "percent", "满意度", None),
}

INPUT_LABELS: dict[str, str] = {key: spec[0] for key, spec in STANDARD_FIGURES.items()}


def name_label(name: str) -> str:
    """The Chinese name of a 表1 field or a standard figure (a package's own figures carry
    their label; ``rules.figure_label`` prefers it)."""
    return OVERALL_LABELS.get(name) or INPUT_LABELS.get(name) or name


# The forms a package may list (``forms``), as a clerk names them: 新建, the template list.
FORM_LABELS: dict[str, str] = {
    "overall": "表1 整体支出",
    "special_funds": "表2 专项资金",
    "indicators": "表3 绩效评价指标",
    "projects": "项目支出绩效自评表",
    "figures": "基础数据表",
}
