"""Pieces every form shares: heading with the seal area, the form grid, 审核意见 and signatures."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from perfcore.form_text import format_date
from perfcore.pdf.cells import Centred, FormTable, Repeating
from perfcore.pdf.placing import placed
from perfcore.pdf.stack import stacked
from perfcore.pdf.styles import SEAL, Styles
from perfcore.pdf.text import para, paragraphs, rich

_TALL = 1e7
RULE = 0.8
"""Line weight of the form grid (pt)."""
PAD = 4.0
MIN_SPLIT = 0.01
"""``splitInRow``: rows may split anywhere. ReportLab refuses a split that leaves less than this
on either page, and a row taller than a page by less than it would then raise LayoutError."""
OPINION_HEIGHT = 40 * mm
"""Room to write and stamp an opinion by hand."""


def heading(
    label: str, title: str, lines: Sequence[Flowable], width: float, styles: Styles
) -> list[Flowable]:
    """``表1``, the title, and the 填报单位（盖章） lines beside a free square for the seal.

    Where the centred title leaves the seal's width free at its right (landscape), the square
    reaches up beside the title too, which saves the page a band of white.
    """
    fonts = styles.fonts
    # A form without a number (项目支出绩效自评表, 基础数据表) keeps the label's line blank, so
    # that every form's title stands at the same height.
    label_p = para(label or "　", styles.form_label, fonts)
    title_p = para(title, styles.title, fonts)
    title_w = fonts.width(title, styles.title.fontName, styles.title.fontSize)
    if title_w / 2 + SEAL > width / 2:
        return [label_p, title_p, seal_beside(list(lines), width, styles)]
    # Inside a cell a paragraph's space before and after do not count: pad the title row instead.
    gap = styles.title.spaceAfter
    above = label_p.wrap(width, 1e6)[1] + title_p.wrap(width, 1e6)[1] + gap
    table = FormTable(
        [[label_p, ""], [title_p, ""], [[Centred(list(lines))], ""]],
        colWidths=[width - SEAL, SEAL],
        minRowHeights=[0, 0, max(SEAL - above, 0)],
        splitInRow=MIN_SPLIT,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.name("song")),
                ("SPAN", (0, 1), (1, 1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), gap),
            ]
        )
    )
    return [table]


def labelled(label: str, value: str, style: ParagraphStyle, styles: Styles) -> Flowable:
    """``填报单位（盖章）：name``; a value too long for the line continues under itself."""
    hei = styles.fonts.name("hei")
    indent = styles.fonts.width(label, hei, style.fontSize)
    return rich([(label, hei), (value, None)], _hanging(style, indent), styles.fonts)


_HANGING: weakref.WeakKeyDictionary[ParagraphStyle, dict[float, ParagraphStyle]] = weakref.WeakKeyDictionary()


def _hanging(style: ParagraphStyle, indent: float) -> ParagraphStyle:
    """``style`` with a hanging indent, one object per render and indent: paragraphs of one
    style object share their parsing, lines and drawing (perfcore.pdf.linebreak), so 1,000
    funds' ``填报单位（盖章）：`` lines are set once, not once per fund."""
    made = _HANGING.setdefault(style, {})
    if indent not in made:
        made[indent] = ParagraphStyle(
            f"{style.name}-hanging", parent=style, leftIndent=indent, firstLineIndent=-indent
        )
    return made[indent]


def seal_beside(content: list[Flowable], width: float, styles: Styles, seal_height: float = SEAL) -> Flowable:
    """``content`` on the left, a blank space for the seal on the right: 46 mm wide and
    ``seal_height`` tall (a square of at least 45 mm unless the form says otherwise)."""
    return SealBeside(content, width, styles, seal_height)


