"""The summary as a PDF: A4 landscape, one row per unit, then the statistics and refusals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from perfcore.collector import collector_paused
from perfcore.money import format_points
from perfcore.output import write_output
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.page import LANDSCAPE_TEMPLATE, Foot, FormsDoc, canvas_class
from perfcore.pdf.styles import LANDSCAPE, Styles, frame_width, make_styles
from perfcore.pdf.text import fitted, para
from perfcore.summary.table import REFUSED_PREFIX, Summary

TITLE = "绩效自评汇总表"
RULE = 0.5
# A cell of free text (a unit's name, a file's path, a reason) is cut to this many lines:
# a name of any length cannot make a row taller than a page (ReportLab then gives up).
MOST_LINES = 6
PADDING = 12  # a table cell's left and right padding (6 points each, ReportLab's default)


def write_pdf(summary: Summary, target: Path, font: str | None = None, inputs: Sequence[Path | str] = ()) -> int:
    """Write the PDF through the output guard (as :func:`perfcore.summary.excel.write_excel`),
    atomically; returns the number of pages. The cycle collector is paused meanwhile, as for
    the forms (perfcore.collector)."""
    with collector_paused():
        styles = make_styles(resolve_fonts(font))
        story = _story(summary, styles)
        foot = Foot(fonts=styles.fonts, caption=f"{TITLE}　共 {len(summary.units)} 个单位")
        pages: list[int] = []

        def build(temp: Path) -> None:
            doc = FormsDoc(str(temp), styles.fonts.name("song"), first=LANDSCAPE_TEMPLATE, title=TITLE, creator="perf-filing")
            doc.build(story, canvasmaker=canvas_class(foot))
            pages.append(int(doc.page))

        write_output(target, build, inputs=inputs, overwrite=True)
        return pages[0]


def _grid(styles: Styles, rows: list[list[str]], widths: list[float], free: Sequence[int] = ()) -> Table:
    """A table with a header row; the ``free`` columns hold free text (a heading too: a grade's
    label heads its column), cut to fit."""

    def cell(text: str, c: int, style: ParagraphStyle) -> Paragraph:
        if c in free:
            return fitted(text, style, styles.fonts, widths[c] - PADDING, MOST_LINES * style.leading)
        return para(text, style, styles.fonts)

    head = [cell(text, c, styles.grid_head) for c, text in enumerate(rows[0])]
    body = [[cell(text, c, styles.grid_center) for c, text in enumerate(row)] for row in rows[1:]]
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.name("song")),
                ("GRID", (0, 0), (-1, -1), RULE, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _story(summary: Summary, styles: Styles) -> list[Flowable]:
    width = frame_width(LANDSCAPE)
    story: list[Flowable] = [para(TITLE, styles.title, styles.fonts)]
    rows = [["序号", "单位", "年度", "自评得分", "等级", "复核得分", "复核等级", "执行率（%）", "错误", "警告", "状态"]]
    for i, unit in enumerate(summary.units, 1):
        row = unit.row
        state = unit.state + ("（重复）" if unit.duplicates else "")
        rows.append([
            str(i), row.unit, str(row.year), format_points(row.total), row.grade,
            format_points(unit.reviewed_total), unit.reviewed_grade or "", format_points(row.rate),
            str(row.errors), str(row.warnings), state,
        ])
    fractions = [0.06, 0.24, 0.06, 0.08, 0.06, 0.08, 0.08, 0.09, 0.06, 0.06, 0.13]
    # The unit's name and the grades' labels are the package's text.
    story.append(_grid(styles, rows, [width * f for f in fractions], free=(1, 4, 6)))
    story.append(Spacer(1, 6 * mm))
    grades = summary.grade_counts()
    story.append(
        _grid(
            styles,
            [list(grades), [str(n) for n in grades.values()]],
            [width / max(8, len(grades))] * len(grades),
            free=range(len(grades)),
        )
    )
    averages = summary.group_averages()
    if averages:
        story.append(Spacer(1, 6 * mm))
        table = [["一级指标", "分值", "平均得分", "单位数"]]
        table += [[g.name, format_points(g.weight), format_points(g.average), str(g.units)] for g in averages]
        story.append(_grid(styles, table, [width * 0.3, width * 0.12, width * 0.12, width * 0.12], free=(0,)))
    if summary.refused:
        story.append(Spacer(1, 6 * mm))
        table = [["无法读取的文件", "原因"]] + [[r.path, REFUSED_PREFIX + r.reason] for r in summary.refused]
        story.append(_grid(styles, table, [width * 0.45, width * 0.55], free=(0, 1)))
    return story
