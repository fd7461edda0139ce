"""A table whose drawing equals one already drawn in the same document (every fund's empty
审核意见 row, the same 填报人 lines, the same rows of the form) copies that table's operators, and
one equal to a table measured before takes its sizes; the tables of one shape and style share
their cell styles. The print is byte for byte the one made
without these shortcuts, a table that differs in anything printed is drawn for itself, nothing is
carried from one document to the next, and the work per fund stays the same however many funds."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import demo, page_texts
from reportlab.platypus import Flowable, Table

from perfcore.model import Package, SpecialFund
from perfcore.pdf import render_pdf
from perfcore.pdf.cells import FormTable, SharedCellStyle

FILLED = ("江亮辰", "22161683", "2020-07-03")


def _funds(opinions: list[str], filled: tuple[str, str, str] = FILLED) -> Package:
    package = demo()
    funds = []
    for i, opinion in enumerate(opinions):
        fund = SpecialFund(name=f"专项资金{i}", allocated=Decimal("100000"), spent=Decimal("99000"))
        fund.opinion_unit = opinion
        fund.filler, fund.phone, fund.filled_on = filled
        funds.append(fund)
    package.special_funds = funds
    return package


def _render(package: Package) -> bytes:
    out = io.BytesIO()
    render_pdf(package, out, forms=(2,))
    return out.getvalue()


def _without_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FormTable, "drawOn", Flowable.drawOn)
    monkeypatch.setattr(FormTable, "setStyle", Table.setStyle)
    monkeypatch.setattr(FormTable, "_sizes_key", lambda self: None)


def _drawn_tables(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    count = [0]
    draw = FormTable.draw

    def counted(self: FormTable) -> None:
        count[0] += 1
        draw(self)

    monkeypatch.setattr(FormTable, "draw", counted)
    return count


def test_equal_tables_are_drawn_once_and_the_print_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    package = _funds(["", "同意。", "", "同意。" * 120, "", "同意。"])
    drawn = _drawn_tables(monkeypatch)
    fast = _render(package)
    drawn_fast = drawn[0]
    with monkeypatch.context() as m:
        _without_stamps(m)
        drawn[0] = 0
        slow = _render(package)
        drawn_slow = drawn[0]
    assert fast == slow
    # Six funds of five tables drawn; their closing rows and form rows repeat.
    assert drawn_fast < drawn_slow * 0.5, (drawn_fast, drawn_slow)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_funds_that_differ_in_one_opinion_or_signature_print_their_own(tmp_path: Path) -> None:
    """Two funds alike but for the 填报单位意见 (and two but for the phone): each prints its own."""
    package = _funds(["", "同意申报。", "", "不同意，请补充材料。", ""])
    other = _funds([""], ("江亮辰", "99999999", "2020-07-03")).special_funds[0]
    other.name = "专项资金5"
    package.special_funds.append(other)
    out = tmp_path / "funds.pdf"
    render_pdf(package, out, forms=(2,))
    texts = [_flat(t) for t in page_texts(out)]
    opinions = [t for t in texts if "填报单位意见" in t]
    assert len(opinions) == 6
    assert [("同意申报。" in t, "不同意，请补充材料。" in t) for t in opinions] == [
        (False, False),
        (True, False),
        (False, False),
        (False, True),
        (False, False),
        (False, False),
    ]
    phones = [re.findall(r"联系电话：(\d+)", t) for t in texts if "填报人" in t]
    assert phones == [["22161683"]] * 5 + [["99999999"]]


def test_a_table_differing_in_a_style_or_a_rule_is_not_taken_for_another() -> None:
    """The drawing key tells apart tables that differ only in a cell's style or in a rule."""
    from perfcore.pdf.fonts import resolve_fonts
    from perfcore.pdf.styles import make_styles
    from perfcore.pdf.text import para

    styles = make_styles(resolve_fonts())

    def table(style: object, rule: float) -> FormTable:
        made = FormTable([[[para("审核意见", style, styles.fonts)], "x"]], colWidths=[100, 100])  # type: ignore[arg-type]
        made.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), rule, "black")])
        made.wrap(200, 1000)
        return made

    same = table(styles.cell_label, 0.8).drawing_key()
    assert same is not None and same == table(styles.cell_label, 0.8).drawing_key()
    assert same != table(styles.cell_plain, 0.8).drawing_key()
    assert same != table(styles.cell_label, 0.5).drawing_key()


def test_a_shared_cell_style_cannot_change_and_a_restyled_table_takes_its_own() -> None:
    rows = [["a", "b"], ["c", "d"]]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2)]
    first, second = FormTable(rows, colWidths=[50, 50]), FormTable(rows, colWidths=[50, 50])
    first.setStyle(style)
    second.setStyle(style)
    assert second._cellStyles[1][1] is first._cellStyles[1][1]
    assert isinstance(first._cellStyles[1][1], SharedCellStyle)
    with pytest.raises(AttributeError):
        first._cellStyles[1][1].leftPadding = 9
    second.setStyle([("LEFTPADDING", (1, 1), (1, 1), 9)])
    assert second._cellStyles[1][1].leftPadding == 9
    assert first._cellStyles[1][1].leftPadding == 2
    assert second._cellStyles[0][0] is first._cellStyles[0][0]


def test_nothing_is_carried_from_one_document_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document's font subsets number its characters in the order it first draws them: a
    second document whose tables equal the first's draws them for itself."""
    first = _funds(["甲乙丙丁", ""])
    second = _funds(["", "同意。"], ("张三", "1234", "2021-01-02"))
    _render(first)
    after = _render(second)
    with monkeypatch.context() as m:
        _without_stamps(m)
        assert after == _render(second)


@pytest.mark.parametrize("count", [10, 40])
def test_tables_made_measured_and_drawn_per_fund_do_not_grow(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    made, measured = [0], [0]
    init, calc = Table.__init__, Table._calc_height

    def counted_init(self: Table, *args: object, **kwargs: object) -> None:
        made[0] += 1
        init(self, *args, **kwargs)

    def counted_calc(self: Table, *args: object, **kwargs: object) -> object:
        measured[0] += 1
        return calc(self, *args, **kwargs)

    monkeypatch.setattr(Table, "__init__", counted_init)
    monkeypatch.setattr(Table, "_calc_height", counted_calc)
    drawn = _drawn_tables(monkeypatch)
    _render(_funds([""] * count))
    # Per fund: the form (made whole, then split over two pages: three tables) and 审核意见; the
    # heading's and the signatures' seal squares are not tables (blocks.SealBeside). Measured:
    # the first fund's tables, then per fund the form's first part (its last row is the upper
    # part of a split row, whose paragraphs have no drawing key). Drawn: the first fund's form's
    # two parts and 审核意见; every other fund's are copied.
    assert made[0] == 4 * count
    assert measured[0] == count + 3
    assert drawn[0] == 3


def _canvas_with(texts: list[str]) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from perfcore.pdf.fonts import resolve_fonts

    song = resolve_fonts().name("song")
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for text in texts:
        table = FormTable([[text, "表"]], colWidths=[100, 100])
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), song), ("GRID", (0, 0), (-1, -1), 0.8, "black")])
        table.wrapOn(canvas, 200, 100)
        table.drawOn(canvas, 50, 500)
    canvas.save()
    return out.getvalue()


def test_a_copied_table_belongs_to_its_own_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables of strings in shared cell styles: the same table in a document that met other
    characters first is drawn for that document."""
    _canvas_with(["文", "中文"])
    second = _canvas_with(["中文", "中文"])
    with monkeypatch.context() as m:
        _without_stamps(m)
        assert second == _canvas_with(["中文", "中文"])
