"""新建下一年度: next year's package from last year's, as the exchange format's carry-forward says.

The new package is last year's with every result cleared (``perfcore.year_results``): the
unit, template, forms, grades, indicator and project trees with weights, rules and targets,
figure definitions, funds and projects by name stay. Then every carry (``overall_carry`` and
each figure's ``carry``) writes last year's value into this year's target — 年末结余 becomes
上年结转, 本年度“三公经费”预算数 becomes 上年度“三公经费”预算数 — and ``previous`` records
where the package came from, with last year's value of every numeric 表1 field and figure, so
that 同比 and the checks never need the old file.

Last year's package is refused when a check finds an error in a value that carries (a negative
年末结余, say): the carried value would be wrong from the start. Other errors (weights that do
not add up, missing scores) do not matter to next year and are not a reason to refuse.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from perfcore.errors import UserError
from perfcore.fingerprint import fingerprint
from perfcore.model import OVERALL_COUNT_FIELDS, OVERALL_NUMERIC_FIELDS, FigureValue, Package, Previous
from perfcore.scoring import score_package
from perfcore.year_on_year import carries, kind_of, label_of, pointer_of, shown_value
from perfcore.year_results import ClearedResults, clear_results

MAX_YEAR = 2999


class CarryError(UserError):
    """Last year's package cannot be carried forward; the message says why in one line."""


@dataclass(frozen=True)
class Carried:
    """One value carried: last year's ``source`` into this year's ``target``."""

    source: str
    target: str
    value: FigureValue
    line: str
    """``上年结转 ← 2025年 年末结余 60.00 万元``."""


@dataclass
class NextYear:
    package: Package
    carried: list[Carried]
    cleared: ClearedResults


def next_year(last: Package, *, file_name: str, keep_texts: bool = False) -> NextYear:
    """Year Y+1's package from year Y's ``last`` (left unchanged). ``file_name`` is what
    ``previous.file`` records (the old file's name, without its folder)."""
    if last.year >= MAX_YEAR:
        raise CarryError(f"{last.year}年度之后的年度超出 1900–{MAX_YEAR} 的范围，无法结转")
    refuse_broken_sources(last, file_name)
    scores = score_package(last)
    values: dict[str, Decimal | None] = {}
    for name in OVERALL_NUMERIC_FIELDS:
        value = getattr(last.overall, name)
        values[name] = None if value is None else Decimal(value)
    for figure in last.figures:
        values[figure.key] = None if figure.value is None else Decimal(figure.value)

    package = copy.deepcopy(last)
    cleared = clear_results(package, keep_texts=keep_texts)
    package.year = last.year + 1
    carried: list[Carried] = []
    for carry in carries(last):
        value = _as_kind(kind_of(package, carry.target), values.get(carry.source), last, carry.source, carry.target)
        _put(package, carry.target, value)
        line = (
            f"{label_of(package, carry.target)} ← {last.year}年 {label_of(last, carry.source)} "
            f"{shown_value(last, carry.source, values.get(carry.source))}"
        )
        carried.append(Carried(carry.source, carry.target, value, line))
    package.previous = Previous(
        file=file_name,
        year=last.year,
        total=scores.total,
        grade=scores.grade,
        fingerprint=fingerprint(last),
        values=values,
        drafts=dict(cleared.drafts),
    )
    return NextYear(package, carried, cleared)


def refuse_broken_sources(last: Package, file_name: str) -> None:
    """Refuse a package whose checks find an error in a value that carries into next year."""
    from perfcore.checks import run_checks  # the checks import scoring and rules; only needed here

    sources = {pointer_of(last, c.source): c.source for c in carries(last)}
    for finding in run_checks(last):
        if finding.severity == "error" and finding.path in sources:
            raise CarryError(
                f"“{file_name}”的{label_of(last, sources[finding.path])}有错误（{finding.message}），"
                "结转到下一年度的数值没有意义；请先在上年文件中改正"
            )


def _as_kind(kind: str, value: Decimal | None, last: Package, source: str, target: str) -> FigureValue:
    """Last year's value as the target's kind: a count must be a whole number."""
    if value is None:
        return None
    if kind == "count" or target in OVERALL_COUNT_FIELDS:
        if value != value.to_integral_value():
            raise CarryError(
                f"{label_of(last, source)} {shown_value(last, source, value)} 不是整数，"
                f"不能结转为{label_of(last, target)}（人数或件数）；请修改结转设置"
            )
        return int(value)
    if kind == "money" and value != value.quantize(Decimal("0.01")):
        raise CarryError(
            f"{label_of(last, source)} {value} 精确到分以下，不能结转为{label_of(last, target)}（金额）；请修改结转设置"
        )
    return value


def _put(package: Package, target: str, value: FigureValue) -> None:
    if target in OVERALL_NUMERIC_FIELDS:
        setattr(package.overall, target, value)
        return
    for figure in package.figures:
        if figure.key == target:
            figure.value = value
            return
    raise KeyError(target)  # the exchange format and the store refuse a carry to nowhere
