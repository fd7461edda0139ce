"""User text to ReportLab paragraphs, printed literally.

ReportLab reads paragraph text as markup, so every user string passes through :func:`markup`:
``<b>``, ``&`` and ``<img src=…>`` are escaped and print as typed. Runs of characters the
paragraph's face lacks are set in a face that has them. Each line of a long text becomes its own
paragraph (with the style's first-line indent), which also lets a cell taller than a page split
between lines.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Spacer

from perfcore.pdf.fonts import FontSet
from perfcore.pdf.linebreak import CJKParagraph as Paragraph

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\t": "    "})
# Leading blanks of a line are the typist's indent; the style's first-line indent replaces them.
_LEADING_BLANKS = " \t\u3000\u00a0"


def _keep_spaces(escaped: str) -> str:
    # ReportLab collapses runs of blanks; keep every space after the first of a run.
    if "  " not in escaped:
        return escaped
    out = []
    previous = ""
    for char in escaped:
        out.append("&nbsp;" if char == " " and previous == " " else char)
        previous = char
    return "".join(out)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


MARKUP_CACHE_LIMIT = 400
"""Markup of texts up to this length is kept per font set (the labels every form and fund
repeat); at most :data:`MARKUP_CACHE_SIZE` of them."""
MARKUP_CACHE_SIZE = 20_000


def markup(text: str, fonts: FontSet, font: str) -> str:
    """Paragraph markup that prints ``text`` (one line) literally in ``font``."""
    if len(text) > MARKUP_CACHE_LIMIT:
        return _markup(text, fonts, font)
    known = fonts.markups.get((text, font))
    if known is None:
        if len(fonts.markups) >= MARKUP_CACHE_SIZE:
            fonts.markups.clear()
        known = fonts.markups[(text, font)] = _markup(text, fonts, font)
    return known


def _markup(text: str, fonts: FontSet, font: str) -> str:
    parts = []
    for face, chunk in fonts.runs(text, font):
        escaped = _keep_spaces(chunk.translate(_ESCAPES))
        parts.append(escaped if face == font else f'<font face="{face}">{escaped}</font>')
    return "".join(parts)


def para(text: str, style: ParagraphStyle, fonts: FontSet) -> Paragraph:
    """One paragraph; newlines in ``text`` become line breaks."""
    return Paragraph("<br/>".join(markup(line, fonts, style.fontName) for line in _lines(text)), style)


def rich(parts: list[tuple[str, str | None]], style: ParagraphStyle, fonts: FontSet) -> Paragraph:
    """One paragraph of (text, font) parts; ``None`` means the style's font (e.g. label + value)."""
    out = []
    for text, font in parts:
        face = font or style.fontName
        body = "<br/>".join(markup(line, fonts, face) for line in _lines(text))
        out.append(body if face == style.fontName else f'<font face="{face}">{body}</font>')
    return Paragraph("".join(out), style)


def paragraphs(text: str, style: ParagraphStyle, fonts: FontSet) -> list[Flowable]:
    """A long text, one paragraph per line; blank lines keep their height."""
    out: list[Flowable] = []
    lines = _lines(text)
    indented = bool(style.firstLineIndent)
    for line in lines:
        if indented:
            line = line.lstrip(_LEADING_BLANKS)
        if not line.strip():
            out.append(Spacer(1, style.leading))
            continue
        out.append(Paragraph(markup(line, fonts, style.fontName), style))
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


CUT_MARK = "……"
"""Ends a label cut to fit (Chinese 省略号): the reader sees that the name goes on."""


def fitted(text: str, style: ParagraphStyle, fonts: FontSet, width: float, height: float) -> Paragraph:
    """``text`` as one paragraph no taller than ``height`` at ``width``: all of it if it fits,
    else as much as fits followed by :data:`CUT_MARK`.

    The cost does not grow with ``text``: only as many characters as could ever fit are tried.
    """
    lines = max(int(height // style.leading), 1)
    # The narrowest glyphs (i, l, |) are about a sixth of an em wide.
    most = lines * (int(width / (style.fontSize / 6)) + 1)
    whole = para(text, style, fonts) if len(text) <= most else None
    if whole is not None and whole.wrap(width, _TALL)[1] <= height:
        return whole

    def cut(count: int) -> Paragraph:
        return para(text[:count].rstrip() + CUT_MARK, style, fonts)

    low, high = 0, min(len(text), most)
    while low < high:  # the longest prefix whose cut fits
        middle = (low + high + 1) // 2
        if cut(middle).wrap(width, _TALL)[1] <= height:
            low = middle
        else:
            high = middle - 1
    return cut(low)


_TALL = 1e7


class TextLine(Flowable):  # type: ignore[misc]
    """One line of text in one style, drawn as a Paragraph of it would draw it, without parsing
    markup or breaking lines: a long table of short cells (10,000 expense items) costs a
    fraction of as many paragraphs. Made by :func:`cell`, only for text that fits its width."""

    def __init__(self, text: str, style: ParagraphStyle, fonts: FontSet) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        runs = list(fonts.runs(text, style.fontName))
        self.text_width = float(sum(pdfmetrics.stringWidth(chunk, face, style.fontSize) for face, chunk in runs))
        self.plain = all(face == style.fontName for face, _ in runs) and "".join(c for _, c in runs) == text
        """Every character in the style's own face, none marked missing: the text may be drawn as
        a plain string of a table cell in that face (see perfcore.pdf.table2)."""

    def drawing_key(self) -> tuple[object, ...]:
        """What this line draws besides its width (see perfcore.pdf.cells)."""
        return (TextLine, self.style, self.fonts, self.text)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        style = self.style
        free = self.width - self.text_width
        x = {TA_CENTER: free / 2, TA_RIGHT: free}.get(style.alignment, 0.0)
        y = self.height - style.fontSize  # Paragraph's first baseline (paraFontSizeHeightOffset)
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        for face, chunk in self.fonts.runs(self.text, style.fontName):
            canvas.setFont(face, style.fontSize)
            canvas.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, face, style.fontSize)


def cell(text: str, style: ParagraphStyle, fonts: FontSet, width: float) -> Flowable:
    """``text`` for a table cell ``width`` wide: a :class:`TextLine` when it is one line that
    fits (no indent), else a paragraph."""
    if _one_line(text, style):
        line = TextLine(text, style, fonts)
        if line.text_width <= width - style.rightIndent:
            return line
    return para(text, style, fonts)


def plain_line(text: str, style: ParagraphStyle, fonts: FontSet, width: float) -> bool:
    """Whether :func:`cell` sets ``text`` as a plain :class:`TextLine` (one line that fits, every
    character in the style's own face), which a table may draw as a string cell (see
    perfcore.pdf.table2); decided without making the line, for 10,000 items' 30,000 cells."""
    if not _one_line(text, style):
        return False
    if fonts.covers_all(style.fontName, text):
        return bool(pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - style.rightIndent)
    line = TextLine(text, style, fonts)  # control characters, other faces, missing glyphs
    return line.plain and line.text_width <= width - style.rightIndent


def _one_line(text: str, style: ParagraphStyle) -> bool:
    return "\n" not in text and "\r" not in text and not style.firstLineIndent and not style.leftIndent
