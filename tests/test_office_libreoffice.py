"""The Word and Excel exports opened by another program: LibreOffice (Debian's
libreoffice-writer-nogui and libreoffice-calc-nogui) converts both to PDF headless; the pages are
read back with poppler. This is the closest a test gets to a clerk opening the files in an office
suite: the tables lay out, the fields fill in, 表3 turns landscape."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from format2_support import three_projects_doc
from pdf_support import MM, demo, page_sizes, page_texts

from perfcore.exchange import load_json
from perfcore.fingerprint import fingerprint
from perfcore.office import export_docx, export_xlsx

pytestmark = pytest.mark.slow


def _convert(tmp_path: Path, *files: Path) -> list[Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed; ./dev setup installs libreoffice-writer-nogui and -calc-nogui")
    # A profile of its own: a user's running LibreOffice or a parallel test never shares it.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, files)],
        capture_output=True, check=True, timeout=300,
    )
    out = [tmp_path / "pdf" / f"{f.stem}.pdf" for f in files]
    assert all(p.is_file() for p in out), list((tmp_path / "pdf").iterdir())
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_lays_out_the_word_and_excel_exports(tmp_path: Path) -> None:
    package = demo()
    # Two stems: LibreOffice names each PDF after its source.
    docx, xlsx = tmp_path / "demo-word.docx", tmp_path / "demo-excel.xlsx"
    export_docx(package, docx)
    export_xlsx(package, xlsx)
    word_pdf, excel_pdf = _convert(tmp_path, docx, xlsx)

    texts = [_flat(t) for t in page_texts(word_pdf)]
    sizes = page_sizes(word_pdf)
    assert len(texts) == len(sizes) >= 5
    first_t3 = next(i for i, t in enumerate(texts) if "部门整体支出绩效评价指标表" in t)
    for i, (w, h) in enumerate(sizes):
        portrait = (round(w / MM), round(h / MM)) == (210, 297)
        landscape = (round(w / MM), round(h / MM)) == (297, 210)
        assert portrait if i < first_t3 else landscape, f"page {i + 1}: {w} × {h}"
    mark = fingerprint(package)
    pages = len(texts)
    for number, text in enumerate(texts, start=1):
        # The footer's fields were filled in by the word processor: — n — and 第 n 页 共 N 页.
        assert f"—{number}—" in text
        assert f"校验码{mark}第{number}页共{pages}页" in text
    whole = "".join(texts)
    assert texts[0].startswith("表1") and _flat(package.unit_name) in texts[0]
    assert "年末职工人数：7人" in whole and "2019年第一期职业培训资金" in whole
    assert "自评等级：优" in texts[-1] and "93.00" in texts[-1]
    assert "103,800.00" in whole

    sheets = [_flat(t) for t in page_texts(excel_pdf)]
    assert sheets and "表1" in sheets[0] and "年度整体支出绩效自评报告" in sheets[0]
    excel_whole = "".join(sheets)
    assert "自评等级：优" in excel_whole and "103,800.00" in excel_whole
    assert _flat(package.unit_name) in excel_whole
    assert any((round(w / MM), round(h / MM)) == (297, 210) for w, h in page_sizes(excel_pdf))


def test_libreoffice_lays_out_the_project_forms_with_their_closing_fields(tmp_path: Path) -> None:
    doc = three_projects_doc()
    doc["projects"][0].update(
        conclusion="项目基本完成，路段按期交付。", problems="个别路段雨季延误。", improvements="提前安排雨季施工计划。",
        opinion_unit="同意上报。", filler="张三", phone="0731-12345678", filled_on="2020-07-10",
    )
    doc["forms"] = ["projects"]
    package = load_json(json.dumps(doc, ensure_ascii=False))
    docx, xlsx = tmp_path / "projects-word.docx", tmp_path / "projects-excel.xlsx"
    export_docx(package, docx)
    export_xlsx(package, xlsx)
    word_pdf, excel_pdf = _convert(tmp_path, docx, xlsx)
    texts = [_flat(t) for t in page_texts(word_pdf)]
    assert all((round(w / MM), round(h / MM)) == (297, 210) for w, h in page_sizes(word_pdf))
    whole = "".join(texts)
    # Each project: its heading with the unit, 总分, the closing rows and the signatures.
    assert whole.count(f"填报单位（盖章）：{_flat(package.unit_name)}") == 3
    assert whole.count("自评结论") == 3 and whole.count("填报单位意见") == 3
    # (poppler reads a table column by column: the texts, not label + text, are contiguous)
    for text in ("项目基本完成，路段按期交付。", "个别路段雨季延误。", "同意上报。",
                 "填报人：张三", "联系电话：0731-12345678", "填报日期：2020年7月10日"):
        assert text in whole, text
    # The closing rows flow like the form's others: here 自评结论 … 改进措施 fit under 总分 on
    # its page, and only 填报单位意见 goes over, kept with the signatures (as in the PDF); the
    # closing block does not move to a page of its own.
    for text in texts:
        if "填报人：" in text:
            assert "填报单位意见" in text
        if "总分" in text:
            assert "自评结论" in text and "改进措施" in text
    excel = "".join(_flat(t) for t in page_texts(excel_pdf))
    for text in ("项目基本完成，路段按期交付。", "张三", "0731-12345678", "2020年7月10日"):
        assert text in excel, text
    # The PDF's ten columns, laid out left to right in both (指标性质 wraps to two lines).
    head = re.compile(
        r"一级指标\s+二级指标\s+三级指标\s+(?:指标\s+)?(?:性质\s+)?年度指标值\s+度量单位\s+实际完成值\s+分值\s+得分\s+偏差原因分析及改进措施"
    )
    row = re.compile(r"完成路段比例\s+≥\s+100\s+%\s+91\.67\s+30\s+27\.50")
    for pdf in (word_pdf, excel_pdf):
        laid_out = "\n".join(page_texts(pdf, layout=True))
        assert len(head.findall(laid_out)) == 3, pdf.name
        assert row.search(laid_out), pdf.name
        assert re.search(r"新增绿化面积\s+≥\s+5\s+万平方米\s+5\.2\s+50\s+50\.00", laid_out), pdf.name
