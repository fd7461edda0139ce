"""Texts and dates the reviewers read first: the problems and the measures, the 填报日期."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from perfcore.checks.base import Context, Finding, check, project_label
from perfcore.checks.table2 import fund_label
from perfcore.labels import OVERALL_LABELS
from perfcore.money import normalize_digits

# What is written when nothing is meant. Compared after dropping blanks and punctuation,
# so 无。 and “暂无” count too.
BOILERPLATE = frozenset({"无", "暂无", "没有", "略", "无问题", "暂无问题", "无建议", "暂无建议", "不适用"})
# [0-9], not \d: \d takes any script's digits (Arabic-Indic ٢٠٢٠), which the forms do not print
# as a date; full-width digits are folded first.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# How dates are written on paper: 2020.7.10, 2020/7/10, 2020年7月10日, 2020-7-10.
_LOOSE_DATE = re.compile(r"([0-9]{4})\s*[./年-]\s*([0-9]{1,2})\s*[./月-]\s*([0-9]{1,2})\s*日?")


_LONGEST = max(map(len, BOILERPLATE))


def _bare(text: str) -> str:
    """The text without blanks and punctuation, as far as it can be boilerplate: reading stops
    one character past the longest (a report's texts run to pages, read in every file of a 汇总)."""
    kept: list[str] = []
    for ch in text:
        if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC":
            kept.append(ch)
            if len(kept) > _LONGEST:
                break
    return "".join(kept)


@check("texts.required")
def required_texts(ctx: Context) -> Iterator[Finding]:
    """（三）存在的主要问题 and （四）改进措施和有关建议 say something."""
    overall = ctx.package.overall
    for name in ("problems", "improvements"):
        text: str = getattr(overall, name)
        bare = _bare(text)
        label = OVERALL_LABELS[name]
        if not bare:
            yield Finding("warning", f"/overall/{name}", f"{label}未填写")
        elif bare in BOILERPLATE:
            yield Finding("warning", f"/overall/{name}", f"{label}只填了“{bare}”，请如实写明具体内容")


def date_problem(text: str, year: int) -> str:
    """What is wrong with a 填报日期 ('' when nothing): missing, not a date, too early."""
    typed = text.strip()
    example = f"{year + 1}-07-10"
    if not typed:
        return "填报日期未填写"
    match = _DATE.fullmatch(normalize_digits(typed))
    try:
        day = date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        day = None
    if day is None:
        meant = _loose_date(typed)
        if meant is not None:
            return f"填报日期“{typed}”应写作“{meant.isoformat()}”"
        return f"填报日期“{typed}”不是有效日期，请按“{example}”的格式填写"
    if day.year <= year:
        return f"填报日期 {typed} 应在 {year} 年度结束之后"
    return ""


def _loose_date(typed: str) -> date | None:
    match = _LOOSE_DATE.fullmatch(normalize_digits(typed))
    if match is None:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


@check("texts.filled_on")
def filled_on(ctx: Context) -> Iterator[Finding]:
    """填报日期 of 表1 and of each 表2: a real date after the end of the reported year."""
    year = ctx.package.year
    problem = date_problem(ctx.package.overall.filled_on, year)
    if problem:
        yield Finding("warning", "/overall/filled_on", problem)
    for i, fund in enumerate(ctx.package.special_funds):
        problem = date_problem(fund.filled_on, year)
        if problem:
            yield Finding("warning", f"/special_funds/{i}/filled_on", f"{fund_label(fund, i)}：{problem}")
    for i, project in enumerate(ctx.package.projects):
        problem = date_problem(project.filled_on, year)
        if problem:
            yield Finding("warning", f"/projects/{i}/filled_on", f"{project_label(project, i)}：{problem}")
