"""What a print repeats (each fund's labels, notes, 审核意见 and signature lines) is set and drawn
once per document and copied after that; a table asked the same size again answers from its last
measurement, and so does a paragraph asked for the same width; a plain text is not run through
ReportLab's markup parser; a copied drawing is placed without saving the canvas' state. The PDF
is byte for byte the one made without these shortcuts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pdf_support import demo
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table
from reportlab.platypus.paragraph import Paragraph

from perfcore.model import Item, Package, SpecialFund
from perfcore.pdf import blocks, linebreak, page, render_pdf, text
from perfcore.pdf.cells import Centred, FormTable
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.linebreak import CJKParagraph
from perfcore.pdf.styles import make_styles
from perfcore.pdf.text import para


def _package() -> Package:
    """The demo with twelve funds: empty ones, the demo's own texts, and names to escape."""
    package = demo()
    model = package.special_funds[0]
    funds = []
    for i in range(12):
        fund = SpecialFund(name=f"专项资金{i}<b>&amp;</b>", allocated=Decimal("100000"), spent=Decimal("99000"))
        if i % 3 == 0:
            fund.overview, fund.implementation, fund.performance = model.overview, model.implementation, model.performance
            fund.items = [Item(f"支出{n}", Decimal("12.50")) for n in range(i)]
            fund.filler, fund.phone, fund.filled_on = model.filler, model.phone, model.filled_on
        funds.append(fund)
    package.special_funds = funds
    return package


def _render(package: Package) -> bytes:
    out = io.BytesIO()
    render_pdf(package, out, forms=(1, 2, 3))
    return out.getvalue()


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CJKParagraph, "_stamp_key", lambda self: None)
    monkeypatch.setattr(CJKParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(CJKParagraph, "drawOn", Flowable.drawOn)
    monkeypatch.setattr(Centred, "drawOn", Flowable.drawOn)
    monkeypatch.setattr(linebreak, "_plain_frags", lambda text, style: None)
    monkeypatch.setattr(linebreak, "_labelled_frags", lambda text, style, parsed: None)
    monkeypatch.setattr(FormTable, "_calc", Table._calc)
    monkeypatch.setattr(FormTable, "drawOn", Flowable.drawOn)
    monkeypatch.setattr(FormTable, "setStyle", Table.setStyle)
    monkeypatch.setattr(FormTable, "_sizes_key", lambda self: None)
    monkeypatch.setattr(text, "MARKUP_CACHE_LIMIT", -1)
    monkeypatch.setattr(page, "string_at", _string_through_reportlab)
    monkeypatch.setattr(
        blocks,
        "_hanging",
        lambda style, indent: ParagraphStyle("h", parent=style, leftIndent=indent, firstLineIndent=-indent),
    )


def _string_through_reportlab(canvas: Canvas, face: str, size: float, x: float, y: float, chunk: str) -> None:
    canvas.saveState()
    canvas.setFont(face, size)
    canvas.drawString(x, y, chunk)
    # saveState/restoreState keep the canvas' Python state; their own "q"/"Q" are not the foot's.
    del canvas._code[-2]
    canvas.restoreState()
    canvas._code.pop()


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the paragraphs ReportLab itself draws."""
    count = [0]
    draw_para = Paragraph.drawPara

    def counted(self: Paragraph, debug: int = 0) -> None:
        count[0] += 1
        draw_para(self, debug)

    monkeypatch.setattr(Paragraph, "drawPara", counted)
    return count


def test_the_shortcuts_print_the_same_bytes_and_draw_each_repeated_paragraph_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = _package()
    drawn = _drawn(monkeypatch)
    fast = _render(package)
    drawn_fast = drawn[0]
    with monkeypatch.context() as m:
        _without_shortcuts(m)
        drawn[0] = 0
        slow = _render(package)
        drawn_slow = drawn[0]
    assert fast == slow
    # Twelve funds of some seventeen paragraphs each, most of them the same in every fund.
    assert drawn_fast < drawn_slow * 0.6, (drawn_fast, drawn_slow)


def _canvas_with(paragraphs: list[Paragraph]) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for paragraph in paragraphs:
        paragraph.wrapOn(canvas, 200, 100)
        paragraph.drawOn(canvas, 50, 500)
    canvas.save()
    return out.getvalue()


def test_a_copied_drawing_belongs_to_its_own_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document's font subsets number its characters in the order they are first drawn: the
    same paragraph drawn in a document that met other characters first is drawn for itself."""
    fonts = resolve_fonts()
    style = make_styles(fonts).cell_label
    _canvas_with([para("文", style, fonts), para("中文", style, fonts)])
    second = _canvas_with([para("中文", style, fonts)])
    monkeypatch.setattr(CJKParagraph, "_stamp_key", lambda self: None)
    assert second == _canvas_with([para("中文", style, fonts)])


def test_placing_writes_what_drawon_writes() -> None:
    """perfcore.pdf.placing brackets a drawing as ``saveState``, ``translate`` and
    ``restoreState`` do, and leaves the canvas' matrix as it found it."""
    from perfcore.pdf.placing import placed

    made = []
    for fast in (False, True):
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.translate(10, 20)
        matrix = canvas._currentMatrix
        if fast:
            with placed(canvas, 12.5, 1 / 3):
                canvas._code.append("% body")
        else:
            canvas.saveState()
            canvas.translate(12.5, 1 / 3)
            canvas._code.append("% body")
            canvas.restoreState()
        assert canvas._currentMatrix == matrix
        made.append(list(canvas._code))
    assert made[0] == made[1]


@pytest.mark.parametrize(
    "value",
    ["专项资金12", "a b", "x", "名称（一）：2019", "  padded", "two  blanks", "tail ", "&lt;b&gt;", "&amp;"],
)
def test_a_labelled_line_has_the_fragments_the_parser_makes(value: str) -> None:
    """``label：value`` lines are set from the label's parsed fragments and the value's own."""
    fonts = resolve_fonts()
    style = make_styles(fonts).unit_line
    for head in (f'<font face="{fonts.name("hei")}">专项资金名称：</font>', f'<font face="{fonts.name("kai")}">a<br/>b</font>'):
        markup = head + value
        ours = CJKParagraph(markup, style)
        theirs = Paragraph(markup, style)
        assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags], markup


