"""The forms as an Excel workbook (openpyxl): one sheet per form, figures as numbers.

The workbook is a record of the program's result: every figure, score and total is a value
(never a formula), numbers are numbers with a number format (money of 表1 in 万元, of 表2 in 元,
as the forms show them; scores with two decimals).

An unknown figure (an amount, a head count, 执行率 without a budget) is the text ``—``, the mark
the PDF and the Word document print, not an empty cell: a formula that refers to an empty cell
(``=D6-F6``) and a system importing the sheet take it for 0, a figure the unit never reported;
``—`` makes such a formula answer ``#VALUE!``, and SUM or a pivot table skips it as it would skip
an empty cell. An unscored score stays empty, as the PDF leaves it blank.

Sheets, named in Chinese within Excel's 31 characters and unique: ``表1 整体支出``, one
``表2 <专项资金名称>`` per fund, ``表3 <title>``. Each is set up to print on A4 (表3 landscape, one
page wide) with its header row repeated on every page and frozen on screen.

表1 and 表2 are label/value rows: 项目 | 内容 | 单位 (``万元``, ``元``, ``人``); long texts wrap, and a
text longer than an Excel cell holds (32,767 characters) continues in rows labelled ``（续）``.
表2's itemised spending follows as its own block: 序号 | 支出内容 | 金额（元）, then 合计.

表3 layout (read back by the template converter; keep the two in step)::

    row 1   A: 表3
    row 2   A:J merged: the title (``2019年度部门整体支出绩效评价指标表``)
    row 3   A:J merged: 填报单位（盖章）：<unit>
    row 4   A:J merged: 填报单位意见：<opinion>
    row 5   the header row, found by its words:
            A 一级指标 | B 分值 | C 二级指标 | D 分值 | E 三级指标 | F 分值 |
            G 评价标准 | H 指标说明 | I 计算过程 | J 得分
            (each 分值 belongs to the 指标 column on its left)
    row 6…  one row per 三级指标 (leaf), in the tree's order. A:B hold the 一级指标 and its weight,
            merged down over the rows of its leaves; C:D the 二级指标 likewise. A leaf directly
            under a 一级指标 leaves C:D blank and unmerged; a leaf at the top leaves A:D blank.
            Deeper groups: their names precede the leaf's in E, joined by ``／``.
            F, B, D weights and J the final score are numbers (J empty when unscored);
            G 评价标准 and H 指标说明 are the texts as typed; I is the entered 计算过程 and the
            rule's own, when it computed one.
    last    A:E merged ``合计`` | F the sum of the 一级 weights | G:I merged ``自评等级：优`` (or
            ``自评等级：差（含未评分指标）``) | J the total score.

A 项目支出绩效自评表 sheet (one per project, named by the project; also read back by the
converter) has the PDF's ten columns, A to J::

    row 1   A:J merged: the title; row 2 A 项目名称 | B:J the name
    row 3   A 主管部门 | B:E the department | F:G 实施单位 | H:J the implementer (as the PDF)
    row 4   the money block's heads: A 项目资金（万元） (two lines) merged down beside the heads
            and the money rows | B blank | C 年初预算数 | D:E 全年预算数 | F:G 全年执行数 | H 分值 |
            I 执行率 | J 得分; then 年度资金总额 and one row per budget line, the first as
            ``其中：<label>`` (labels in B; 万元 as numbers, ``—``
            unknown; 分值, 执行率 and 得分 on 年度资金总额, merged down beside the lines)
    next    A:B 年度总体目标 over two rows | C:F 预期目标 | G:J 实际完成情况
    next    the header row: A 一级指标 | B 二级指标 | C 三级指标 | D 指标性质 | E 年度指标值 |
            F 度量单位 | G 实际完成值 | H 分值 | I 得分 | J 偏差原因分析及改进措施
            (perfcore.project_text.INDICATOR_COLUMNS), then one row per leaf with A and B merged
            down over their group's leaves; E and G numbers where they show a figure
    then    A:G 总分 | H the weights' sum | I the total score | J the grade; 自评结论 … 填报日期
            with the label in A:B and the value in C:J.

Every user string is written as a text value (``=SUM(A1)`` stays text, never a formula).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfcore.budget_text import UNKNOWN, budget_points
from perfcore.fingerprint import fingerprint
from perfcore.form_text import (
    SECTIONS,
    UNIT_LABEL,
    explanation_of,
    fund_title,
    grade_line,
    indicators_title,
    overall_title,
)
from perfcore.forms import ALL_FORMS, PROJECT_FORM, FormPart, package_parts
from perfcore.indicator_rows import group_runs, indicator_rows
from perfcore.labels import FUND_LABELS, OVERALL_LABELS
from perfcore.model import OVERALL_MONEY_FIELDS, Package, Project, SpecialFund
from perfcore.money import WAN, round_half_up
from perfcore.office.files import ExportInfo, Target, save
from perfcore.office.text import fixed_format, xml_safe
from perfcore.project_text import (
    CLOSING_TEXTS,
    INDICATOR_COLUMNS,
    MONEY_LABEL,
    PROJECT_BLOCK_LABELS,
    budget_rows,
    indicator_values,
    project_title,
)
from perfcore.scoring import Scores, score_package
from perfcore.sums import fund_figures

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
CELL_LIMIT = 32_767
"""Characters an Excel cell holds."""
SHEET_NAME_LIMIT = 31
MONEY_FORMAT = fixed_format(2, grouping=True)
SCORE_FORMAT = fixed_format(2)
WEIGHT_FORMAT = "General"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
ROW_HEIGHT_LIMIT = 409.0
"""Points: the tallest row Excel allows."""

TABLE3_COLUMNS = (
    "一级指标",
    "分值",
    "二级指标",
    "分值",
    "三级指标",
    "分值",
    "评价标准",
    "指标说明",
    "计算过程",
    "得分",
)
TABLE3_WIDTHS = (8, 6, 10, 6, 14, 6, 32, 32, 24, 7)
"""Column widths in characters (Excel's unit: the width of a digit)."""
HEADER_ROW = 5

_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_V = TypeVar("_V")


# ---------------------------------------------------------------- cells


def _text(value: str) -> str:
    return xml_safe(value)


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    *,
    number_format: str | None = None,
    font: Font | None = None,
    alignment: Alignment | None = None,
    border: bool = False,
) -> Cell:
    cell: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value)
        # A text that looks like a formula stays text (openpyxl would otherwise write a formula).
        if value.startswith("="):
            cell.data_type = "s"
    else:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border:
        cell.border = _GRID
    return cell


