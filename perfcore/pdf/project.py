"""项目支出绩效自评表 (A4 landscape), one per project, after the national form (财预〔2020〕10号).

From the top: 填报单位（盖章） beside the seal's square; 项目名称, 主管部门 and 实施单位; the money
block in 万元 (年度资金总额 and ``其中：`` each budget line; 分值, 执行率 and 得分 merged beside
them); 年度总体目标, 预期目标 | 实际完成情况; the indicator grid of ten columns with the 一级 and
二级 groups merged down their rows and the header repeated on every page; 总分 with the grade;
自评结论, 存在的问题, 改进措施 and 填报单位意见; the signatures beside the seal's space.

The parts are tables set one under the other at the same width, so that they read as one form
and only the long ones (the goals, the indicator grid, the closing texts) split across pages;
only the signatures are kept with the last closing row.
Wording and figures come from :mod:`perfcore.project_text`; scores from :mod:`perfcore.scoring`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from perfcore.form_text import UNIT_LABEL, grade_line, points
from perfcore.indicator_rows import IndicatorRow, indicator_rows
from perfcore.model import Group, Package, Project
from perfcore.money import format_points
from perfcore.pdf.blocks import (
    MIN_SPLIT,
    RULE,
    WithTail,
    form_grid,
    heading,
    label_cell,
    labelled,
    signature,
    texts,
    three_lines,
)
from perfcore.pdf.cells import REPEAT_LIMIT, Centred, FormTable, GroupMark, Repeating
from perfcore.pdf.stack import stacked
from perfcore.pdf.styles import LANDSCAPE, Styles, frame_height
from perfcore.pdf.table3 import line_below
from perfcore.pdf.text import cell, fitted, para, paragraphs
from perfcore.pdf.windowed import Windowed
from perfcore.project_text import (
    CLOSING_TEXTS,
    INDICATOR_COLUMNS,
    MONEY_LABEL,
    PROJECT_BLOCK_LABELS,
    budget_rows,
    indicator_values,
    money_text,
    project_title,
    rate_text,
)
from perfcore.scoring import Scores

PAD = 3.0
"""Left and right padding of every cell (pt)."""
# Widths in mm of the 225 mm landscape type area, scaled to the frame at build time.
_GRID_MM = (17, 19, 30, 12, 24, 14, 24, 12, 14, 59)
"""一级 · 二级 · 三级 · 指标性质 · 年度指标值 · 度量单位 · 实际完成值 · 分值 · 得分 · 偏差原因分析及改进措施."""
_MONEY_MM = (30, 49, 26, 26, 26, 20, 24, 24)
"""Label · line · 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 得分."""
_GOALS_MM = (30, 97.5, 97.5)
LABEL_MM = 30
PROJECT_OPINION_HEIGHT = 30 * mm
"""Room to write and stamp the unit's opinion by hand (the landscape page is short)."""
PROJECT_SEAL_HEIGHT = 35 * mm
"""Height of the blank space for the seal beside the signatures, less than 表1's 46 mm square:
the three lines are 27.5 mm, and a 42 mm round seal stamped over them overlaps the lines and
3.5 mm of what is above and below, as a seal overlaps the signatory and date (GB/T 9704). The
short landscape page gains 11 mm: a closing that fills the page no longer goes over whole."""


def _widths(width: float, widths_mm: Sequence[float]) -> list[float]:
    scale = width / (sum(widths_mm) * mm)
    return [w * mm * scale for w in widths_mm]


