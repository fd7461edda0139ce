"""The closing of a 项目支出绩效自评表 (自评结论 … 填报单位意见 and the signature line) flows like the
rest of the form: no page before the signatures is left half blank by a block kept together.

Measured on the print itself (poppler's words, pypdf's rules): the blank below a project page's
last rule is compared with what the next page begins with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from format2_support import three_projects_doc
from pdf_support import MM, Word, blank, gray_page, page_texts, rules, words

from perfcore.exchange import load_json
from perfcore.model import Package
from perfcore.pdf import render_pdf
from perfcore.pdf.project import PROJECT_SEAL_HEIGHT

FRAME_FOOT = (28 + 152) * MM
"""The landscape type area's foot, in points from the page's top (top margin 28 mm, 152 mm high)."""
WIDE = 300.0
"""A rule wider than this (pt) is one of the form's full-width rules, not a cell's."""


def _three() -> Package:
    return load_json(json.dumps(three_projects_doc()).encode())


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _wide_rules(pdf: Path) -> list[list[float]]:
    return [sorted({round(r.y0, 1) for r in page if r.horizontal and r.x1 - r.x0 > WIDE}) for page in rules(pdf)]


def _signatures(boxes: list[Word]) -> list[Word]:
    return [w for w in boxes if w.text.startswith("填报人：")]


def _check_no_blank_before_signatures(pdf: Path) -> None:
    """On each project's signature page, the page before (if the project began there) could not
    have taken what this page begins with: its first row, or, when that row is the last closing
    row, the row with the signature line kept under it."""
    texts = [_flat(t) for t in page_texts(pdf)]
    ys = _wide_rules(pdf)
    boxes = words(pdf)
    projects = [i + 1 for i, t in enumerate(texts) if "项目支出绩效自评表" in t]
    for sign in _signatures(boxes):
        page = sign.page
        if not any(start < page for start in projects) or page in projects:
            continue  # a project page of its own begins here, or not a project form
        lines = ys[page - 1]
        assert lines, f"page {page}: the signatures stand without the form above them"
        opinion = [w for w in boxes if w.page == page and w.text == "填报单位意见"]
        assert opinion, f"page {page}: the signature line is not with 填报单位意见"
        if len(lines) == 2:  # only the last closing row (or its end), kept with the signatures
            needed = lines[1] - lines[0] + PROJECT_SEAL_HEIGHT
        else:
            needed = lines[1] - lines[0]
        before = ys[page - 2]
        left = FRAME_FOOT - (before[-1] if before else 0.0)
        assert left < needed, (
            f"page {page - 1} leaves {left / MM:.0f} mm blank, "
            f"page {page} begins with {needed / MM:.0f} mm that would have fitted"
        )


@pytest.fixture(scope="module")
def three_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("closing") / "three.pdf"
    render_pdf(_three(), out)
    return out


def test_first_project_closes_on_its_second_page(three_pdf: Path) -> None:
    # Page 5 ended 80 mm above the foot with 自评结论 and 存在的问题 while 改进措施, 填报单位意见
    # and the signatures (kept together beside a 46 mm seal square) went to a page 6 of their own:
    # 60 mm of closing rows and 46 mm of signatures did not fit in 100 mm.
    texts = [_flat(t) for t in page_texts(three_pdf)]
    starts = [i + 1 for i, t in enumerate(texts) if "项目支出绩效自评表" in t]
    signatures = [w.page for w in _signatures(words(three_pdf)) if w.page >= starts[0]]
    assert signatures == [starts[0] + 1, starts[1] + 1, starts[2] + 1]
    assert "改进措施" in texts[starts[0]] and "自评结论" in texts[starts[0]]
    _check_no_blank_before_signatures(three_pdf)


@pytest.mark.parametrize("lines", range(0, 48, 6))
def test_closing_texts_flow_and_the_signatures_keep_the_last_row(tmp_path: Path, lines: int) -> None:
    package = _three()
    first = package.projects[0]
    first.conclusion = "\n".join(["辰" * 60] * lines) or "项目基本完成。"
    first.problems = "\n".join(["巳" * 60] * (lines // 2))
    out = tmp_path / "closing.pdf"
    render_pdf(package, out, forms=(3,))
    _check_no_blank_before_signatures(out)
    boxes = words(out)
    # A label continued on a later page is printed there again.
    for label, marker in (("自评结论", "辰"), ("存在的问题", "巳")):
        pages = {w.page for w in boxes if w.text.startswith(marker)}
        labelled = {w.page for w in boxes if w.text.startswith(label)}
        assert pages <= labelled, f"{label} continues on pages {sorted(pages - labelled)} without its label"


def test_seal_space_beside_the_project_signatures(tmp_path: Path, three_pdf: Path) -> None:
    """Beside each project's 填报人, on its page, a blank space 45 mm wide and 35 mm tall: a 42 mm
    seal stamped there overlaps the signatures by a few millimetres, as seals do."""
    boxes = words(three_pdf)
    pages = rules(three_pdf)
    project_signs = [w for w in _signatures(boxes) if any(t.page == w.page and t.text == "填报单位意见" for t in boxes)]
    assert len(project_signs) == 3
    for sign in project_signs:
        width, _height, pixels = gray_page(three_pdf, sign.page, 72, tmp_path)
        right = int(max(r.x1 for r in pages[sign.page - 1] if r.horizontal)) - 1
        side, tall = round(45 * MM), round(35 * MM)
        below_form = int(max(r.y0 for r in pages[sign.page - 1] if r.horizontal)) + 2
        assert sign.y0 > below_form
        found = any(
            blank(width, pixels, right - side, top, right, top + tall) for top in range(below_form, int(sign.y0) + 1, 2)
        )
        assert found, f"no blank seal space beside 填报人 on page {sign.page}"
