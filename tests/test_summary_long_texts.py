"""汇总 PDF and workbook of a unit whose name is absurdly long (a hostile or pasted package):
the PDF cuts the name to a few lines (its row was taller than a page and ReportLab gave up with
a LayoutError), the workbook cuts it to the 32,767 characters an Excel cell holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from perfcore import assets, cli
from perfcore.pdf.text import CUT_MARK
from perfcore.summary.excel import MAX_TEXT


@pytest.fixture
def long_named(tmp_path: Path) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    doc = json.loads(assets.demo_json())
    doc["unit_name"] = "很长的单位名称" * 6000  # 42,000 characters
    (folder / "a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (folder / ("坏" * 60 + ".jxzp")).write_bytes(b"SQLite format 3\x00" + bytes(200))
    return folder


def test_the_pdf_cuts_a_long_name_to_a_few_lines(long_named: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.pdf"
    assert cli.main(["summary", str(long_named), "-o", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) <= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "很长的单位名称" in text and CUT_MARK in text and "93.00" in text


def test_the_workbook_cuts_a_name_to_what_a_cell_holds(long_named: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    assert cli.main(["summary", str(long_named), "-o", str(out)]) == 0
    book = load_workbook(out)
    for sheet in book:
        for row in sheet.iter_rows(values_only=True):
            assert all(len(v) <= MAX_TEXT for v in row if isinstance(v, str)), sheet.title
    name = book["汇总"]["B2"].value
    assert isinstance(name, str) and name.startswith("很长的单位名称") and name.endswith("…")
