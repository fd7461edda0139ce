"""表1's 年度预算收支情况, written from the figures in the original report's wording.

The same sentences go into the PDF, the Word document and the Excel sheet.

``1、年初预算资金8.00万元。2、单位年度总收入85.80万元，其中：财政拨款83.62万元，其他收入2.18万元。…``
An unknown headline figure prints as ``—`` (the reader sees what is missing); an unknown detail
is left out of its ``其中`` list, never written as 0.

With a previous year (``previous``, stored when the package was carried forward) each headline
figure — 年初预算, 年度总收入, 年度总支出, 三公经费, 基建维修支出 — is followed by its 同比 sentence
as Hunan-style reports write it: ``较上年增加5.00万元，增长6.19%`` / ``较上年减少…，下降…`` /
``与上年持平``; from the figures only, and only when both years' figures are known.
"""

from __future__ import annotations

from decimal import Decimal

from perfcore.model import Item, Overall, Previous
from perfcore.money import format_wan, to_wan
from perfcore.year_on_year import change_percent

UNKNOWN = "—"


def wan(yuan: Decimal | None) -> str:
    """``85.80万元``, or ``—`` for an unknown figure."""
    return UNKNOWN if yuan is None else f"{format_wan(yuan)}万元"


def _details(parts: list[tuple[str, Decimal | None]], sep: str = "，") -> str:
    known = [f"{label}{wan(value)}" for label, value in parts if value is not None]
    return sep.join(known)


def compared(current: Decimal | None, last: Decimal | None) -> str:
    """``较上年增加5.00万元，增长6.19%`` (the percentage only when last year's figure is not 0);
    '' when either year's figure is unknown."""
    if current is None or last is None:
        return ""
    difference = current - last
    if difference == 0:
        return "与上年持平"
    if to_wan(difference) == 0:
        return "与上年基本持平"  # a few yuan: 增加0.00万元 would read as a contradiction
    verb, trend = ("增加", "增长") if difference > 0 else ("减少", "下降")
    sentence = f"较上年{verb}{wan(abs(difference))}"
    percent = change_percent(current, last)
    return sentence + (f"，{trend}{abs(percent):.2f}%" if percent is not None else "")


def _with_previous(text: str, current: Decimal | None, last: Decimal | None) -> str:
    comparison = compared(current, last)
    return f"{text}，{comparison}" if comparison else text


def _headline(
    label: str, total: Decimal | None, parts: list[tuple[str, Decimal | None]], last: Decimal | None = None
) -> str:
    details = _details(parts)
    return _with_previous(f"{label}{wan(total)}", total, last) + (f"，其中：{details}" if details else "")


def _item(item: Item) -> str:
    return f"{item.name}{wan(item.amount)}"


def budget_points(overall: Overall, previous: Previous | None = None) -> list[str]:
    """The four numbered points of 年度预算收支情况; with ``previous``, each headline figure's 同比."""
    o = overall
    values = previous.values if previous is not None else {}
    extra = _details(
        [
            ("上年结转资金", o.carryover_prior),
            ("本年追加预算资金", o.budget_added),
            ("年末结余资金", o.balance_year_end),
        ]
    )
    initial = _with_previous(f"年初预算资金{wan(o.budget_initial)}", o.budget_initial, values.get("budget_initial"))
    first = f"1、{initial}" + (f"，{extra}" if extra else "") + "。"

    income = _headline(
        "单位年度总收入",
        o.income_total,
        [("财政拨款", o.income_fiscal), ("其他收入", o.income_other)],
        values.get("income_total"),
    )
    second = f"2、{income}。"

    note = f"（{o.budget_note.strip()}）" if o.budget_note.strip() else ""
    expense = _headline(
        "单位年度总支出",
        o.expense_total,
        [("项目支出", o.expense_project), ("基本支出", o.expense_basic)],
        values.get("expense_total"),
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
    three = _with_previous(f"三公经费{wan(o.three_public_total)}", o.three_public_total, values.get("three_public_total"))
    sentences.append(three + (f"，{three_parts}" if three_parts else "") + "。")
    third = "3、" + "".join(sentences)

    repair = "4、" + _with_previous(
        f"单位基建维修支出{wan(o.capital_repair_total)}", o.capital_repair_total, values.get("capital_repair_total")
    )
    if o.capital_repair_items:
        repair += "，其中：" + "；".join(_item(i) for i in o.capital_repair_items)
    fourth = repair + "。"
    return [first, second, third, fourth]
