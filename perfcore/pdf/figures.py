"""基础数据表 (A4 portrait): the package's named base figures, printed when its ``forms`` lists
"figures".

序号 | 类别 | 项目 | 单位 | 本年数 (| 上年数, for a package carried from last year's, from
``previous.values``). A 类别 is merged down its consecutive rows; money is shown in 万元 as on 表1;
an unknown figure prints ``—``. The header row repeats on every page.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from perfcore.form_text import FIGURE_UNITS, FIGURES_HEADERS, UNIT_LABEL, figure_text, figures_title
from perfcore.model import Package
from perfcore.pdf.blocks import MIN_SPLIT, RULE, heading, labelled, three_lines
from perfcore.pdf.cells import Centred, FormTable, GroupMark
from perfcore.pdf.styles import Styles
from perfcore.pdf.text import para
from perfcore.pdf.windowed import Windowed

PAD = 3.0


def build(package: Package, styles: Styles, width: float) -> list[Flowable]:
    fonts = styles.fonts
    unit = labelled(UNIT_LABEL, package.unit_name, styles.unit_line, styles)
    out = heading("", figures_title(package), [unit], width, styles)

    previous = package.previous
    fixed = [12 * mm, 30 * mm, 0.0, 16 * mm, 26 * mm] + ([26 * mm] if previous is not None else [])
    fixed[2] = width - sum(fixed)
    headers = FIGURES_HEADERS if previous is not None else FIGURES_HEADERS[:-1]

    def centred(text: str, number: bool = False) -> list[Flowable]:
        return [Centred([para(text, styles.grid_number if number else styles.grid_center, fonts)])]

    header: list[object] = [[Centred([para(h, styles.grid_head, fonts)])] for h in headers]
    rows: list[list[object]] = []
    keys: list[Hashable] = []
    run = 0
    for n, figure in enumerate(package.figures, start=1):
        if n > 1 and figure.group != package.figures[n - 2].group:
            run += 1
        key: Hashable = ("group", run)
        label = [para(figure.group, styles.grid_center, fonts)]
        row: list[object] = [
            centred(str(n)),
            [GroupMark(key, label, label)],
            [Centred([para(figure.label or figure.key, styles.grid_text, fonts)])],
            centred(FIGURE_UNITS[figure.kind]),
            centred(figure_text(figure.kind, figure.value), number=True),
        ]
        if previous is not None:
            before = previous.values.get(figure.key)
            row.append(centred(figure_text(figure.kind, before), number=True))
        rows.append(row)
        keys.append(key)
    base: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.name("song")),
        ("BOX", (0, 0), (-1, -1), RULE, "black"),
        ("LINEAFTER", (0, 0), (-2, -1), RULE, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), RULE, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]

    def make(start: int, stop: int, lead: Sequence[object] | None) -> FormTable:
        """The header and ``rows[start:stop]``: one page's share of the table (windowed.py: a
        table of all figures split page by page cost time quadratic in their number; 4,000
        figures took 20 s)."""
        window = rows[start:stop]
        if lead is not None:
            window[0] = list(lead)
        cmds = list(base)
        for i in range(start, stop):
            # No rule between two rows of one 类别: its cell is merged down them.
            at = i - start + 1
            merged = i + 1 < len(keys) and keys[i + 1] == keys[i]
            cmds.append(("LINEBELOW", (2 if merged else 0, at), (-1, at), RULE, "black"))
            cmds.append(("LINEBELOW", (0, at), (0, at), RULE, "black"))
        table = FormTable([header, *window], colWidths=fixed, repeatRows=1, splitInRow=MIN_SPLIT)
        table.setStyle(cmds)
        table.page_rule = RULE
        table.min_part = three_lines(styles.grid_text, 7)
        return table

    out.append(Windowed(len(rows), make))
    return out
