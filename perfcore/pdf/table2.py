"""表2 专项资金绩效自评报告 (A4 portrait), one per special fund, after the 2019 original.

The fund's figures are printed in 元 (the exchange format's convention for 表2): the amount
allocated, the amount spent and the itemised spending with its sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from perfcore.form_text import OVERVIEW_NOTE, PERFORMANCE_NOTE, UNIT_LABEL, fund_title, funding_summary, yuan
from perfcore.model import Item, Package, SpecialFund
from perfcore.pdf.blocks import PAD, WithTail, closing, form_grid, heading, label_cell, labelled, texts
from perfcore.pdf.cells import Centred
from perfcore.pdf.styles import PORTRAIT, Styles, frame_height
from perfcore.pdf.subsets import subset_codes
from perfcore.pdf.table1 import LABEL_WIDTH, column_widths
from perfcore.pdf.text import cell, para, plain_line
from perfcore.pdf.windowed import CHUNK, Windowed


def items_sum(items: list[Item]) -> Decimal | None:
    """The sum of the items, unknown if any amount is."""
    if any(i.amount is None for i in items):
        return None
    return sum((i.amount for i in items if i.amount is not None), Decimal(0))


ITEMS_PAD = 3.0
"""Left and right padding of the items table's cells (pt)."""
_TALL = 1e7
_ALIGN = {TA_LEFT: "LEFT", TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}


class _ItemsTable(Table):  # type: ignore[misc]
    """A table whose one-line string cells are set in one text object per table drawn, at the
    places and in the faces ReportLab's ``drawString``, ``drawCentredString`` and
    ``drawRightString`` would put them, instead of one text object (with its font and colour
    set again) per cell: 10,000 expense items are 30,000 such cells. What each cell adds to the
    text object is what ``PDFTextObject.setTextOrigin`` and ``_textOut`` add, made without their
    work per call: the cell style's part is worked out once per style, the text's bytes come
    from the codes the document's font subsets already hold (subsets.py)."""

    _texts: Any = None
    """The text object of the drawing under way (None: not drawing)."""

    def draw(self) -> None:
        self._texts = self.canv.beginText()
        self._text_color: Any = None
        self._text_font: Any = None
        self._texts_used = False
        self._how: dict[Any, _Plain | None] = {}
        try:
            super().draw()
        finally:
            self._texts = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802,N803
        texts = self._texts
        how = None
        if texts is not None and isinstance(cellval, str) and "\n" not in cellval:
            how = self._how.get(cellstyle, _UNKNOWN)
            if how is _UNKNOWN:
                how = self._how[cellstyle] = _Plain.of(cellstyle, self.canv)
        if how is None:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if not cellval:
            return  # an empty cell draws nothing
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        if self._text_color is None or how.color != self._text_color:
            texts.setFillColor(how.color)
            self._text_color = how.color
        if how.font_key != self._text_font:
            texts.setFont(*how.font_key)
            self._text_font = how.font_key
        # Table._drawCell's arithmetic, for one line of text (the same operations in the same
        # order: the same coordinates to the last bit).
        fontsize = cellstyle.fontsize
        if how.valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + cellstyle.leading - fontsize
        elif how.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + cellstyle.leading) / 2.0 - fontsize
        just = how.alignment
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        else:
            width = how.width(cellval)
            if just == "RIGHT":
                x = colpos + colwidth - cellstyle.rightPadding - width
            else:
                x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5 - 0.5 * width
        if how.codes is None:
            texts.setTextOrigin(x, y)
            texts._textOut(cellval)  # placed by its origin: no cursor to move
        else:
            # setTextOrigin and _textOut for a TrueType font (textobject.py, _formatText).
            out = [f"1 0 0 1 {fp_str(x, y)} Tm"]
            for subset, chunk in how.codes.split(cellval):
                if subset != texts._curSubset:
                    name = how.font.getSubsetInternalName(subset, self.canv._doc)
                    out.append(f"{name} {how.size_and_leading}")
                    texts._curSubset = subset
                out.append(f"({how.escape(chunk)}) Tj")
            texts._code.append(out[0])
            texts._code.append(" ".join(out[1:]))
        self._texts_used = True

    def _drawLines(self) -> None:  # noqa: N802 - ReportLab's name
        # The cells' text goes on the page before the rules, as ReportLab paints them.
        if self._texts is not None and self._texts_used:
            self.canv.drawText(self._texts)
            self._texts = self.canv.beginText()
            self._text_color = self._text_font = None
            self._texts_used = False
        super()._drawLines()


