"""A long text in a form's cell, one paragraph per line, in time linear in its lines.

ReportLab keeps a cell's content as a list of flowables and, on every page the cell continues
on, measures the whole rest of the list again and walks all of it to split it: a text of n lines
over n/40 pages costs n²/40 measurements (8,000 lines of 整体绩效目标完成情况 took 11 s, 16,000
four times that). :class:`Stack` is the list as one flowable: each line is measured once per
width, the running heights find a page's share by bisection, and the parts after a split share
the lines instead of copying them. It sizes, splits and places its lines as ReportLab does a
list in a top-aligned cell whose flowables have no space before or after (the forms' texts).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable

from perfcore.pdf.placing import placed

MANY = 40
"""Lines from which a text is stacked: fewer fit on one page, where ReportLab's list costs no more."""

_TALL = 1e7


def stacked(lines: list[Flowable]) -> list[Flowable]:
    """``lines`` as a cell's content: a :class:`Stack` when they are many and have no spaces
    before or after (what the stack lays out as ReportLab would), else the list itself."""
    if len(lines) < MANY or any(v.getSpaceBefore() or v.getSpaceAfter() for v in lines):
        return lines
    return [Stack(lines)]


class Stack(Flowable):  # type: ignore[misc]
    """``head``, ``lines[start:stop]`` (shared with the text's other parts) and ``tail``, one
    under another. ``head`` is the rest of a line split at the foot of the previous page,
    ``tail`` the upper part of one split at the foot of this page."""

    def __init__(
        self,
        lines: Sequence[Flowable],
        start: int = 0,
        stop: int | None = None,
        head: Flowable | None = None,
        tail: Flowable | None = None,
        sizes: dict[float, list[float]] | None = None,
    ) -> None:
        super().__init__()
        self.lines = lines
        self.start = start
        self.stop = len(lines) if stop is None else stop
        self.head = head
        self.tail = tail
        self._sizes = sizes if sizes is not None else {}
        """Per width: the running sum of the lines' heights (shared by the parts)."""

    def _running(self, width: float) -> list[float]:
        running = self._sizes.get(width)
        if running is None:
            running = self._sizes[width] = [0.0, *accumulate(v.wrap(width, _TALL)[1] for v in self.lines)]
        return running

    def _items(self) -> list[Flowable]:
        items = list(self.lines[self.start : self.stop])
        if self.head is not None:
            items.insert(0, self.head)
        if self.tail is not None:
            items.append(self.tail)
        return items

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        running = self._running(avail_width)
        height = running[self.stop] - running[self.start]
        for part in (self.head, self.tail):
            if part is not None:
                height += part.wrap(avail_width, _TALL)[1]
        self.width, self.height = avail_width, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """As ReportLab splits a cell's list: the lines that fit whole, then the line at the foot
        split if it can be (its rest leads the next part), else moved whole to the next part."""
        # ReportLab splits a cell's content at the column's width; the lines are set at the
        # width the table wrapped them to, within the padding (as Centred does).
        width, room = self.width or avail_width, avail_height
        if self.head is not None:
            h = self.head.wrap(width, _TALL)[1]
            if h > room:
                parts = self.head.split(width, room)
                if len(parts) != 2:
                    return []
                return [
                    Stack(self.lines, self.start, self.start, parts[0], None, self._sizes),
                    Stack(self.lines, self.start, self.stop, parts[1], self.tail, self._sizes),
                ]
            room -= h
        running = self._running(width)
        # Lines start … fit-1 fit whole (bisection over the running heights).
        fit = min(bisect_right(running, running[self.start] + room, self.start, self.stop + 1) - 1, self.stop)
        if fit >= self.stop:
            return [self] if self.tail is None else []
        line = self.lines[fit]
        parts = line.split(width, room - (running[fit] - running[self.start]))
        if len(parts) == 2:
            return [
                Stack(self.lines, self.start, fit, self.head, parts[0], self._sizes),
                Stack(self.lines, fit + 1, self.stop, parts[1], self.tail, self._sizes),
            ]
        if fit == self.start and self.head is None:
            return []  # not even the first line: the cell cannot be split here (ReportLab's answer)
        return [
            Stack(self.lines, self.start, fit, self.head, None, self._sizes),
            Stack(self.lines, fit, self.stop, None, self.tail, self._sizes),
        ]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        # ReportLab's drawing of a list in a top-aligned cell, from the top of the box; the
        # lines place themselves (perfcore.pdf.placing).
        with placed(canvas, x, y):
            top = self.height
            for v in self._items():
                _, h = v.wrap(self.width, _TALL)
                top -= h
                v.drawOn(canvas, 0, top)
