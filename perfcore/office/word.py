"""The forms as an editable Word document (python-docx), laid out like the PDF.

Each form is a real Word table with the paper form's merged cells: 表1 and 表2 are one grid of
three columns (row label | two halves, the halves merged except in the 审核意见 row and 表1's
unit rows), 表3 the nine-column indicator grid in a landscape section with 一级/二级 cells merged
down their rows, the header row repeated on every page and the 合计 row with total and grade.
Above each form its label (表1), title and 填报单位（盖章）, beside a blank square for the seal;
below 表1, 表2 and each 项目支出绩效自评表 the signature block, again beside a blank space for the
seal (a square; 35 mm tall on the short landscape page of a project, as in the PDF).

Pages are A4 with the GB/T 9704 margins (37/35 mm, binding 28 mm / outer 26 mm as mirrored
margins), page numbers ``— 1 —`` and the fingerprint in the footer. Fonts are named as Word on a
Chinese office PC knows them (仿宋_GB2312, 宋体, 黑体, 楷体_GB2312); the file embeds none. Every
user string is set as the text of a run, never read as markup.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from perfcore.budget_text import budget_points, wan
from perfcore.fingerprint import fingerprint
from perfcore.form_text import (
    GOAL_NOTE,
    INDICATOR_HEADERS,
    OVERVIEW_NOTE,
    PERFORMANCE_NOTE,
    PROCESS_LABEL,
    SECTIONS,
    SPENDING_NOTE,
    UNIT_LABEL,
    explanation_of,
    format_date,
    fund_title,
    funding_summary,
    grade_line,
    indicators_title,
    overall_title,
    people,
    points,
)
from perfcore.forms import ALL_FORMS, PROJECT_FORM, FormPart, package_parts
from perfcore.indicator_rows import group_runs, indicator_rows
from perfcore.model import Package, Project, SpecialFund
from perfcore.money import format_points, format_yuan
from perfcore.office.files import ExportInfo, Target, save
from perfcore.office.text import paragraphs, xml_safe
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
from perfcore.scoring import Scores, score_package
from perfcore.sums import fund_figures

FANG = "仿宋_GB2312"
SONG = "宋体"
HEI = "黑体"
KAI = "楷体_GB2312"
LATIN = "Times New Roman"

A4_SHORT, A4_LONG = Mm(210), Mm(297)
# GB/T 9704: top 37, bottom 35, binding 28, outer 26 mm (type area 156 × 225 mm); the landscape
# page turns the same type area on its side, as the PDF does (perfcore.pdf.styles).
PORTRAIT_MARGINS = (Mm(37), Mm(35), Mm(28), Mm(26))
LANDSCAPE_MARGINS = (Mm(28), Mm(30), Mm(37), Mm(35))
PORTRAIT_WIDTH_MM = 156.0
LANDSCAPE_WIDTH_MM = 225.0
LABEL_MM = 34.0
SEAL_MM = 46.0
MM_PT = 72 / 25.4
OPINION_MM = 40.0
INDICATOR_WIDTHS_MM = (17, 10, 19, 10, 25, 10, 62, 60, 12)
"""表3's nine columns, in mm of the 225 mm landscape type area (as the PDF)."""


@dataclass(frozen=True)
class Para:
    """One paragraph: a style and its runs of (text, East Asian font or None for the style's)."""

    style: str
    runs: Sequence[tuple[str, str | None]] = field(default_factory=tuple)
    hanging: float = 0
    """Points by which lines after the first are indented (a label's width: the value continues
    under itself)."""


def _labelled(label: str, value: str, style: str = "Unit Line", size: float = 14) -> Para:
    """``填报单位（盖章）：name``; a value too long for the line continues under itself."""
    return Para(style, ((label, HEI), (value, None)), hanging=_width(label, size))