_UNKNOWN: Any = object()


class _Plain:
    """How a string cell of one cell style is set in the text object (None from :meth:`of`:
    ReportLab draws such cells itself)."""

    def __init__(self, cellstyle: Any, canvas: Any) -> None:
        self.color = cellstyle.color
        self.font_key = (cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        self.valign = cellstyle.valign
        self.alignment = cellstyle.alignment
        self.font = pdfmetrics.getFont(cellstyle.fontname)
        size = cellstyle.fontsize
        measure = self.font.stringWidth  # what pdfmetrics.stringWidth asks of the font
        self.width = lambda text: measure(text, size)
        leading = cellstyle.leading if cellstyle.leading is not None else size * 1.2  # setFont's default
        self.size_and_leading = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        self.escape = canvas._escape
        dynamic = getattr(self.font, "_dynamicFont", False) and canvas.bottomup
        self.codes = subset_codes(self.font, canvas._doc) if dynamic else None

    @classmethod
    def of(cls, cellstyle: Any, canvas: Any) -> _Plain | None:
        """One line, no link, no shaping: a string cell this module draws itself."""
        plain = (
            cellstyle.alignment in ("LEFT", "RIGHT", "CENTER", "CENTRE")
            and cellstyle.valign in ("TOP", "BOTTOM", "MIDDLE")
            and not cellstyle.href
            and not cellstyle.destination
            and not cellstyle.direction
            and not cellstyle.shaping
        )
        return cls(cellstyle, canvas) if plain else None


def _items_table(items: list[Item], width: float, styles: Styles) -> Flowable:
    """序号 | 支出内容 | 金额, the header repeated on every page, a page at a time (windowed.py)."""
    fonts = styles.fonts
    head = styles.grid_head
    number_w, amount_w = 12 * mm, 32 * mm
    widths = [number_w, width - number_w - amount_w, amount_w]
    inner = [w - 2 * ITEMS_PAD for w in widths]

    def row(*cells: tuple[str, ParagraphStyle], strings: bool = False) -> list[object]:
        if strings and all(plain_line(text, style, fonts, w) for (text, style), w in zip(cells, inner, strict=True)):
            # One line in each cell, in the column's own face: ReportLab draws a string cell
            # itself, at the same baseline, for a fraction of a flowable's cost (10,000 items).
            return [text for text, _ in cells]
        # Top-aligned cells centring themselves: a split row keeps its text inside (cells.py).
        return [[Centred([cell(text, style, fonts, w)])] for (text, style), w in zip(cells, inner, strict=True)]

    header = row(("序号", head), ("支出内容", head), ("金额（元）", head))
    body = (styles.grid_center, styles.items_text, styles.items_number)
    rows = [
        row(
            (str(n), body[0]),
            (item.name, body[1]),
            (yuan(item.amount).removesuffix("元"), body[2]),
            strings=True,
        )
        for n, item in enumerate(items, start=1)
    ]
    rows.append(
        row(
            ("", styles.grid_center),
            ("合计", styles.grid_center),
            (yuan(items_sum(items)).removesuffix("元"), styles.items_number),
        )
    )
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])
    # Every cell of a column has the same style: the string cells of the item rows set as their
    # TextLine would be (black, as the styles are; the header's and 合计's flowables ignore the
    # font). Made once and handed to every table, instead of style commands that ReportLab
    # applies cell by cell to each table it makes of these rows (a page's worth, twice a page).
    columns = [_cell_style(body_style, column) for column, body_style in enumerate(body)]

    def table(data: list[list[object]], heights: list[float | None] | None = None) -> Table:
        out = _ItemsTable(
            data,
            colWidths=widths,
            rowHeights=heights,
            repeatRows=1,
            splitInRow=24,
            cellStyles=[list(columns) for _ in data],
        )
        out.setStyle(style)
        return out

    sizes: list[tuple[float, list[float]]] = []

    def measured() -> tuple[float, list[float]]:
        """The header's height and every item row's, measured once: ReportLab sizes a string
        cell by its count of lines, so every row of one-line string cells is as tall as the first
        (10,000 items need not be wrapped for it); the other rows are measured in tables of
        their own, a chunk at a time."""
        if not sizes:
            heights: list[float | None] = [None] * len(rows)
            string_rows = [i for i, r in enumerate(rows) if all(isinstance(c, str) for c in r)]
            if string_rows:
                one_line = _row_heights(table([rows[string_rows[0]]]))[0]
                for i in string_rows:
                    heights[i] = one_line
            others = [i for i, h in enumerate(heights) if h is None]
            for at in range(0, len(others), CHUNK):
                chunk = others[at : at + CHUNK]
                for i, h in zip(chunk, _row_heights(table([rows[i] for i in chunk])), strict=True):
                    heights[i] = h
            sizes.append((_row_heights(table([header]))[0], [h for h in heights if h is not None]))
        return sizes[0]

    def make(start: int, stop: int, lead: Sequence[object] | None) -> Table:
        header_height, heights = measured()
        window = rows[start:stop]
        known: list[float | None] = [header_height, *heights[start:stop]]
        if lead is not None:
            window[0] = list(lead)
            known[1] = None  # the rest of a split row: ReportLab measures it
        return table([header, *window], known)

    return Windowed(len(rows), make, fixed=measured)