@pytest.mark.parametrize(
    "chunk",
    [
        "— 12 —",
        "2019年度绩效自评　校验码 278E-07EE-0D7B　第 1 页 共 2000 页",
        "(brackets) and \\ backslash",
        # More than one subset of 256 codes: the font is named again where the subset changes.
        "".join(chr(0x4E00 + 7 * i) for i in range(300)) + "末",
    ],
)
def test_the_foot_strings_are_what_setfont_and_drawstring_write(chunk: str) -> None:
    """Every page's foot is written without ReportLab's text object (perfcore.pdf.page.string_at):
    the same operators, the fonts' subsets numbered the same, the canvas' state left as it was."""
    fonts = resolve_fonts()
    face = fonts.name("song")
    made = []
    for ours in (True, False):
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.setFont(fonts.name("fang"), 9)
        before = (canvas._fontname, canvas._fontsize, canvas._leading)
        for size, x, y in ((14, 458.5748, 68.17008), (7, 202.4724, 45.49291), (7, 1 / 3, 2 / 3)):
            if ours:
                page.string_at(canvas, face, size, x, y, chunk)
            else:
                _string_through_reportlab(canvas, face, size, x, y, chunk)
        assert (canvas._fontname, canvas._fontsize, canvas._leading) == before
        made.append(list(canvas._code))
    assert made[0] == made[1]
    assert any(line.startswith("BT 1 0 0 1 458.5748 68.17008 Tm ") for line in made[0])