def _width(text: str, size: float) -> float:
    """Width in points of a short label: full-width characters are one em, others half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size / 2 for ch in text)


def _text_paras(text: str, style: str = "Cell Text") -> list[Para]:
    """A user text, one Word paragraph per line; blank lines stay (they keep their height)."""
    return [Para(style, ((line, None),)) for line in paragraphs(text)] if text.strip() else []


# ---------------------------------------------------------------- styles and fonts


def _style_id(name: str) -> str:
    """The id Word files a style of ours under (python-docx drops the spaces of its name)."""
    return name.replace(" ", "")



def _east_asian(element_rpr: object, font: str) -> None:
    rfonts = element_rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    rfonts.set(qn("w:eastAsia"), font)


@dataclass(frozen=True)
class _Style:
    name: str
    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH
    leading: float | None = None
    """Exact line height in points; None: single spacing."""
    first_indent: float = 0
    before: float = 0
    after: float = 0
    latin: str = LATIN
    """The font of Latin letters, digits and signs such as ``≥`` (Word picks it for them)."""


def _add_style(doc: DocxDocument, spec: _Style) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle) and style.style_id == _style_id(spec.name)
    style.base_style = doc.styles["Normal"]
    style.font.name = spec.latin
    style.font.size = Pt(spec.size)
    _east_asian(style.element.get_or_add_rPr(), spec.font)
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.first_line_indent = Pt(spec.first_indent) if spec.first_indent else None
    if spec.leading is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec.leading)
    fmt.widow_control = False


_LEFT, _CENTER, _JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
_CELL = 12.0  # 小四, as the PDF
_GRID_SIZE = 10.0
STYLES = (
    _Style("Form Label", HEI, 14, _LEFT, after=2),
    _Style("Form Title", HEI, 20, _CENTER, before=4, after=10),
    _Style("Unit Line", FANG, 14, _LEFT, leading=22),
    _Style("Cell Label", HEI, _CELL, _CENTER, leading=18),
    _Style("Cell Note", FANG, 9, _CENTER, leading=13, before=3),
    _Style("Cell Text", FANG, _CELL, _JUSTIFY, leading=20, first_indent=2 * _CELL),
    _Style("Cell Plain", FANG, _CELL, _LEFT, leading=20),
    _Style("Cell Heading", KAI, _CELL, _LEFT, leading=20, first_indent=2 * _CELL),
    _Style("Signature", FANG, 14, _LEFT, leading=26),
    _Style("Grid Head", HEI, _GRID_SIZE, _CENTER, leading=13),
    _Style("Grid Text", SONG, _GRID_SIZE, _JUSTIFY, leading=14),
    # A formula without break opportunities would stretch a justified line apart.
    _Style("Grid Process", SONG, _GRID_SIZE, _LEFT, leading=14),
    _Style("Grid Center", SONG, _GRID_SIZE, _CENTER, leading=14),
    # 指标性质: ≥ and ≤ in the Chinese face, full-width as on the PDF (Times draws them small).
    _Style("Grid Sign", SONG, _GRID_SIZE, _CENTER, leading=14, latin=SONG),
    _Style("Items Text", FANG, 10.5, _LEFT, leading=15),
    _Style("Items Number", FANG, 10.5, WD_ALIGN_PARAGRAPH.RIGHT, leading=15),
    _Style("Page Number", SONG, 14, _CENTER),
    _Style("Foot Caption", SONG, 7, _CENTER),
    _Style("End", SONG, 1, _LEFT, leading=1),
)
_BY_ID = {_style_id(style.name): style for style in STYLES}


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = LATIN
    normal.font.size = Pt(12)
    _east_asian(normal.element.get_or_add_rPr(), FANG)
    normal.paragraph_format.space_after = Pt(0)
    for style in STYLES:
        _add_style(doc, style)


def _run(paragraph: Paragraph, text: str, font: str | None = None) -> Run:
    run = paragraph.add_run(xml_safe(text))
    if font is not None:
        _east_asian(run._r.get_or_add_rPr(), font)
    return run


def _set_style(paragraph: Paragraph, name: str) -> None:
    # By id: python-docx looks a style up by name with an XPath search each time (10 ms a paragraph).
    paragraph._p.style = _style_id(name)


def _write(paragraph: Paragraph, para: Para) -> None:
    _set_style(paragraph, para.style)
    if para.hanging:
        paragraph.paragraph_format.left_indent = Pt(para.hanging)
        paragraph.paragraph_format.first_line_indent = Pt(-para.hanging)
    for text, font in para.runs:
        _run(paragraph, text, font)


def _fill(cell: _Cell, paras: Sequence[Para], valign: WD_CELL_VERTICAL_ALIGNMENT | None = None) -> None:
    """Put ``paras`` into an empty cell (its first, empty paragraph takes the first of them)."""
    if valign is not None:
        cell.vertical_alignment = valign
    if not paras:
        _set_style(cell.paragraphs[0], "Cell Plain")
        return
    _write(cell.paragraphs[0], paras[0])
    for para in paras[1:]:
        _write(cell.add_paragraph(), para)


# ---------------------------------------------------------------- tables


def _merge_down(cells: Sequence[Sequence[_Cell]], first: int, last: int, column: int) -> None:
    """Rows ``first`` to ``last`` of one column as one cell, as python-docx's ``merge`` makes it
    (``w:vMerge`` restart on the top cell, continue below, any content below moved up), without
    its recursion of one call per row, which ended the Word export of a group of about 1,000
    indicators with RecursionError, nor its search of the table for each row below."""
    top = cells[first][column]._tc
    below = [cells[r][column]._tc for r in range(first + 1, last + 1)]
    if not below:
        return
    if any(tc.grid_span != 1 for tc in (top, *below)):
        cells[first][column].merge(cells[last][column])  # a span across columns: python-docx's
        return
    top.vMerge = ST_Merge.RESTART
    for tc in below:
        tc._move_content_to(top)
        tc.vMerge = ST_Merge.CONTINUE


def _table(container: DocxDocument | _Cell, rows: int, widths_mm: Sequence[float], grid: bool = True) -> Table:
    table = container.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _cell_margins(table: Table, side: Length) -> None:
    """Narrow left and right cell padding: 表3's narrow columns need the room (as in the PDF)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        mar = OxmlElement(f"w:{edge}")
        mar.set(qn("w:w"), str(int(side.twips)))
        mar.set(qn("w:type"), "dxa")
        margins.append(mar)
    table._tbl.tblPr.append(margins)


