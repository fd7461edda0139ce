"""失分说明: the optional appendix after the forms (``perfcore pdf --explain``).

It is a page of its own after the last form, never part of a stamped form: it says so at
its head, and has no seal square or signature block. Each lost point is a numbered block —
the indicator, its weight, final and loss, why, and what would have given the full weight —
made of paragraphs only, so that any length of text splits across pages.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from perfcore.explain import Explanation
from perfcore.explain.cli import summary_line
from perfcore.model import Package
from perfcore.money import format_points
from perfcore.pdf.styles import Styles
from perfcore.pdf.text import para, paragraphs, rich

TITLE = "失分说明"
NOT_A_FORM = "（本页为得分情况的说明，供填报单位核对，不属于上报报表，无需盖章。）"


def build(package: Package, explanation: Explanation, styles: Styles) -> list[Flowable]:
    fonts = styles.fonts
    hei = fonts.name("hei")
    out: list[Flowable] = [
        para(TITLE, styles.title, fonts),
        para(f"填报单位：{package.unit_name}　{package.year}年度", styles.unit_line, fonts),
        para(NOT_A_FORM, styles.cell_label_note, fonts),
        Spacer(1, 3 * mm),
        para(summary_line(explanation), styles.cell_plain, fonts),
        Spacer(1, 2 * mm),
    ]
    if not explanation.lost:
        out.append(para("各指标均得满分。", styles.cell_plain, fonts))
    for number, loss in enumerate(explanation.by_size, start=1):
        final = "未评分" if loss.final is None else format_points(loss.final)
        head = rich(
            [
                (f"{number}．{loss.name}" + ("" if loss.form == "表3" else f"（{loss.form}）"), hei),
                (f"　分值 {format_points(loss.weight)}，得分 {final}，失分 {format_points(loss.lost)}", None),
            ],
            styles.cell_plain,
            fonts,
        )
        block: list[Flowable] = [head, rich([("原因：", hei), (loss.why, None)], styles.items_text, fonts)]
        if loss.reason:
            block.append(rich([("填报说明：", hei), ("", None)], styles.items_text, fonts))
            block += paragraphs(loss.reason, styles.items_text, fonts)
        if loss.regain:
            block.append(rich([("如何得满分：", hei), ("", None)], styles.items_text, fonts))
            block += [para(f"· {hint.text}", styles.items_text, fonts) for hint in loss.regain]
        if loss.note:
            block.append(rich([("注：", hei), (loss.note, None)], styles.items_text, fonts))
        # The head stays with its reason; the rest may follow on the next page.
        out += [KeepTogether(block[:2]), *block[2:], Spacer(1, 3 * mm)]
    if explanation.at_risk:
        out.append(para("临界指标（已得满分，但距失分界限不足 5%）", styles.form_label, fonts))
        for risk in explanation.at_risk:
            out.append(para(risk.why, styles.items_text, fonts))
            out += [para(f"　· 保持 {hint.text}", styles.items_text, fonts) for hint in risk.keep]
    return out
