"""Clear what is a result of the year from a package, keeping its framework.

One helper for every caller that turns a filed package into a blank one: next year's package
(``perfcore.next_year``) and a template saved from a package. What stays is what does not
depend on the year's work: the unit, the forms and grades, every indicator tree with its
weights, criteria, explanations, formulas, rules and targets (年度指标值), the figure
definitions and carries, fund and project names with their 项目概况, 主管部门 and 实施单位,
each project's budget lines by label and weight, 单位负责人 and 人员编制.

What goes is every result: scores (entered and the budget blocks'), 计算过程, 实际完成值,
ratings, checklist marks, choices, counts, every figure's value, 表1's figures and 基建维修项目,
the funds' amounts and 支出明细, the budget lines' money, the texts about the year
(analyses, problems, measures, completion, goals, conclusions, 偏差原因), opinions, 填报人,
联系电话, 填报日期, and ``previous`` (the year before's record).

With ``keep_texts`` the long texts stay as drafts (保留上年文字作为草稿): the result lists
them by JSON Pointer so the caller can mark them for revision.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from perfcore.labels import FUND_LABELS, LEAF_LABELS, OVERALL_LABELS
from perfcore.model import (
    OVERALL_NUMERIC_FIELDS,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    Leaf,
    Node,
    Package,
    RatedRule,
    TargetRule,
    iter_nodes,
)

KEPT_OVERALL_FIELDS = ("head", "staff_quota")
"""表1 fields that describe the unit rather than the year (the carry-forward keeps them)."""

# Long texts about the year's work: cleared, or kept as drafts when asked.
OVERALL_DRAFT_TEXTS = ("budget_note", "analysis_basic", "analysis_project", "problems", "improvements", "goal_completion")
FUND_DRAFT_TEXTS = ("funding_text", "implementation", "performance")
PROJECT_DRAFT_TEXTS = ("conclusion", "problems", "improvements")
GOAL_DRAFT_TEXTS = ("expected", "actual")
# Short results of the year: always cleared.
SIGNATURE_TEXTS = ("opinion_unit", "opinion_office", "filler", "phone", "filled_on")

# The categories reported, in the order printed.
_CATEGORIES = (
    "填报得分",
    "计算过程",
    "实际完成值",
    "等级评定",
    "逐项计分的勾选",
    "单项选择",
    "扣分次数",
    "表1数字",
    "基建维修项目",
    "基础数据数值",
    "专项资金金额",
    "专项资金支出明细",
    "项目预算资金",
    "说明文字",
    "意见、填报人、联系电话、填报日期",
)


@dataclass
class ClearedResults:
    counts: Counter[str] = field(default_factory=Counter)
    """How many values of each category were cleared (only values that were filled)."""
    drafts: dict[str, str] = field(default_factory=dict)
    """With ``keep_texts``: every non-empty long text kept, by its JSON Pointer."""

    def lines(self) -> list[str]:
        """``填报得分 23 项``, one line per category that had something to clear."""
        return [f"{name} {self.counts[name]} 项" for name in _CATEGORIES if self.counts[name]]


def clear_results(package: Package, *, keep_texts: bool = False) -> ClearedResults:
    """Clear every result of the year from ``package`` in place (see the module text)."""
    out = ClearedResults()
    o = package.overall
    for name in OVERALL_NUMERIC_FIELDS:
        if name not in KEPT_OVERALL_FIELDS and getattr(o, name) is not None:
            out.counts["表1数字"] += 1
            setattr(o, name, None)
    if o.capital_repair_items:
        out.counts["基建维修项目"] += len(o.capital_repair_items)
        o.capital_repair_items = []
    _texts(out, o, "/overall", OVERALL_DRAFT_TEXTS, keep_texts)
    _signatures(out, o, SIGNATURE_TEXTS)
    if package.indicators.opinion_unit:
        out.counts["意见、填报人、联系电话、填报日期"] += 1
        package.indicators.opinion_unit = ""

    for i, fund in enumerate(package.special_funds):
        for name in ("allocated", "spent"):
            if getattr(fund, name) is not None:
                out.counts["专项资金金额"] += 1
                setattr(fund, name, None)
        if fund.items:
            out.counts["专项资金支出明细"] += len(fund.items)
            fund.items = []
        _texts(out, fund, f"/special_funds/{i}", FUND_DRAFT_TEXTS, keep_texts)
        _signatures(out, fund, SIGNATURE_TEXTS)

    for figure in package.figures:
        if figure.value is not None:
            out.counts["基础数据数值"] += 1
            figure.value = None

    _tree(out, package.indicators.tree, "/indicators/tree", keep_texts)
    for i, project in enumerate(package.projects):
        at = f"/projects/{i}"
        if project.budget.score is not None:
            out.counts["填报得分"] += 1
            project.budget.score = None
        for line in project.budget.lines:
            for name in ("initial", "full", "executed"):
                if getattr(line, name) is not None:
                    out.counts["项目预算资金"] += 1
                    setattr(line, name, None)
        _texts(out, project.goals, f"{at}/goals", GOAL_DRAFT_TEXTS, keep_texts)
        _texts(out, project, at, PROJECT_DRAFT_TEXTS, keep_texts)
        _signatures(out, project, ("opinion_unit", "filler", "phone", "filled_on"))
        _tree(out, project.tree, f"{at}/tree", keep_texts)
    package.previous = None
    return out


def _texts(out: ClearedResults, owner: object, at: str, names: tuple[str, ...], keep: bool) -> None:
    for name in names:
        text: str = getattr(owner, name)
        if not text.strip():
            continue
        if keep:
            out.drafts[f"{at}/{name}"] = text
        else:
            out.counts["说明文字"] += 1
            setattr(owner, name, "")


def _signatures(out: ClearedResults, owner: object, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(owner, name):
            out.counts["意见、填报人、联系电话、填报日期"] += 1
            setattr(owner, name, "")


def _tree(out: ClearedResults, tree: list[Node], prefix: str, keep_texts: bool) -> None:
    for path, node in iter_nodes(tree, prefix):
        if isinstance(node, Leaf):
            _leaf(out, node, path, keep_texts)


def _leaf(out: ClearedResults, leaf: Leaf, path: str, keep_texts: bool) -> None:
    if leaf.score is not None:
        out.counts["填报得分"] += 1
        leaf.score = None
    if leaf.note:
        out.counts["计算过程"] += 1
        leaf.note = ""
    _texts(out, leaf, path, ("reason",), keep_texts)
    rule = leaf.rule
    if isinstance(rule, TargetRule) and rule.actual is not None:
        out.counts["实际完成值"] += 1
        rule.actual = None
    elif isinstance(rule, RatedRule) and rule.rating is not None:
        out.counts["等级评定"] += 1
        rule.rating = None
    elif isinstance(rule, ChecklistRule):
        marked = [item for item in rule.items if item.met is not None]
        out.counts["逐项计分的勾选"] += len(marked)
        for item in marked:
            item.met = None
    elif isinstance(rule, ChoiceRule) and rule.selected is not None:
        out.counts["单项选择"] += 1
        rule.selected = None
    elif isinstance(rule, DeductCountRule) and rule.count is not None:
        out.counts["扣分次数"] += 1
        rule.count = None


_PROJECT_TEXT_LABELS = {
    "expected": "预期目标",
    "actual": "实际完成情况",
    "conclusion": "自评结论",
    "problems": "存在的问题",
    "improvements": "改进措施",
}


def draft_texts(package: Package) -> list[tuple[str, str, str]]:
    """Every long text that ``keep_texts`` keeps as a draft: (JSON Pointer, how a finance officer
    names it, the text), in document order."""
    out: list[tuple[str, str, str]] = []
    for name in OVERALL_DRAFT_TEXTS:
        out.append((f"/overall/{name}", OVERALL_LABELS[name], getattr(package.overall, name)))
    for i, fund in enumerate(package.special_funds):
        fund_name = fund.name.strip() or f"第{i + 1}个专项资金"
        for name in FUND_DRAFT_TEXTS:
            out.append((f"/special_funds/{i}/{name}", f"{fund_name}·{FUND_LABELS[name]}", getattr(fund, name)))
    out.extend(_reasons(package.indicators.tree, "/indicators/tree", ""))
    for i, project in enumerate(package.projects):
        project_name = f"“{project.name.strip()}”项目" if project.name.strip() else f"第{i + 1}个项目"
        for name in GOAL_DRAFT_TEXTS:
            label = f"{project_name}·{_PROJECT_TEXT_LABELS[name]}"
            out.append((f"/projects/{i}/goals/{name}", label, getattr(project.goals, name)))
        for name in PROJECT_DRAFT_TEXTS:
            label = f"{project_name}·{_PROJECT_TEXT_LABELS[name]}"
            out.append((f"/projects/{i}/{name}", label, getattr(project, name)))
        out.extend(_reasons(project.tree, f"/projects/{i}/tree", project_name))
    return out


def _reasons(tree: list[Node], prefix: str, scope: str) -> list[tuple[str, str, str]]:
    out = []
    for path, node in iter_nodes(tree, prefix):
        if isinstance(node, Leaf):
            name = node.name.strip() or "未命名指标"
            label = f"{scope}·{name}" if scope else name
            out.append((f"{path}/reason", f"{label}·{LEAF_LABELS['reason']}", node.reason))
    return out