def _min_height(row: _Row, height: Length) -> None:
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _repeat_header(row: _Row) -> None:
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


KEEP_WHOLE_MM = 50.0
"""A table row estimated shorter than this is never broken across pages (``w:cantSplit``): the
page break falls between rows, so a label never sits on one page and its short text on the next.
A taller row — a long text — may break, as Word users expect (forbidding it would make Word cut
the row off at the bottom of the page); what it continues is said by the repeated header rows
(表3, 支出明细) or by its own text."""
CELL_PADDING_MM = 3.8
"""Left plus right padding of a cell (Word's default 1.9 mm each; our narrow grids use less)."""


def _text_width(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.55 for ch in text)


def _estimated_height(tr: BaseOxmlElement) -> float:
    """A row's height in points as Word will about lay it out: each cell's paragraphs wrapped to
    the cell's width in their style's size and leading; at least the row's set height."""
    tallest = 0.0
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is not None:
        height = tr_pr.find(qn("w:trHeight"))
        if height is not None:
            tallest = int(height.get(qn("w:val"), "0")) / 20
    for tc in tr.findall(qn("w:tc")):
        width = tc.width
        room = max((width.pt if width is not None else 100.0) - CELL_PADDING_MM * MM_PT, 10.0)
        total = 0.0
        for p in tc.iter(qn("w:p")):
            style = _BY_ID.get(p.style or "", _BY_ID["CellPlain"])
            leading = style.leading if style.leading is not None else style.size * 1.3
            text = "".join(
                "\n" if e.tag == qn("w:br") else (e.text or "") for e in p.iter(qn("w:t"), qn("w:br"))
            )
            lines = 0
            for n, line in enumerate(text.split("\n")):
                indent = style.first_indent if n == 0 else 0
                lines += max(1, math.ceil((_text_width(line, style.size) + indent) / room))
            total += lines * leading + style.before + style.after
        tallest = max(tallest, total)
    return tallest


def _keep_short_rows(doc: DocxDocument) -> None:
    """``w:cantSplit`` on every row of every table (nested ones too) shorter than KEEP_WHOLE_MM."""
    for tbl in doc.element.body.iter(qn("w:tbl")):
        for tr in tbl.findall(qn("w:tr")):
            if _estimated_height(tr) < KEEP_WHOLE_MM * MM_PT:
                tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _label(text: str, note: str = "") -> list[Para]:
    out = [Para("Cell Label", ((text, None),))]
    if note:
        out.append(Para("Cell Note", ((note, None),)))
    return out


def _field_label(label: str, value: str) -> Para:
    """``单位负责人：凌江鹏``: the label in 黑体, the value as typed."""
    return Para("Cell Plain", ((f"{label}：", HEI), (value, None)))


def _seal_beside(doc: DocxDocument, paras: Sequence[Para], width_mm: float, height_mm: float = SEAL_MM) -> None:
    """``paras`` on the left, a free space for the seal on the right (no borders), SEAL_MM wide
    and ``height_mm`` tall (a square unless the form says otherwise)."""
    table = _table(doc, 1, (width_mm - SEAL_MM, SEAL_MM), grid=False)
    _min_height(table.rows[0], Mm(height_mm))
    _fill(table.rows[0].cells[0], paras, WD_CELL_VERTICAL_ALIGNMENT.CENTER)


def _heading_beside_seal(
    doc: DocxDocument, label: str, title: str, paras: Sequence[Para], width_mm: float, new_page: bool
) -> None:
    """Label, title and ``paras`` with the seal's square reaching up beside the title, as the PDF
    does where the centred title leaves the square's width free (landscape): it saves a band of
    white on the form's first page."""
    if _width(title, 20) / 2 + SEAL_MM * MM_PT > width_mm * MM_PT / 2:
        _heading(doc, label, title, new_page)
        _seal_beside(doc, paras, width_mm)
        return
    if new_page:
        doc.add_paragraph(style="End").paragraph_format.page_break_before = True
    table = _table(doc, 3 if label else 2, (width_mm - SEAL_MM, SEAL_MM), grid=False)
    rows = table.rows
    if label:
        _fill(rows[0].cells[0], [Para("Form Label", ((label, None),))])
    title_row, lines_row = rows[-2], rows[-1]
    _fill(title_row.cells[0], [Para("Form Title", ((title, None),))])
    title_row.cells[0].merge(title_row.cells[1])
    # Label (14 pt) and title (20 pt with 14 pt of space) take about 20 mm of the square's height.
    _min_height(lines_row, Mm(SEAL_MM - (20 if label else 13)))
    _fill(lines_row.cells[0], paras, WD_CELL_VERTICAL_ALIGNMENT.CENTER)


