"""Formulas with Chinese names: labels shown and typed, keys stored, one function each way."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from checks_support import sample
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import FIGURE_KEYS, figure_lists, formulas

from perfcore.formula import FormulaError, parse
from perfcore.formula_names import formula_names, from_labels, new_figure_key, to_labels
from perfcore.model import OVERALL_NUMERIC_FIELDS, Figure, Package, iter_leaves


def test_the_demo_formulas_read_in_chinese_and_round_trip() -> None:
    package = sample()
    shown = {}
    for _, leaf in iter_leaves(package):
        if leaf.metric is not None:
            text = to_labels(leaf.metric.formula, package.figures)
            shown[leaf.name] = text
            assert parse(from_labels(text, package.figures)).tree == parse(leaf.metric.formula).tree
            assert not any(c.isascii() and c.isalpha() for c in text), text  # no key is left
    assert shown["公用经费控制率"] == "公用经费 ÷ 预算安排公用经费总额 × 100"
    assert shown["在职人员控制率"] == "年末职工人数 ÷ 人员编制 × 100"
    assert shown["“三公经费”变动率"] == (
        "（本年度“三公经费”预算数 - 上年度“三公经费”预算数） ÷ 上年度“三公经费”预算数 × 100"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("公用经费 ÷ 预算安排公用经费总额 × 100", "expense_public / public_budget * 100"),
        ("公用经费/预算安排公用经费总额*100", "expense_public/public_budget*100"),
        ("expense_public / 预算安排公用经费总额 * 100", "expense_public / public_budget * 100"),
        ("（本年度“三公经费”预算数 - 三公经费）÷ 1", "(three_public_budget - three_public_total)/ 1"),
        ("min（公用经费，年末职工人数）", "min(expense_public,staff_actual)"),
        # A word that is no label is kept as typed (the checks name it); a label inside it is not taken.
        ("公用经费总额 / 2", "公用经费总额 / 2"),
    ],
)
def test_typed_labels_are_stored_as_keys(typed: str, stored: str) -> None:
    assert from_labels(typed, sample().figures) == stored


def test_a_syntax_error_is_placed_in_the_typed_text_and_named_as_typed() -> None:
    package = sample()
    with pytest.raises(FormulaError, match="公式第 15 个字符处不应出现“）”"):
        from_labels("（预算安排公用经费总额 + ）", package.figures)
    with pytest.raises(FormulaError, match="第 12 个字符处多余的“人员编制”"):
        from_labels("年末职工人数 × 2 人员编制", package.figures)


def test_a_shared_label_is_refused_when_typed_and_shown_by_key() -> None:
    package = sample()
    package.figures.append(Figure("public_2", "公用经费", "money"))  # 表1's 公用经费 too
    with pytest.raises(FormulaError, match="“公用经费”同时是基础数据的“public_2”、表1的“expense_public”的名称"):
        from_labels("公用经费 ÷ 2", package.figures)
    assert to_labels("expense_public / public_2", package.figures) == "expense_public ÷ public_2"
    assert from_labels("expense_public ÷ public_2", package.figures) == "expense_public / public_2"


def test_a_formula_that_does_not_parse_is_shown_as_stored() -> None:
    assert to_labels("staff_actual / ", sample().figures) == "staff_actual / "


def test_names_list_figures_then_table1_fields() -> None:
    names = formula_names(sample().figures)
    assert [n.label for n in names[:3]] == ["本年度“三公经费”预算数", "上年度“三公经费”预算数", "预算安排公用经费总额"]
    assert names[0].source == "基础数据" and names[0].group == "三公经费"
    assert [n.key for n in names if n.source == "表1"] == list(OVERALL_NUMERIC_FIELDS)


def test_new_figure_keys_come_from_the_label_and_are_unique() -> None:
    package = sample()
    assert new_figure_key("满意人数", package.figures) == "满意人数"
    assert new_figure_key("本年度“三公经费”预算数", package.figures) == "本年度三公经费预算数"
    assert new_figure_key("2020年数", package.figures) == "数据2020年数"
    assert new_figure_key("（ ）", package.figures) == "数据"
    package.figures.append(Figure("满意人数", "满意人数"))
    assert new_figure_key("满意人数", package.figures) == "满意人数_2"
    assert new_figure_key("staff_actual", package.figures) == "staff_actual_2"  # a 表1 field's name


@settings(max_examples=60, deadline=None)
@given(figures=figure_lists(), data=st.data())
def test_labels_round_trip_whatever_the_labels(figures: list[Figure], data: st.DataObject) -> None:
    """Hostile labels (brackets, quotes, signs, a label equal to another key): what is shown
    reads back as the same formula."""
    package = Package(year=2024, figures=figures)
    text = data.draw(formulas([*FIGURE_KEYS, *OVERALL_NUMERIC_FIELDS[:4]]))
    shown = to_labels(text, package.figures)
    assert parse(from_labels(shown, package.figures)).tree == parse(text).tree


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_chinese_labels_always_show(data: st.DataObject) -> None:
    # Names of the office's own (not 表1's: a label both share is shown by its key, tested above).
    words = st.text("甲乙丙丁戊己庚辛壬癸", min_size=1, max_size=5)
    label = st.tuples(st.sampled_from(["", "“"]), words, st.sampled_from(["", "”", "（元）", "”预算数"])).map("".join)
    labels = data.draw(st.lists(label, min_size=3, max_size=3, unique=True))
    package = Package(year=2024, figures=[Figure(k, lab, "money", Decimal(1)) for k, lab in zip(("a", "b", "c"), labels, strict=True)])
    text = data.draw(formulas(["a", "b", "c"]))
    shown = to_labels(text, package.figures)
    names_left = {n for n in ("a", "b", "c") if n in parse(from_labels(shown, package.figures)).names}
    assert names_left == set(parse(text).names)
    assert set(re.findall("[A-Za-z_]+", shown)) <= {"min", "max", "abs"}  # no key is left


def test_a_number_typed_is_a_number_whatever_the_labels() -> None:
    """A label made of digits never starts inside a number typed (hypothesis found "4.0" and
    "9.4" read with a figure labelled 4); a longer label beginning with digits is the label."""
    figures = [
        Figure("a", "4", "money"),
        Figure("b", "4", "money"),
        Figure("c", "2019年预算数", "money"),
        Figure("d", "5", "money"),
    ]
    assert from_labels("4.0 + 9.4", figures) == "4.0 + 9.4"
    assert from_labels("2019年预算数 × 2", figures) == "c * 2"
    assert from_labels("2019 × .5", figures) == "2019 * .5"
    # The label is still refused where it stands alone and names two figures.
    with pytest.raises(FormulaError, match="同时是"):
        from_labels("（4）", [Figure("a", "（4）", "money"), Figure("b", "（4）", "money")])
    # A figure labelled 5 is shown by its key: its label would read back as the number.
    assert to_labels("d + 5", figures) == "d + 5"
