"""Chinese line breaking for ReportLab paragraphs.

ReportLab's own CJK wrapping (5.1) starts lines with a full-width comma (``，`` is missing from
its list of characters that cannot start a line) and lets a line run past the margin when it
backs out of a figure such as ``83.62``. :class:`CJKParagraph` breaks lines itself:

* between any two Chinese characters;
* never inside a run of Latin letters and digits (``85.80``, ``2019``) unless the run alone
  is wider than the line;
* never before closing punctuation (``，。、；：）》”…``) nor after opening punctuation
  (``（《“``): the character before a comma moves down with it, as Chinese typesetting does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine

CANNOT_START = frozenset("，。、；：？！）》」』】〕］｝〉”’…—～·％‰℃°′″!),.:;?]}%\uff0e\u30fb\u2013\u2015")
CANNOT_END = frozenset("（《「『【〔［｛〈“‘([{￥$#@§")
_FUZZ = 1e-6


def _is_word_char(char: str) -> bool:
    """Latin letters, digits and their punctuation: glued to their neighbours of the same kind."""
    code = ord(char)
    return code < 0x2E80 and not char.isspace() and code not in (0x2014, 0x2026, 0x00B7)


def _breakable(before: str, after: str) -> bool:
    if not before or not after:
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if after == " ":
        return False  # break after the blank, not before it
    if before == " ":
        return True
    return not (_is_word_char(before) and _is_word_char(after))


def break_lines(
    chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float], hard: Sequence[bool]
) -> list[tuple[int, int]]:
    """Line spans ``(start, end)`` over ``chars`` (one entry per unit, possibly ``''``).

    ``hard[i]`` marks a forced break after unit ``i`` (``<br/>``). A line's trailing blanks do
    not count against its width; a group wider than a line is broken where it must be.
    """
    lines: list[tuple[int, int]] = []
    n = len(chars)
    start = 0

    def limit() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    while start < n:
        used = 0.0
        end = start
        last_break = -1  # index after which the line may end
        i = start
        forced = False
        while i < n:
            w = widths[i]
            if used + w > limit() + _FUZZ and i > start and chars[i] != " ":
                break
            used += w
            i += 1
            if hard[i - 1]:
                forced = True
                break
            if i < n and _breakable(chars[i - 1], chars[i]):
                last_break = i
        if forced or i >= n:
            end = i
        elif last_break > start:
            end = last_break
        else:
            end = max(i, start + 1)  # an unbreakable run wider than the line
        lines.append((start, end))
        start = end
        # A wrapped line does not begin with the blanks it wrapped at.
        if not forced:
            while start < n and chars[start] == " " and not hard[start]:
                start += 1
    return lines


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph broken into lines by :func:`break_lines` (style ``wordWrap="CJK"``)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802,N803 - ReportLab's names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        self.height = 0
        units: list[Any] = []
        for frag in self.frags:
            text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
            if text:
                units.extend(cjkU(ch, frag, "utf8") for ch in text)
            else:
                units.append(cjkU("", frag, "utf8"))
        if not units:
            return ParaLines(kind=1, lines=[])
        chars = [str(u) for u in units]
        widths = [u.width for u in units]
        hard = [hasattr(u.frag, "lineBreak") for u in units]
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        out = []
        for number, (start, end) in enumerate(break_lines(chars, widths, maxWidths, hard)):
            max_width = maxWidths[min(number, len(maxWidths) - 1)]
            content_end = end
            while content_end > start and chars[content_end - 1] == " ":
                content_end -= 1
            used = sum(widths[start:content_end])
            line_break = hard[end - 1]
            out.append(
                makeCJKParaLine(
                    units[start:content_end] or units[start:end],
                    max_width,
                    used,
                    max_width - used,
                    line_break,
                    calc_bounds,
                )
            )
        return ParaLines(kind=1, lines=out)
