"""Reading the Word and Excel exports back: a docx table's cells with their merged ranges, and
what the three-project package's indicator grids print, cell by cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docx.oxml.ns import qn
from docx.table import Table
from format2_support import three_projects_doc

from perfcore.money import format_number


@dataclass(frozen=True)
class Box:
    """A cell of a Word table as drawn: rows and grid columns it covers (inclusive) and its text."""

    top: int
    left: int
    bottom: int
    right: int
    text: str


def table_boxes(table: Table) -> list[Box]:
    """Every drawn cell of ``table``, from gridSpan (across) and vMerge (down), in reading order."""
    open_boxes: dict[int, int] = {}  # grid column → index into boxes of the box growing down there
    boxes: list[Box] = []
    for r, tr in enumerate(table._tbl.tr_lst):
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc_pr = tc.tcPr
            vmerge = None
            if tc_pr is not None:
                v = tc_pr.find(qn("w:vMerge"))
                if v is not None:
                    vmerge = v.get(qn("w:val")) or "continue"
            text = "\n".join(paragraph_text(p) for p in tc.iter(qn("w:p")))
            if vmerge == "continue" and column in open_boxes:
                i = open_boxes[column]
                b = boxes[i]
                boxes[i] = Box(b.top, b.left, r, b.right, b.text)
            else:
                boxes.append(Box(r, column, r, column + span - 1, text))
                open_boxes[column] = len(boxes) - 1
            column += span
    return boxes


def paragraph_text(p: object) -> str:
    """A paragraph's text as Word shows it: line breaks (``w:br``) as newlines."""
    out = []
    for element in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):  # type: ignore[attr-defined]
        if element.tag == qn("w:t"):
            out.append(element.text or "")
        else:
            out.append("\n" if element.tag == qn("w:br") else "\t")
    return "".join(out)


def box_at(boxes: list[Box], row: int, column: int) -> Box:
    return next(b for b in boxes if b.top <= row <= b.bottom and b.left <= column <= b.right)


def merged(boxes: list[Box]) -> set[tuple[int, int, int, int]]:
    """The ranges that cover more than one grid cell, as (top, left, bottom, right)."""
    return {(b.top, b.left, b.bottom, b.right) for b in boxes if (b.top, b.left) != (b.bottom, b.right)}


# ---------------------------------------------------------------- the three projects' grids

GRID_HEAD = (
    "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值",
    "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
)  # fmt: skip
"""The PDF's ten columns of the indicator grid, spelled out (the national form's)."""


def graded_projects_doc() -> dict[str, Any]:
    """The three-project package with a reason to print (markup and ``&`` literally), a rated
    leaf's 评价标准 (its 年度指标值) and a target entered as text."""
    doc = three_projects_doc()
    road, park, _ = doc["projects"]
    road["tree"][0]["children"][1]["children"][0]["reason"] = "雨季停工 <b>& 延误</b>"
    road["tree"][1]["children"][0]["criterion"] = "通行条件明显改善"
    park["tree"][0]["children"][0]["rule"]["target_text"] = "不少于5"
    return doc


