"""Form tables that split across pages the way a paper form continues.

What a plain ReportLab ``Table`` does not do, and :class:`FormTable` does:

* a row label (``整体绩效目标完成情况``) whose row is split over two pages prints on both parts,
  and so does an indicator's name and 分值 (:class:`Repeating`);
* a group (一级/二级指标) drawn as one merged cell over its rows is, on a new page, drawn again
  over the rows it still covers there, so its name and 分值 appear at the top of the page;
* the rest of a table split at the foot of a page starts on the next page, instead of being
  split again into the sliver left below the first part (which prints a stray header row);
* vertically centred cells stay inside their row when the row is split: ReportLab's own
  ``VALIGN MIDDLE`` pads a part by half of the *whole* row's height, which pushes text out of
  short parts. Cells are top-aligned and :class:`Centred` content centres itself in the box the
  table gives it.

What is printed again on a later page is bounded: a label printed once more on every part of a
row, or at the top of every page a group continues on, that were as tall as a page would need
a page of its own on every page, for ever. Each repeated label has a ``repeat`` copy no taller
than :data:`REPEAT_LIMIT` (the builders cut long names with a visible ``……``, see
:func:`perfcore.pdf.text.fitted`); the label itself prints in full the first time, continuing
over as many pages as it needs. Whatever a builder passes, a repeat taller than the limit is
not repeated (the table checks), so every page of a row makes progress.

ReportLab's own row spans cannot do the second (a split span keeps its content on the first
page), so groups are not spans: each row of a group holds a :class:`GroupMark` for it, the lines
between those rows are left out, and :meth:`FormTable.draw` paints each run of equal marks as
one cell, per page fragment.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table
from reportlab.platypus.tables import _SPECIALROWS, LINECOMMANDS, CellStyle, TableStyle

from perfcore.pdf.placing import placed

REPEAT_LIMIT = 38 * mm
"""Tallest label printed again on a later page: a quarter of the landscape type area (152 mm),
so that a row or a group's run on a fresh page always has room for more than its labels."""

MOST_BLANK = 40 * mm
"""A table that splits between rows may leave at most this much of a page blank above the
foot; below a longer gap the next row begins on this page and continues on the next."""

_UNSIZED = frozenset(LINECOMMANDS) | {"BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS"}
"""Style commands that change nothing of a table's row and column sizes."""
_UNLIMITED = 1e7
# ReportLab sizes cells with this much height available and draws them with the row's height.
_SIZING = 50000.0


def content_height(content: Sequence[Flowable], width: float) -> float:
    return float(sum(f.wrap(width, _UNLIMITED)[1] + f.getSpaceBefore() for f in content))


class Centred(Flowable):  # type: ignore[misc]
    """Cell content centred vertically in its (part of a) row; splits between its lines."""

    def __init__(self, content: Sequence[Flowable]) -> None:
        super().__init__()
        self.content = list(content)
        self._box = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The table wraps cells once to size rows and again, with the row's height, to draw.
        self._box = avail_height if avail_height < _SIZING else 0.0
        self.width = avail_width
        self.height = content_height(self.content, avail_width)
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        # The box changes nothing of the canvas' state but through its content, which places
        # itself: ReportLab's save of the whole state is not needed (perfcore.pdf.placing).
        if _sW or getattr(self, "_showBoundary", None):
            super().drawOn(canvas, x, y, _sW)
            return
        with placed(canvas, x, y):
            self.canv = canvas
            try:
                self.draw()
            finally:
                del self.canv

    _key: tuple[Hashable | None] | None = None

    def drawing_key(self) -> Hashable | None:
        """What this box's drawing depends on besides its size (None: not known); its content
        is fixed when it is made."""
        if self._key is None:
            content = _content_key(self.content)
            self._key = (None if content is None else (type(self), content),)
        return self._key[0]

    def draw(self) -> None:
        drop = max(self._box - self.height, 0.0) / 2
        self.draw_content(self.canv, 0, self.height - drop, self.width)

    def draw_content(self, canvas: Any, x: float, top: float, width: float) -> None:
        y = top
        for flowable in self.content:
            _, h = flowable.wrap(width, _UNLIMITED)
            y -= flowable.getSpaceBefore() + h
            flowable.drawOn(canvas, x, y)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        width = self.width or avail_width
        first: list[Flowable] = []
        used = 0.0
        for i, flowable in enumerate(self.content):
            h = flowable.wrap(width, _UNLIMITED)[1] + flowable.getSpaceBefore()
            if used + h <= avail_height:
                first.append(flowable)
                used += h
                continue
            parts = flowable.split(width, avail_height - used - flowable.getSpaceBefore())
            if parts:
                first.append(parts[0])
                rest = [*parts[1:], *self.content[i + 1 :]]
            else:
                rest = self.content[i:]
            if not first:
                return []
            return [Centred(first), Centred(rest)]
        return [self]


