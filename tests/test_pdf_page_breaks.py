"""Print quality where a form meets the foot of a page: rules, scores, what a page may hold.

The rules are read as vector lines from the PDF's content streams (pdf_support.rules), so a
table cut open by a page break, or continued without a rule above, is found whatever the font.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdf_support import demo, indicator_package, open_rule_ends, page_texts, words

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.pdf import render_pdf


def _new_report():  # type: ignore[no-untyped-def]
    package = load_json(assets.template_json("standard"))
    package.unit_name = "某某单位"
    package.year = 2024
    return package


@pytest.mark.parametrize("which", ["demo", "new", "tall"])
def test_every_table_is_closed_at_the_foot_and_top_of_each_page(tmp_path: Path, which: str) -> None:
    package = {"demo": demo, "new": _new_report, "tall": lambda: indicator_package(2, 2, 3, text="乙" * 700)}[which]()
    out = tmp_path / f"{which}.pdf"
    info = render_pdf(package, out)
    assert info.pages >= 3
    assert open_rule_ends(out) == []


def test_open_rule_ends_finds_a_table_cut_open(tmp_path: Path) -> None:
    """The check itself can fail: a grid whose page-break rules are left out is found."""
    from perfcore.pdf.cells import FormTable

    package = demo()
    package.overall.goal_completion = "卯" * 6000
    out = tmp_path / "open.pdf"
    original = FormTable.split_parts

    def without_rules(self: FormTable, width: float, height: float) -> list[object]:
        self.page_rule = None
        return original(self, width, height)  # type: ignore[return-value]

    FormTable.split_parts = without_rules  # type: ignore[method-assign,assignment]
    try:
        render_pdf(package, out, forms=(1,))
    finally:
        FormTable.split_parts = original  # type: ignore[method-assign]
    assert open_rule_ends(out)


def test_scores_print_with_two_decimals_in_the_indicator_table(tmp_path: Path) -> None:
    out = tmp_path / "t3.pdf"
    render_pdf(demo(), out, forms=(3,))
    boxes = words(out)
    heads = {w.page: w for w in boxes if w.text == "得分"}
    score_column = [
        w
        for w in boxes
        if w.page in heads and w.x0 >= heads[w.page].x0 - 12 and w.y0 > heads[w.page].y1
        and re.fullmatch(r"[\d.]+", w.text)
    ]
    assert len(score_column) >= 10
    assert all(re.fullmatch(r"\d+\.\d\d", w.text) for w in score_column), [w.text for w in score_column]


def test_total_prints_grade_with_unscored_indicators_marked(tmp_path: Path) -> None:
    out = tmp_path / "new.pdf"
    render_pdf(_new_report(), out, forms=(3,))
    flat = re.sub(r"\s+", "", "".join(page_texts(out)))
    assert "自评等级：差（含未评分指标）" in flat
    assert "尚有指标未评分" not in flat


@pytest.mark.parametrize("chars", [200, 600, 900])
def test_no_page_of_the_indicator_table_is_left_half_blank(tmp_path: Path, chars: int) -> None:
    """A row that does not fit at the foot of a page begins there and continues (its names
    repeated) when moving it whole would leave more than 40 mm blank; the first page included."""
    from pdf_support import MM, rules

    out = tmp_path / "tall.pdf"
    info = render_pdf(indicator_package(1, 2, 2, text="乙" * chars), out, forms=(3,))
    assert info.pages >= 3
    frame_bottom = 595.28 - 30 * MM
    pages = rules(out)
    for number, page in enumerate(pages[:-1], start=1):
        lowest = max(r.y0 for r in page if r.horizontal)
        assert frame_bottom - lowest <= 40 * MM + 1, f"page {number} leaves {(frame_bottom - lowest) / MM:.0f} mm blank"
    assert open_rule_ends(out) == []
