"""上年结转: values carried from last year's package, and texts kept from it as drafts.

Only a package carried forward (with ``previous``) is checked. Where findings point:

- a carried value that no longer equals last year's stored value (上年结转 edited away from
  last year's 年末结余): warning at the carried value (``/overall/carryover_prior``,
  ``/figures/N/value``). A value unknown last year carried nothing and is not compared.
- a long text still word for word the draft kept from last year: info at the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfcore.checks.base import Context, Finding, check, unit_to_tell_apart, yuan
from perfcore.year_on_year import carries, kind_of, label_of, pointer_of, shown_value, value_of
from perfcore.year_results import draft_texts


@check("carried.edited")
def edited(ctx: Context) -> Iterator[Finding]:
    package = ctx.package
    previous = package.previous
    if previous is None:
        return
    for carry in carries(package):
        last = previous.values.get(carry.source)
        if last is None:
            continue
        try:
            path = pointer_of(package, carry.target)
        except KeyError:
            continue
        current = value_of(package, carry.target)
        if current is not None and Decimal(current) == last:
            continue
        year = f"{previous.year}年 " if previous.year is not None else "上年 "
        if current is not None and kind_of(package, carry.target) == "money" and unit_to_tell_apart(Decimal(current), last) == "元":
            now, then = f"{yuan(Decimal(current))} 元", f"{yuan(last)} 元"
        else:
            now, then = shown_value(package, carry.target, current), shown_value(package, carry.source, last)
        yield Finding(
            "warning",
            path,
            f"{label_of(package, carry.target)} {now} ≠ {year}{label_of(package, carry.source)} {then}"
            "（上年结转的数值已被修改，请核对）",
        )


@check("carried.drafts")
def drafts(ctx: Context) -> Iterator[Finding]:
    previous = ctx.package.previous
    if previous is None or not previous.drafts:
        return
    kept = {text for text in previous.drafts.values() if text.strip()}
    for path, label, text in draft_texts(ctx.package):
        if text.strip() and text in kept:
            yield Finding("info", path, f"{label}：文字沿用上年，请修改")
