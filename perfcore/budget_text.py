"""表1's 年度预算收支情况, written from the figures in the original report's wording.

The same sentences go into the PDF, the Word document and the Excel sheet.

``1、年初预算资金8.00万元。2、单位年度总收入85.80万元，其中：财政拨款83.62万元，其他收入2.18万元。…``
An unknown headline figure prints as ``—`` (the reader sees what is missing); an unknown detail
is left out of its ``其中`` list, never written as 0.
"""

from __future__ import annotations

from decimal import Decimal

from perfcore.model import Item, Overall
from perfcore.money import format_wan

UNKNOWN = "—"


def wan(yuan: Decimal | None) -> str:
    """``85.80万元``, or ``—`` for an unknown figure."""
    return UNKNOWN if yuan is None else f"{format_wan(yuan)}万元"


def _details(parts: list[tuple[str, Decimal | None]], sep: str = "，") -> str:
    known = [f"{label}{wan(value)}" for label, value in parts if value is not None]
    return sep.join(known)


def _headline(label: str, total: Decimal | None, parts: list[tuple[str, Decimal | None]]) -> str:
    details = _details(parts)
    return f"{label}{wan(total)}" + (f"，其中：{details}" if details else "")


def _item(item: Item) -> str:
    return f"{item.name}{wan(item.amount)}"


def budget_points(overall: Overall) -> list[str]:
    """The four numbered points of 年度预算收支情况."""
    o = overall
    extra = _details(
        [
            ("上年结转资金", o.carryover_prior),
            ("本年追加预算资金", o.budget_added),
            ("年末结余资金", o.balance_year_end),
        ]
    )
    first = f"1、年初预算资金{wan(o.budget_initial)}" + (f"，{extra}" if extra else "") + "。"

    income = _headline(
        "单位年度总收入",
        o.income_total,
        [("财政拨款", o.income_fiscal), ("其他收入", o.income_other)],
    )
    second = f"2、{income}。"

    note = f"（{o.budget_note.strip()}）" if o.budget_note.strip() else ""
    expense = _headline(
        "单位年度总支出",
        o.expense_total,
        [("项目支出", o.expense_project), ("基本支出", o.expense_basic)],
    )
    basic = _details([("人员支出", o.expense_personnel), ("公用经费支出", o.expense_public)])
    sentences = [expense + (note if not basic else "") + "。"]
    if basic:
        sentences.append(f"基本支出中{basic}{note}。")
    three_parts = _details(
        [
            ("公车购置和维护费", o.three_public_vehicle),
            ("公务接待费", o.three_public_reception),
            ("出国经费", o.three_public_abroad),
        ]
    )
    sentences.append(
        f"三公经费{wan(o.three_public_total)}" + (f"，{three_parts}" if three_parts else "") + "。"
    )
    third = "3、" + "".join(sentences)

    repair = f"4、单位基建维修支出{wan(o.capital_repair_total)}"
    if o.capital_repair_items:
        repair += "，其中：" + "；".join(_item(i) for i in o.capital_repair_items)
    fourth = repair + "。"
    return [first, second, third, fourth]