def _base(styles: Styles) -> list[tuple[object, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.name("song")),
        ("BOX", (0, 0), (-1, -1), RULE, "black"),
        ("LINEAFTER", (0, 0), (-2, -1), RULE, "black"),
        # Cells centre themselves (cells.py); a row split across pages keeps its text inside.
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


def _centred(text: str, style: ParagraphStyle, styles: Styles) -> list[Flowable]:
    return [Centred([para(text, style, styles.fonts)])]


def _head_block(package: Package, project: Project, scores: Scores, styles: Styles, width: float) -> Table:
    """项目名称, 主管部门 | 实施单位 and the money block: short rows, kept on one page (unless
    a text makes the block taller than a page)."""
    head, center, number = styles.grid_head, styles.grid_center, styles.grid_number
    widths = _widths(width, _MONEY_MM)
    result = scores.of_project(project)
    money = budget_rows(project, result.budget)

    def value(text: str) -> list[Flowable]:
        return [Centred([para(text, styles.grid_text, styles.fonts)])]

    rows: list[list[object]] = [
        [_centred("项目名称", head, styles), value(project.name), "", "", "", "", "", ""],
        [
            _centred("主管部门", head, styles),
            value(project.department),
            "",
            "",
            _centred("实施单位", head, styles),
            value(project.implementer),
            "",
            "",
        ],
    ]

    def mark(key: str, text: str, style: ParagraphStyle) -> list[object]:
        content = [para(text, style, styles.fonts)]
        return [GroupMark(key, content, content)]

    rows.append([mark("money", MONEY_LABEL, head), "", *(_centred(t, head, styles) for t in PROJECT_BLOCK_LABELS)])
    budget = result.budget
    for line in money:
        rows.append(
            [
                mark("money", MONEY_LABEL, head),
                _centred(line.shown, center, styles),
                _centred(money_text(line.initial), number, styles),
                _centred(money_text(line.full), number, styles),
                _centred(money_text(line.executed), number, styles),
                mark("weight", points(project.budget.weight), number),
                mark("rate", rate_text(budget.rate), number),
                mark("score", format_points(budget.final), number),
            ]
        )
    first_money = 2
    last = len(rows) - 1
    cmds = _base(styles)
    cmds += [
        ("SPAN", (1, 0), (-1, 0)),
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (5, 1), (-1, 1)),
        ("LINEBELOW", (0, 0), (-1, 1), RULE, "black"),
        ("LINEBELOW", (1, first_money), (-1, first_money), RULE, "black"),
        ("LINEBELOW", (1, first_money + 1), (4, last - 1), RULE, "black"),
    ]
    table = FormTable(rows, colWidths=widths, splitInRow=MIN_SPLIT)
    table.setStyle(cmds)
    table.page_rule = RULE
    # Kept on one page when it fits one; a 主管部门, 实施单位 or budget line's label longer than
    # a page splits like any row instead (a table that may not split and cannot fit ended the
    # print with ReportLab's LayoutError).
    if table.wrap(width, frame_height(LANDSCAPE))[1] <= frame_height(LANDSCAPE):
        table.setStyle([("NOSPLIT", (0, 0), (-1, -1))])
    return table


def _goals(project: Project, styles: Styles, width: float) -> Table:
    """年度总体目标: 预期目标 | 实际完成情况 over the texts, which may run over pages."""
    head = styles.grid_head
    label = [para("年度总体目标", head, styles.fonts)]
    rows: list[list[object]] = [
        [[GroupMark("goals", label, label)], _centred("预期目标", head, styles), _centred("实际完成情况", head, styles)],
        [
            [GroupMark("goals", label, label)],
            stacked(paragraphs(project.goals.expected, styles.grid_text, styles.fonts)),
            stacked(paragraphs(project.goals.actual, styles.grid_text, styles.fonts)),
        ],
    ]
    table = FormTable(rows, colWidths=_widths(width, _GOALS_MM), splitByRow=0, splitInRow=MIN_SPLIT)
    table.setStyle([*_base(styles), ("LINEBELOW", (1, 0), (-1, 0), RULE, "black")])
    table.page_rule = RULE
    table.min_part = three_lines(styles.grid_text, 7)
    return table


class _Grid:
    """The indicator grid's rows, one per leaf, with the marks of its 一级 and 二级 groups."""

    def __init__(self, styles: Styles, widths: list[float]) -> None:
        self.styles = styles
        self.inner = [w - 2 * PAD for w in widths]
        self.rows: list[list[object]] = []
        self.levels: list[tuple[Hashable, Hashable]] = []
        self._marks: dict[Hashable, GroupMark] = {}

    def _label(self, text: str, column: int, style: ParagraphStyle | None = None) -> Repeating:
        """A label printed again on a later page: in full, and cut short for the repeats."""
        fonts = self.styles.fonts
        style = style or self.styles.grid_center
        return Repeating([para(text, style, fonts)], [fitted(text, style, fonts, self.inner[column], REPEAT_LIMIT)])

    def _mark(self, group: Group | None, column: int, key: Hashable) -> GroupMark:
        if key not in self._marks:
            # An unnamed group (or a leaf without one) prints nothing in its cell.
            label = self._label(group.name if group is not None else "", column)
            self._marks[key] = GroupMark(key, label.content, label.repeat)
        return self._marks[key]

    def add(self, row: IndicatorRow, shown_target: str, nature: str, unit: str, actual: str, final: str, reason: str) -> None:
        styles, fonts = self.styles, self.styles.fonts
        leaf = row.leaf
        key1: Hashable = ("group", id(row.level1)) if row.level1 is not None else ("leaf", id(leaf))
        key2: Hashable = ("group", id(row.level2)) if row.level2 is not None else ("leaf", id(leaf))
        center = styles.grid_center
        self.rows.append(
            [
                [self._mark(row.level1, 0, key1)],
                [self._mark(row.level2, 1, key2)],
                [self._label(row.name, 2)],
                [Centred([cell(nature, center, fonts, self.inner[3])])],
                [Centred(paragraphs(shown_target, center, fonts))],
                [Centred([cell(unit, center, fonts, self.inner[5])])],
                [Centred(paragraphs(actual, center, fonts))],
                [self._label(points(leaf.weight), 7, styles.grid_number)],
                [self._label(final, 8, styles.grid_number)],
                [Centred(paragraphs(reason, styles.grid_text, fonts))],
            ]
        )
        self.levels.append((key1, key2))


