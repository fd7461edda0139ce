"""表1 整体支出绩效自评报告 (A4 portrait), after the 2019 original."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from perfcore.budget_text import budget_points, wan
from perfcore.form_text import GOAL_NOTE, SECTIONS, SPENDING_NOTE, UNIT_LABEL, overall_title, people
from perfcore.model import Package
from perfcore.pdf.blocks import WithTail, closing, field_cell, form_grid, heading, label_cell, labelled, texts
from perfcore.pdf.cells import Centred
from perfcore.pdf.styles import PORTRAIT, Styles, frame_height
from perfcore.pdf.text import para, rich

LABEL_WIDTH = 34 * mm

def column_widths(width: float) -> list[float]:
    """Label column and two equal halves: the 审核意见 row splits the content side in two."""
    half = (width - LABEL_WIDTH) / 2
    return [LABEL_WIDTH, half, half]


def build(package: Package, styles: Styles, width: float) -> list[Flowable]:
    o = package.overall
    fonts = styles.fonts
    hei = fonts.name("hei")
    label_w, half, _ = column_widths(width)

    unit = labelled(UNIT_LABEL, package.unit_name, styles.unit_line, styles)
    out = heading("表1", overall_title(package), [unit], width, styles)

    # The unit-information rows have their own table: no span crosses a row that may split.
    staff = rich(
        [
            ("年末职工人数：", hei),
            (people(o.staff_actual), None),
            ("\n（人员编制：", None),
            (people(o.staff_quota), None),
            ("）", None),
        ],
        styles.cell_plain,
        fonts,
    )
    assets = rich(
        [
            ("年末资产总额：", hei),
            (wan(o.assets_total), None),
            ("；\n负债总额：", hei),
            (wan(o.liabilities_total), None),
        ],
        styles.cell_plain,
        fonts,
    )
    info = form_grid(
        [
            [
                [Centred(field_cell("部门（单位）名称", package.unit_name, styles))],
                [Centred(field_cell("单位负责人", o.head, styles))],
            ],
            [[Centred([staff])], [Centred([assets])]],
        ],
        [label_w + half, half],
        styles,
    )
    out.append(info)

    budget: list[Flowable] = [para(point, styles.cell_text, fonts) for point in budget_points(o, package.previous)]
    spending: list[Flowable] = []
    for title, attr in SECTIONS:
        spending.append(para(title, styles.cell_heading, fonts))
        spending.extend(texts(getattr(o, attr), styles))
    grid = form_grid(
        [
            [label_cell("年度预算\n收支情况", "", styles), budget],
            [label_cell("年度支出情况\n分析说明", SPENDING_NOTE, styles), spending],
            [label_cell("整体绩效目标\n完成情况", GOAL_NOTE, styles), texts(o.goal_completion, styles)],
        ],
        [label_w, width - label_w],
        styles,
    )
    end = closing(o.opinion_unit, o.opinion_office, o.filler, o.phone, o.filled_on, column_widths(width), styles)
    out.append(WithTail(grid, end, frame_height(PORTRAIT)))
    return out
