"""A unit name many pages long costs work in proportion to its length: the text copied into the
fragments of split paragraphs, counted at two sizes while 表1 is printed, grows as the name does
(it grew with its square while each page's rest copied all that remained)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pdf_support import demo

from perfcore.pdf import linebreak, render_pdf


def _characters_copied(length: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(characters put into new fragments by paragraph splits, pages) for 表1 with a unit name of
    ``length`` characters."""
    copied = 0

    def counting(function: Any) -> Any:
        def counted(*args: Any) -> Any:
            nonlocal copied
            frags = function(*args)
            copied += sum(len(f.text) for f in frags if isinstance(getattr(f, "text", None), str))
            return frags

        return counted

    package = demo()
    package.unit_name = "株洲市石峰区优化营商环境协调事务中心"[:10] * (length // 10)
    with monkeypatch.context() as m:
        m.setattr(linebreak, "_frags_from", counting(linebreak._frags_from))
        m.setattr(linebreak, "_joined_words", counting(linebreak._joined_words))
        info = render_pdf(package, io.BytesIO(), forms=(1,))
    return copied, info.pages


def test_a_long_unit_name_is_copied_in_proportion_to_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    small, small_pages = _characters_copied(12_000, monkeypatch)
    large, large_pages = _characters_copied(24_000, monkeypatch)
    assert large_pages > small_pages * 1.8 > 40  # the name runs over many pages
    # 表1 prints the name twice (its heading and 填报单位), each character on one page: copied
    # about twice, whatever the length.
    assert small < 2.5 * 12_000, small
    assert large < 2.2 * small, (small, large)


def test_the_rest_of_a_split_text_holds_the_text_after_its_first_line() -> None:
    """The rest of a text split page after page reads back (its fragments, or set again at
    another width) as the text from its first line on."""
    from perfcore.pdf.fonts import resolve_fonts
    from perfcore.pdf.styles import make_styles
    from perfcore.pdf.text import para

    fonts = resolve_fonts()
    style = make_styles(fonts).grid_text
    text = "优化营商环境协调事务中心2019年度abc（第一期），" * 300
    rest: Any = para(text, style, fonts)
    rest.wrap(300, 1e7)
    for _ in range(4):
        rest.wrap(300, 400)
        _, rest = rest.split(300, 400)
    start = rest._cjk_origin
    assert start > 1000
    assert isinstance(rest._frags, linebreak._Cut), "the rest's fragments were cut before anything read them"
    assert "".join(f.text for f in rest.frags) == text[start:]
    rest._cjk_lines = None  # set again, at another width, from its fragments
    rest.wrap(250, 1e7)
    lines = "".join(w.text for line in rest.blPara.lines for w in line.words)
    assert lines.replace(" ", "") == text[start:].replace(" ", "")
