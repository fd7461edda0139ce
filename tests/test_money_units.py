"""One money unit: 计算过程 shows money in 万元; amounts far from the others, and rates above
200 %, are warned about as likely slips of unit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from checks_support import clean, found, leaf_named
from pdf_support import page_texts

from perfcore import formula
from perfcore.model import Package, figure_index
from perfcore.pdf import render_pdf
from perfcore.rules import score_leaf


def _figure(package: Package, key: str, value: Decimal | None) -> int:
    index = next(i for i, f in enumerate(package.figures) if f.key == key)
    package.figures[index].value = value
    return index


def _process(package: Package, name: str) -> str:
    _, leaf = leaf_named(package, name)
    return score_leaf(leaf, package.overall, figure_index(package)).process


MONEY = frozenset({"a", "b", "c"})


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("a / b * 100", 0),
        ("(a - b) / b * 100", 0),
        ("(a + b) / (c + a) × 100", 0),
        ("n / m * 100", 0),
        ("a - b", 1),
        ("a * 2", 1),
        ("a * b / c", 1),
        ("a + 1", None),
        ("a / b + c", None),
        ("min(a, b) / c", 0),
        ("max(a, n)", None),
        ("-a / abs(b)", 0),
    ],
)
def test_money_degree(text: str, degree: int | None) -> None:
    assert formula.money_degree(formula.parse(text), MONEY.__contains__) == degree


def test_the_process_of_a_rate_of_money_shows_wan() -> None:
    package = clean()
    package.overall.expense_public = Decimal("32700.00")
    _figure(package, "public_budget", Decimal("40000.00"))
    assert _process(package, "公用经费控制率").startswith("3.27/4.00×100=81.75%≤100%")
    # Counts are shown as they are.
    assert _process(package, "在职人员控制率").startswith("7/10×100=70.00%")


def test_a_figure_under_half_a_hundred_yuan_keeps_its_digits_not_0_00() -> None:
    package = clean()
    package.overall.expense_public = Decimal("32700.00")
    _figure(package, "public_budget", Decimal("40.00"))
    assert _process(package, "公用经费控制率").startswith("3.27/0.004×100=81750.00%")


def test_an_amount_formula_keeps_yuan() -> None:
    """``a - b`` in 万元 would print 万元 figures beside a value in 元: it stays in 元."""
    package = clean()
    path, leaf = leaf_named(package, "公用经费控制率")
    assert leaf.metric is not None
    leaf.metric.formula = "expense_public - public_budget"
    leaf.metric.unit = "元"
    package.overall.expense_public = Decimal("32700.00")
    _figure(package, "public_budget", Decimal("40000.00"))
    assert _process(package, "公用经费控制率").startswith("32700-40000=-7300.00元")


def test_the_printed_process_shows_wan(tmp_path: Path) -> None:
    package = clean()
    package.overall.expense_public = Decimal("32700.00")
    _figure(package, "public_budget", Decimal("40000.00"))
    out = tmp_path / "t3.pdf"
    with open(out, "wb") as stream:
        render_pdf(package, stream, forms=(3,))
    text = "".join(page_texts(out)).replace("\n", "")
    assert "3.27/4.00×100=81.75%" in text
    assert "32700/40000" not in text


def test_clean_and_filed_sample_are_plausible() -> None:
    from checks_support import sample

    for package in (clean(), sample()):
        assert found(package, "plausibility.money_scale", "plausibility.rate") == []


def test_a_yuan_amount_typed_in_wan_is_named_with_the_likely_figure() -> None:
    package = clean()
    # 40,000 元 typed as 40000 into a 万元 field: 4 亿元.
    index = _figure(package, "public_budget", Decimal("400000000.00"))
    findings = found(package, "plausibility.money_scale")
    assert len(findings) == 1
    severity, path, message = findings[0]
    assert (severity, path) == ("warning", f"/figures/{index}/value")
    assert "预算安排公用经费总额 40000.00 万元" in message
    assert "可能把以元计的金额当作万元填写" in message and "应填 4.00 万元" in message


def test_a_table1_amount_typed_in_yuan_is_warned_about_too() -> None:
    package = clean()
    package.overall.expense_public = Decimal("327000000.00")  # 32,700 元 typed as 32700 万元
    findings = found(package, "plausibility.money_scale")
    assert [(s, p) for s, p, _ in findings] == [("warning", "/overall/expense_public")]
    assert "公用经费" in findings[0][2] and "应填 3.27 万元" in findings[0][2]


def test_a_wan_amount_typed_in_yuan_is_warned_about_for_a_figure_only() -> None:
    package = clean()
    index = _figure(package, "public_budget", Decimal("4.00"))  # 4 万元 read as 4 元
    findings = found(package, "plausibility.money_scale")
    assert [(s, p) for s, p, _ in findings] == [("warning", f"/figures/{index}/value")]
    assert "分之一" in findings[0][2] and "可能把以万元计的金额当作元填写" in findings[0][2]
    # 表1's small heads can rightly be that small: 公务接待费 of 4 元 is not judged.
    package = clean()
    package.overall.three_public_reception = Decimal("4.00")
    assert found(package, "plausibility.money_scale") == []


def test_assets_are_neither_judged_nor_neighbours() -> None:
    package = clean()
    package.overall.assets_total = Decimal("9000000000.00")
    assert found(package, "plausibility.money_scale") == []


def test_too_few_amounts_give_no_median() -> None:
    package = Package(year=2024)
    package.overall.expense_public = Decimal("1.00")
    package.overall.expense_total = Decimal("100000000.00")
    assert found(package, "plausibility.money_scale") == []


def test_a_rate_above_200_percent_names_its_figures() -> None:
    package = clean()
    package.overall.expense_public = Decimal("32700.00")
    _figure(package, "public_budget", Decimal("8500.00"))  # 0.85 万元 where 8.5 was meant
    path, _ = leaf_named(package, "公用经费控制率")
    findings = found(package, "plausibility.rate")
    assert [(s, p) for s, p, _ in findings] == [("warning", f"{path}/metric/formula")]
    message = findings[0][2]
    assert message.startswith("公用经费控制率：计算值 384.71% 超过 200%")
    assert "公用经费 3.27 万元、预算安排公用经费总额 0.85 万元" in message


def test_a_rate_of_200_percent_is_not_warned_about() -> None:
    package = clean()
    package.overall.expense_public = Decimal("80000.00")
    _figure(package, "public_budget", Decimal("40000.00"))
    assert found(package, "plausibility.rate") == []
