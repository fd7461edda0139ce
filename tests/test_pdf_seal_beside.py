"""The seal square beside a heading's or the signatures' lines is drawn without ReportLab's table
(perfcore.pdf.blocks.SealBeside): each fund's heading holds its own name, so none is like another.
It prints exactly as the one-row table it stands for, where it fits and where it splits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdf_support import gray_page, run, tool
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from perfcore.pdf.blocks import SealBeside, seal_beside, seal_table
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.page import Foot, FormsDoc, canvas_class
from perfcore.pdf.styles import PORTRAIT, SEAL, Styles, frame_height, frame_width, make_styles
from perfcore.pdf.text import para


def _styles() -> Styles:
    return make_styles(resolve_fonts())


def _lines(styles: Styles, count: int, text: str) -> list[Flowable]:
    return [para(f"{i}{text}", styles.unit_line, styles.fonts) for i in range(count)]


def _print(story: list[Flowable], styles: Styles, path: Path) -> int:
    out = io.BytesIO()
    doc = FormsDoc(out, styles.fonts.name("song"))
    doc.build(story, canvasmaker=canvas_class(Foot(fonts=styles.fonts, caption="seal")))
    path.write_bytes(out.getvalue())
    return int(doc.page)


@pytest.mark.parametrize(
    ("lines", "text", "above_mm", "seal_height"),
    [
        (2, "填报单位（盖章）：株洲市石峰区某单位", 0, SEAL),  # shorter than the square
        (1, "专项资金名称：某专项资金", 200, SEAL),  # the square does not fit under 200 mm
        (9, "一行说明文字，足以高过盖章的位置。", 20, SEAL),  # taller than the square
        (9, "一行说明文字，足以高过盖章的位置。", 215, 35 * mm),  # split at the foot of a page
        (40, "很长的单位名称，一页放不下，须接续到下一页。", 0, SEAL),  # taller than a page
    ],
)
def test_it_prints_as_the_table_it_stands_for(
    tmp_path: Path, lines: int, text: str, above_mm: float, seal_height: float
) -> None:
    styles = _styles()
    width = frame_width(PORTRAIT)
    made = []
    for kind, make in (("ours", seal_beside), ("table", seal_table)):
        story: list[Flowable] = [Spacer(width, above_mm * mm)] if above_mm else []
        box = make(_lines(styles, lines, text), width, styles, seal_height)
        assert isinstance(box, SealBeside) == (kind == "ours")
        story += [box, para("之后的一行", styles.unit_line, styles.fonts)]
        pdf = tmp_path / f"{kind}.pdf"
        pages = _print(story, styles, pdf)
        (tmp_path / kind).mkdir()
        made.append([gray_page(pdf, page, 100, tmp_path / kind) for page in range(1, pages + 1)])
    assert made[0] == made[1]


def test_a_long_box_splits_over_pages_with_every_line(tmp_path: Path) -> None:
    styles = _styles()
    # Two pages' worth of lines and five more: three pages.
    count = int(frame_height(PORTRAIT) / styles.unit_line.leading) * 2 + 5
    box = seal_beside(_lines(styles, count, "行"), frame_width(PORTRAIT), styles)
    pdf = tmp_path / "long.pdf"
    pages = _print([box], styles, pdf)
    assert pages == 3
    words = run(tool("pdftotext"), str(pdf), "-").split()
    assert [w for w in words if w.endswith("行")] == [f"{i}行" for i in range(count)]