def _indicator_grid(project: Project, scores: Scores, styles: Styles, width: float) -> Flowable:
    """The ten columns under a header row repeated on every page, a page at a time (windowed.py);
    总分 with the grade last, never alone at the top of a page."""
    fonts = styles.fonts
    widths = _widths(width, _GRID_MM)
    grid = _Grid(styles, widths)
    rows = indicator_rows(project.tree)
    for row, shown in zip(rows, indicator_values(rows, scores), strict=True):
        grid.add(
            row,
            shown.target_value,
            shown.nature,
            shown.unit,
            shown.actual_value,
            format_points(shown.final),
            shown.reason,
        )
    result = scores.of_project(project)
    header = [para(h, styles.grid_head, fonts) for h in INDICATOR_COLUMNS]
    weight = project.budget.weight + sum((n.weight for n in project.tree), Decimal(0))
    total_row: list[object] = [
        _centred("总　分", styles.grid_head, styles),
        "",
        "",
        "",
        "",
        "",
        "",
        _centred(points(weight), styles.grid_number, styles),
        _centred(format_points(result.total), styles.grid_number, styles),
        # A grade's label is anybody's text: cut like a repeated label, the total row cannot split.
        [Centred([fitted(grade_line(result.grade, result.complete), styles.grid_head, fonts, widths[9] - 2 * PAD, REPEAT_LIMIT)])],
    ]
    body = [*grid.rows, total_row]
    base = [
        *_base(styles),
        ("LINEBELOW", (0, 0), (-1, 0), RULE, "black"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ]

    def make(start: int, stop: int, lead: Sequence[object] | None) -> FormTable:
        """The header and ``body[start:stop]``: one page's share of the grid."""
        window = body[start:stop]
        if lead is not None:
            window[0] = list(lead)
        table = FormTable([header, *window], colWidths=widths, repeatRows=1, splitInRow=MIN_SPLIT)
        cmds = list(base)
        cmds += [
            line_below(grid.levels, i, i - start + 1, starts=(1, 2))
            for i in range(start, min(stop, len(grid.rows)))
        ]
        if stop == len(body):
            last = stop - start
            cmds += [
                ("SPAN", (0, last), (6, last)),
                ("LINEABOVE", (0, last), (-1, last), RULE, "black"),
                ("NOSPLIT", (0, max(last - 1, 1)), (-1, last)),
            ]
        table.setStyle(cmds)
        table.page_rule = RULE
        table.min_part = three_lines(styles.grid_text, 7)
        return table

    return Windowed(len(body), make)


def _closing(project: Project, styles: Styles, width: float) -> list[Flowable]:
    """自评结论, 存在的问题, 改进措施 and 填报单位意见 as rows that split across pages like the
    form's others (the label printed again on the next page), then the signatures, kept with the
    last row (:class:`WithTail`): the signatures never begin a page alone."""
    label_w = LABEL_MM * mm * width / (225 * mm)
    rows: list[list[object]] = [
        [label_cell(label, "", styles), texts(getattr(project, attr), styles)] for label, attr in CLOSING_TEXTS
    ]
    # 填报单位意见 (the last row) has room to be written and stamped by hand.
    heights = [0.0] * (len(rows) - 1) + [PROJECT_OPINION_HEIGHT]
    grid = form_grid(rows, [label_w, width - label_w], styles, min_heights=heights)
    end = signature(project.filler, project.phone, project.filled_on, width, styles, seal_height=PROJECT_SEAL_HEIGHT)
    return [WithTail(grid, [end], frame_height(LANDSCAPE))]


def build(package: Package, project: Project, scores: Scores, styles: Styles, width: float) -> list[Flowable]:
    unit = labelled(UNIT_LABEL, package.unit_name, styles.unit_line, styles)
    out = heading("", project_title(package), [unit], width, styles)
    out.append(_head_block(package, project, scores, styles, width))
    out.append(_goals(project, styles, width))
    out.append(_indicator_grid(project, scores, styles, width))
    out += _closing(project, styles, width)
    return out
