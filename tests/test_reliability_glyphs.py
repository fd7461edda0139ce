"""A glyph no font has is visible: it prints as □, and the fields holding one are listed first.

``𰻞`` (U+30EDE, biáng, CJK extension G) and emoji are in none of the Debian faces ./dev setup
installs; a stamped form that silently printed ``面馆`` for ``𰻞𰻞面馆`` would name another unit.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pdf_support import demo, page_texts

from perfcore.exchange import dump_json
from perfcore.pdf import render_pdf, unprintable
from perfcore.pdf.fonts import MISSING_MARK, resolve_fonts

BIANG = "\U00030ede"
SMILE = "\U0001f600"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_fonts_have_neither_test_character() -> None:
    # The premise of every test here: if a font gains them, pick other characters.
    assert resolve_fonts().missing(BIANG + SMILE + "面馆") == {BIANG, SMILE}


def test_a_missing_glyph_prints_as_a_visible_mark(tmp_path: Path) -> None:
    package = demo()
    package.unit_name = f"{BIANG}{BIANG}面馆"
    package.special_funds[0].name = f"专项{SMILE}资金"
    pdf = tmp_path / "out.pdf"
    info = render_pdf(package, pdf)
    assert info.missing_glyphs == {BIANG, SMILE}
    texts = [_flat(t) for t in page_texts(pdf)]
    assert "填报单位（盖章）：□□面馆" in texts[0]
    assert "部门（单位）名称：□□面馆" in texts[0]
    assert any("专项资金名称：专项□资金" in t for t in texts)
    # Nowhere is the name printed without its first two characters.
    assert not any(re.search(r"[^□]面馆", t) for t in texts)


def test_runs_replace_each_missing_character_by_one_mark() -> None:
    fonts = resolve_fonts()
    body = fonts.name("fang")
    runs = list(fonts.runs(f"a{BIANG}{BIANG}面{SMILE}", body))
    assert "".join(chunk for _, chunk in runs) == f"a{MISSING_MARK}{MISSING_MARK}面{MISSING_MARK}"
    for face, chunk in runs:
        assert all(fonts.covers(face, c) for c in chunk)
    # Width follows what is printed.
    assert fonts.width(BIANG, body, 12) == fonts.width(MISSING_MARK, body, 12) > 0


def test_unprintable_lists_each_field_with_its_characters() -> None:
    assert unprintable(demo()) == []
    package = demo()
    package.unit_name = f"{BIANG}{BIANG}面馆"
    package.special_funds[0].items[0].name = f"餐费{SMILE}{BIANG}"
    group = package.indicators.tree[1]
    group.name = f"产出{BIANG}"
    leaf = package.indicators.tree[0].children[0].children[0]  # type: ignore[union-attr]
    leaf.criterion = f"标准{SMILE}"
    found = {f.pointer: (f.place, f.chars) for f in unprintable(package)}
    assert found == {
        "/unit_name": ("填报单位", BIANG),
        "/special_funds/0/items/0/name": ("表2 第1项专项资金 支出明细第1项", SMILE + BIANG),
        "/indicators/tree/1/name": ("表3 一级指标名称", BIANG),
        "/indicators/tree/0/children/0/children/0/criterion": (f"表3 指标“{leaf.name}” 评价标准", SMILE),
    }


def test_the_command_line_names_the_fields(tmp_path: Path) -> None:
    package = demo()
    package.unit_name = f"{BIANG}{BIANG}面馆"
    source = tmp_path / "in.json"
    source.write_text(dump_json(package), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", "pdf", str(source), "-o", str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert f"已打印为□：填报单位“{BIANG}”" in result.stderr
