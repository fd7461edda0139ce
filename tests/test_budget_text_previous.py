"""年度预算收支情况 with a previous year: the 同比 sentence after each headline figure, from the
figures only, in the PDF, the Word document and the Excel sheet alike."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from docx import Document
from pdf_support import demo, page_texts

from perfcore.budget_text import budget_points, compared
from perfcore.model import Package, Previous
from perfcore.next_year import next_year
from perfcore.office import export_docx, export_xlsx
from perfcore.pdf import render_pdf


def test_the_comparison_sentence() -> None:
    # 90,000 → 95,000: +0.50 万元, 5000 / 90000 = 5.555…% → 5.56 %.
    assert compared(Decimal("95000"), Decimal("90000")) == "较上年增加0.50万元，增长5.56%"
    # 858,000 → 800,000: −5.80 万元, 58000 / 858000 = 6.7599…% → 6.76 %.
    assert compared(Decimal("800000"), Decimal("858000")) == "较上年减少5.80万元，下降6.76%"
    assert compared(Decimal("858000"), Decimal("858000.00")) == "与上年持平"
    assert compared(Decimal("858010"), Decimal("858000")) == "与上年基本持平"
    assert compared(Decimal("1000"), Decimal("0")) == "较上年增加0.10万元"  # no % of nothing
    assert compared(None, Decimal("1")) == compared(Decimal("1"), None) == ""


def _carried_demo() -> Package:
    """2020 from the demo, with this year's figures filled in."""
    package = next_year(demo(), file_name="shifeng-2019.json").package
    o = package.overall
    o.budget_initial = Decimal("100000.00")  # 2019: 80,000 → +2.00 万元, +25.00 %
    o.income_total = Decimal("800000.00")  # 2019: 858,000 → −5.80 万元, −6.76 %
    o.income_fiscal = Decimal("800000.00")
    o.expense_total = Decimal("858000.00")  # 2019: 858,000 → 持平
    o.three_public_total = Decimal("1000.00")  # 2019: 0.00 → +0.10 万元, no %
    # 基建维修支出 unknown this year: no sentence.
    return package


def test_budget_points_with_the_previous_year() -> None:
    package = _carried_demo()
    points = budget_points(package.overall, package.previous)
    assert points[0] == "1、年初预算资金10.00万元，较上年增加2.00万元，增长25.00%。"
    assert points[1] == "2、单位年度总收入80.00万元，较上年减少5.80万元，下降6.76%，其中：财政拨款80.00万元。"
    assert points[2] == "3、单位年度总支出85.80万元，与上年持平。三公经费0.10万元，较上年增加0.10万元。"
    assert points[3] == "4、单位基建维修支出—。"
    # Without a previous year, the same figures give the wording of before.
    assert budget_points(package.overall) == [
        "1、年初预算资金10.00万元。",
        "2、单位年度总收入80.00万元，其中：财政拨款80.00万元。",
        "3、单位年度总支出85.80万元。三公经费0.10万元。",
        "4、单位基建维修支出—。",
    ]


def test_free_text_never_makes_a_comparison() -> None:
    package = _carried_demo()
    package.overall.budget_note = "较上年增加100万元"
    package.previous = Previous(year=2019, values={})
    assert "增长" not in "".join(budget_points(package.overall, package.previous))


def test_pdf_word_and_excel_print_the_sentence(tmp_path: Path) -> None:
    package = _carried_demo()
    sentence = "较上年减少5.80万元，下降6.76%"

    pdf = tmp_path / "2020.pdf"
    render_pdf(package, pdf, forms=(1,))
    text = "".join(page_texts(pdf)[0].split())
    # pdftotext reads the cell's lines around the label beside it; each line holds its part.
    assert "2、单位年度总收入80.00万元，较上年减少5.80万元，下降" in text and "6.76%，其中：财政拨款80.00万元。" in text

    word = io.BytesIO()
    export_docx(package, word, forms=(1,))
    word.seek(0)
    cells = [cell.text for table in Document(word).tables for row in table.rows for cell in row.cells]
    assert any(sentence in text for text in cells)

    book = io.BytesIO()
    export_xlsx(package, book, forms=(1,))
    book.seek(0)
    values = [c.value for row in openpyxl.load_workbook(book).worksheets[0].iter_rows() for c in row]
    assert any(isinstance(v, str) and sentence in v for v in values)
