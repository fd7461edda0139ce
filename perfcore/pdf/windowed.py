"""A long table laid out a page at a time, in time linear in its rows.

ReportLab splits a table by building the rest as a new table and measuring every one of its rows
again, on every page: a table of n rows over n/30 pages costs n²/30 row measurements (10,000
expense items took 19 s). :class:`Windowed` holds the rows and builds a real table only for the
rows of one page: every row is measured once per width (in chunks), a page's split finds its
rows by bisection over the running heights, and only that page's rows (plus the one that may
continue on the next page) are handed to ReportLab, whose own split then decides, as before,
where the page ends — inside a row if the table allows it, never inside a ``NOSPLIT`` range.
A maker that knows its rows' heights (fixed column widths, rows of one line) passes them as
``fixed`` and hands them to its tables, so that no row is measured at all.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable, Table

Make = Callable[[int, int, Sequence[object] | None], Table]
"""``make(start, stop, lead)``: a table of the header row and data rows ``start`` to ``stop``,
with row ``start``'s cells replaced by ``lead`` (the rest of a row split at the foot of a page)."""

CHUNK = 64
"""Rows measured per table when the heights are first needed."""
_TALL = 1e7


class Windowed(Flowable):  # type: ignore[misc]
    """``count`` data rows under one header row, made into tables a page at a time by ``make``."""

    def __init__(
        self,
        count: int,
        make: Make,
        start: int = 0,
        lead: Sequence[object] | None = None,
        heights: dict[float, tuple[float, list[float]]] | None = None,
        fixed: Callable[[], tuple[float, list[float]]] | None = None,
    ) -> None:
        super().__init__()
        self.count = count
        self.make = make
        self.start = start
        self.lead = lead
        self._heights = heights if heights is not None else {}
        """Per width: the header's height and the running sum of the data rows' heights."""
        self._fixed = fixed
        """For a table of fixed column widths whose rows' heights the maker knows (the same at
        every width): the header's height and the data rows' heights, asked once."""
        self._lead_height: dict[float, float] = {}
        self._leftover: float | None = None
        """For a rest made by :meth:`split`: the height that was left on the first part's page."""

    def _measure(self, width: float) -> tuple[float, list[float]]:
        if width not in self._heights and self._fixed is not None:
            known = next(iter(self._heights.values()), None)
            if known is None:
                header, heights = self._fixed()
                known = (header, [0.0, *accumulate(heights)])
            self._heights[width] = known
        if width not in self._heights:
            header, rows = 0.0, []
            for i in range(0, self.count, CHUNK):
                table = self.make(i, min(i + CHUNK, self.count), None)
                table.wrap(width, _TALL)
                header = table._rowHeights[0]
                rows += table._rowHeights[1:]
            if not self.count:
                table = self.make(0, 0, None)
                table.wrap(width, _TALL)
                header = table._rowHeights[0]
            self._heights[width] = (header, [0.0, *accumulate(rows)])
        return self._heights[width]

    def _row_offset(self, width: float) -> float:
        """How much taller row ``start`` is as ``lead`` than whole (negative: shorter)."""
        if self.lead is None or self.start >= self.count:
            return 0.0
        if width not in self._lead_height:
            table = self.make(self.start, self.start + 1, self.lead)
            table.wrap(width, _TALL)
            _, prefix = self._measure(width)
            self._lead_height[width] = table._rowHeights[1] - (prefix[self.start + 1] - prefix[self.start])
        return self._lead_height[width]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        header, prefix = self._measure(avail_width)
        self.width = avail_width
        self.height = header + prefix[self.count] - prefix[self.start] + self._row_offset(avail_width)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._leftover is not None and avail_height <= self._leftover + 1:
            return []  # still the page of the first part: the rest begins the next page
        header, prefix = self._measure(avail_width)
        # The rows that fit whole, found by bisection, and the next one, which may split.
        room = avail_height - header - self._row_offset(avail_width)
        fit = bisect_right(prefix, prefix[self.start] + room) - 1 - self.start
        stop = min(self.start + max(fit, 0) + 1, self.count)
        table = self.make(self.start, stop, self.lead)
        parts: list[Any] = table.split(avail_width, avail_height)
        if not parts and fit <= 0 and table.splitInRow:
            # The first row does not fit, and ReportLab refuses to split it because less than
            # ``splitInRow`` of it would go to the next page (a row just taller than the room):
            # end this page that much higher. Refusing here would leave a row nearly a page
            # tall with nowhere to go, even at the top of a fresh page (LayoutError).
            parts = table.split(avail_width, avail_height - table.splitInRow)
        if not parts:
            return []
        if len(parts) == 1:
            parts.append(None)
        first, second = parts
        taken = len(first._cellvalues) - 1
        left = len(second._cellvalues) - 1 if second is not None else 0
        if taken + left == stop - self.start + 1:
            # A row was split: its lower part leads the rest.
            start, lead = self.start + taken - 1, second._cellvalues[1]
        else:
            start, lead = self.start + taken, None
        if start >= self.count:
            return [first]
        rest = Windowed(self.count, self.make, start, lead, self._heights, self._fixed)
        rest._leftover = avail_height - first.wrap(avail_width, avail_height)[1]
        return [first, rest]

    def draw(self) -> None:
        table = self.make(self.start, self.count, self.lead)
        table.wrap(self.width, _TALL)
        table.drawOn(self.canv, 0, 0)
