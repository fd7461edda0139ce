"""A long text in a form's cell, one paragraph per line, is one Stack (perfcore.pdf.stack): its
cost grows in proportion to its lines (ReportLab measured and walked the whole rest of a cell's
list on every page: 8,000 lines took 11 s, 16,000 four times that), and it prints exactly as
ReportLab's list of the same paragraphs."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from format2_support import three_projects_doc
from pdf_support import demo, gray_page

from perfcore.model import Group, Leaf, Package
from perfcore.pdf import render_pdf, stack
from perfcore.pdf.linebreak import CJKParagraph


def _first_leaf(package: Package) -> Leaf:
    node = package.indicators.tree[0]
    while isinstance(node, Group):
        node = node.children[0]
    return node


def _projects() -> Package:
    import json

    from perfcore.exchange import load_json

    return load_json(json.dumps(three_projects_doc()).encode())


def _goals(package: Package, text: str) -> None:
    project = _projects().projects[0]
    project.goals.expected = project.goals.actual = text
    package.projects = [project]
    package.forms = [*package.forms, "projects"]


FIELDS: dict[str, Callable[[Package, str], None]] = {
    "项目 年度总体目标": _goals,
    "表1 整体绩效目标完成情况": lambda p, t: setattr(p.overall, "goal_completion", t),
    "表1 填报单位意见": lambda p, t: setattr(p.overall, "opinion_unit", t),
    "表2 项目概况": lambda p, t: setattr(p.special_funds[0], "overview", t),
    "表3 指标说明": lambda p, t: setattr(_first_leaf(p), "explanation", t),
}


def _text(lines: int) -> str:
    """Lines of different lengths (some wrap), a blank line now and then, one very long line."""
    out = []
    for i in range(lines):
        out.append(f"第{i}行。" + "需要在单元格里换行显示的一句话，" * (i % 4) + ("长" * 300 if i == 50 else ""))
        if i % 9 == 0:
            out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_stack_prints_as_the_list_of_its_lines(field: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    images = []
    for many in (10**9, stack.MANY):
        monkeypatch.setattr(stack, "MANY", many)
        package = demo()
        FIELDS[field](package, _text(120))
        pdf = tmp_path / f"{many}.pdf"
        pages = render_pdf(package, pdf).pages
        folder = tmp_path / str(many)
        folder.mkdir()
        images.append([gray_page(pdf, page, 50, folder) for page in range(1, pages + 1)])
    assert images[0] == images[1]


@pytest.mark.parametrize("field", list(FIELDS))
def test_the_lines_are_measured_in_proportion_to_their_number(field: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the lines: at most about four times the paragraph measurements (the list's
    were quadratic: sixteen)."""
    counted = [0]
    wrap = CJKParagraph.wrap

    def counting(self: CJKParagraph, width: float, height: float) -> tuple[float, float]:
        counted[0] += 1
        return wrap(self, width, height)

    monkeypatch.setattr(CJKParagraph, "wrap", counting)
    measured = []
    for lines in (500, 2000):
        package = demo()
        FIELDS[field](package, "甲\n" * lines)
        counted[0] = 0
        render_pdf(package, io.BytesIO())
        measured.append(counted[0])
    assert measured[1] < 5 * measured[0], measured


def test_a_row_label_with_its_note_is_printed_again_on_every_page_of_its_row(tmp_path: Path) -> None:
    """表1's 整体绩效目标完成情况 and its small-print note are taller than a repeated label may be:
    the label alone is printed again on each later page (it was not printed there at all)."""
    from pdf_support import page_texts

    package = demo()
    package.overall.goal_completion = "\n".join(f"第{i}行。完成情况的说明。" * (1 + i % 3) for i in range(120))
    pdf = tmp_path / "t1.pdf"
    render_pdf(package, pdf, forms=(1,))
    texts = [t.replace(" ", "").replace("\n", "") for t in page_texts(pdf)]
    pages = [i for i, t in enumerate(texts) if "第60行" in t or "第119行" in t or "第30行" in t]
    assert len(pages) == 3 and len(set(pages)) == 3, pages
    for i in pages:
        assert "整体绩效目标完成情况" in texts[i], i
    assert sum("党委政府下达" in t for t in texts) == 1  # the note: the first time only
