"""The summary as an Excel workbook (openpyxl): 汇总, 统计, 指标失分, 项目, 无法读取.

Every sheet has a frozen, repeated header row, two-decimal number formats, columns sized
for Chinese text and an A4 landscape page set up to fit the width. Text from the units'
files is always written as text: a unit name beginning with ``=`` must never become a
spreadsheet formula.

An unknown 执行率 is the text ``—``, as in the Word and Excel exports of a package
(perfcore/office/excel.py says why): an empty cell would be taken for 0 by a formula. A 复核得分
not yet entered stays empty, as an unscored score does.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfcore.budget_text import UNKNOWN
from perfcore.office.text import fixed_format, xml_safe
from perfcore.output import write_output
from perfcore.summary.table import REFUSED_PREFIX, Summary, SummaryUnit

POINTS = fixed_format(2)
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
MAX_WIDTH = 48
MAX_TEXT = 32767
"""The most characters an Excel cell holds; a longer text (a hostile unit name) is cut, or
Excel calls the workbook damaged."""


def write_excel(summary: Summary, target: Path, inputs: Sequence[Path | str] = ()) -> None:
    """Write the workbook through the output guard (never over a report file, one of ``inputs``
    or a special file; the caller has the user's consent to replace an ordinary file),
    atomically (a temporary file beside ``target``, then renamed)."""

    def save(temp: Path) -> None:
        # Built only once the guard let the target pass: a write-only workbook left unsaved
        # complains when it is collected.
        book = Workbook(write_only=True)
        try:
            build_workbook(summary, book)
            # By name, not an open stream: a save cut short leaves the zip archive to close its
            # own file when collected, instead of seeking in a stream already closed.
            book.save(str(temp))
        except BaseException:
            _discard(book)
            raise

    write_output(target, save, inputs=inputs, overwrite=True)


def _discard(book: Workbook) -> None:
    """Close the sheet streams of a write-only workbook that will not be saved (an error, or
    SIGTERM unwinding through the build), innermost first. Left to the garbage collector, each
    complained on stderr ("Exception ignored … LxmlSyntaxError") after the command's one line.
    openpyxl removes its temporary sheet files when the program ends."""
    for sheet in book.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            rows.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.close()


def build_workbook(summary: Summary, book: Workbook | None = None) -> Workbook:
    # Write-only: rows are streamed into the file as they are added — hundreds of units ×
    # dozens of indicators are too many cells to keep as objects. Each sheet is therefore laid
    # out (widths, panes, page) before its rows are appended. ``book``: an empty write-only
    # workbook the caller discards if the build is cut short.
    book = Workbook(write_only=True) if book is None else book
    _overview(book.create_sheet("汇总"), summary)
    _statistics(book.create_sheet("统计"), summary)
    _lost(book.create_sheet("指标失分"), summary)
    _projects(book.create_sheet("项目"), summary)
    _refused(book.create_sheet("无法读取"), summary)
    return book


def _overview(sheet: Worksheet, summary: Summary) -> None:
    head = ["序号", "单位", "年度", "模板", "自评得分", "自评等级", "复核得分", "复核等级", "执行率（%）",
            "错误", "警告", "填报完整", "状态", "重复", "文件"]
    rows = []
    for i, unit in enumerate(summary.units, 1):
        row = unit.row
        rows.append([
            i, row.unit, row.year, row.template or "", row.total, row.grade, unit.reviewed_total,
            unit.reviewed_grade or "", _known(row.rate), row.errors, row.warnings, "是" if row.complete else "否",
            unit.state, "重复" if unit.duplicates else "", row.path,
        ])
    # The file column is for finding the file, not for the printed page: A4 keeps its type large.
    sheet.print_area = f"A1:{get_column_letter(len(head) - 1)}{len(rows) + 1}"
    _table(sheet, head, rows, points={5, 7, 9})


def _statistics(sheet: Worksheet, summary: Summary) -> None:
    rows: list[list[Any]] = [["等级", "单位数"]]
    rows += [[label, count] for label, count in summary.grade_counts().items()]
    rows += [[], ["一级指标", "分值", "平均得分", "单位数"]]
    rows += [[g.name, g.weight, g.average, g.units] for g in summary.group_averages()]
    rows += [[], ["平均总分", summary.average_total()], ["单位数", len(summary.units)],
             ["无法读取", len(summary.refused)]]
    for state, count in summary.state_counts().items():
        rows.append([state, count])
    heads = {1, len(summary.grade_counts()) + 3}
    _fit(sheet, rows)
    _page(sheet)
    for r, values in enumerate(rows, 1):
        sheet.append([_cell(sheet, value, head=r in heads) for value in values])


def _lost(sheet: Worksheet, summary: Summary) -> None:
    # A column per 一级 and 三级 name, across units; a name a framework repeats under one 一级
    # (财预〔2013〕53号's 管理制度健全性 under 预算管理 and 资产管理) gets a column per occurrence.
    columns: dict[tuple[str, str, int], int] = {}
    placed = [_lost_keys(unit) for unit in summary.units]
    for keys in placed:
        for key, _lost in keys:
            columns.setdefault(key, len(columns))
    head = ["单位", "年度"] + [
        (f"{group}／{name}" if group else name) + (f"（{n + 1}）" if n else "") for group, name, n in columns
    ]
    rows = []
    for unit, keys in zip(summary.units, placed, strict=True):
        values: list[Any] = [unit.row.unit, unit.row.year] + [None] * len(columns)
        for key, lost in keys:
            values[2 + columns[key]] = lost
        rows.append(values)
    if rows and columns:
        area = f"C2:{get_column_letter(len(head))}{len(rows) + 1}"
        sheet.conditional_formatting.add(
            area, ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF", end_type="max", end_color="F8696B")
        )
    _table(sheet, head, rows, points=set(range(3, len(head) + 1)), wrap_head=True, frozen="C2")


def _lost_keys(unit: SummaryUnit) -> list[tuple[tuple[str, str, int], Decimal]]:
    """Each 三级指标's lost points keyed by 一级, name and which occurrence of the two it is."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for lost in unit.row.lost:
        n = seen[(lost.group, lost.name)]
        seen[(lost.group, lost.name)] += 1
        out.append(((lost.group, lost.name, n), lost.lost))
    return out


def _projects(sheet: Worksheet, summary: Summary) -> None:
    head = ["单位", "年度", "项目名称", "执行率（%）", "自评得分", "等级", "复核得分"]
    rows = []
    for unit in summary.units:
        for project in unit.row.projects:
            entry = unit.review.entry(project.path) if unit.review is not None else None
            rows.append([unit.row.unit, unit.row.year, project.name, _known(project.rate), project.total, project.grade,
                         None if entry is None else entry.score])
    _table(sheet, head, rows, points={4, 5, 7})


def _known(figure: Decimal | None) -> Decimal | str:
    return UNKNOWN if figure is None else figure


def _refused(sheet: Worksheet, summary: Summary) -> None:
    rows = [[r.path, REFUSED_PREFIX + r.reason] for r in summary.refused]
    _table(sheet, ["文件", "原因"], rows, points=set())


def _table(
    sheet: Worksheet,
    head: list[str],
    rows: Sequence[Sequence[Any]],
    points: set[int],
    wrap_head: bool = False,
    frozen: str = "A2",
) -> None:
    sheet.freeze_panes = frozen
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"
    if wrap_head:
        for c in range(1, len(head) + 1):
            width = 10 if c > 2 else max(_width(str(v)) for v in [head[c - 1], *(r[c - 1] for r in rows)]) + 2
            sheet.column_dimensions[get_column_letter(c)].width = min(width, MAX_WIDTH)
    else:
        _fit(sheet, [head, *rows])
    _page(sheet)
    alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap_head)
    sheet.append([_cell(sheet, text, head=True, alignment=alignment) for text in head])
    number = {c - 1 for c in points}
    # One formatted cell per column, refilled row after row: a write-only sheet writes a row
    # out when it is appended, and a new cell with its style looked up again for each of
    # (units × 三级指标) numbers was most of the workbook's time.
    formatted: dict[int, _NumberCell] = {}
    for values in rows:
        out = []
        for i, value in enumerate(values):
            if isinstance(value, (Decimal, int)) and not isinstance(value, bool) and (i in number or isinstance(value, Decimal)):
                cell = formatted.get(i)
                if cell is None:
                    cell = formatted[i] = _NumberCell(sheet, row=1, column=1, value=value)
                    cell.number_format = POINTS
                cell.value = value
                out.append(cell)
            else:
                out.append(_cell(sheet, value, points=i in number))
        sheet.append(out)


