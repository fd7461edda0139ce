"""上年 and 同比: a value of this package beside the same value last year.

Last year's values live in the package's ``previous.values`` (stored when the package was
carried forward), so neither the 同比 columns nor the checks need the old file. A name here
is a numeric 表1 field or a figure key, as in formulas and carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfcore.labels import OVERALL_LABELS
from perfcore.model import (
    OVERALL_COUNT_FIELDS,
    OVERALL_MONEY_FIELDS,
    FigureValue,
    Package,
)
from perfcore.money import format_number, format_wan, round_half_up

UNKNOWN = "未填"


@dataclass(frozen=True)
class Carry:
    """This year's ``source`` becomes next year's ``target`` (a figure's ``carry`` or ``overall_carry``)."""

    source: str
    target: str


def carries(package: Package) -> list[Carry]:
    """Every carry of the package: 表1's (``overall_carry``) first, then the figures', in order."""
    out = [Carry(source, target) for source, target in package.overall_carry.items()]
    out.extend(Carry(f.key, f.carry) for f in package.figures if f.carry is not None)
    return out


def kind_of(package: Package, name: str) -> str:
    """``money``, ``count``, ``number`` or ``percent``; '' for a name the package does not have."""
    if name in OVERALL_MONEY_FIELDS:
        return "money"
    if name in OVERALL_COUNT_FIELDS:
        return "count"
    for figure in package.figures:
        if figure.key == name:
            return figure.kind
    return ""


def label_of(package: Package, name: str) -> str:
    if name in OVERALL_LABELS:
        return OVERALL_LABELS[name]
    for figure in package.figures:
        if figure.key == name:
            return figure.label
    return name


def value_of(package: Package, name: str) -> FigureValue:
    if name in OVERALL_MONEY_FIELDS or name in OVERALL_COUNT_FIELDS:
        value: FigureValue = getattr(package.overall, name)
        return value
    for figure in package.figures:
        if figure.key == name:
            return figure.value
    return None


def pointer_of(package: Package, name: str) -> str:
    """Where the value is edited: ``/overall/carryover_prior`` or ``/figures/N/value``."""
    if name in OVERALL_MONEY_FIELDS or name in OVERALL_COUNT_FIELDS:
        return f"/overall/{name}"
    for i, figure in enumerate(package.figures):
        if figure.key == name:
            return f"/figures/{i}/value"
    raise KeyError(name)


def value_text(kind: str, value: FigureValue, *, person: bool = False) -> str:
    """``60.00 万元``, ``7 人`` (``person``), ``95%``, ``12``; ``未填`` for an unknown value."""
    if value is None:
        return UNKNOWN
    if kind == "money":
        return f"{format_wan(Decimal(value))} 万元"
    if kind == "percent":
        return f"{format_number(value)}%"
    if kind == "count" and person:
        return f"{format_number(value)} 人"
    return format_number(value)


def shown_value(package: Package, name: str, value: FigureValue) -> str:
    """A value of ``name`` as the checks and the command line cite it."""
    return value_text(kind_of(package, name), value, person=name in OVERALL_COUNT_FIELDS)


def previous_value(package: Package, name: str) -> Decimal | None:
    """Last year's value of ``name`` (None when unknown or the package has no previous year)."""
    if package.previous is None:
        return None
    return package.previous.values.get(name)


def change_percent(current: FigureValue, last: FigureValue) -> Decimal | None:
    """同比 in per cent, half-up to 2 places; None unless both are known and last year's is not 0."""
    if current is None or last is None or last == 0:
        return None
    return round_half_up((Decimal(current) - Decimal(last)) / abs(Decimal(last)) * 100)


def change_text(current: FigureValue, last: FigureValue) -> str:
    """``+5.26%``, ``-3.00%``, ``0.00%``; '' when 同比 cannot be computed."""
    percent = change_percent(current, last)
    if percent is None:
        return ""
    return f"+{percent:.2f}%" if percent > 0 else f"{percent:.2f}%"


def carried_into(package: Package) -> dict[str, str]:
    """Target → source of every carry that filled a value of this package from last year:
    the values the forms mark 上年结转 (only when the package was carried forward)."""
    if package.previous is None:
        return {}
    return {c.target: c.source for c in carries(package) if c.source in package.previous.values}


@dataclass(frozen=True)
class YearOnYear:
    """What the forms show beside a value of a package carried forward."""

    last: str
    """Last year's value as the form types it (money in 万元 without the unit), ``未填`` if unknown."""
    change: str
    """``+25.00%``; '' when either year's value is unknown or last year's was 0."""
    tip: str
    """``2019年 年初预算 8.00 万元，同比 +25.00%``."""


def year_on_year(package: Package, name: str) -> YearOnYear | None:
    """上年 and 同比 of ``name``; None when the package has no previous year or it lacks ``name``."""
    previous = package.previous
    if previous is None or name not in previous.values:
        return None
    last = previous.values[name]
    current = value_of(package, name)
    kind = kind_of(package, name)
    if last is None:
        shown = UNKNOWN
    elif kind == "money":
        shown = format_wan(last)
    else:
        shown = value_text(kind, last)
    change = change_text(current, last)
    year = f"{previous.year}年" if previous.year is not None else "上年"
    tip = f"{year} {label_of(package, name)} {shown_value(package, name, last)}"
    if change:
        tip += f"，同比 {change}"
    elif last is not None and current is not None and last == 0:
        tip += "（上年为 0，不计算同比）"
    return YearOnYear(shown, change, tip)


def carried_note(package: Package, name: str) -> str:
    """``由 2019年 年末结余 60.00 万元 结转，可修改`` for a value carried from last year; '' otherwise."""
    source = carried_into(package).get(name)
    if source is None or package.previous is None:
        return ""
    last = package.previous.values.get(source)
    year = f"{package.previous.year}年" if package.previous.year is not None else "上年"
    return f"由 {year} {label_of(package, source)} {shown_value(package, source, last)} 结转，可修改"