class Repeating(Centred):
    """Centred cell content printed on every part of a row split across pages.

    ``content`` prints in full on the first part (over several parts if it must); later parts
    print ``repeat``, a copy no taller than :data:`REPEAT_LIMIT` (default: ``content`` itself,
    for the forms' own short labels).
    """

    def __init__(self, content: Sequence[Flowable], repeat: Sequence[Flowable] | None = None) -> None:
        super().__init__(content)
        self.repeat = list(repeat) if repeat is not None else self.content


class GroupMark(Repeating):
    """One row's share of a merged group cell; the table draws the group once per run of rows."""

    def __init__(
        self, key: Hashable, content: Sequence[Flowable], repeat: Sequence[Flowable] | None = None
    ) -> None:
        super().__init__(content, repeat)
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Every row is at least as tall as the label's repeat, so a run of one row on a new page
        # holds it; a run with room for the whole label shows the whole label.
        self.width = avail_width
        self.height = bounded_height(self.repeat, avail_width)
        return 0, self.height

    def drawing_key(self) -> Hashable | None:
        # The table draws a run of marks from the content, or the repeat where it is too short.
        content, repeat = _content_key(self.content), _content_key(self.repeat)
        if content is None or repeat is None:
            return None
        return (type(self), self.key, content, repeat)

    def draw(self) -> None:
        pass


def bounded_height(content: Sequence[Flowable], width: float) -> float:
    """The height of ``content`` if it may be repeated, else 0 (it is then not repeated)."""
    height = content_height(content, width)
    return height if height <= REPEAT_LIMIT else 0.0


def _only(value: Any, kind: type[Centred]) -> Any:
    if isinstance(value, (tuple, list)) and len(value) == 1 and isinstance(value[0], kind):
        return value[0]
    return None


def _content_key(value: Any) -> Hashable | None:
    """What a cell's content draws, as a value two cells of equal drawing share: strings, the
    forms' own boxes and shared paragraphs (their ``drawing_key``), blank space; None for anything
    else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        keys = []
        for v in value:
            key = _content_key(v)
            if key is None:
                return None
            keys.append(key)
        return tuple(keys)
    if type(value) is Spacer:
        return (Spacer, value.width, value.height)
    key = getattr(value, "drawing_key", None)
    return key() if key is not None else None


_SIZES: weakref.WeakKeyDictionary[Any, dict[Hashable, tuple[list[float], list[float], float, int]]] = (
    weakref.WeakKeyDictionary()
)
"""Per canvas: a table's sizing key (:meth:`FormTable._sizes_key`) → its row heights, row
positions, height and rows sized, as ReportLab's ``_calc`` found them."""

_TABLE_STAMPS: weakref.WeakKeyDictionary[Any, dict[Hashable, list[str]]] = weakref.WeakKeyDictionary()
"""Per canvas: a table's drawing key (:meth:`FormTable.drawing_key`) → the operators it drew,
relative to its origin. Like the paragraphs' (perfcore.pdf.linebreak), they name characters by
the document's own font subsets and are never used in another document."""


class SharedCellStyle(CellStyle):  # type: ignore[misc]
    """A cell style shared by the tables of one shape and style (:meth:`FormTable.setStyle`);
    it refuses to change (a table that restyles a cell first takes its own copy)."""

    def __init__(self, name: str, parent: CellStyle) -> None:
        super().__init__(name, parent)
        self.__dict__["_frozen"] = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_frozen"):
            raise AttributeError(f"shared cell style {self.name}: {name} would change every table")
        super().__setattr__(name, value)


class _StyledShapes:
    """Cell styles by style commands and table shape: what :meth:`FormTable.setStyle` shares."""

    LIMIT = 2000

    def __init__(self) -> None:
        self._known: dict[Hashable, list[list[SharedCellStyle]]] = {}

    def get(self, key: Hashable) -> list[list[SharedCellStyle]] | None:
        return self._known.get(key)

    def keep(self, key: Hashable, made: list[list[CellStyle]]) -> list[list[CellStyle]]:
        """Shares ``made`` (a fresh table's styles after its first style) unless a cell is
        vertically centred: ReportLab's split of such a row changes its style in place."""
        if any(style.valign == "MIDDLE" for row in made for style in row):
            return made
        if len(self._known) >= self.LIMIT:
            self._known.clear()
        shared = [[SharedCellStyle(style.name, style) for style in row] for row in made]
        self._known[key] = shared
        return [list(row) for row in shared]


