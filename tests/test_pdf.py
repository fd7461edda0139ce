"""The printed forms, read back with poppler: sizes, fonts, text, figures, pagination."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import (
    MM,
    blank,
    column_text,
    demo,
    gray_page,
    indicator_package,
    page_sizes,
    page_texts,
    pdf_fonts,
    row_of,
    words,
)

from perfcore.exchange import dump_json, load_json
from perfcore.model import Item, SpecialFund
from perfcore.money import format_wan, format_yuan
from perfcore.pdf import PdfError, RenderInfo, fingerprint, render_pdf
from perfcore.scoring import score_package

A4 = (595.28, 841.89)


def _is(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return abs(size[0] - expected[0]) < 1 and abs(size[1] - expected[1]) < 1


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RenderInfo]:
    out = tmp_path_factory.mktemp("demo") / "demo.pdf"
    return out, render_pdf(demo(), out)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_demo_prints_three_forms_on_a4_portrait_then_landscape(demo_pdf: tuple[Path, RenderInfo]) -> None:
    pdf, info = demo_pdf
    sizes = page_sizes(pdf)
    texts = page_texts(pdf)
    assert len(sizes) == len(texts) == info.pages >= 3
    assert info.forms == (1, 2, 3)
    first_t3 = next(i for i, t in enumerate(texts) if "评价指标表" in t)
    assert texts[0].lstrip().startswith("表1")
    assert any(t.lstrip().startswith("表2") for t in texts[:first_t3])
    for i, size in enumerate(sizes):
        expected = A4 if i < first_t3 else (A4[1], A4[0])
        assert _is(size, expected), f"page {i + 1}: {size}"


def test_every_font_is_an_embedded_truetype_subset(demo_pdf: tuple[Path, RenderInfo]) -> None:
    rows = pdf_fonts(demo_pdf[0])
    assert rows
    for row in rows:
        assert row.embedded, row
        assert row.type == "TrueType", row


def test_text_has_unit_total_grade_dates_and_page_numbers(demo_pdf: tuple[Path, RenderInfo]) -> None:
    pdf, info = demo_pdf
    texts = page_texts(pdf)
    whole = _flat("".join(texts))
    package = demo()
    scores = score_package(package)
    assert whole.count(_flat(package.unit_name)) >= 3
    assert "2019年度整体支出绩效自评报告" in whole
    assert "2019年度专项资金绩效自评报告" in whole
    assert "2019年度部门整体支出绩效评价指标表" in whole
    assert f"自评等级：{scores.grade}" in whole
    assert row_of(words(pdf), "合") == "合计100自评等级：优93.00"
    assert "填报日期：2020年7月10日" in whole
    assert "填报日期：2020年7月3日" in whole
    for number, text in enumerate(texts, start=1):
        flat = _flat(text)
        assert f"—{number}—" in flat
        assert f"校验码{info.fingerprint}第{number}页共{info.pages}页" in flat


def test_user_text_prints_literally(tmp_path: Path) -> None:
    package = demo()
    hostile = '<b>粗体</b> & <img src="x.png"/> &amp; <font size=40>'
    package.unit_name = "测试单位<b>&"
    package.overall.analysis_basic = hostile
    package.special_funds[0].performance = hostile
    package.indicators.tree[0].children[0].children[0].criterion = hostile  # type: ignore[union-attr]
    out = tmp_path / "literal.pdf"
    render_pdf(package, out)
    whole = "".join(page_texts(out))
    assert whole.count("<b>粗体</b>") == 3
    assert whole.count('<img src="x.png"/>') == 3
    assert whole.count("&amp;") == 3
    assert "测试单位<b>&" in whole


def test_printed_amounts_equal_stored_ones(tmp_path: Path) -> None:
    package = demo()
    o = package.overall
    o.income_total = Decimal("1234567.89")
    o.income_fiscal = Decimal("1000000.01")
    o.income_other = None
    o.assets_total = Decimal("26949.99")
    o.capital_repair_items = [
        Item("办公楼屋面防水维修", Decimal("56789.00")),
        Item("围墙改造", Decimal("4321.00")),
    ]
    o.capital_repair_total = Decimal("61110.00")
    package.special_funds[0].items.append(Item("第三项支出", Decimal("1234.56")))
    out = tmp_path / "figures.pdf"
    render_pdf(package, out, forms=(1, 2))
    whole = _flat(column_text(words(out), 34 * MM))
    assert "单位年度总收入123.46万元，其中：财政拨款100.00万元。" in whole
    assert "其他收入" not in whole.split("单位年度总收入")[1].split("3、")[0]
    assert "年末资产总额：2.69万元" in whole
    assert "4、单位基建维修支出6.11万元，其中：办公楼屋面防水维修5.68万元；围墙改造0.43万元。" in whole
    for field in ("expense_total", "expense_project", "expense_basic", "expense_personnel", "expense_public"):
        assert f"{format_wan(getattr(o, field))}万元" in whole
    fund = package.special_funds[0]
    for item in fund.items:
        assert format_yuan(item.amount, grouping=True) in whole
    assert "合计105,034.56" in whole
    assert f"下达资金{format_yuan(fund.allocated, grouping=True)}元" in whole


def test_unknown_figures_print_as_dash_never_zero(tmp_path: Path) -> None:
    package = demo()
    o = package.overall
    for field in ("budget_initial", "income_total", "income_fiscal", "income_other", "liabilities_total"):
        setattr(o, field, None)
    o.staff_quota = None
    out = tmp_path / "unknown.pdf"
    render_pdf(package, out, forms=(1,))
    whole = _flat("".join(page_texts(out)))
    content = _flat(column_text(words(out), 34 * MM))
    assert "1、年初预算资金—。" in content
    assert "2、单位年度总收入—。" in content
    assert "负债总额：—" in whole
    assert "人员编制：—" in whole


@pytest.mark.parametrize(
    "where",
    ["goal_completion", "fund_performance", "criterion", "opinion_unit", "indicators_opinion", "unbroken"],
)
def test_a_30000_character_field_splits_across_pages(tmp_path: Path, where: str) -> None:
    package = demo()
    lines = [("甲乙丙丁戊己庚辛壬癸" * 10) + "。" for _ in range(300)]  # 300 paragraphs of 101
    text = "\n".join(lines)[:30000]
    if where == "goal_completion":
        package.overall.goal_completion = text
    elif where == "fund_performance":
        package.special_funds[0].performance = text
    elif where == "criterion":
        package.indicators.tree[1].children[1].children[0].criterion = text  # type: ignore[union-attr]
    elif where == "opinion_unit":
        package.overall.opinion_unit = text
    elif where == "indicators_opinion":
        package.indicators.opinion_unit = text
    else:
        text = "甲" * 30000  # one paragraph, no break opportunity but between characters
        package.overall.goal_completion = text
    out = tmp_path / f"{where}.pdf"
    info = render_pdf(package, out)
    whole = "".join(page_texts(out))
    assert whole.count("甲") == text.count("甲")
    assert whole.count("癸") == text.count("癸")
    pages_with = [i for i, t in enumerate(page_texts(out)) if "甲" in t]
    assert len(pages_with) >= 10
    assert info.pages > 20


def test_200_indicators_repeat_header_and_groups_on_every_page(tmp_path: Path) -> None:
    package = indicator_package(10, 4, 5)
    out = tmp_path / "t3.pdf"
    info = render_pdf(package, out, forms=(3,))
    texts = page_texts(out)
    boxes = words(out)
    assert info.pages == len(texts) >= 5
    assert all(_is(s, (A4[1], A4[0])) for s in page_sizes(out))
    seen: set[str] = set()
    for number, text in enumerate(texts, start=1):
        flat = _flat(text)
        header = row_of(boxes, "一级指标", page=number)
        assert header.startswith("一级指标分值二级指标分值三级指标分值评价标准") and header.endswith(
            "得分"
        ), header
        leaves = set(re.findall(r"指标(\d{2})(\d)(\d)", flat))
        assert leaves, f"no indicator on page {number}"
        for i, j, k in leaves:
            # Each group of an indicator on this page is named on this page.
            assert f"一级{i}" in flat and f"二级{i}{j}" in flat, (number, i, j, k)
            seen.add(f"{i}{j}{k}")
    assert len(seen) == 200
    assert row_of(words(out), "合") == "合计200自评等级：优200.00"


def test_fingerprint_follows_the_content(tmp_path: Path) -> None:
    package = demo()
    same = load_json(dump_json(package))
    assert fingerprint(package) == fingerprint(same)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", fingerprint(package))
    changed = load_json(dump_json(package))
    assert changed.overall.income_total is not None
    changed.overall.income_total += Decimal("0.01")
    assert fingerprint(changed) != fingerprint(package)
    out = tmp_path / "changed.pdf"
    info = render_pdf(changed, out, forms=(1,))
    assert info.fingerprint == fingerprint(changed)
    assert all(f"校验码{info.fingerprint}" in _flat(t) for t in page_texts(out))


def test_one_form2_per_fund_and_forms_selection(tmp_path: Path) -> None:
    package = demo()
    package.special_funds.append(SpecialFund(name="第二项专项资金<测试>", allocated=Decimal("50000")))
    out = tmp_path / "funds.pdf"
    info = render_pdf(package, out, forms=(2,))
    whole = _flat("".join(page_texts(out)))
    assert info.forms == (2,)
    assert whole.count("2019年度专项资金绩效自评报告") == 2
    assert "专项资金名称：第二项专项资金<测试>" in whole
    assert "下达资金50,000.00元，实际支出—。" in whole
    assert "整体支出绩效自评报告" not in whole


def test_nothing_to_print_is_refused_and_leaves_the_old_file(tmp_path: Path) -> None:
    package = demo()
    package.special_funds = []
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    with pytest.raises(PdfError, match="表2"):
        render_pdf(package, out, forms=(2,))
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


def test_long_text_paragraphs_get_a_two_character_indent(tmp_path: Path) -> None:
    package = demo()
    package.overall.goal_completion = "　　" + "子" * 120 + "\n" + "丑" * 120
    out = tmp_path / "indent.pdf"
    render_pdf(package, out, forms=(1,))
    lines: dict[str, list[float]] = {}
    for w in words(out):
        for mark in ("子", "丑"):
            if w.text.startswith(mark * 3):
                lines.setdefault(mark, []).append(w.x0)
    for mark in ("子", "丑"):
        first, *rest = lines[mark]
        assert len(rest) >= 3
        assert all(abs(x - rest[0]) < 0.5 for x in rest)
        # Two characters of 12 pt; the typed full-width blanks do not add to it.
        assert first - rest[0] == pytest.approx(24, abs=0.6)


def test_seal_squares_are_blank_beside_unit_and_signatures(tmp_path: Path) -> None:
    out = tmp_path / "seal.pdf"
    render_pdf(demo(), out, forms=(1,))
    boxes = words(out)
    dpi = 72
    for anchor in ("填报单位（盖章）：", "填报人："):
        word = next(w for w in boxes if w.text.startswith(anchor))
        width, height, pixels = gray_page(out, word.page, dpi, tmp_path)
        page_w = width  # 1 px per pt at 72 dpi
        right = (page_w - 26 * MM) if word.page % 2 == 1 else (page_w - 28 * MM)
        side = round(45 * MM)
        x1 = int(right) - 1
        x0 = x1 - side
        centre = (word.y0 + word.y1) / 2
        # A blank 45 mm square at the right of the type area, level with the anchor line.
        found = any(
            blank(width, pixels, x0, top, x1, top + side)
            for top in range(max(0, int(centre) - side), int(centre) + 1, 2)
        )
        assert found, f"no blank 45 mm square beside {anchor}"
        assert word.x1 < x0


@pytest.mark.parametrize("lines", range(0, 84, 4))
def test_signatures_never_open_a_page(tmp_path: Path, lines: int) -> None:
    package = demo()
    package.overall.goal_completion = "\n".join(["寅" * 20] * lines)
    out = tmp_path / "sig.pdf"
    render_pdf(package, out, forms=(1,))
    texts = page_texts(out)
    page = next(t for t in texts if "填报人：" in t)
    flat = _flat(page)
    assert "审核意见" in flat, "the signatures start a page without the form above them"
    assert flat.index("审核意见") < flat.index("填报人：")


def test_tall_indicator_rows_split_cleanly_under_one_header_per_page(tmp_path: Path) -> None:
    package = indicator_package(1, 2, 2, text="乙" * 1500)
    out = tmp_path / "tall.pdf"
    render_pdf(package, out, forms=(3,))
    boxes = words(out)
    pages = sorted({w.page for w in boxes})
    assert len(pages) >= 4
    for page in pages:
        mine = [w for w in boxes if w.page == page]
        headers = [w for w in mine if w.text.startswith("一级指标")]
        assert len(headers) == 1, f"page {page} has {len(headers)} header rows"
        top, bottom = headers[0].y0, headers[0].y1
        header_words = {"一级指标", "分值", "二级指标", "三级指标", "评价标准", "得分", "程）"}
        intruders = [w.text for w in mine if w.y1 > top and w.y0 < bottom and w.text not in header_words]
        assert [t for t in intruders if not t.startswith("指标说明")] == [], page
        flat = _flat("".join(w.text for w in mine))
        # A continued indicator names itself and its groups on every page it runs over.
        assert re.search(r"指标00\d\d", flat), page
        assert "一级00" in flat and "二级00" in flat