def _chunks(text: str) -> list[str]:
    """A text cut into pieces an Excel cell holds (most texts are one piece)."""
    safe = _text(text)
    return [safe[i : i + CELL_LIMIT] for i in range(0, len(safe), CELL_LIMIT)] or [""]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _height(text: str, width_chars: float, size: float = 11) -> float | None:
    """A row height that shows a wrapped text whole (Excel does not grow rows on opening)."""
    if not text:
        return None
    lines = sum(max(1, math.ceil(_display_width(line) / max(width_chars, 1))) for line in text.split("\n"))
    if lines <= 1:
        return None
    return min(ROW_HEIGHT_LIMIT, lines * size * 1.35 + 4)


def _grow(sheet: Worksheet, row: int, height: float | None) -> None:
    if height is None:
        return
    current = sheet.row_dimensions[row].height
    if current is None or current < height:
        sheet.row_dimensions[row].height = height


def _known(value: _V | None) -> _V | str:
    """A figure as its cell holds it: the figure, or the text ``—`` when it is unknown (see the
    module's docstring: never an empty cell that a formula would take for 0)."""
    return UNKNOWN if value is None else value


def _wan(yuan: Decimal | None) -> Decimal | str:
    """万元, exact: 万元 is a way of showing yuan, so nothing is rounded away; ``—`` unknown."""
    return UNKNOWN if yuan is None else yuan / WAN