_STYLED = _StyledShapes()


def _style_key(style: TableStyle, rows: int, cols: int) -> Hashable | None:
    """What the cell styles of a fresh table depend on: its shape and the style's commands (None
    if they cannot be compared)."""
    try:
        key = (rows, cols, tuple(tuple(cmd) for cmd in style.getCommands()))
        hash(key)
    except TypeError:
        return None
    return key


_NOT_CELL = frozenset(LINECOMMANDS) | {"BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT", "ROUNDEDCORNERS"}


def _is_cell_command(cmd: Any) -> bool:
    """A command ReportLab applies to the styles of the cells in its range at once."""
    return cmd[0] not in _NOT_CELL and cmd[1][1] not in _SPECIALROWS


class FormTable(Table):  # type: ignore[misc]
    """A ``Table`` that continues across pages like a paper form (see the module doc)."""

    _leftover: float | None = None
    """For the rest of a split table: the height left on the page of the first part."""
    page_rule: float | None = None
    """Weight of the rules that close a ruled table at a page break (None: a table without rules).

    ReportLab's split of a row turns the grid into inner lines only, so the part at the foot of
    a page would end open and the rest would start open; merged group cells have no line below
    their rows at all. The parts get a full-width rule below and above instead."""

    min_part: float = 0.0
    """Least height of either part of a row split across pages (builders set three lines of the
    row's text): no page ends with a sliver of a row, none starts with one. A row that cannot
    leave that much on both sides moves to the next page whole."""

    _calc_key: tuple[float | None, float | None] | None = None
    """The space the row and column sizes were last worked out for (None: style changed since)."""

    def _calc(self, availWidth: float, availHeight: float) -> None:  # noqa: N803
        # ReportLab measures every cell again on every wrap and split, and a form's tables are
        # asked the same question several times (the closing's height, each time the grid above
        # is placed); the answer depends only on the space and the table's cells and style.
        # Columns of given widths do not depend on the frame's (which differs by its last bit
        # from page to page), and rows are sized with cells measured at an unlimited height: the
        # height matters only where ReportLab stops sizing a long table at the page's foot (with
        # row spans).
        fixed = all(isinstance(w, (int, float)) for w in self._argW)
        key = (
            None if fixed else availWidth,
            availHeight if self._spanCmds and self._longTableOptimize else None,
        )
        if self._calc_key == key:
            return
        sizes = self._sizes_key() if fixed else None
        known = _SIZES.setdefault(self.canv, {}).get(sizes) if sizes is not None else None
        if known is None:
            super()._calc(availWidth, availHeight)
            if sizes is not None:
                _SIZES[self.canv][sizes] = (list(self._rowHeights), list(self._rowpositions), self._height, self._hmax)
        else:
            self._sized_as(known, availWidth)
        self._calc_key = key

    def _sizes_key(self) -> Hashable | None:
        """What this table's row heights depend on, for a table ReportLab sizes by its cells
        alone (given column widths, no spans or unsplittable ranges); None otherwise."""
        if self._spanCmds or self._nosplitCmds or getattr(self, "canv", None) is None:
            return None
        styles = tuple(style for row in self._cellStyles for style in row)
        if not all(type(style) is SharedCellStyle for style in styles):
            return None
        cells = self._cells_key()
        if cells is None:
            return None
        key = (cells, styles, tuple(self._argW), tuple(self._argH), tuple(self._minRowHeights or ()))
        try:
            hash(key)
        except TypeError:
            return None
        return key

    _cells: tuple[Hashable | None] | None = None

    def _cells_key(self) -> Hashable | None:
        """:func:`_content_key` of the cells, worked out once: a table's cells are fixed when it
        is made (a split makes new tables), the sizing only prepares them."""
        if self._cells is None:
            self._cells = (_content_key(self._cellvalues),)
        return self._cells[0]

    def _sized_as(self, known: tuple[list[float], list[float], float, int], avail_width: float) -> None:
        """The sizes of an equal table measured before on this canvas (the same rows of every
        fund's form, its 审核意见 and signatures): ReportLab's ``_calc`` without measuring the
        cells again. The cells are prepared as its sizing prepares them."""
        widths = self._argW
        for row in self._cellvalues:
            for j, value in enumerate(row):
                if isinstance(value, (tuple, list, Flowable)):
                    row[j] = self._cellListProcess(value, widths[j], None)
        heights, positions, self._height, self._hmax = known
        self._rowHeights, self._rowpositions = list(heights), list(positions)
        self._calc_width(avail_width)

    _fresh = False
    """No style applied yet, the cells' styles ReportLab's own fresh ones (see :meth:`setStyle`)."""
    _styles_known = False
    """While :meth:`setStyle` applies a style whose cell styles were taken from :data:`_STYLED`."""

    _cellStyles: list[list[CellStyle]]
    _maybe_shared = False
    """Whether some of the cells' styles may be shared ones (or another table's, as a split
    part's are)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given = kwargs.get("cellStyles") is not None or len(args) >= 3
        self._fresh = not given and not kwargs.get("style")
        self._maybe_shared = given

    def setStyle(self, tblstyle: Any) -> None:  # noqa: N802 - ReportLab's name
        """ReportLab's, except that the cell styles a first style makes of a table of this shape
        are made once per process and shared (1,000 funds' tables are six shapes): style
        commands were a fifth of the cost of making a fund's pages. The rules, spans and other
        commands are applied to each table as ReportLab does."""
        fresh, self._fresh = self._fresh, False
        if not isinstance(tblstyle, TableStyle):
            tblstyle = TableStyle(tblstyle)
        key = _style_key(tblstyle, self._nrows, self._ncols) if fresh else None
        known = _STYLED.get(key) if key is not None else None
        if known is None:
            super().setStyle(tblstyle)
            if key is not None:
                self._cellStyles = _STYLED.keep(key, self._cellStyles)
                self._maybe_shared = True
            return
        self._cellStyles = [list(row) for row in known]
        self._maybe_shared = True
        self._styles_known = True
        try:
            super().setStyle(tblstyle)
        finally:
            self._styles_known = False

    def _addCommand(self, cmd: Any) -> None:  # noqa: N802 - ReportLab's name
        if cmd[0] not in _UNSIZED:  # rules and backgrounds leave the sizes as they were
            self._calc_key = None
        if self._maybe_shared and _is_cell_command(cmd):
            if self._styles_known:
                return  # already in the shared cell styles
            self._own_cell_styles(cmd)
        super()._addCommand(cmd)

    def _own_cell_styles(self, cmd: Any) -> None:
        """Copies of the shared cell styles ``cmd`` changes: ReportLab changes them in place."""
        (_, (sc, sr), (ec, er)) = cmd[:3]
        sc, ec, sr, er = self.normCellRange(sc, ec, sr, er)
        rows = self._cellStyles = list(self._cellStyles)
        for i in range(sr, er + 1):
            if any(isinstance(style, SharedCellStyle) for style in rows[i][sc : ec + 1]):
                rows[i] = [
                    CellStyle(style.name, style) if sc <= j <= ec and isinstance(style, SharedCellStyle) else style
                    for j, style in enumerate(rows[i])
                ]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._leftover is not None and availHeight <= self._leftover + 1:
            # Still the page of the first part: the rest begins the next page.
            return []
        return self.split_parts(availWidth, availHeight)

    def split_parts(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """The first part for ``availHeight`` and the rest (or nothing), without the check that
        the rest of a split table is not split again on the page of its first part."""
        parts: list[Flowable] = self._split_rows_or_inside(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], FormTable):
            parts[1]._leftover = availHeight - parts[0].wrap(availWidth, availHeight)[1]
        for part in parts:
            if isinstance(part, FormTable):
                part.min_part = self.min_part
        if len(parts) == 2 and self.page_rule is not None:
            first, rest = parts
            first.page_rule = rest.page_rule = self.page_rule
            first.setStyle([("LINEBELOW", (0, -1), (-1, -1), self.page_rule, "black")])
            top = rest.repeatRows if isinstance(rest.repeatRows, int) else len(rest.repeatRows)
            if top < len(rest._cellvalues):
                rest.setStyle([("LINEABOVE", (0, top), (-1, top), self.page_rule, "black")])
        return parts

    def _header_rows(self) -> int:
        return self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)

    def _split_rows_or_inside(self, width: float, height: float) -> list[Flowable]:
        """ReportLab's split, with the row at the foot of the page split only when at least
        :attr:`min_part` goes on each side (else the page ends before it)."""
        if not self.min_part:
            return list(super().split(width, height))
        self._calc(width, height)
        heights = self._rowHeights
        top, n = 0.0, 0
        while n < len(heights) and top + heights[n] <= height:
            top += heights[n]
            n += 1
        header = self._header_rows()
        upper = height - top
        if n >= len(heights) or (self.splitByRow and n > header and upper <= MOST_BLANK):
            # It fits, or ReportLab ends the page between rows, leaving little blank.
            return list(super().split(width, height))
        lower = heights[n] - upper
        if lower < self.min_part:
            upper -= self.min_part - lower
        if upper < self.min_part:
            # No room for enough of the row: the page ends above it (or the table moves).
            return list(self._splitRows(top + 0.001, doInRowSplit=0)) if n > header else []
        if self.splitByRow:
            # A tall row begins at the foot of this page rather than leave it half blank.
            inside = self._splitRows(top + upper, doInRowSplit=1)
            if inside:
                return list(inside)
        return list(super().split(width, top + upper))

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:  # noqa: N802,N803
        label = _only(value, Repeating)
        if label is None:
            return super()._splitCell(value, style, oldHeight, newHeight, width)
        if isinstance(label, GroupMark):
            return (value, value)
        room = newHeight - style.topPadding - style.bottomPadding
        inner = width - style.leftPadding - style.rightPadding
        repeat = label.repeat if bounded_height(label.repeat, inner) else []
        again = (Repeating(repeat),)
        if content_height(label.content, inner) <= REPEAT_LIMIT:
            # A short label: the upper part (maybe the foot of a page) gets what fits of it, the
            # lower part all of it again.
            for upper in (label.content, label.content[:1]):
                if content_height(upper, inner) <= room:
                    return ((Repeating(upper),), again)
            return ((), again)
        # A label taller than a repeat may be: it continues line by line like any text, and only
        # the parts after it print the short copy.
        if content_height(label.content, inner) <= room:
            return ((Repeating(label.content),), again)
        parts = Centred(label.content).split(inner, room)
        if len(parts) != 2:
            return ((), value)
        first, rest = parts
        return ((Repeating(first.content),), (Repeating(rest.content, repeat),))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        """A table whose drawing equals one drawn before in this document (every fund's empty
        审核意见 row, the same 填报人 lines; the same rows of the form) copies its operators; the
        first of its kind records them. Placed as ReportLab's ``drawOn`` places it."""
        key = None if getattr(self, "_showBoundary", None) else self.drawing_key()
        if key is None:
            super().drawOn(canvas, x, y, _sW)
            return
        stamps = _TABLE_STAMPS.setdefault(canvas, {})
        known = stamps.get(key)
        code = canvas._code
        # Table.draw saves and restores the canvas' state itself.
        with placed(canvas, self._hAlignAdjust(x, _sW), y):
            if known is not None:
                code.extend(known)
                return
            mark = len(code)
            self.canv = canvas
            try:
                self.draw()
            finally:
                del self.canv
            stamps[key] = code[mark:]

    def drawing_key(self) -> Hashable | None:
        """What this table's drawing depends on, as measured (None: not known, or a table
        ReportLab draws with more than cells and rules: spans, shadows, rounded corners)."""
        if (
            self._spanCmds
            or self._srflcmds
            or self._sircmds
            or getattr(self, "_cornerRadii", None)
            or self._shadow
            or self._renderCB
            or getattr(self, "_rowpositions", None) is None
        ):
            return None
        styles = tuple(style for row in self._cellStyles for style in row)
        if not all(type(style) is SharedCellStyle for style in styles):
            return None  # a table's own cell styles may still change
        cells = self._cells_key()
        if cells is None:
            return None
        key = (
            type(self),
            cells,
            styles,
            tuple(self._colWidths),
            tuple(self._rowHeights),
            tuple(self._linecmds),
            tuple(self._bkgrndcmds),
        )
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def draw(self) -> None:
        super().draw()
        self._draw_groups()

    def _draw_groups(self) -> None:
        rows = self._cellvalues
        for col in range(self._ncols):
            start = 0
            while start < len(rows):
                mark = _only(rows[start][col], GroupMark)
                if mark is None:
                    start += 1
                    continue
                end = start
                while end + 1 < len(rows):
                    following = _only(rows[end + 1][col], GroupMark)
                    if following is None or following.key != mark.key:
                        break
                    end += 1
                self._draw_group(mark, col, start, end)
                start = end + 1

    def _draw_group(self, mark: GroupMark, col: int, first: int, last: int) -> None:
        style = self._cellStyles[first][col]
        x = self._colpositions[col] + style.leftPadding
        width = self._colWidths[col] - style.leftPadding - style.rightPadding
        top, bottom = self._rowpositions[first], self._rowpositions[last + 1]
        room = top - bottom - style.topPadding - style.bottomPadding
        content = mark.content
        height = content_height(content, width)
        if height > room:
            content = mark.repeat if bounded_height(mark.repeat, width) else []
            height = content_height(content, width)
        Centred(content).draw_content(self.canv, x, (top + bottom + height) / 2, width)