PROJECT_GRIDS: dict[str, list[tuple[str, ...]]] = {
    # Scores as tests/test_format2_scoring.py works them out; 总分 includes the budget's points.
    "城区道路维修": [
        ("产出指标", "数量指标", "完成路段比例", "≥", "100", "%", "91.67", "30", "27.50", ""),
        ("产出指标", "时效指标", "平均维修天数", "≤", "5", "天", "4", "20", "20.00", "雨季停工 <b>& 延误</b>"),
        ("效益指标", "", "道路通行条件改善", "定性", "通行条件明显改善", "", "达成", "30", "27.00", ""),
        ("满意度指标", "", "群众满意度", "≥", "90", "%", "94", "10", "10.00", ""),
        ("总分", "100", "93.67", "自评等级：良"),
    ],
    "公园绿化": [
        ("产出指标", "", "新增绿化面积", "≥", "不少于5", "万平方米", "5.2", "50", "50.00", ""),
        ("效益指标", "", "生态环境改善", "定性", "", "", "部分达成", "30", "21.00", ""),
        ("满意度指标", "", "验收合格率", "=", "100", "%", "98", "10", "0.00", ""),
        ("总分", "100", "81.00", "自评等级：中"),
    ],
    "信息化建设": [
        ("产出指标", "", "建设成本", "≤", "10", "万元", "12", "50", "40.00", ""),
        ("效益指标", "", "办事效率提升", "定性", "", "", "未达成", "30", "", ""),
        ("满意度指标", "", "使用人员满意度", "≥", "90", "%", "", "10", "0.00", ""),
        ("总分", "100", "46.00", "自评等级：差（含未评分指标）"),
    ],
}  # fmt: skip
"""Each project's grid rows as printed, column by column of GRID_HEAD (group names repeated on
every row of their merged cell), then 总分 | 分值 | 得分 | grade."""


PROJECT_MONEY: dict[str, list[tuple[str, str, str, str]]] = {
    "城区道路维修": [
        ("年度资金总额", "100.00", "120.00", "110.00"),
        ("其中：本年财政拨款", "100.00", "100.00", "95.00"),
        ("上年结转资金", "0.00", "20.00", "15.00"),
    ],
    "公园绿化": [
        ("年度资金总额", "50.00", "50.00", "52.00"),
        ("其中：本年财政拨款", "50.00", "50.00", "52.00"),
    ],
    "信息化建设": [
        ("年度资金总额", "—", "35.00", "—"),
        ("其中：本年财政拨款", "30.00", "30.00", "24.00"),
        ("其他资金", "—", "5.00", "—"),
    ],
}  # fmt: skip
"""Each project's money block as the PDF prints it, top to bottom: label | 年初预算数 | 全年预算数 |
全年执行数 in 万元, 年度资金总额 first and the first budget line under it as ``其中：…``; an
unknown amount (and so the sum over it) is ``—``."""

PROJECT_BUDGET: dict[str, tuple[str, str, str]] = {
    "城区道路维修": ("10", "91.67%", "9.17"),
    "公园绿化": ("10", "104.00%", "10.00"),
    "信息化建设": ("10", "—", "6.00"),
}
"""分值 | 执行率 | 得分 of each project's budget, printed once beside all its money rows (信息化建设:
执行数 unknown, so no 执行率; its 得分 is the one entered)."""


MONEY_FORMAT = '[<=-0.005]#,##0.00;[<0.005]"0.00";#,##0.00'
SCORE_FORMAT = '[<=-0.005]0.00;[<0.005]"0.00";0.00'
"""The exports' number formats for money and for points: two places, and no negative zero."""

_SECTIONS = re.compile(r'\[<=-([0-9.]+)\](?P<figure>[#,0.%]+);\[<([0-9.]+)\]"(?P<zero>[0.%]+)";(?P=figure)')


def excel_shows(value: object, number_format: str) -> str:
    """A number cell as Excel shows it under the formats the exports write: ``General`` or the
    three sections of ``perfcore.office.text.fixed_format`` (below the negative half of the last
    place: the figure with its sign; up to the positive half: the zero text; above: the figure).
    The float's repr is read back as the exact decimal the export wrote and rounded half away
    from zero, as Excel rounds."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    number = Decimal(repr(value))
    if number_format == "General":
        return format_number(number.normalize())
    sections = _SECTIONS.fullmatch(number_format)
    assert sections is not None, number_format
    low, high = Decimal(sections.group(1)), Decimal(sections.group(3))
    assert low == high, number_format
    figure = sections.group("figure")
    if -high < number < high:
        return sections.group("zero")
    percent = figure.endswith("%")
    if percent:
        number *= 100
    places = len(figure.partition(".")[2].rstrip("%"))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:{',' if figure.startswith('#,') else ''}.{places}f}" + ("%" if percent else "")
