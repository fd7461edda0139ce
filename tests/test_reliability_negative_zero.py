"""A finance form never shows a negative zero (``-0.00``, ``-0``, ``-0.00%``).

A figure of -1 元 is -0.0001 万元, a typed ``-0`` is a negative zero, a small negative 实际完成值
or 执行数 gives a rate just below zero: rounded to the places a form shows, each is zero and
must print as zero in every output (PDF forms and 汇总, Word, Excel as Excel shows it, the
失分分析), never as ``-0.00``. Each test here failed before the fix.
"""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from format2_support import three_projects_doc
from hypothesis import given
from hypothesis import strategies as st
from office_support import excel_shows
from pdf_support import page_texts

from perfcore.cli import main
from perfcore.money import format_number, format_points, format_wan, format_yuan, round_half_up

NEGATIVE_ZERO = re.compile(r"-0(?:[.,]0*)?(?![0-9.,])")
"""A minus sign before a zero with only zeros after it: ``-0``, ``-0.00``, ``-0.00%``, ``-0,``."""


def _negative_zero(text: str) -> list[str]:
    return [text[max(0, m.start() - 20) : m.end() + 6] for m in NEGATIVE_ZERO.finditer(text)]


small = st.builds(
    lambda digits, exponent, negative: Decimal((1 if negative else 0, digits, exponent)),
    st.tuples(*[st.integers(0, 9)] * 3),
    st.integers(-9, 3),
    st.booleans(),
)


@given(small)
def test_no_figure_shown_is_a_negative_zero(value: Decimal) -> None:
    shown = [
        format_wan(value),
        format_yuan(value),
        format_yuan(value, grouping=True),
        format_points(value),
        format_number(value),
        f"{round_half_up(value):.2f}",
        f"{round_half_up(value, Decimal(1)):.0f}",
    ]
    assert not [text for text in shown if NEGATIVE_ZERO.fullmatch(text)], (value, shown)
    assert round_half_up(value) == value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def negative_zero_doc() -> dict[str, Any]:
    """The three-project package with figures that round to a negative zero in every kind of field."""
    doc = three_projects_doc()
    overall = doc["overall"]
    for name in ("assets_total", "liabilities_total", "budget_initial", "budget_added", "carryover_prior", "income_total"):
        overall[name] = "-1.00"  # -0.0001 万元
    overall["balance_year_end"] = "-0.00"
    doc["figures"] += [
        {"key": "负一元", "label": "负一元", "kind": "money", "value": "-1.00", "group": "零"},
        {"key": "负零数", "label": "负零数", "kind": "number", "value": "-0.000", "group": "零"},
        {"key": "负零", "label": "负零", "kind": "number", "value": -0.0, "group": "零"},
    ]
    roads, park, _ = doc["projects"]
    roads["budget"]["lines"][0]["executed"] = "-1.00"  # 执行率 just below 0 %
    roads["budget"]["lines"][1]["initial"] = "-0.00"
    park["tree"][0]["children"][0]["rule"]["actual"] = "-0.0001"
    park["budget"]["lines"][0]["executed"] = "-1.00"
    return doc


def _xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", archive.read(name).decode("utf-8")))
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def _workbook_shown(path: Path) -> str:
    """Every cell as Excel shows it: a number in its number format, a text as it is."""
    shown = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    shown.append(excel_shows(cell.value, cell.number_format))
                elif cell.value is not None:
                    shown.append(str(cell.value))
    return "\n".join(shown)


@pytest.mark.parametrize("output", ["pdf", "docx", "xlsx", "summary.pdf", "summary.xlsx", "summary.json", "explain"])
def test_no_output_shows_a_negative_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str) -> None:
    source = tmp_path / "负零.json"
    source.write_text(json.dumps(negative_zero_doc(), ensure_ascii=False), encoding="utf-8")
    kind, _, suffix = output.rpartition(".")
    out = tmp_path / f"输出.{suffix}"
    if output == "explain":
        assert main(["explain", str(source)]) == 0
        text = capsys.readouterr().out
        assert "新增绿化面积" in text
    else:
        argv = ["summary", str(source), "-o", str(out)] if kind == "summary" else [output, str(source), "-o", str(out)]
        assert main(argv) in (0, 1)
        if suffix == "pdf":
            text = "\n".join(page_texts(out))
        elif suffix == "docx":
            text = _xml_text(out)
        elif suffix == "xlsx":
            text = _workbook_shown(out)
        else:
            text = out.read_text(encoding="utf-8")
    assert not _negative_zero(text), _negative_zero(text)[:5]
