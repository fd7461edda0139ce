"""Bounded input for the Excel framework converter (``perfcore template convert``).

A workbook is a zip of XML parts: a few megabytes can hold millions of cells, which openpyxl
keeps as objects (a 15 MB file of plain cells took more than 5 minutes and 3.4 GB), and an XML
part can declare entities that expand a billion-fold (expat stops them with an English
``ParseError`` that came out as a traceback). Each is one Chinese line, exit 2, read no further.
Each test here failed before the fix.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from perfcore.cli import main
from perfcore.templates.convert import ELEMENT_LIMIT, ConvertError, convert_workbook

LAUGHS = (
    '<!DOCTYPE s [<!ENTITY a "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)
"""Nine levels of ten: 10⁹ copies of ``lol`` from a few hundred bytes."""


def _workbook_with(tmp_path: Path, name: str, sheet_xml: bytes) -> Path:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "一级指标"
    book.save(plain)
    path = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            out.writestr(info.filename, data)
    return path


def _sheet(rows: bytes, prologue: str = "", after: bytes = b"") -> bytes:
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8"?>{prologue}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        ).encode()
        + rows
        + b"</sheetData>"
        + after
        + b"</worksheet>"
    )


def _cells(count: int) -> bytes:
    columns = "ABCDEFGH"
    return b"".join(
        f'<row r="{r}">'.encode() + b"".join(f'<c r="{c}{r}"><v>1</v></c>'.encode() for c in columns) + b"</row>"
        for r in range(1, count // len(columns) + 2)
    )


def test_a_workbook_of_too_many_cells_is_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, "单元格.xlsx", _sheet(_cells(ELEMENT_LIMIT)))
    assert path.stat().st_size < 4 * 2**20
    started = time.process_time()
    with pytest.raises(ConvertError, match="不像指标表"):
        convert_workbook(path)
    assert time.process_time() - started < 10  # openpyxl alone takes minutes


@pytest.mark.parametrize(
    "sheet",
    [
        _sheet(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
        _sheet(b'<row r="99999999"><c r="A99999999"><v>1</v></c></row>'),
        _sheet(
            b'<row r="1"><c r="A1"><v>1</v></c></row>',
            after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        ),
    ],
    ids=["far-cell", "row-beyond-excel", "merged-sheet"],
)
def test_a_sheet_whose_range_is_vast_is_refused_at_once(tmp_path: Path, sheet: bytes) -> None:
    # One cell at the far corner, or one merged range over the sheet, was a walk of 17 billion
    # cells (openpyxl makes an object per merged cell): the conversion never ended.
    path = _workbook_with(tmp_path, "远.xlsx", sheet)
    started = time.process_time()
    with pytest.raises(ConvertError, match="不像指标表"):
        convert_workbook(path)
    assert time.process_time() - started < 10


def test_a_workbook_just_under_the_bound_is_read(tmp_path: Path) -> None:
    path = _workbook_with(tmp_path, "表头.xlsx", _sheet(_cells(2000)))
    with pytest.raises(ConvertError, match="没有找到指标表的表头"):  # read, then judged on its content
        convert_workbook(path)


@pytest.mark.parametrize(
    "sheet",
    [
        _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>', LAUGHS),
        _sheet(b'<row r="1"><c r="A1"><v>1</v></row>'),  # not well-formed
        b"\xff\xfe<\x00w\x00",
        # Well-formed XML openpyxl cannot make sense of: its ValueError or IndexError was a traceback.
        _sheet(b'<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>'),
        _sheet(b'<row r="1"><c r="A1"><v>abc</v></c></row>'),
        _sheet(b'<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
        _sheet(b'<row r="1"><c r="A1" s="999"><v>1</v></c></row>'),
        _sheet(b'<row r="1"><c r="A1" t="d"><v>notadate</v></c></row>'),
    ],
    ids=["entities", "malformed", "not-xml", "reference", "number", "shared-string", "style", "date"],
)
def test_a_workbook_with_a_hostile_part_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet: bytes
) -> None:
    path = _workbook_with(tmp_path, "恶意.xlsx", sheet)
    with pytest.raises(ConvertError, match="工作簿已损坏"):
        convert_workbook(path)
    assert main(["template", "convert", str(path), "-o", str(tmp_path / "t.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "工作簿已损坏" in err and "Error" not in err
    assert not (tmp_path / "t.json").exists()
