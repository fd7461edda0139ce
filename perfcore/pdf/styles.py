"""Page geometry after GB/T 9704 and the paragraph styles of the forms.

Portrait: top 37 mm, bottom 35 mm, binding side 28 mm, outer side 26 mm, which leaves the
standard 156 mm × 225 mm type area; the binding side alternates (left on odd pages, right on
even ones) so that double-sided copies bind alike. Landscape (表3) turns the same type area
on its side: the table's head faces the binding edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from perfcore.pdf.fonts import FontSet

PORTRAIT = A4
LANDSCAPE = landscape(A4)


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    binding: float
    outer: float

    def left(self, page: int) -> float:
        """Odd pages bind on the left, even pages on the right."""
        return self.binding if page % 2 == 1 else self.outer


PORTRAIT_MARGINS = Margins(top=37 * mm, bottom=35 * mm, binding=28 * mm, outer=26 * mm)
# The landscape page keeps the 156 × 225 mm type area: head (binding) 28 mm, foot 26 mm + room
# for the page number, sides 37/35 mm like the portrait page's head and foot.
LANDSCAPE_MARGINS = Margins(top=28 * mm, bottom=30 * mm, binding=37 * mm, outer=35 * mm)

PAGE_NUMBER_GAP = 7 * mm
"""GB/T 9704: the page number's rule sits 7 mm below the type area."""
PAGE_NUMBER_SIZE = 14.0
"""四号 (14 pt) for the page number."""
FOOT_SIZE = 7.0
SEAL = 46 * mm
"""Side of the free square left for a seal (official seals are at most 42–45 mm across)."""


def frame_width(pagesize: tuple[float, float]) -> float:
    margins = margins_for(pagesize)
    return pagesize[0] - margins.binding - margins.outer


def frame_height(pagesize: tuple[float, float]) -> float:
    margins = margins_for(pagesize)
    return pagesize[1] - margins.top - margins.bottom


def margins_for(pagesize: tuple[float, float]) -> Margins:
    return LANDSCAPE_MARGINS if pagesize[0] > pagesize[1] else PORTRAIT_MARGINS


@dataclass(frozen=True)
class Styles:
    """Every paragraph style of the forms, bound to the resolved fonts."""

    fonts: FontSet
    form_label: ParagraphStyle
    title: ParagraphStyle
    unit_line: ParagraphStyle
    cell_label: ParagraphStyle
    cell_label_note: ParagraphStyle
    cell_text: ParagraphStyle
    """Long text in a form cell: justified, two-character first-line indent."""
    cell_plain: ParagraphStyle
    """Short values (names, figures) in a form cell: no indent."""
    cell_heading: ParagraphStyle
    """（一）基本支出 and the like: 楷体 with the indent, after GB/T 9704's second-level headings."""
    signature: ParagraphStyle
    grid_head: ParagraphStyle
    grid_text: ParagraphStyle
    grid_center: ParagraphStyle
    grid_number: ParagraphStyle
    items_text: ParagraphStyle
    items_number: ParagraphStyle


def _style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)


def make_styles(fonts: FontSet) -> Styles:
    body, hei, kai = fonts.name("fang"), fonts.name("hei"), fonts.name("kai")
    cell = 12.0  # 小四
    grid = 10.0  # 表3 in landscape: nine columns need the smaller size
    return Styles(
        fonts=fonts,
        form_label=_style("form_label", hei, 14, 18, alignment=TA_LEFT),
        title=_style("title", hei, 20, 28, alignment=TA_CENTER, spaceBefore=4, spaceAfter=10),
        unit_line=_style("unit_line", body, 14, 22, alignment=TA_LEFT),
        cell_label=_style("cell_label", hei, cell, 18, alignment=TA_CENTER),
        cell_label_note=_style("cell_label_note", body, 9, 13, alignment=TA_CENTER, spaceBefore=3),
        cell_text=_style("cell_text", body, cell, 20, alignment=TA_JUSTIFY, firstLineIndent=2 * cell),
        cell_plain=_style("cell_plain", body, cell, 20, alignment=TA_LEFT),
        cell_heading=_style("cell_heading", kai, cell, 20, alignment=TA_LEFT, firstLineIndent=2 * cell),
        signature=_style("signature", body, 14, 26, alignment=TA_LEFT),
        grid_head=_style("grid_head", hei, grid, 13, alignment=TA_CENTER),
        grid_text=_style("grid_text", body, grid, 14, alignment=TA_JUSTIFY),
        grid_center=_style("grid_center", body, grid, 14, alignment=TA_CENTER),
        grid_number=_style("grid_number", body, grid, 14, alignment=TA_CENTER),
        items_text=_style("items_text", body, 10.5, 15, alignment=TA_LEFT),
        items_number=_style("items_number", body, 10.5, 15, alignment=TA_RIGHT),
    )
