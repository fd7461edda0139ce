"""The 支出明细 table read back from the printed pages: its rules, its rows and their words.

The table is laid out a page at a time with row heights known in advance (perfcore.pdf.table2,
windowed.py); these tests check the result as a reader sees it: every row as tall as its lines,
no row lost or printed twice at a page break, the header at the top of every page, and an item
taller than a page continued line by line inside the table.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import Rule, Word, demo, rules, words
from reportlab.platypus import Table

from perfcore.model import Item, Package
from perfcore.pdf import render_pdf, table2
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.styles import make_styles

ONE_LINE = 21.0
"""A row of one line: the 15 pt leading of the items' text and 3 pt padding above and below."""
LEADING = 15.0
TALL = 70
"""The item (index) whose name is taller than a page."""
TALL_LINES = 130


def _lines(i: int) -> int:
    """How many lines item ``i``'s name has (newlines in the name, each line short)."""
    return 2 + (i // 5) % 3 if i % 5 == 0 else 1


def _name(i: int) -> str:
    if i == TALL:
        return "\n".join(f"长{j}行" for j in range(TALL_LINES))
    if _lines(i) > 1:
        return "\n".join(f"名{i}之{j}" for j in range(_lines(i)))
    return f"项目{i}" if i % 7 else f"a<b>&c 项目{i}"


def _package(count: int) -> Package:
    package = demo()
    fund = package.special_funds[0]
    fund.items = [Item(_name(i), None if i % 11 == 0 else Decimal(i) * Decimal("100.5")) for i in range(count)]
    package.special_funds = [fund]
    return package


def _table_rules(page: list[Rule], left: float, right: float, head: Word, texts: list[Word]) -> list[float]:
    """The heights (from the page top) of the items table's horizontal rules on a page, from
    the one above its header down; a row split at the foot of the page is closed by the form's
    own rule below it."""
    own = sorted({round(r.y0, 2) for r in page if r.horizontal and abs(r.x0 - left) < 0.6 and abs(r.x1 - right) < 0.6})
    own = [y for y in own if y >= max(y for y in own if y < head.y0)]
    below = [r.y0 for r in page if r.horizontal and r.x0 < left - 0.6 and right + 0.6 < r.x1 and r.y0 > own[-1]]
    if below and any(_inside(w, own[-1], min(below)) for w in texts):
        own.append(round(min(below), 2))
    return own


def _inside(word: Word, top: float, bottom: float) -> bool:
    return top < word.y0 and word.y1 < bottom


def test_every_row_is_as_tall_as_its_lines_and_none_is_lost_or_repeated(tmp_path: Path) -> None:
    count = 160
    out = tmp_path / "items.pdf"
    render_pdf(_package(count), out, forms=(2,))
    found = words(out)
    page_rules = rules(out)
    heads = [w for w in found if w.text == "序号"]
    assert heads, "no items table printed"

    numbers_seen: list[int] = []
    tall_lines: list[int] = []
    pages_with_rows = 0
    page = heads[0].page
    while -1 not in numbers_seen:
        # The table's edges and columns: the vertical rules beside the header's words (pages
        # alternate their binding margin).
        head = next((w for w in heads if w.page == page), None)
        assert head is not None, f"page {page}: no header"
        amount_head = next(w for w in found if w.page == page and w.text.startswith("金额"))
        verticals = sorted(r.x0 for r in page_rules[page - 1] if r.vertical and r.y0 <= head.y0 <= r.y1)
        left = max(x for x in verticals if x < head.x0)
        right = min(x for x in verticals if x > amount_head.x1)
        number_right = min(x for x in verticals if x > head.x1)
        amount_left = max(x for x in verticals if x < amount_head.x0)
        on_page = [w for w in found if w.page == page and left < w.x0 and w.x1 < right]
        ys = _table_rules(page_rules[page - 1], left, right, head, on_page)
        header_words = [w.text for w in on_page if _inside(w, ys[0], ys[1])]
        assert header_words[:1] == ["序号"] and "支出内容" in header_words, (page, header_words)
        pages_with_rows += 1
        for top, bottom in zip(ys[1:], ys[2:], strict=False):
            cell_words = [w for w in on_page if _inside(w, top, bottom)]
            number = [w.text for w in cell_words if w.x1 <= number_right]
            if "合计" in [w.text for w in cell_words]:
                numbers_seen.append(-1)
                break
            if not number:  # a continued part of the tall item: its lines, nothing else
                lines = [w.text for w in cell_words]
                assert lines and all(t.startswith("长") for t in lines), (page, lines)
                tall_lines += [int(t[1:-1]) for t in lines]
                continue
            assert len(number) == 1, (page, number)
            n = int(number[0])
            numbers_seen.append(n)
            i = n - 1
            if i == TALL:
                tall_lines += [int(w.text[1:-1]) for w in cell_words if w.text.startswith("长")]
                continue
            assert abs(bottom - top - (ONE_LINE + LEADING * (_lines(i) - 1))) < 0.05, (page, n, bottom - top)
            ordered = sorted(cell_words, key=lambda w: (w.y0, w.x0))
            name = "".join(w.text for w in ordered if number_right < w.x0 and w.x1 < amount_left)
            assert name == _name(i).replace("\n", "").replace(" ", ""), (page, n, name)
        page += 1
    assert numbers_seen == [*range(1, count + 1), -1]
    assert tall_lines == list(range(TALL_LINES)), "the tall item lost, repeated or reordered a line"
    assert pages_with_rows >= 6


def test_known_row_heights_are_what_reportlab_measures() -> None:
    """The heights the items table is laid out with (one-line rows not measured, the others
    measured once) are the heights ReportLab's own table gives the same rows."""
    styles = make_styles(resolve_fonts())
    items = [Item(_name(i), Decimal(i)) for i in range(90)]
    items[12] = Item("培训场地租赁及学员餐费补助" * 9, None)  # wraps to several lines
    items[13] = Item("𰻞面馆", Decimal(1))  # a glyph no font has: a flowable cell, one line
    windowed = table2._items_table(items, 400, styles)
    assert windowed._fixed is not None
    header, heights = windowed._fixed()
    whole = windowed.make(0, windowed.count, None)
    plain = Table(whole._cellvalues, colWidths=whole._argW, cellStyles=whole._cellStyles)
    plain.wrap(400, 1e7)
    assert [header, *heights] == plain._rowHeights
    assert heights[1] == ONE_LINE
    assert heights[12] > 2 * ONE_LINE


def _texts() -> list[str]:
    # More than 256 distinct characters: the font's codes run over into a second subset.
    cjk = [chr(c) for c in range(0x4E00, 0x4E00 + 700, 2)]
    texts = ["支出项目1", "1,234.56", "支出项目1", "a<b>&c (x) \\", "no\xa0break", "𰻞面馆"]
    texts += ["".join(cjk[i : i + 7]) for i in range(0, len(cjk), 7)]
    texts += ["".join(cjk[i : i + 3]) for i in range(0, len(cjk), 5)]  # known codes, old and new subsets
    texts += [cjk[0] + cjk[-1], cjk[-1] + cjk[0], "", " ", "支出项目1"]
    return texts


def test_subset_codes_are_reportlabs() -> None:
    """A text's bytes from the codes already assigned are what ReportLab's splitString gives, and
    the codes it assigns are the same, text after text (two documents, one each way)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from perfcore.pdf.subsets import subset_codes

    fonts = resolve_fonts()
    font = pdfmetrics.getFont(fonts.name("fang"))
    ours = Canvas(io.BytesIO())._doc
    theirs = Canvas(io.BytesIO())._doc
    codes = subset_codes(font, ours)
    for text in _texts() * 2:
        assert codes.split(text) == font.splitString(text, theirs), text
    assert font.state[ours].assignments == font.state[theirs].assignments
    assert len(font.state[ours].subsets) >= 2


def test_items_print_the_same_bytes_without_the_known_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from perfcore.pdf import subsets

    package = _package(90)
    package.special_funds[0].items += [Item(text, Decimal(1)) for text in _texts()]
    fast, slow = tmp_path / "fast.pdf", tmp_path / "slow.pdf"
    render_pdf(package, fast, forms=(2,))
    with monkeypatch.context() as m:
        m.setattr(subsets.SubsetCodes, "split", lambda self, text: self.font.splitString(text, self.doc))
        render_pdf(package, slow, forms=(2,))
    assert fast.read_bytes() == slow.read_bytes()


@pytest.mark.parametrize("lines", range(44, 62))
def test_a_row_a_little_taller_than_the_room_splits_instead_of_failing(tmp_path: Path, lines: int) -> None:
    """The first item nearly a page tall: on some page less than ReportLab's least part of a
    split row (``splitInRow``) would be left for the next page. The page ends that much higher
    (it raised LayoutError for 50 to 54 lines, also at the top of a fresh page); every line
    prints once, in order."""
    package = demo()
    fund = package.special_funds[0]
    fund.items.insert(0, Item("\n".join(f"行{j}止" for j in range(lines)), Decimal(5)))
    package.special_funds = [fund]
    out = tmp_path / "row.pdf"
    render_pdf(package, out, forms=(2,))
    printed = [w.text for w in words(out) if w.text.startswith("行") and w.text.endswith("止")]
    assert printed == [f"行{j}止" for j in range(lines)]