class SealBeside(Flowable):  # type: ignore[misc]
    """The one-row table of :func:`seal_table` (its size, its place, its text centred in the row),
    drawn without ReportLab's table when it fits: each fund's heading holds the fund's own name,
    so no two are alike, and measuring and drawing it as a table was a quarter of the time of
    printing 1,000 funds. Where it does not fit, it splits as that table does (the table is then
    made and split)."""

    def __init__(self, content: list[Flowable], width: float, styles: Styles, seal_height: float) -> None:
        super().__init__()
        self.content = content
        self.box = Centred(content)
        self.styles = styles
        self.seal_height = seal_height
        self.width = width
        self.hAlign = "CENTER"  # a table's default: placed alike in a frame a hair wider or narrower

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Table sizes the row by its cell measured at an unlimited height (no padding here).
        self.height = max(self.seal_height, self.box.wrap(self.width - SEAL, _TALL)[1])
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(seal_table(self.content, self.width, self.styles, self.seal_height).split(avail_width, avail_height))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        # The box leaves the canvas' state as it found it (perfcore.pdf.placing).
        with placed(canvas, self._hAlignAdjust(x, _sW), y):
            # As the table draws a top-aligned cell: the box wrapped with the row's height (it
            # centres itself in it), its top at the row's top.
            box = self.box
            _, height = box.wrap(self.width - SEAL, self.height)
            box.drawOn(canvas, 0, self.height - height)


def seal_table(content: list[Flowable], width: float, styles: Styles, seal_height: float = SEAL) -> Table:
    """:class:`SealBeside` as a table: what splits it across pages."""
    table = FormTable(
        [[[Centred(content)], ""]],
        colWidths=[width - SEAL, SEAL],
        minRowHeights=[seal_height],
        splitInRow=MIN_SPLIT,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.name("song")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def label_cell(label: str, note: str, styles: Styles) -> list[Flowable]:
    """A row label printed on every page its row continues on; the note in small type under it
    the first time only (label and note together are often taller than a repeat may be, and
    the label was then not repeated at all)."""
    name = para(label, styles.cell_label, styles.fonts)
    content: list[Flowable] = [name]
    if note:
        content.append(para(note, styles.cell_label_note, styles.fonts))
    return [Repeating(content, [name])]


def field_cell(label: str, value: str, styles: Styles) -> list[Flowable]:
    """``单位负责人：凌江鹏``: the label in the label face, the value as typed."""
    return [rich([(f"{label}：", styles.fonts.name("hei")), (value, None)], styles.cell_plain, styles.fonts)]


def grid_style(styles: Styles, extra: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    # Every cell names a font: ReportLab would otherwise select Helvetica, which is not embedded.
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), styles.fonts.name("song")),
            ("GRID", (0, 0), (-1, -1), RULE, "black"),
            # Labels centre themselves (see perfcore.pdf.cells); texts start at the top.
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 2),
            *extra,
        ]
    )


def form_grid(
    rows: list[list[object]],
    widths: list[float],
    styles: Styles,
    extra: Sequence[tuple[object, ...]] = (),
    min_heights: Sequence[float] | None = None,
) -> FormTable:
    """The bordered label | content grid of 表1 and 表2.

    Like a paper form typed in a word processor, a row that does not fit breaks inside itself
    (``splitByRow=0``) rather than leaving the rest of the page blank; any cell, however tall,
    continues on the next page.
    """
    table = FormTable(
        rows, colWidths=widths, splitByRow=0, splitInRow=MIN_SPLIT, minRowHeights=list(min_heights or []) or None
    )
    table.setStyle(grid_style(styles, extra))
    table.page_rule = RULE
    table.min_part = three_lines(styles.cell_text, PAD + PAD + 2)
    return table


def three_lines(style: ParagraphStyle, padding: float) -> float:
    """The least part of a row a page may begin or end with: three lines of its text."""
    return float(3 * style.leading + padding)


TAIL_ROW = 60 * mm
"""A last row up to this tall goes over whole with the signatures; a taller one, three lines."""