class _NumberCell(Cell):  # type: ignore[misc]  # openpyxl is untyped
    """A streamed number cell with the two-decimal format.

    A write-only sheet is handed a cell object by first trying it as a value: the conversion
    fails and its error message, which nobody reads, spells the cell's ``repr`` out (its sheet
    and coordinate). For every number of units × 三级指标 that message was a tenth of the
    workbook's time; this cell's ``repr`` costs nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<number cell>"


def _cell(sheet: Worksheet, value: Any, head: bool = False, points: bool = False, alignment: Alignment | None = None) -> Any:
    """A streamed cell; text always as text (never a formula, whatever it begins with)."""
    if value is None and not head:
        return None
    if not head:
        # A plain value costs openpyxl a third of a styled cell (no cell object, no style to
        # look up): text that cannot be taken for a formula, and numbers without a format.
        if isinstance(value, str):
            text = _text(value)
            if not text.startswith("="):
                return text
        elif not points and not isinstance(value, Decimal):
            return value
    cell = WriteOnlyCell(sheet, value=_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    if head:
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        if alignment is not None:
            cell.alignment = alignment
    elif points or isinstance(value, Decimal):
        cell.number_format = POINTS
    return cell


def _text(value: str) -> str:
    # xml_safe, not openpyxl's ILLEGAL_CHARACTERS_RE: that lets U+FFFF and lone surrogates (a
    # file name's non-UTF-8 bytes) through, and lxml then refused the whole workbook.
    text = xml_safe(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _width(text: str) -> int:
    if text.isascii():  # the paths, numbers and years: most of what is measured
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:z.2f}"
    return str(value)


def _fit(sheet: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
    widths: dict[int, int] = {}
    for values in rows:
        for c, value in enumerate(values, 1):
            widths[c] = max(widths.get(c, 0), _width(_shown(value)))
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 6), MAX_WIDTH)


def _page(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
