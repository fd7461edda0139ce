"""The document: A4 page templates, page numbers and the foot line of every page.

Page numbers follow GB/T 9704: ``— 1 —`` in 四号, 7 mm below the type area, on odd pages at the
right and on even pages at the left, one character in from the edge. Under it, small, the foot
line carries the package's fingerprint and ``第 x 页 共 y 页`` of the whole print; the total is
known only at the end, so the canvas keeps every page until it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from perfcore.pdf.fonts import FontSet
from perfcore.pdf.styles import (
    FOOT_SIZE,
    LANDSCAPE,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PORTRAIT,
    frame_height,
    frame_width,
    margins_for,
)
from perfcore.pdf.subsets import subset_codes

PORTRAIT_TEMPLATE = "portrait"
LANDSCAPE_TEMPLATE = "landscape"


@dataclass(frozen=True)
class Foot:
    """What the foot of each page says besides the page numbers."""

    fonts: FontSet
    caption: str
    """e.g. ``2019年度绩效自评 · 校验码 1A2B-3C4D-5E6F``."""


def _draw_text(canvas: Canvas, fonts: FontSet, font: str, size: float, x: float, y: float, text: str) -> None:
    for face, chunk in fonts.runs(text, font):
        string_at(canvas, face, size, x, y, chunk)
        x += stringWidth(chunk, face, size)


def string_at(canvas: Canvas, face: str, size: float, x: float, y: float, text: str) -> None:
    """What ``setFont(face, size)`` and ``drawString(x, y, text)`` write, for a TrueType face,
    without their Python state: every page's foot (2,000 pages, four strings each) cost a tenth
    of printing 1,000 funds through ReportLab's text object. The foot changes nothing else of the
    canvas' state, so no font is left set. Another kind of face goes through ReportLab."""
    font = pdfmetrics.getFont(face)
    if not getattr(font, "_dynamicFont", False) or not canvas.bottomup:
        canvas.setFont(face, size)
        canvas.drawString(x, y, text)
        return
    # textobject.py: beginText's origin, textLine's _formatText for a TrueType font, getCode.
    doc = canvas._doc
    font_and_leading = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"  # setFont's default leading
    shown: list[str] = []
    current = -1
    for subset, chunk in subset_codes(font, doc).split(text):
        if subset != current:
            shown.append(f"{font.getSubsetInternalName(subset, doc)} {font_and_leading}")
            current = subset
        shown.append(f"({canvas._escape(chunk)}) Tj")
    canvas._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {' '.join(shown)} T* ET")


def draw_foot(canvas: Canvas, foot: Foot, page: int, total: int) -> None:
    width, _height = canvas._pagesize
    pagesize = (width, _height)
    margins = margins_for(pagesize)
    left = margins.left(page)
    right = left + frame_width(pagesize)
    font = foot.fonts.name("song")
    # saveState and setFillGray(0), restoreState below: the bytes they write; the strings leave
    # the canvas' Python state as it was (see string_at).
    code = canvas._code
    code.append("q")
    code.append("0 g")

    number = f"— {page} —"
    number_w = foot.fonts.width(number, font, PAGE_NUMBER_SIZE)
    baseline = margins.bottom - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * 0.8
    indent = PAGE_NUMBER_SIZE  # 空一字
    x = right - indent - number_w if page % 2 == 1 else left + indent
    _draw_text(canvas, foot.fonts, font, PAGE_NUMBER_SIZE, x, baseline, number)

    line = f"{foot.caption}　第 {page} 页 共 {total} 页"
    line_w = foot.fonts.width(line, font, FOOT_SIZE)
    _draw_text(canvas, foot.fonts, font, FOOT_SIZE, (left + right - line_w) / 2, baseline - 8 * mm, line)
    code.append("Q")


def canvas_class(foot: Foot) -> type[Canvas]:
    """A canvas that draws every page's foot once the number of pages is known."""

    class FootedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept_pages)
            for state in self._kept_pages:
                self.__dict__.update(state)
                draw_foot(self, foot, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return FootedCanvas


class FormsDoc(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait and landscape templates with the binding side alternating by page."""

    def __init__(
        self, target: str | IO[bytes], font: str, first: str = PORTRAIT_TEMPLATE, **meta: Any
    ) -> None:
        super().__init__(
            target,
            # The canvas' initial font would otherwise be Helvetica, listed though never embedded.
            initialFontName=font,
            pagesize=PORTRAIT,
            leftMargin=0,
            rightMargin=0,
            topMargin=0,
            bottomMargin=0,
            invariant=1,
            **meta,
        )
        templates = [
            self._template(PORTRAIT_TEMPLATE, PORTRAIT),
            self._template(LANDSCAPE_TEMPLATE, LANDSCAPE),
        ]
        templates.sort(key=lambda t: t.id != first)
        self.addPageTemplates(templates)

    @staticmethod
    def _template(name: str, pagesize: tuple[float, float]) -> PageTemplate:
        margins = margins_for(pagesize)
        frame = Frame(
            margins.binding,
            margins.bottom,
            frame_width(pagesize),
            frame_height(pagesize),
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"{name}-body",
        )

        def place(canvas: Canvas, doc: BaseDocTemplate) -> None:
            # Called before the frame is reset for the new page: move it to this page's binding side.
            frame.x1 = margins.left(doc.page)

        return PageTemplate(id=name, frames=[frame], pagesize=pagesize, onPage=place)