class WithTail(Flowable):  # type: ignore[misc]
    """A form's grid and its closing (审核意见 and the signatures): the closing never begins a
    page alone. When it does not fit under the grid, the grid's last row goes over with it, or
    three lines of that row when it is tall; where the grid cannot give that much (a fresh page),
    the two flow as they are."""

    def __init__(self, body: FormTable, tail: Sequence[Flowable], fresh: float) -> None:
        super().__init__()
        self.body = body
        self.tail = list(tail)
        self.fresh = fresh
        """The frame's full height: a split asked for this much is at the top of a page."""
        self._leftover: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.body.wrapOn(self.canv, avail_width, avail_height)[1] + self._tail_height(avail_width)
        return self.width, self.height

    def _tail_height(self, width: float) -> float:
        return float(sum(f.wrapOn(self.canv, width, _TALL)[1] for f in self.tail))

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._leftover is not None and avail_height <= self._leftover + 1:
            return []  # still the page of the first part
        body_h = self.body.wrapOn(self.canv, avail_width, avail_height)[1]
        tail_h = self._tail_height(avail_width)
        if body_h + tail_h <= avail_height:
            return [self.body, KeepTogether(self.tail)]
        if body_h <= avail_height:
            last = self.body._rowHeights[-1]
            keep = last if last <= TAIL_ROW else self.body.min_part or last
            parts = self.body.split_parts(avail_width, body_h - keep) if body_h - keep > 1 else []
        else:
            parts = self.body.split_parts(avail_width, avail_height)
        if len(parts) == 2 and isinstance(parts[1], FormTable):
            rest = WithTail(parts[1], self.tail, self.fresh)
            rest._leftover = avail_height - parts[0].wrap(avail_width, avail_height)[1]
            return [parts[0], rest]
        if avail_height >= self.fresh - 1:
            return [self.body, KeepTogether(self.tail)]
        return []

    def draw(self) -> None:
        y = self.height
        for flowable in (self.body, *self.tail):
            _, h = flowable.wrapOn(self.canv, self.width, y)
            y -= h
            flowable.drawOn(self.canv, 0, y)


def closing(
    opinion_unit: str,
    opinion_office: str,
    filler: str,
    phone: str,
    filled_on: str,
    widths: list[float],
    styles: Styles,
) -> list[Flowable]:
    """审核意见 rows and the signature block beside its seal square, to be kept together and with
    the form above them (:class:`WithTail`): the signatures never open a page alone."""
    fonts = styles.fonts

    def opinion(label: str, text: str) -> list[Flowable]:
        head: list[Flowable] = [rich([(f"{label}：", fonts.name("hei"))], styles.cell_plain, fonts)]
        return stacked(head + paragraphs(text, styles.cell_text, fonts))

    opinions = FormTable(
        [
            [
                label_cell("审核意见", "", styles),
                opinion("填报单位意见", opinion_unit),
                opinion("业务股室意见", opinion_office),
            ]
        ],
        colWidths=widths,
        minRowHeights=[OPINION_HEIGHT],
        splitInRow=MIN_SPLIT,
    )
    opinions.setStyle(grid_style(styles))
    opinions.page_rule = RULE
    return [opinions, signature(filler, phone, filled_on, sum(widths), styles)]


def signature(
    filler: str, phone: str, filled_on: str, width: float, styles: Styles, seal_height: float = SEAL
) -> Flowable:
    """填报人, 联系电话 and 填报日期 beside a blank space for the seal (see :func:`seal_beside`)."""
    fonts = styles.fonts
    blank = "　" * 6
    lines: list[Flowable] = [
        rich([("填报人：", None), (filler or blank, None)], styles.signature, fonts),
        rich([("联系电话：", None), (phone or blank, None)], styles.signature, fonts),
        rich([("填报日期：", None), (format_date(filled_on), None)], styles.signature, fonts),
    ]
    return seal_beside(lines, width, styles, seal_height)


def texts(text: str, styles: Styles) -> list[Flowable]:
    """A long user text in a content cell (indented paragraphs); nothing if it is blank. Many
    lines are one :class:`~perfcore.pdf.stack.Stack` (linear cost over many pages)."""
    return stacked(paragraphs(text, styles.cell_text, styles.fonts)) if text.strip() else []
