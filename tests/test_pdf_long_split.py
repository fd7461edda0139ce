"""A text split over many pages costs each page its own lines, not a copy of all that remain."""

from __future__ import annotations

from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.linebreak import CJKParagraph
from perfcore.pdf.styles import make_styles
from perfcore.pdf.text import para


def _line_text(line: object) -> str:
    return "".join(word.text for word in line.words)  # type: ignore[attr-defined]


def test_a_text_split_page_by_page_prints_every_line_once_and_never_copies_the_rest() -> None:
    fonts = resolve_fonts()
    style = make_styles(fonts).cell_text  # with a first-line indent, as the forms' texts
    text = "株洲市石峰区优化营商环境协调事务中心，2019年度 abc（第一期）。" * 700
    paragraph = para(text, style, fonts)
    paragraph.wrap(300, 1e7)
    assert paragraph._cjk_lines is not None
    all_lines = paragraph._cjk_lines[1]
    printed: list[str] = []
    rest: CJKParagraph = paragraph
    pages = 0
    while True:
        rest.wrap(300, 400)
        parts = rest.split(300, 400)
        if len(parts) < 2:
            printed += [_line_text(line) for line in rest.blPara.lines]
            break
        first, rest = parts
        pages += 1
        printed += [_line_text(line) for line in first.blPara.lines]
        # The rest keeps the first paragraph's lines and where it begins among them.
        assert rest._cjk_lines is not None
        assert rest._cjk_lines[1]._lines is all_lines  # type: ignore[attr-defined]
    assert pages > 40
    assert "".join(printed).replace(" ", "") == text.replace(" ", "")
    assert [_line_text(line) for line in all_lines] == printed
