"""The 支出明细 table sets its one-line cells in one text object per page instead of one per cell:
the pages look exactly as ReportLab's own cell drawing makes them (same pixels, same text)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import demo, gray_page, page_texts
from reportlab.platypus import Table

from perfcore.model import Item, Package
from perfcore.pdf import render_pdf, table2


def _items() -> Package:
    package = demo()
    fund = package.special_funds[0]
    items = []
    for i in range(90):
        name = f"支出项目{i}"
        if i % 7 == 3:
            name = "培训场地租赁及学员餐费补助" * (i % 5 + 1)  # wraps: a paragraph cell
        if i % 11 == 5:
            name = "a<b>&c  d"  # printed literally
        items.append(Item(name, None if i % 13 == 0 else Decimal("1234.56") * i))
    fund.items = items
    package.special_funds = [fund]
    return package


def _render(package: Package, path: Path) -> bytes:
    render_pdf(package, path, forms=(2,))
    return path.read_bytes()


def test_item_cells_look_as_reportlab_draws_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _items()
    ours = tmp_path / "ours.pdf"
    theirs = tmp_path / "theirs.pdf"
    fast = _render(package, ours)
    with monkeypatch.context() as m:
        m.setattr(table2._ItemsTable, "draw", Table.draw)  # ReportLab draws each cell itself
        slow = _render(package, theirs)
    assert fast != slow, "the items table did not draw its cells itself"
    assert len(fast) < len(slow)
    assert page_texts(ours) == page_texts(theirs)
    assert page_texts(ours, layout=True) == page_texts(theirs, layout=True)
    pages = len(page_texts(ours))
    assert pages >= 3
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for page in range(1, pages + 1):
        assert gray_page(ours, page, 100, tmp_path / "a") == gray_page(theirs, page, 100, tmp_path / "b"), page


def test_item_cells_cost_one_text_object_per_table() -> None:
    out = io.BytesIO()
    package = _items()
    package.special_funds[0].items = [Item(f"支出{i}", Decimal(i)) for i in range(40)]
    render_pdf(package, out, forms=(2,))
    from pypdf import PdfReader

    reader = PdfReader(out)
    content = b"".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]
    # 40 rows of three cells would be 120 text objects; the rest of the form has some sixty.
    assert content.count(b"BT") < 100
