"""Text for the forms: Chinese line breaking, literal markup, dates and the budget wording."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from pdf_support import demo

from perfcore.budget_text import budget_points
from perfcore.form_text import format_date
from perfcore.model import Item, Overall
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.linebreak import CANNOT_END, CANNOT_START, _breakable, break_lines
from perfcore.pdf.styles import make_styles
from perfcore.pdf.text import markup, paragraphs

CHARS = "中文表格填报单位资金，。、；：（）“”《》0123456789.%ab "


def _lines(text: str, width: float, first: float | None = None) -> list[str]:
    widths = [1.0 if ord(c) < 0x2E80 and c != "—" else 2.0 for c in text]
    spans = break_lines(list(text), widths, [first or width, width], [False] * len(text))
    return [text[a:b] for a, b in spans]


def test_a_comma_never_starts_a_line_it_takes_the_character_before() -> None:
    # Four characters a line; the comma would fall at the start of line 2.
    assert _lines("财政拨款，其他收入", 8) == ["财政拨", "款，其他", "收入"]


def test_figures_stay_whole() -> None:
    assert _lines("财政拨款83.62万元", 10) == ["财政拨款", "83.62万元"]


def test_an_opening_bracket_never_ends_a_line() -> None:
    lines = _lines("基本支出（人员经费）", 10)
    assert not lines[0].endswith("（")


@given(st.text(alphabet=CHARS, min_size=1, max_size=120), st.integers(min_value=6, max_value=40))
def test_breaking_keeps_every_character_in_order_and_the_rules(text: str, width: int) -> None:
    lines = _lines(text, float(width))
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for before, line in zip(lines, lines[1:], strict=False):
        assert line, "empty line"
        previous = before.rstrip(" ")
        if not any(_breakable(a, b) for a, b in zip(previous, previous[1:], strict=False)):
            continue  # one unbreakable run wider than the line: it must break somewhere
        assert line[0] not in CANNOT_START
        assert previous[-1] not in CANNOT_END


def test_forced_breaks_and_overlong_runs() -> None:
    text = "甲乙\n丙"
    hard = [c == "\n" for c in text]
    spans = break_lines(list(text), [2.0] * len(text), [100.0], hard)
    assert [text[a:b] for a, b in spans] == ["甲乙\n", "丙"]
    assert _lines("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_markup_is_escaped_and_lines_become_paragraphs() -> None:
    fonts = resolve_fonts()
    body = fonts.name("fang")
    assert markup("<b>&amp;</b>", fonts, body) == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert markup("a  b", fonts, body) == "a &nbsp;b"
    styles = make_styles(fonts)
    paras = paragraphs("　　第一段\n\n第二段\n", styles.cell_text, fonts)
    assert len(paras) == 3  # paragraph, kept blank line, paragraph; trailing blank dropped
    assert paras[0].text == "第一段"


def test_dates_are_written_without_zero_padding() -> None:
    assert format_date("2020-07-10") == "2020年7月10日"
    assert format_date("2020-12-01") == "2020年12月1日"
    assert format_date("2020.7.10") == "2020.7.10"
    assert format_date("").endswith("年　　月　　日")


def test_budget_wording_follows_the_original() -> None:
    assert budget_points(demo().overall) == [
        "1、年初预算资金8.00万元。",
        "2、单位年度总收入85.80万元，其中：财政拨款83.62万元，其他收入2.18万元。",
        "3、单位年度总支出85.80万元，其中：项目支出54.78万元，基本支出31.03万元。"
        "基本支出中人员支出27.76万元，公用经费支出3.27万元（2019年6月成立的新单位）。"
        "三公经费0.00万元，公车购置和维护费0.00万元，公务接待费0.00万元，出国经费0.00万元。",
        "4、单位基建维修支出0.00万元。",
    ]


def test_budget_wording_leaves_out_unknown_details_and_lists_repairs() -> None:
    overall = Overall(
        budget_initial=Decimal("100000"),
        carryover_prior=Decimal("5000"),
        expense_total=Decimal("90000"),
        expense_basic=Decimal("60000"),
        three_public_total=None,
        capital_repair_total=Decimal("12000"),
        capital_repair_items=[Item("办公楼维修", Decimal("8000")), Item("围墙", None)],
        budget_note="含<追加>",
    )
    points = budget_points(overall)
    assert points[0] == "1、年初预算资金10.00万元，上年结转资金0.50万元。"
    assert points[1] == "2、单位年度总收入—。"
    assert points[2] == "3、单位年度总支出9.00万元，其中：基本支出6.00万元（含<追加>）。三公经费—。"
    assert points[3] == "4、单位基建维修支出1.20万元，其中：办公楼维修0.80万元；围墙—。"
    assert not re.search(r"(?<![0-9])0\.00万元", "".join(points))
