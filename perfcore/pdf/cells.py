"""Form tables that split across pages the way a paper form continues.

Two things a plain ReportLab ``Table`` does not do:

* a row label (``整体绩效目标完成情况``) whose row is split over two pages prints on both parts;
* a group (一级/二级指标) drawn as one merged cell over its rows is, on a new page, drawn again
  over the rows it still covers there, so its name and 分值 appear at the top of the page.

ReportLab's own row spans cannot do the second (a split span keeps its content on the first
page), so groups are not spans: each row of a group holds a :class:`GroupMark` for it, the lines
between those rows are left out, and :meth:`FormTable.draw` paints each run of equal marks as
one cell, per page fragment. Marks and :class:`Repeating` labels survive a split inside a row
because :meth:`FormTable._splitCell` gives them to both halves.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table


class Repeating(Flowable):  # type: ignore[misc]
    """Cell content printed on every part of a row split across pages."""

    def __init__(self, content: Sequence[Flowable]) -> None:
        super().__init__()
        self.content = list(content)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = content_height(self.content, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        self.draw_content(self.canv, 0, self.height, self.width)

    def draw_content(self, canvas: Any, x: float, top: float, width: float) -> None:
        y = top
        for flowable in self.content:
            _, h = flowable.wrap(width, _UNLIMITED)
            y -= flowable.getSpaceBefore() + h
            flowable.drawOn(canvas, x, y)


_UNLIMITED = 1e7


def content_height(content: Sequence[Flowable], width: float) -> float:
    return float(sum(f.wrap(width, _UNLIMITED)[1] + f.getSpaceBefore() for f in content))


class GroupMark(Repeating):
    """One row's share of a merged group cell; the table draws the group once per run of rows."""

    def __init__(self, key: Hashable, content: Sequence[Flowable]) -> None:
        super().__init__(content)
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Every row is at least as tall as the label, so a run of one row on a new page holds it.
        return 0, super().wrap(avail_width, avail_height)[1]

    def draw(self) -> None:
        pass


def _only(value: Any, kind: type[Repeating]) -> Repeating | None:
    if isinstance(value, (tuple, list)) and len(value) == 1 and isinstance(value[0], kind):
        return value[0]
    return None


class FormTable(Table):  # type: ignore[misc]
    """A ``Table`` whose repeating labels and group marks survive page breaks (see module doc)."""

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:  # noqa: N802,N803
        label = _only(value, Repeating)
        if label is None:
            return super()._splitCell(value, style, oldHeight, newHeight, width)
        if isinstance(label, GroupMark):
            return (value, value)
        # The upper part may be short (the foot of a page): give it what fits of the label, the
        # lower part all of it.
        room = newHeight - style.topPadding - style.bottomPadding
        inner = width - style.leftPadding - style.rightPadding
        for upper in (label.content, label.content[:1]):
            if content_height(upper, inner) <= room:
                return ((Repeating(upper),), value)
        return ((), value)

    def draw(self) -> None:
        super().draw()
        self._draw_groups()

    def _draw_groups(self) -> None:
        rows = self._cellvalues
        for col in range(self._ncols):
            start = 0
            while start < len(rows):
                mark = _only(rows[start][col], GroupMark)
                if not isinstance(mark, GroupMark):
                    start += 1
                    continue
                end = start
                while end + 1 < len(rows):
                    following = _only(rows[end + 1][col], GroupMark)
                    if not isinstance(following, GroupMark) or following.key != mark.key:
                        break
                    end += 1
                self._draw_group(mark, col, start, end)
                start = end + 1

    def _draw_group(self, mark: GroupMark, col: int, first: int, last: int) -> None:
        style = self._cellStyles[first][col]
        x = self._colpositions[col] + style.leftPadding
        width = self._colWidths[col] - style.leftPadding - style.rightPadding
        top, bottom = self._rowpositions[first], self._rowpositions[last + 1]
        height = content_height(mark.content, width)
        mark.draw_content(self.canv, x, (top + bottom + height) / 2, width)
