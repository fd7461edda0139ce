"""表3 部门整体支出绩效评价指标表 (A4 landscape), after the 2019 original.

Nine columns: 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 评价标准 | 指标说明（计算过程） | 得分.
Groups are merged over their rows and repeated at the top of a page that continues them (see
:mod:`perfcore.pdf.cells`); the header row repeats on every page; the 合计 row carries the total
and the grade and is kept with the last indicator.

The tree's depth is free; the form prints three levels (:mod:`perfcore.indicator_rows`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from perfcore.form_text import (
    INDICATOR_HEADERS,
    PROCESS_LABEL,
    UNIT_LABEL,
    explanation_of,
    grade_line,
    indicators_title,
    points,
)
from perfcore.indicator_rows import IndicatorRow, indicator_rows
from perfcore.model import Group, Leaf, Package
from perfcore.money import format_points
from perfcore.pdf.blocks import MIN_SPLIT, RULE, heading, labelled, three_lines
from perfcore.pdf.cells import REPEAT_LIMIT, Centred, FormTable, GroupMark, Repeating
from perfcore.pdf.stack import stacked
from perfcore.pdf.styles import Styles
from perfcore.pdf.text import fitted, para, paragraphs, rich
from perfcore.pdf.windowed import Windowed
from perfcore.rules import LeafResult
from perfcore.scoring import Scores

HEADERS = INDICATOR_HEADERS
# Widths in mm for the 225 mm landscape type area, scaled to the frame at build time.
_WIDTHS_MM = (17, 10, 19, 10, 25, 10, 61, 59, 14)
GROUP_COLUMNS = 4
PAD = 3.0
"""Left and right padding of every cell (pt)."""


def column_widths(width: float) -> list[float]:
    scale = width / (sum(_WIDTHS_MM) * mm)
    return [w * mm * scale for w in _WIDTHS_MM]


def _explanation(leaf: Leaf, result: LeafResult | None, styles: Styles) -> list[Flowable]:
    """The 指标说明 as typed, the 计算过程 as entered, and the rule's own when it computed one."""
    fonts = styles.fonts
    parts = explanation_of(leaf, result)
    out = paragraphs(parts.explanation, styles.grid_text, fonts) if parts.explanation else []
    if parts.note:
        out += paragraphs(parts.note, styles.grid_text, fonts)
    if parts.process:
        out.append(rich([(PROCESS_LABEL, fonts.name("hei")), (parts.process, None)], styles.grid_text, fonts))
    return stacked(out)


class _Rows:
    """Rows of the grid, one per leaf, with the marks of the groups above each."""

    def __init__(self, styles: Styles, scores: Scores, widths: list[float]) -> None:
        self.styles = styles
        self.scores = scores
        self.inner = [w - 2 * PAD for w in widths]
        self.rows: list[list[object]] = []
        self.levels: list[tuple[Hashable, Hashable]] = []
        self._marks: dict[tuple[int, Hashable], tuple[GroupMark, GroupMark]] = {}

    def _group_marks(self, group: Group | None, level: int, key: Hashable) -> tuple[GroupMark, GroupMark]:
        cache_key = (level, key)
        if cache_key not in self._marks:
            grid = self.styles.grid_center
            name = group.name if group is not None else ""
            weight = points(group.weight) if group is not None else ""
            column = 2 * (level - 1)
            self._marks[cache_key] = (
                GroupMark(key, *self._label(name, grid, column)),
                GroupMark((key, "weight"), *self._label(weight, grid, column + 1)),
            )
        return self._marks[cache_key]

    def _label(self, text: str, style: ParagraphStyle, column: int) -> tuple[list[Flowable], list[Flowable]]:
        """A label printed again on later pages: in full, and cut short for the repeats."""
        fonts = self.styles.fonts
        return [para(text, style, fonts)], [fitted(text, style, fonts, self.inner[column], REPEAT_LIMIT)]

    def add(self, row: IndicatorRow) -> None:
        styles, fonts = self.styles, self.styles.fonts
        leaf, level1, level2 = row.leaf, row.level1, row.level2
        # A leaf without a group at some level gets a mark of its own there: its cell stays blank.
        key1: Hashable = ("group", id(level1)) if level1 is not None else ("leaf", id(leaf))
        key2: Hashable = ("group", id(level2)) if level2 is not None else ("leaf", id(leaf))
        m1 = self._group_marks(level1, 1, key1)
        m2 = self._group_marks(level2, 2, key2)
        name = row.name
        result = self.scores.leaves.get(leaf.uid)
        final = result.final if result is not None else leaf.score
        self.rows.append(
            [
                [m1[0]],
                [m1[1]],
                [m2[0]],
                [m2[1]],
                [Repeating(*self._label(name, styles.grid_center, 4))],
                [Repeating(*self._label(points(leaf.weight), styles.grid_number, 5))],
                [Centred(paragraphs(leaf.criterion, styles.grid_text, fonts))],
                [Centred(_explanation(leaf, result, styles))],
                [Repeating(*self._label(format_points(final), styles.grid_number, 8))],
            ]
        )
        self.levels.append((key1, key2))

    def walk(self, rows: list[IndicatorRow]) -> None:
        for row in rows:
            self.add(row)


