"""What every fund repeats (labels, notes, the signature lines) is parsed and broken into lines
once per render, not once per fund; the text printed is the same."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import demo, page_texts

from perfcore.model import Package, SpecialFund
from perfcore.pdf import linebreak, render_pdf
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.styles import make_styles
from perfcore.pdf.text import para


def _funds(count: int) -> Package:
    package = demo()
    package.special_funds = [
        SpecialFund(name=f"专项资金{i}", allocated=Decimal("100000"), spent=Decimal("99000")) for i in range(count)
    ]
    return package


def test_each_further_fund_breaks_only_its_own_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [0]
    break_lines = linebreak.break_lines

    def counted(*args: object) -> object:
        calls[0] += 1
        return break_lines(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(linebreak, "break_lines", counted)
    counts = []
    for size in (10, 40):
        calls[0] = 0
        render_pdf(_funds(size), io.BytesIO(), forms=(2,))
        counts.append(calls[0])
    # A fund's own lines are its name and its figures; its seventeen labels were broken already.
    assert 0 < counts[1] - counts[0] <= 3 * 30, counts


def test_repeated_paragraphs_share_parsing_but_not_their_state() -> None:
    fonts = resolve_fonts()
    styles = make_styles(fonts)
    first = para("项目组织实施情况", styles.cell_label, fonts)
    again = para("项目组织实施情况", styles.cell_label, fonts)
    other = para("项目组织实施情况", styles.cell_text, fonts)
    assert first is not again and first.frags is not again.frags
    assert [f.text for f in first.frags] == [f.text for f in again.frags]
    # Another style is parsed for itself (its font and size are in the fragments).
    assert other.frags[0].fontName == styles.cell_text.fontName != styles.cell_label.fontName
    assert first.frags[0].fontName == styles.cell_label.fontName
    first.wrap(60, 1000)
    again.wrap(300, 1000)
    assert len(first.blPara.lines) > len(again.blPara.lines) == 1


def test_forty_funds_print_every_name_and_the_labels_on_each(tmp_path: Path) -> None:
    path = tmp_path / "funds.pdf"
    render_pdf(_funds(40), path, forms=(2,))
    whole = "".join(t.replace(" ", "").replace("\n", "") for t in page_texts(path))
    for i in range(40):
        assert f"专项资金名称：专项资金{i}" in whole
    assert whole.count("项目组织实施情况") == 40 and whole.count("填报人：") == 40