def _score(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


def _date(text: str) -> date | str:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text


# ---------------------------------------------------------------- sheets


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: forbidden characters replaced, at most 31 characters,
    unique without regard to case (``表2 某资金（2）``)."""
    base = _FORBIDDEN.sub("_", _text(wanted)).strip("'").strip() or "表"
    base = base[:SHEET_NAME_LIMIT]
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f"（{n}）"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _print_setup(sheet: Worksheet, header_row: int, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    # GB/T 9704 margins in inches (37/35 mm top/bottom, 28/26 mm sides); a landscape page turns
    # the same type area on its side (as the PDF and the Word document).
    top, bottom, left, right = (28, 30, 37, 35) if landscape else (37, 35, 28, 26)
    sheet.page_margins.top, sheet.page_margins.bottom = top / 25.4, bottom / 25.4
    sheet.page_margins.left, sheet.page_margins.right = left / 25.4, right / 25.4
    sheet.oddFooter.center.text = "— &P —"


class _LabelSheet:
    """表1/表2 as label | value | unit rows under a header."""

    VALUE_WIDTH = 64

    def __init__(self, sheet: Worksheet, label: str, title: str, lines: Sequence[tuple[str, str]]) -> None:
        self.sheet = sheet
        body, head = Font(name=BODY_FONT, size=11), Font(name=HEAD_FONT, size=11)
        _put(sheet, 1, 1, label, font=Font(name=HEAD_FONT, size=14))
        _put(sheet, 2, 1, title, font=Font(name=HEAD_FONT, size=16), alignment=Alignment(horizontal="center"))
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
        row = 3
        for line_label, value in lines:
            _put(sheet, row, 1, line_label, font=head)
            _put(sheet, row, 2, value, font=body)
            row += 1
        self.header = row
        for column, text in enumerate(("项目", "内容", "单位"), start=1):
            _put(sheet, row, column, text, font=head, alignment=_WRAP_CENTER, border=True)
        self.row = row + 1
        self.body, self.head = body, head
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = self.VALUE_WIDTH
        sheet.column_dimensions["C"].width = 8

    def add(self, label: str, value: object, unit: str = "", number_format: str | None = None) -> None:
        if isinstance(value, str):
            for n, piece in enumerate(_chunks(value)):
                self._row(label if n == 0 else f"{label}（续）", piece, unit, None)
                _grow(self.sheet, self.row - 1, _height(piece, self.VALUE_WIDTH))
        else:
            self._row(label, value, unit, number_format)

    def _row(self, label: str, value: object, unit: str, number_format: str | None) -> None:
        _put(self.sheet, self.row, 1, label, font=self.head, alignment=_WRAP, border=True)
        _put(self.sheet, self.row, 2, value, font=self.body, alignment=_WRAP, border=True, number_format=number_format)
        _put(self.sheet, self.row, 3, unit, font=self.body, alignment=_WRAP_CENTER, border=True)
        self.row += 1

    def signatures(self, opinion_unit: str, opinion_office: str, filler: str, phone: str, filled_on: str) -> None:
        self.add("填报单位意见", opinion_unit)
        self.add("业务股室意见", opinion_office)
        self.add("填报人", filler)
        self.add("联系电话", phone)
        when = _date(filled_on)
        self.add("填报日期", when, number_format=DATE_FORMAT if isinstance(when, date) else None)


def _overall(sheet: Worksheet, package: Package) -> None:
    o = package.overall
    form = _LabelSheet(sheet, "表1", overall_title(package), [(UNIT_LABEL, package.unit_name)])
    form.add("部门（单位）名称", package.unit_name)
    form.add(OVERALL_LABELS["head"], o.head)
    form.add(OVERALL_LABELS["staff_actual"], _known(o.staff_actual), "人")
    form.add(OVERALL_LABELS["staff_quota"], _known(o.staff_quota), "人")
    for name in OVERALL_MONEY_FIELDS:
        form.add(OVERALL_LABELS[name], _wan(getattr(o, name)), "万元", MONEY_FORMAT)
    for item in o.capital_repair_items:
        form.add(f"基建维修项目：{item.name}", _wan(item.amount), "万元", MONEY_FORMAT)
    form.add("年度预算收支情况", "\n".join(budget_points(o, package.previous)))
    form.add(OVERALL_LABELS["budget_note"], o.budget_note)
    for title, attr in SECTIONS:
        form.add(title, getattr(o, attr))
    form.add(OVERALL_LABELS["goal_completion"], o.goal_completion)
    form.signatures(o.opinion_unit, o.opinion_office, o.filler, o.phone, o.filled_on)
    _print_setup(sheet, form.header, landscape=False)


def _fund(sheet: Worksheet, package: Package, fund: SpecialFund) -> None:
    lines = [(UNIT_LABEL, package.unit_name), ("专项资金名称：", fund.name)]
    form = _LabelSheet(sheet, "表2", fund_title(package), lines)
    form.add(FUND_LABELS["overview"], fund.overview)
    form.add(FUND_LABELS["funding_text"], fund.funding_text)
    form.add(FUND_LABELS["allocated"], _known(fund.allocated), "元", MONEY_FORMAT)
    form.add(FUND_LABELS["spent"], _known(fund.spent), "元", MONEY_FORMAT)
    form.add(FUND_LABELS["implementation"], fund.implementation)
    form.add(FUND_LABELS["performance"], fund.performance)
    form.signatures(fund.opinion_unit, fund.opinion_office, fund.filler, fund.phone, fund.filled_on)
    if fund.items:
        row = form.row + 1
        _put(sheet, row, 1, "支出明细", font=form.head)
        row += 1
        for column, text in enumerate(("序号", "支出内容", "金额（元）"), start=1):
            _put(sheet, row, column, text, font=form.head, alignment=_WRAP_CENTER, border=True)
        for n, item in enumerate(fund.items, start=1):
            row += 1
            _put(sheet, row, 1, n, font=form.body, alignment=_WRAP_CENTER, border=True)
            _put(sheet, row, 2, item.name, font=form.body, alignment=_WRAP, border=True)
            _put(sheet, row, 3, _known(item.amount), font=form.body, border=True, number_format=MONEY_FORMAT)
        row += 1
        _put(sheet, row, 1, "", border=True)
        _put(sheet, row, 2, "合计", font=form.head, alignment=_WRAP_CENTER, border=True)
        total = fund_figures(fund).items_total
        _put(sheet, row, 3, _known(total), font=form.body, border=True, number_format=MONEY_FORMAT)
        sheet.column_dimensions["C"].width = 16
    _print_setup(sheet, form.header, landscape=False)


def _indicators(sheet: Worksheet, package: Package, scores: Scores) -> None:
    ind = package.indicators
    body, head = Font(name=BODY_FONT, size=10), Font(name=HEAD_FONT, size=10)
    last_column = len(TABLE3_COLUMNS)
    _put(sheet, 1, 1, "表3", font=Font(name=HEAD_FONT, size=14))
    for line, text, font in (
        (2, indicators_title(package), Font(name=HEAD_FONT, size=16)),
        (3, f"{UNIT_LABEL}{package.unit_name}", Font(name=BODY_FONT, size=12)),
        (4, f"填报单位意见：{ind.opinion_unit}", Font(name=BODY_FONT, size=12)),
    ):
        piece = _chunks(text)[0]
        align = Alignment(horizontal="center") if line == 2 else Alignment(wrap_text=True, vertical="top")
        _put(sheet, line, 1, piece, font=font, alignment=align)
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=last_column)
        if line == 4:
            _grow(sheet, line, _height(piece, sum(TABLE3_WIDTHS), 12))
    for column, text in enumerate(TABLE3_COLUMNS, start=1):
        _put(sheet, HEADER_ROW, column, text, font=head, alignment=_WRAP_CENTER, border=True)
    for column, width in enumerate(TABLE3_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width

    rows = indicator_rows(ind.tree)
    first_row = HEADER_ROW + 1
    for i, row in enumerate(rows):
        r = first_row + i
        leaf = row.leaf
        result = scores.leaves.get(leaf.uid)
        final = result.final if result is not None else leaf.score
        parts = explanation_of(leaf, result)
        process = "\n".join(t for t in (parts.note, f"计算过程：{parts.process}" if parts.process else "") if t)
        for column in range(1, 5):
            _put(sheet, r, column, None, font=body, alignment=_WRAP_CENTER, border=True)
        _put(sheet, r, 5, row.name, font=body, alignment=_WRAP_CENTER, border=True)
        _put(sheet, r, 6, leaf.weight, font=body, alignment=_WRAP_CENTER, border=True, number_format=WEIGHT_FORMAT)
        height = 0.0
        for column, text in ((7, leaf.criterion), (8, parts.explanation), (9, process)):
            piece = _chunks(text)[0]
            _put(sheet, r, column, piece, font=body, alignment=_WRAP, border=True)
            height = max(height, _height(piece, TABLE3_WIDTHS[column - 1], 10) or 0)
        _put(sheet, r, 10, _score(final), font=body, alignment=_WRAP_CENTER, border=True, number_format=SCORE_FORMAT)
        _grow(sheet, r, height or None)
    for level, column in ((1, 1), (2, 3)):
        for run in group_runs(rows, level):
            top, bottom = first_row + run.first, first_row + run.last
            sheet.cell(row=top, column=column).value = _text(run.group.name)
            sheet.cell(row=top, column=column + 1).value = run.group.weight
            sheet.cell(row=top, column=column + 1).number_format = WEIGHT_FORMAT
            if bottom > top:
                sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
                sheet.merge_cells(start_row=top, start_column=column + 1, end_row=bottom, end_column=column + 1)

    total_row = first_row + len(rows)
    total_weight = sum((n.weight for n in ind.tree), Decimal(0))
    for column in range(1, last_column + 1):
        _put(sheet, total_row, column, None, font=head, alignment=_WRAP_CENTER, border=True)
    sheet.cell(row=total_row, column=1).value = "合计"
    sheet.cell(row=total_row, column=6).value = total_weight
    sheet.cell(row=total_row, column=7).value = grade_line(scores.grade, scores.complete)
    total = sheet.cell(row=total_row, column=10)
    total.value = _score(scores.total)
    total.number_format = SCORE_FORMAT
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=5)
    sheet.merge_cells(start_row=total_row, start_column=7, end_row=total_row, end_column=9)
    _print_setup(sheet, HEADER_ROW, landscape=True)


PROJECT_WIDTHS = (10, 14, 16, 4.5, 12, 9, 12, 6, 8, 26)
"""The project sheet's ten columns (INDICATOR_COLUMNS, as the PDF), in characters; B holds the
money rows' labels too (``年度资金总额`` on one line)."""
RATE_FORMAT = fixed_format(2, percent=True)
DEPARTMENT_SPANS = ((2, 5), (6, 7), (8, 10))
"""主管部门's value, the label 实施单位 and its value (the label over 全年执行数, as the PDF)."""
MONEY_SPANS = ((3, 3), (4, 5), (6, 7), (8, 8), (9, 9), (10, 10))
"""The columns under each of PROJECT_BLOCK_LABELS (a money row's label is in B, beside MONEY_LABEL
merged down A)."""
GOALS_SPANS = ((1, 2), (3, 6), (7, 10))
"""年度总体目标, 预期目标 and 实际完成情况: the label as wide as the money block's."""
EXACT_DIGITS = 15
"""Significant digits a spreadsheet number keeps; a longer figure is written as its text."""


def _figure(number: Decimal | None, text: str) -> tuple[object, str | None]:
    """A cell's value and number format for ``text``, which shows ``number`` when not None: the
    number, formatted with as many decimals as the text shows, so that Excel shows the same
    figure. A figure with more digits than a spreadsheet number keeps stays its text."""
    if number is None or len(number.normalize().as_tuple().digits) > EXACT_DIGITS:
        return text, None
    places = len(text.partition(".")[2])
    return number, fixed_format(places)


def _project(sheet: Worksheet, package: Package, project: Project, scores: Scores) -> None:
    """One 项目支出绩效自评表: header rows, the money block, 年度总体目标, the indicator grid, 总分."""
    result = scores.of_project(project)
    body, head = Font(name=BODY_FONT, size=10), Font(name=HEAD_FONT, size=10)
    last = len(INDICATOR_COLUMNS)

    def line(r: int, cells: Sequence[tuple[int, int, object, str | None]], font: Font = body) -> None:
        """Cells (first column, last column, value, number format) of row ``r``, merged where wide."""
        for first, end, value, number_format in cells:
            for column in range(first, end + 1):
                _put(sheet, r, column, None, font=font, alignment=_WRAP_CENTER, border=True)
            _put(
                sheet,
                r,
                first,
                value if not isinstance(value, str) else _chunks(value)[0],
                number_format=number_format,
            )
            if end > first:
                sheet.merge_cells(start_row=r, start_column=first, end_row=r, end_column=end)

    _put(
        sheet,
        1,
        1,
        project_title(package),
        font=Font(name=HEAD_FONT, size=16),
        alignment=Alignment(horizontal="center"),
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    line(2, [(1, 1, "项目名称", None), (2, last, project.name, None)])
    # 主管部门 and 实施单位 side by side, 实施单位 over 全年执行数, as on the PDF.
    department, implementer_label, implementer = DEPARTMENT_SPANS
    line(
        3,
        [
            (1, 1, "主管部门", None),
            (*department, project.department, None),
            (*implementer_label, "实施单位", None),
            (*implementer, project.implementer, None),
        ],
    )
    r = 4
    line(
        r,
        [(1, 1, MONEY_LABEL, None), (2, 2, None, None), *((a, b, text, None) for (a, b), text in zip(MONEY_SPANS, PROJECT_BLOCK_LABELS, strict=True))],
        head,
    )
    money_at = r
    r += 1
    initial, full, executed, weight_at, rate_at, score_at = MONEY_SPANS
    money_rows = budget_rows(project, result.budget)
    for money in money_rows:
        total = money.total
        line(
            r,
            [
                (1, 1, None, None),
                (2, 2, money.shown, None),
                (*initial, _wan(money.initial), MONEY_FORMAT),
                (*full, _wan(money.full), MONEY_FORMAT),
                (*executed, _wan(money.executed), MONEY_FORMAT),
                (*weight_at, project.budget.weight if total else None, WEIGHT_FORMAT if total else None),
                (*rate_at, _known(result.budget.rate) if total else None, RATE_FORMAT if total else None),
                (*score_at, _score(result.budget.final) if total else None, SCORE_FORMAT if total else None),
            ],
        )
        r += 1
    # 项目资金（万元） merged down column A beside the heads and the money rows, as on the PDF.
    sheet.merge_cells(start_row=money_at, start_column=1, end_row=r - 1, end_column=1)
    # The budget's 分值, 执行率 and 得分 (on 年度资金总额, the first row) beside all its rows, as on the PDF.
    if len(money_rows) > 1:
        for column, _ in (weight_at, rate_at, score_at):
            sheet.merge_cells(start_row=r - len(money_rows), start_column=column, end_row=r - 1, end_column=column)
    goals_label, expected, actual = GOALS_SPANS
    # The label's cells one by one: it is merged over both rows below.
    label_cells = [(c, c, None, None) for c in range(goals_label[0], goals_label[1] + 1)]
    line(r, [*label_cells, (*expected, "预期目标", None), (*actual, "实际完成情况", None)], head)
    line(r + 1, [*label_cells, (*expected, project.goals.expected, None), (*actual, project.goals.actual, None)])
    sheet.cell(row=r, column=goals_label[0]).value = "年度总体目标"
    sheet.cell(row=r + 1, column=expected[0]).alignment = _WRAP
    sheet.cell(row=r + 1, column=actual[0]).alignment = _WRAP
    sheet.merge_cells(start_row=r, start_column=goals_label[0], end_row=r + 1, end_column=goals_label[1])
    for (first_column, last_column), text in ((expected, project.goals.expected), (actual, project.goals.actual)):
        _grow(sheet, r + 1, _height(text, sum(PROJECT_WIDTHS[first_column - 1 : last_column]), 10))
    r += 2
    header = r
    line(r, [(n, n, text, None) for n, text in enumerate(INDICATOR_COLUMNS, start=1)], head)
    _grow(sheet, r, max(_height(t, w, 10) or 0 for t, w in zip(INDICATOR_COLUMNS, PROJECT_WIDTHS, strict=True)) or None)
    rows = indicator_rows(project.tree)
    first = r + 1
    for i, values in enumerate(indicator_values(rows, scores)):
        target, target_format = _figure(values.target_number, values.target_value)
        actual_value, actual_format = _figure(values.actual_number, values.actual_value)
        line(
            first + i,
            [
                (1, 1, None, None),
                (2, 2, None, None),
                (3, 3, rows[i].name, None),
                (4, 4, values.nature, None),
                (5, 5, target, target_format),
                (6, 6, values.unit, None),
                (7, 7, actual_value, actual_format),
                (8, 8, rows[i].leaf.weight, WEIGHT_FORMAT),
                (9, 9, _score(values.final), SCORE_FORMAT),
                (10, 10, values.reason, None),
            ],
        )
        sheet.cell(row=first + i, column=10).alignment = _WRAP
        height = max(
            _height(text, PROJECT_WIDTHS[column - 1], 10) or 0
            for column, text in ((5, values.target_value), (7, values.actual_value), (10, values.reason))
        )
        _grow(sheet, first + i, height or None)
    for level, column in ((1, 1), (2, 2)):
        for run in group_runs(rows, level):
            top, bottom = first + run.first, first + run.last
            sheet.cell(row=top, column=column).value = _text(run.group.name)
            if bottom > top:
                sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
    total_row = first + len(rows)
    weight = project.budget.weight + sum((n.weight for n in project.tree), Decimal(0))
    line(
        total_row,
        [
            (1, 7, "总分", None),
            (8, 8, weight, WEIGHT_FORMAT),
            (9, 9, _score(result.total), SCORE_FORMAT),
            (10, 10, grade_line(result.grade, result.complete), None),
        ],
        head,
    )
    # 自评结论 … 填报单位意见, then 填报人, 联系电话, 填报日期: label in A:B, value in C:H (a text
    # longer than a cell holds continues in （续） rows, as on 表1).
    r = total_row + 1
    when = _date(project.filled_on)
    closing: list[tuple[str, object, str | None]] = [
        *((label, getattr(project, attr), None) for label, attr in CLOSING_TEXTS),
        ("填报人", project.filler, None),
        ("联系电话", project.phone, None),
        ("填报日期", when, DATE_FORMAT if isinstance(when, date) else None),
    ]
    for label, content, number_format in closing:
        pieces: list[object] = list(_chunks(content)) if isinstance(content, str) else [content]
        for n, piece in enumerate(pieces):
            line(r, [(1, 2, label if n == 0 else f"{label}（续）", None)], head)
            line(r, [(3, last, piece, number_format)])
            sheet.cell(row=r, column=3).alignment = _WRAP
            if isinstance(piece, str):
                _grow(sheet, r, _height(piece, sum(PROJECT_WIDTHS[2:]), 10))
            r += 1
    for column, width in enumerate(PROJECT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _print_setup(sheet, header, landscape=True)


# ---------------------------------------------------------------- the workbook


def build_workbook(package: Package, scores: Scores, parts: Sequence[FormPart]) -> Workbook:
    book = Workbook()
    default = book.active
    taken: set[str] = set()
    for part in parts:
        if part.form == 1:
            sheet = book.create_sheet(sheet_name("表1 整体支出", taken))
            _overall(sheet, package)
        elif part.form == PROJECT_FORM and part.project is not None:
            sheet = book.create_sheet(sheet_name(part.project.name or "项目支出绩效自评表", taken))
            _project(sheet, package, part.project, scores)
        elif part.fund is not None:
            sheet = book.create_sheet(sheet_name(f"表2 {part.fund.name or '专项资金'}", taken))
            _fund(sheet, package, part.fund)
        else:
            sheet = book.create_sheet(sheet_name(f"表3 {package.indicators.title}", taken))
            _indicators(sheet, package, scores)
    if default is not None:
        book.remove(default)
    book.active = 0
    return book


def export_xlsx(
    package: Package, out: Target, forms: Iterable[int] = ALL_FORMS, scores: Scores | None = None
) -> ExportInfo:
    """Write ``forms`` of ``package`` as an Excel workbook to ``out`` (a path or a binary stream).

    Raises :class:`~perfcore.forms.FormsError` for a choice with nothing in it.
    """
    parts = package_parts(package, forms)
    if scores is None:
        scores = score_package(package)
    mark = fingerprint(package)
    book = build_workbook(package, scores, parts)
    props = book.properties
    props.title = _text(f"{package.unit_name}{package.year}年度绩效自评报告")
    props.creator = _text(package.unit_name)
    props.subject = f"校验码 {mark}"
    props.identifier = mark
    props.keywords = f"绩效自评 {package.year} 校验码 {mark}"
    props.description = "由绩效自评填报程序生成；修改后校验码不再与报告文件对应。"
    props.lastModifiedBy = "perf-filing"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    save(out, lambda target: book.save(target))
    return ExportInfo(mark, tuple(sorted({p.form for p in parts if p.form != PROJECT_FORM})))
