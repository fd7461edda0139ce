"""审核: consistency checks of a package, each pointing at the offending figure.

``run_checks(package)`` runs every registered check and returns the findings, errors
first, then warnings, then infos, each in document order. It reads the package and
changes nothing (the desktop re-runs it after every edit).

Each check is a small function registered by name in ``REGISTRY``:

=====================================  ========================================  =================
check                                  finds                                     points at
=====================================  ========================================  =================
table1.income_total / expense_total /  a total ≠ the sum of its parts: error,    the total
expense_basic / three_public_total /   warning within 0.01 万元; a blank part:
capital_repair_total                   info (never read as 0)                    the blank part
table1.negative_money                  money below zero: error                   the figure
table1.staff_counts                    negative counts, 编制 0: error             the count
table2.items_total                     支出明细 ≠ 实际支出 (to the 分): error      …/spent
table2.overspent                       实际支出 > 下达金额: warning                …/spent
table2.execution_rate                  执行率: info                               …/spent
cross.funds_within_project_spending    表2 funds above 表1 项目支出: warning        /overall/expense_project
table3.group_weights                   group weight ≠ children's: error          the group's …/weight
table3.total_weight                    level-1 weights ≠ 100: error              /indicators/tree
table3.score_range                     entered score outside [0, weight]: error  …/score
table3.unscored                        leaf without a final score: error         …/score
table3.score_mismatch                  entered ≠ computed: warning               …/score
table3.uncomputable                    missing figures or zero divisor: info;    the missing figure
                                       a rule that cannot compute: warning       …/rule
table3.unknown_names                   formula names no 表1 field or figure:     …/metric/formula
                                       error
targets.reason                         target leaf short of full marks, or       …/reason
                                       >= exceeded by 30 %, no 偏差原因: warning
targets.actual_and_formula             entered 实际完成值 beside a formula: warn  …/rule/actual
targets.rated_band                     rated score outside its band: error;      …/score,
                                       a score without rating: info              …/rule/rating
projects.total_weight                  budget weight + tree ≠ 100: error          /projects/N
projects.budget_score                  budget score out of range, missing:       …/budget/score
                                       error; ≠ computed: warning
projects.overspent_lines               全年执行数 > 全年预算数: warning            …/lines/M/executed
projects.low_execution                 执行率 < 90 % unexplained: info            …/conclusion
figures.labels                         label equals key: info                    /figures/N/label
figures.unused                         no formula reads it: info                 /figures/N
plausibility.money_scale               an amount ≥ 1,000× the median of the      the figure
                                       others (a figure also ≤ 1/1,000): warning
plausibility.rate                      a computed rate above 200 %: warning      …/metric/formula
texts.required                         problems / measures empty or 暂无: warning  the text
texts.filled_on                        填报日期 missing, malformed, too early     …/filled_on
carried.edited                         a carried value ≠ last year's stored      the carried value
                                       value (``previous``): warning
carried.drafts                         a text still equal to last year's draft:  the text
                                       info (文字沿用上年，请修改)
=====================================  ========================================  =================

The 表3 checks walk every project's tree too. Findings about an indicator whose missing
figure lies in 表1 or 基础数据 point there but are listed under the indicator's form, in its
place (``Finding.anchor``). Findings about a form the package does not file (not in
``forms``) are left out; 基础数据 and the package's settings are always checked.
"""

from __future__ import annotations

from collections.abc import Iterable

from perfcore.checks import (
    carried,
    cross,
    figures,
    plausibility,
    projects,
    table1,
    table2,
    table3,
    targets,
    texts,
)
from perfcore.checks.base import (
    REGISTRY,
    SEVERITIES,
    SEVERITY_LABELS,
    Context,
    Finding,
    Severity,
    sort_findings,
)
from perfcore.model import Package
from perfcore.scoring import Scores

__all__ = [
    "REGISTRY",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Finding",
    "Severity",
    "run_checks",
    "summary",
    "unsorted_findings",
]

# The modules register their checks on import; naming them keeps the imports meaningful.
_MODULES = (table1, table2, cross, table3, targets, projects, figures, plausibility, texts, carried)


def run_checks(package: Package, scores: Scores | None = None, names: Iterable[str] | None = None) -> list[Finding]:
    """All findings of ``package`` (or of the checks ``names`` only), sorted.

    ``scores``, when the caller keeps them current (the desktop's Scorer), saves scoring
    the leaves again.
    """
    return sort_findings(package, unsorted_findings(package, scores, names))


def unsorted_findings(
    package: Package, scores: Scores | None = None, names: Iterable[str] | None = None
) -> list[Finding]:
    """The findings of ``run_checks`` in no particular order, for callers that only count them
    (汇总 of thousands of files: sorting by document position was a tenth of reading a file)."""
    context = Context.of(package, scores)
    selected = REGISTRY.values() if names is None else [REGISTRY[n] for n in names]
    unfiled = OPTIONAL_FORMS.difference(package.forms)
    found = [finding for check in selected for finding in check.func(context)]
    if not unfiled:  # every form filed (the usual package): no finding's section to read
        return found
    return [finding for finding in found if finding.section not in unfiled]


# Sections whose findings count only when the package files the form; 基础数据 (shown
# whenever there are figures) and the settings always count.
OPTIONAL_FORMS = frozenset({"overall", "special_funds", "indicators", "projects"})


def summary(findings: Iterable[Finding]) -> str:
    """``共 0 个错误、1 个警告、8 条提示``."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['info']} 条提示"