def line_below(
    levels: list[tuple[Hashable, Hashable]], i: int, row: int, starts: tuple[int, int] = (2, GROUP_COLUMNS)
) -> tuple[object, ...]:
    """The rule below data row ``i`` (drawn as table row ``row``), left out inside a group's
    merged cells: ``starts`` are the first columns after the 一级 and after the 二级 group."""
    key1, key2 = levels[i]
    following = levels[i + 1] if i + 1 < len(levels) else None
    if following is None or following[0] != key1:
        start = 0
    elif following[1] != key2:
        start = starts[0]
    else:
        start = starts[1]
    return ("LINEBELOW", (start, row), (-1, row), RULE, "black")


def build(package: Package, scores: Scores, styles: Styles, width: float) -> list[Flowable]:
    fonts = styles.fonts
    hei = fonts.name("hei")
    ind = package.indicators
    lines: list[Flowable] = [labelled(UNIT_LABEL, package.unit_name, styles.unit_line, styles)]
    opinion = rich([("填报单位意见：", hei)], styles.unit_line, fonts)
    lines.append(opinion)
    if ind.opinion_unit.strip():
        lines += paragraphs(ind.opinion_unit, styles.cell_text, fonts)
    out = heading("表3", indicators_title(package), lines, width, styles)

    widths = column_widths(width)
    rows = _Rows(styles, scores, widths)
    rows.walk(indicator_rows(ind.tree))
    header = [para(h, styles.grid_head, fonts) for h in HEADERS]
    total_weight = sum((n.weight for n in ind.tree), Decimal(0))
    grade = grade_line(scores.grade, scores.complete)
    total_row: list[object] = [
        [Centred([para("合　计", styles.grid_head, fonts)])],
        "",
        "",
        "",
        "",
        [Centred([para(points(total_weight), styles.grid_number, fonts)])],
        # A grade's label is anybody's text: cut like a repeated label, the total row cannot split.
        [Centred([fitted(grade, styles.grid_head, fonts, widths[6] + widths[7] - 2 * PAD, REPEAT_LIMIT)])],
        "",
        [Centred([para(format_points(scores.total), styles.grid_number, fonts)])],
    ]
    body = [*rows.rows, total_row]
    base: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.name("song")),
        ("BOX", (0, 0), (-1, -1), RULE, "black"),
        ("LINEAFTER", (0, 0), (-2, -1), RULE, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), RULE, "black"),
        # Rows that may split are top-aligned; their cells centre themselves (cells.py).
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]

    def make(start: int, stop: int, lead: Sequence[object] | None) -> FormTable:
        """The header and ``body[start:stop]``: one page's share of the grid (windowed.py)."""
        window = body[start:stop]
        if lead is not None:
            window[0] = list(lead)
        table = FormTable([header, *window], colWidths=widths, repeatRows=1, splitInRow=MIN_SPLIT)
        cmds = list(base)
        cmds += [line_below(rows.levels, i, i - start + 1) for i in range(start, min(stop, len(rows.rows)))]
        if stop == len(body):
            last = stop - start
            cmds += [
                ("SPAN", (0, last), (4, last)),
                ("SPAN", (6, last), (7, last)),
                ("LINEABOVE", (0, last), (-1, last), RULE, "black"),
                # The total is never left alone at the top of a page.
                ("NOSPLIT", (0, max(last - 1, 1)), (-1, last)),
            ]
        table.setStyle(cmds)
        table.page_rule = RULE
        table.min_part = three_lines(styles.grid_text, 7)
        return table

    out.append(Windowed(len(body), make))
    return out