def _heading(doc: DocxDocument, label: str, title: str, new_page: bool) -> None:
    """The form's label (none on a project form) and its title."""
    if label:
        form_label = doc.add_paragraph(style="Form Label")
        _run(form_label, label)
        form_label.paragraph_format.page_break_before = new_page
    form_title = doc.add_paragraph(style="Form Title")
    _run(form_title, title)
    if not label:
        form_title.paragraph_format.page_break_before = new_page


def _closing(
    doc: DocxDocument,
    table: Table,
    row: int,
    holder: OpinionsAndSignatures,
) -> None:
    cells = table.rows[row].cells
    _min_height(table.rows[row], Mm(OPINION_MM))
    _fill(cells[0], _label("审核意见"), WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    for cell, label, text in (
        (cells[1], "填报单位意见", holder.opinion_unit),
        (cells[2], "业务股室意见", holder.opinion_office),
    ):
        _fill(cell, [Para("Cell Plain", ((f"{label}：", HEI),)), *_text_paras(text)])
    _keep_with_next(table.rows[row])
    _signatures(doc, holder.filler, holder.phone, holder.filled_on, PORTRAIT_WIDTH_MM)


def _keep_with_next(row: _Row) -> None:
    """The signatures never open a page without the opinions above them (as in the PDF); a short
    row is also kept whole (:func:`_keep_short_rows`)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _signatures(
    doc: DocxDocument, filler: str, phone: str, filled_on: str, width_mm: float, seal_mm: float = SEAL_MM
) -> None:
    """填报人, 联系电话, 填报日期 beside a blank space for the seal ``seal_mm`` tall; blanks leave
    room to write."""
    blank = "　" * 6
    _seal_beside(
        doc,
        [
            Para("Signature", (("填报人：", None), (filler or blank, None))),
            Para("Signature", (("联系电话：", None), (phone or blank, None))),
            Para("Signature", (("填报日期：", None), (format_date(filled_on), None))),
        ],
        width_mm,
        seal_mm,
    )


@dataclass(frozen=True)
class OpinionsAndSignatures:
    opinion_unit: str
    opinion_office: str
    filler: str
    phone: str
    filled_on: str


def _form_columns() -> tuple[float, float, float]:
    half = (PORTRAIT_WIDTH_MM - LABEL_MM) / 2
    return (LABEL_MM, half, half)


# ---------------------------------------------------------------- 表1


def _overall(doc: DocxDocument, package: Package, new_page: bool) -> None:
    o = package.overall
    _heading(doc, "表1", overall_title(package), new_page)
    _seal_beside(doc, [_labelled(UNIT_LABEL, package.unit_name)], PORTRAIT_WIDTH_MM)

    table = _table(doc, 6, _form_columns())
    rows = table.rows
    _fill(rows[0].cells[0], [_field_label("部门（单位）名称", package.unit_name)], WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _fill(rows[0].cells[2], [_field_label("单位负责人", o.head)], WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    staff = Para(
        "Cell Plain",
        (("年末职工人数：", HEI), (people(o.staff_actual), None), (f"\n（人员编制：{people(o.staff_quota)}）", None)),
    )
    assets = Para(
        "Cell Plain",
        (
            ("年末资产总额：", HEI),
            (wan(o.assets_total), None),
            ("；\n负债总额：", HEI),
            (wan(o.liabilities_total), None),
        ),
    )
    _fill(rows[1].cells[0], [staff], WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _fill(rows[1].cells[2], [assets], WD_CELL_VERTICAL_ALIGNMENT.CENTER)

    _fill(rows[2].cells[0], _label("年度预算\n收支情况"), WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _fill(rows[2].cells[1], [Para("Cell Text", ((point, None),)) for point in budget_points(o, package.previous)])
    _fill(rows[3].cells[0], _label("年度支出情况\n分析说明", SPENDING_NOTE), WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    spending: list[Para] = []
    for title, attr in SECTIONS:
        spending.append(Para("Cell Heading", ((title, None),)))
        spending.extend(_text_paras(getattr(o, attr)))
    _fill(rows[3].cells[1], spending)
    _fill(rows[4].cells[0], _label("整体绩效目标\n完成情况", GOAL_NOTE), WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _fill(rows[4].cells[1], _text_paras(o.goal_completion))
    _closing(
        doc, table, 5, OpinionsAndSignatures(o.opinion_unit, o.opinion_office, o.filler, o.phone, o.filled_on)
    )
    # Merged last: a merge joins the cells' contents, and the second halves are empty.
    for r in (0, 1):
        rows[r].cells[0].merge(rows[r].cells[1])
    for r in (2, 3, 4):
        rows[r].cells[1].merge(rows[r].cells[2])


# ---------------------------------------------------------------- 表2


def _items(cell: _Cell, fund: SpecialFund, width_mm: float) -> None:
    number_mm, amount_mm = 12.0, 32.0
    table = _table(cell, len(fund.items) + 2, (number_mm, width_mm - number_mm - amount_mm, amount_mm))
    rows = iter(table.rows)

    def row(*texts: tuple[str, str]) -> None:
        cells = next(rows).cells
        for c, (text, style) in zip(cells, texts, strict=True):
            _fill(c, [Para(style, ((text, None),))], WD_CELL_VERTICAL_ALIGNMENT.CENTER)

    header = next(iter(table.rows))
    _repeat_header(header)
    row(("序号", "Grid Head"), ("支出内容", "Grid Head"), ("金额（元）", "Grid Head"))
    for n, item in enumerate(fund.items, start=1):
        row((str(n), "Grid Center"), (item.name, "Items Text"), (format_yuan(item.amount, "—", True), "Items Number"))
    total = fund_figures(fund).items_total
    row(("", "Grid Center"), ("合计", "Grid Center"), (format_yuan(total, "—", True), "Items Number"))


def _fund(doc: DocxDocument, package: Package, fund: SpecialFund, new_page: bool) -> None:
    _heading(doc, "表2", fund_title(package), new_page)
    _seal_beside(
        doc,
        [
            _labelled(UNIT_LABEL, package.unit_name),
            _labelled("专项资金名称：", fund.name),
        ],
        PORTRAIT_WIDTH_MM,
    )
    table = _table(doc, 5, _form_columns())
    rows = table.rows
    middle = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _fill(rows[0].cells[0], _label("项目概况", OVERVIEW_NOTE), middle)
    _fill(rows[0].cells[1], _text_paras(fund.overview))
    _fill(rows[1].cells[0], _label("专项资金投入\n和使用情况"), middle)
    funding = rows[1].cells[1]
    _fill(funding, [*_text_paras(fund.funding_text), Para("Cell Text", ((funding_summary(fund), None),))])
    _fill(rows[2].cells[0], _label("项目组织\n实施情况"), middle)
    _fill(rows[2].cells[1], _text_paras(fund.implementation))
    _fill(rows[3].cells[0], _label("项目绩效情况", PERFORMANCE_NOTE), middle)
    _fill(rows[3].cells[1], _text_paras(fund.performance))
    _closing(
        doc,
        table,
        4,
        OpinionsAndSignatures(fund.opinion_unit, fund.opinion_office, fund.filler, fund.phone, fund.filled_on),
    )
    for r in range(4):
        rows[r].cells[1].merge(rows[r].cells[2])
    if fund.items:
        # The items table goes into the merged cell, whose width is both halves less its padding.
        _items(rows[1].cells[1], fund, PORTRAIT_WIDTH_MM - LABEL_MM - 4)


# ---------------------------------------------------------------- 表3


def _indicators(doc: DocxDocument, package: Package, scores: Scores, new_page: bool) -> None:
    ind = package.indicators
    lines_: list[Para] = [
        _labelled(UNIT_LABEL, package.unit_name),
        Para("Unit Line", (("填报单位意见：", HEI),)),
        *_text_paras(ind.opinion_unit),
    ]
    _heading_beside_seal(doc, "表3", indicators_title(package), lines_, LANDSCAPE_WIDTH_MM, new_page)

    rows = indicator_rows(ind.tree)
    scale = LANDSCAPE_WIDTH_MM / sum(INDICATOR_WIDTHS_MM)
    table = _table(doc, len(rows) + 2, [w * scale for w in INDICATOR_WIDTHS_MM])
    _cell_margins(table, Mm(1))
    table_rows = list(table.rows)
    header = table_rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, INDICATOR_HEADERS, strict=True):
        _fill(cell, [Para("Grid Head", ((text, None),))], WD_CELL_VERTICAL_ALIGNMENT.CENTER)

    middle = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cells = [table_row.cells for table_row in table_rows]

    def centred(text: str) -> list[Para]:
        return [Para("Grid Center", ((text, None),))]

    for i, row in enumerate(rows, start=1):
        leaf = row.leaf
        result = scores.leaves.get(leaf.uid)
        final = result.final if result is not None else leaf.score
        parts = explanation_of(leaf, result)
        explanation = _text_paras(parts.explanation, "Grid Text") + _text_paras(parts.note, "Grid Text")
        if parts.process:
            explanation.append(Para("Grid Process", ((PROCESS_LABEL, HEI), (parts.process, None))))
        c = cells[i]
        _fill(c[4], centred(row.name), middle)
        _fill(c[5], centred(points(leaf.weight)), middle)
        _fill(c[6], _text_paras(leaf.criterion, "Grid Text"))
        _fill(c[7], explanation)
        _fill(c[8], centred(format_points(final)), middle)
    for level, column in ((1, 0), (2, 2)):
        for run in group_runs(rows, level):
            first, last = run.first + 1, run.last + 1
            _fill(cells[first][column], centred(run.group.name), middle)
            _fill(cells[first][column + 1], centred(points(run.group.weight)), middle)
            if last > first:
                _merge_down(cells, first, last, column)
                _merge_down(cells, first, last, column + 1)

    total = cells[-1]
    total_weight = sum((n.weight for n in ind.tree), Decimal(0))
    _fill(total[0], [Para("Grid Head", (("合　计", None),))], middle)
    _fill(total[5], centred(points(total_weight)), middle)
    _fill(total[6], [Para("Grid Head", ((grade_line(scores.grade, scores.complete), None),))], middle)
    _fill(total[8], centred(format_points(scores.total)), middle)
    total[0].merge(total[4])
    total[6].merge(total[7])
    # The total is never left alone at the top of a page: the last indicator row keeps with it,
    # through its own cells. (Its first cell is mostly a continuation of an 一级 merged down:
    # python-docx answers that with the group's top cell, found by a recursion per row above,
    # so the flag went to the group's first row and a group of ~1,000 rows ended the export.)
    for cell in cells[-2][4:]:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


PROJECT_WIDTHS_MM = (20, 24, 30, 12, 24, 17, 24, 12, 15, 47)
"""The project form's ten columns (INDICATOR_COLUMNS, as the PDF), in mm of the 225 mm landscape
type area: 指标性质 holds ``≥`` or ``定性``, 度量单位 a short unit (``万平方米`` wraps), 得分 ``100.00``;
the second holds the money rows' labels too (``年度资金总额`` on one line)."""
PROJECT_OPINION_MM = 30.0
"""The least height of a project's 填报单位意见 row: room to write and stamp the opinion by hand
(as the PDF's ``perfcore.pdf.project.PROJECT_OPINION_HEIGHT``)."""
PROJECT_SEAL_MM = 35.0
"""Height of the seal's space beside a project's signatures, as the PDF's
``perfcore.pdf.project.PROJECT_SEAL_HEIGHT`` (less than 表1's 46 mm square: a 42 mm round seal
stamped over the three lines overlaps what is above and below, and the landscape page is short)."""
DEPARTMENT_SPANS = ((1, 4), (5, 6), (7, 9))
"""主管部门's value, the label 实施单位 and its value beside it (the label over 全年执行数, as the PDF)."""
MONEY_SPANS = ((2, 2), (3, 4), (5, 6), (7, 7), (8, 8), (9, 9))
"""The grid columns under each of PROJECT_BLOCK_LABELS (a money row's label is in column 1, beside
MONEY_LABEL merged down column 0)."""
GOALS_SPANS = ((0, 1), (2, 5), (6, 9))
"""年度总体目标, 预期目标 and 实际完成情况 over the grid's columns (the label over two: ``年度总体目标``
on one line)."""


def _project(doc: DocxDocument, package: Package, project: Project, scores: Scores, new_page: bool) -> None:
    """One 项目支出绩效自评表 as one table: 项目名称, 主管部门 | 实施单位, the money block (万元, the rows of
    :func:`~perfcore.project_text.budget_rows`), 年度总体目标, the indicator grid of the PDF's ten
    columns with 一级/二级 cells merged down their rows, 总分 with the grade and the closing rows;
    then the signatures beside the seal's space, kept with the last closing row."""
    _heading_beside_seal(
        doc, "", project_title(package), [_labelled(UNIT_LABEL, package.unit_name)], LANDSCAPE_WIDTH_MM, new_page
    )
    result = scores.of_project(project)
    money = budget_rows(project, result.budget)
    rows = indicator_rows(project.tree)
    values = indicator_values(rows, scores)
    money_at = 2
    goals_at = money_at + 1 + len(money)
    grid_at = goals_at + 2
    total_at = grid_at + 1 + len(rows)
    table = _table(doc, total_at + 1 + len(CLOSING_TEXTS), PROJECT_WIDTHS_MM)
    _cell_margins(table, Mm(1))
    cells = [table_row.cells for table_row in table.rows]
    middle = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def centred(text: str) -> list[Para]:
        return [Para("Grid Center", ((text, None),))]

    def head(text: str) -> list[Para]:
        return [Para("Grid Head", ((text, None),))]

    def grid(text: str, style: str = "Grid Center") -> list[Para]:
        """A user text in ``style``; an empty cell keeps the style's height (not Cell Plain's)."""
        return _text_paras(text, style) or [Para(style)]

    def put(r: int, span: tuple[int, int], paras: list[Para], valign: WD_CELL_VERTICAL_ALIGNMENT | None = middle) -> None:
        first, last = span
        _fill(cells[r][first], paras, valign)
        if last > first:
            cells[r][first].merge(cells[r][last])

    put(0, (0, 0), head("项目名称"))
    put(0, (1, 9), grid(project.name, "Grid Text"))
    # 主管部门 and 实施单位 side by side, 实施单位 over 全年执行数, as on the PDF.
    department, implementer_label, implementer = DEPARTMENT_SPANS
    put(1, (0, 0), head("主管部门"))
    put(1, department, grid(project.department, "Grid Text"))
    put(1, implementer_label, head("实施单位"))
    put(1, implementer, grid(project.implementer, "Grid Text"))
    # 项目资金（万元） merged down the first column beside the heads and the money rows, the rows'
    # labels in the second (its head left blank), as on the PDF.
    put(money_at, (0, 0), [Para("Grid Head", ((line, None),)) for line in MONEY_LABEL.split("\n")])
    _merge_down(cells, money_at, money_at + len(money), 0)
    _fill(cells[money_at][1], [Para("Grid Head")])
    for span, text in zip(MONEY_SPANS, PROJECT_BLOCK_LABELS, strict=True):
        put(money_at, span, head(text))
    initial, full, executed, weight_at, rate_at, score_at = MONEY_SPANS
    for i, line in enumerate(money):
        r = money_at + 1 + i
        put(r, (1, 1), centred(line.shown))
        for span, amount in ((initial, line.initial), (full, line.full), (executed, line.executed)):
            put(r, span, centred(money_text(amount)))
    # The budget's 分值, 执行率 and 得分 beside all its rows (年度资金总额 first), as on the PDF.
    for (column, _), text in (
        (weight_at, points(project.budget.weight)),
        (rate_at, rate_text(result.budget.rate)),
        (score_at, format_points(result.budget.final)),
    ):
        _fill(cells[money_at + 1][column], centred(text), middle)
        if len(money) > 1:
            _merge_down(cells, money_at + 1, money_at + len(money), column)
    goals_label, expected, actual = GOALS_SPANS
    put(goals_at, expected, head("预期目标"))
    put(goals_at, actual, head("实际完成情况"))
    put(goals_at + 1, expected, grid(project.goals.expected, "Grid Text"), None)
    put(goals_at + 1, actual, grid(project.goals.actual, "Grid Text"), None)
    _fill(cells[goals_at][goals_label[0]], head("年度总体目标"), middle)
    cells[goals_at][goals_label[0]].merge(cells[goals_at + 1][goals_label[1]])
    for cell, text in zip(cells[grid_at], INDICATOR_COLUMNS, strict=True):
        _fill(cell, head(text), middle)
    for i, (row, shown) in enumerate(zip(rows, values, strict=True)):
        c = cells[grid_at + 1 + i]
        _fill(c[2], centred(row.name), middle)
        _fill(c[3], [Para("Grid Sign", ((shown.nature, None),))], middle)
        _fill(c[4], grid(shown.target_value), middle)
        _fill(c[5], centred(shown.unit), middle)
        _fill(c[6], grid(shown.actual_value), middle)
        _fill(c[7], centred(points(row.leaf.weight)), middle)
        _fill(c[8], centred(format_points(shown.final)), middle)
        _fill(c[9], grid(shown.reason, "Grid Text"))
    for level, column in ((1, 0), (2, 1)):
        for run in group_runs(rows, level):
            first, last = grid_at + 1 + run.first, grid_at + 1 + run.last
            _fill(cells[first][column], centred(run.group.name), middle)
            _merge_down(cells, first, last, column)
    total = cells[total_at]
    weight = project.budget.weight + sum((n.weight for n in project.tree), Decimal(0))
    _fill(total[7], centred(points(weight)), middle)
    _fill(total[8], centred(format_points(result.total)), middle)
    _fill(total[9], head(grade_line(result.grade, result.complete)), middle)
    put(total_at, (0, 6), head("总　分"))
    # 总分 is never alone at the top of a page (as in the PDF): the last indicator row keeps with
    # it, through its own cells (an 一级/二级 cell merged down is shared with the rows above).
    if rows:
        for cell in cells[total_at - 1][2:]:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    # 自评结论, 存在的问题, 改进措施, 填报单位意见: label over the first two columns (as 年度总体目标),
    # the text over the rest, in the PDF's faces for them (the label 黑体 and the text 仿宋 小四,
    # indented, as 表1's rows: larger than the grid's). They flow like the rows above (a page may
    # break between them, and a long one may break inside, _keep_short_rows); only the last keeps
    # the signatures with it.
    for r, (label, attr) in enumerate(CLOSING_TEXTS, start=total_at + 1):
        _fill(cells[r][0], _label(label), middle)
        _fill(cells[r][2], _text_paras(getattr(project, attr)))
        cells[r][0].merge(cells[r][1])
        cells[r][2].merge(cells[r][-1])
    _min_height(table.rows[-1], Mm(PROJECT_OPINION_MM))
    _keep_with_next(table.rows[-1])
    _signatures(doc, project.filler, project.phone, project.filled_on, LANDSCAPE_WIDTH_MM, PROJECT_SEAL_MM)


# ---------------------------------------------------------------- page set-up


def _page(section: Section, landscape: bool) -> None:
    top, bottom, left, right = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    section.header_distance = Mm(15)
    section.footer_distance = Mm(18)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word and LibreOffice fill it in when they lay the pages out."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = placeholder
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _footer(section: Section, caption: str) -> None:
    footer = section.footer
    number = footer.paragraphs[0]
    number.style = "Page Number"
    _run(number, "— ")
    _field(number, "PAGE", "1")
    _run(number, " —")
    foot = footer.add_paragraph(style="Foot Caption")
    _run(foot, f"{caption}　第 ")
    _field(foot, "PAGE", "1")
    _run(foot, " 页 共 ")
    _field(foot, "NUMPAGES", "1")
    _run(foot, " 页")


def _mirror_margins(doc: DocxDocument) -> None:
    """Binding side alternates (left on odd pages) so that double-sided copies bind alike."""
    settings = doc.settings.element
    mark = OxmlElement("w:mirrorMargins")
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.addnext(mark)
    else:
        settings.insert(0, mark)


def build_document(package: Package, scores: Scores, parts: Sequence[FormPart], caption: str) -> DocxDocument:
    """The Word document of ``parts`` (in order); ``caption`` is the footer's line with the fingerprint."""
    doc = Document()
    _styles(doc)
    _mirror_margins(doc)
    section = doc.sections[0]
    first_landscape = bool(parts) and parts[0].form in (3, PROJECT_FORM)
    _page(section, first_landscape)
    _footer(section, caption)
    landscape = first_landscape
    first = True
    for part in parts:
        wide = part.form in (3, PROJECT_FORM)
        if not first and wide != landscape:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page(section, wide)
            landscape = wide
            page_break = False
        else:
            page_break = not first
        if part.form == 1:
            _overall(doc, package, page_break)
        elif part.project is not None:
            _project(doc, package, part.project, scores, page_break)
        elif part.fund is not None:
            _fund(doc, package, part.fund, page_break)
        else:
            _indicators(doc, package, scores, page_break)
        first = False
    _keep_short_rows(doc)
    # Word ends a document that ends with a table with a paragraph of its own; a tiny one here
    # cannot spill onto a blank page.
    doc.add_paragraph(style="End")
    return doc


PROPERTY_CHARS = 255
"""What a Word document property holds (python-docx refuses more: a long unit name ended 导出 Word)."""


def _property(text: str) -> str:
    """A document property's text, cut to what the property holds with a visible ……."""
    text = xml_safe(text)
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 2] + "……"


def export_docx(
    package: Package, out: Target, forms: Iterable[int] = ALL_FORMS, scores: Scores | None = None
) -> ExportInfo:
    """Write ``forms`` of ``package`` as a Word document to ``out`` (a path or a binary stream).

    Raises :class:`~perfcore.forms.FormsError` for a choice with nothing in it.
    """
    parts = package_parts(package, forms)
    if scores is None:
        scores = score_package(package)
    mark = fingerprint(package)
    doc = build_document(package, scores, parts, f"{package.year}年度绩效自评　校验码 {mark}")
    props = doc.core_properties
    props.title = _property(f"{package.unit_name}{package.year}年度绩效自评报告")
    props.author = _property(package.unit_name)
    props.subject = f"校验码 {mark}"
    props.identifier = mark
    props.keywords = f"绩效自评 {package.year} 校验码 {mark}"
    props.comments = "由绩效自评填报程序生成；修改后校验码不再与报告文件对应。"
    props.last_modified_by = "perf-filing"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    props.revision = 1
    save(out, lambda target: doc.save(target))
    return ExportInfo(mark, tuple(sorted({p.form for p in parts if p.form != PROJECT_FORM})))
