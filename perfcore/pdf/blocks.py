"""Pieces every form shares: heading with the seal area, the form grid, 审核意见 and signatures."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from perfcore.form_text import format_date
from perfcore.pdf.cells import Centred, FormTable, Repeating
from perfcore.pdf.styles import SEAL, Styles
from perfcore.pdf.text import para, paragraphs, rich

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
    label_p = para(label, styles.form_label, fonts)
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
    hanging = ParagraphStyle(
        f"{style.name}-hanging", parent=style, leftIndent=indent, firstLineIndent=-indent
    )
    return rich([(label, hei), (value, None)], hanging, styles.fonts)


def seal_beside(content: list[Flowable], width: float, styles: Styles) -> Table:
    """``content`` on the left, a blank square of at least 45 mm for the seal on the right."""
    table = FormTable(
        [[[Centred(content)], ""]],
        colWidths=[width - SEAL, SEAL],
        minRowHeights=[SEAL],
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
    """A row label printed on both pages if its row is split; the note in small type under it."""
    content: list[Flowable] = [para(label, styles.cell_label, styles.fonts)]
    if note:
        content.append(para(note, styles.cell_label_note, styles.fonts))
    return [Repeating(content)]


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
    rows: list[list[object]], widths: list[float], styles: Styles, extra: Sequence[tuple[object, ...]] = ()
) -> Table:
    """The bordered label | content grid of 表1 and 表2.

    Like a paper form typed in a word processor, a row that does not fit breaks inside itself
    (``splitByRow=0``) rather than leaving the rest of the page blank; any cell, however tall,
    continues on the next page.
    """
    table = FormTable(rows, colWidths=widths, splitByRow=0, splitInRow=MIN_SPLIT)
    table.setStyle(grid_style(styles, extra))
    table.page_rule = RULE
    return table


def closing(
    opinion_unit: str,
    opinion_office: str,
    filler: str,
    phone: str,
    filled_on: str,
    widths: list[float],
    styles: Styles,
) -> Flowable:
    """审核意见 rows and the signature block beside its seal square, kept together so that the
    signatures never open a page without the form above them."""
    fonts = styles.fonts

    def opinion(label: str, text: str) -> list[Flowable]:
        head: list[Flowable] = [rich([(f"{label}：", fonts.name("hei"))], styles.cell_plain, fonts)]
        return head + paragraphs(text, styles.cell_text, fonts)

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
    width = sum(widths)
    blank = "　" * 6
    lines: list[Flowable] = [
        rich([("填报人：", None), (filler or blank, None)], styles.signature, fonts),
        rich([("联系电话：", None), (phone or blank, None)], styles.signature, fonts),
        rich([("填报日期：", None), (format_date(filled_on), None)], styles.signature, fonts),
    ]
    signature = seal_beside(lines, width, styles)
    return KeepTogether([opinions, signature])


def texts(text: str, styles: Styles) -> list[Flowable]:
    """A long user text in a content cell (indented paragraphs); nothing if it is blank."""
    return paragraphs(text, styles.cell_text, styles.fonts) if text.strip() else []