def _row_heights(table: Table) -> list[float]:
    """The heights ReportLab gives the rows of ``table``."""
    table.wrap(sum(table._argW), _TALL)
    return list(table._rowHeights)


def _cell_style(style: ParagraphStyle, column: int) -> CellStyle:
    """The items table's cell style of a column whose text is set in ``style``."""
    cell_style = CellStyle(f"items-{column}")
    cell_style.fontname, cell_style.fontsize, cell_style.leading = style.fontName, style.fontSize, style.leading
    cell_style.alignment = _ALIGN[style.alignment]
    cell_style.valign = "TOP"
    cell_style.leftPadding = cell_style.rightPadding = ITEMS_PAD
    return cell_style


def funding(fund: SpecialFund, width: float, styles: Styles) -> list[Flowable]:
    """专项资金投入和使用情况: the unit's words, then the figures and the itemised spending."""
    fonts = styles.fonts
    out = texts(fund.funding_text, styles)
    out.append(para(funding_summary(fund), styles.cell_text, fonts))
    if fund.items:
        out.append(_items_table(fund.items, width - 2 * PAD, styles))
    return out


def build(package: Package, fund: SpecialFund, styles: Styles, width: float) -> list[Flowable]:
    lines = [
        labelled(UNIT_LABEL, package.unit_name, styles.unit_line, styles),
        labelled("专项资金名称：", fund.name, styles.unit_line, styles),
    ]
    out = heading("表2", fund_title(package), lines, width, styles)
    content_w = width - LABEL_WIDTH
    grid = form_grid(
        [
            [label_cell("项目概况", OVERVIEW_NOTE, styles), texts(fund.overview, styles)],
            [label_cell("专项资金投入\n和使用情况", "", styles), funding(fund, content_w, styles)],
            [label_cell("项目组织\n实施情况", "", styles), texts(fund.implementation, styles)],
            [label_cell("项目绩效情况", PERFORMANCE_NOTE, styles), texts(fund.performance, styles)],
        ],
        [LABEL_WIDTH, content_w],
        styles,
    )
    end = closing(
        fund.opinion_unit,
        fund.opinion_office,
        fund.filler,
        fund.phone,
        fund.filled_on,
        column_widths(width),
        styles,
    )
    out.append(WithTail(grid, end, frame_height(PORTRAIT)))
    return out
