"""项目支出绩效自评表 and 基础数据表 in the PDF, the package's ``forms`` deciding what prints and in
which order, and what a page may hold at a break (no orphan signatures, no slivers of a row)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from format2_support import three_projects_doc
from pdf_support import demo, open_rule_ends, page_sizes, page_texts, row_of, rules, words

from perfcore.exchange import load_json
from perfcore.model import Group, Leaf, Package, Previous, TargetRule
from perfcore.pdf import render_pdf
from perfcore.scoring import score_package

LANDSCAPE = (841.89, 595.28)


def _three() -> Package:
    return load_json(json.dumps(three_projects_doc()).encode())


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def three_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("three") / "three.pdf"
    info = render_pdf(_three(), out)
    assert info.forms == (1, 3)
    assert info.projects == 3
    assert info.figures
    return out


def test_forms_order_projects_on_landscape_and_figures_last(three_pdf: Path) -> None:
    texts = [_flat(t) for t in page_texts(three_pdf)]
    sizes = page_sizes(three_pdf)
    assert len(texts) == 10
    starts = [i for i, t in enumerate(texts) if "项目支出绩效自评表" in t]
    assert texts[0].startswith("表1")
    t3 = next(i for i, t in enumerate(texts) if t.startswith("表3"))
    figures = next(i for i, t in enumerate(texts) if "2021年度基础数据表" in t)
    assert 0 < t3 < starts[0] and starts[-1] < figures == len(texts) - 1
    names = [next(n for n in ("城区道路维修", "公园绿化", "信息化建设") if f"项目名称{n}" in texts[i]) for i in starts]
    assert names == ["城区道路维修", "公园绿化", "信息化建设"]
    for i in range(starts[0], figures):
        assert abs(sizes[i][0] - LANDSCAPE[0]) < 1, f"page {i + 1} is not landscape"
    assert all("（2021年度）项目支出绩效自评表" in texts[i] for i in starts)


def test_project_money_block_indicators_and_total(three_pdf: Path) -> None:
    boxes = words(three_pdf)
    texts = [_flat(t) for t in page_texts(three_pdf)]
    starts = [i + 1 for i, t in enumerate(texts) if "项目支出绩效自评表" in t]
    spans = list(zip(starts, [*starts[1:], len(texts)], strict=True))
    package = _three()
    scores = score_package(package)
    road, park, it = (scores.of_project(p) for p in package.projects)

    def row(anchor: str, project: int) -> str:
        first, last = spans[project]
        return _flat(row_of([w for w in boxes if first <= w.page < last], anchor))

    # 城区道路维修: 120.00 万元 budgeted, 110.00 executed: 执行率 91.67 %, 10 × 0.9167 = 9.17.
    assert row("年度资金总额", 0) == "年度资金总额100.00120.00110.00"
    # 分值, 执行率 and 得分 are merged down the 年度资金总额 and 其中 rows.
    assert row("91.67%", 0).endswith("1091.67%9.17")
    assert row("其中：", 0).startswith("其中：本年财政拨款100.00100.0095.00")
    assert row("上年结转资金", 0) == "上年结转资金0.0020.0015.00"
    assert row("完成路段比例", 0) == "产出指标数量指标完成路段比例≥100%91.673027.50"
    assert row("总", 0) == f"总分100{road.total:.2f}自评等级：{road.grade}"
    # A rated row: 指标性质 定性, the rating as 实际完成值, the entered score with two decimals.
    assert row("达成", 0).endswith("定性达成3027.00")
    assert row("部分达成", 1).endswith("生态环境改善定性部分达成3021.00")
    assert row("总", 1) == f"总分100{park.total:.2f}自评等级：{park.grade}"
    # 信息化建设: 执行率 undefined (其他资金 executed unknown), the entered budget score stands.
    assert row("年度资金总额", 2) == "年度资金总额—35.00—"
    assert row("6.00", 2).endswith("10—6.00")
    assert row("总", 2) == f"总分100{it.total:.2f}自评等级：{it.grade}（含未评分指标）"
    assert row("未达成", 2).endswith("办事效率提升定性未达成30")


def test_figures_table_lists_label_unit_value_and_previous_when_carried(tmp_path: Path) -> None:
    package = _three()
    package.figures[0].kind = "money"
    package.figures[0].value = Decimal("123456")
    package.previous = Previous(year=2020, values={"满意人数": Decimal("100000"), "调查人数": None})
    out = tmp_path / "fig.pdf"
    render_pdf(package, out)
    last = len(page_texts(out))
    boxes = [w for w in words(out) if w.page == last]
    assert _flat(row_of(boxes, "序号")) == "序号类别项目单位本年数上年数"
    assert _flat(row_of(boxes, "满意的受访人数")).endswith("满意的受访人数万元12.3510.00")
    assert _flat(row_of(boxes, "受访总人数")).endswith("受访总人数200—")
    assert _flat(row_of(boxes, "平均维修天数")).endswith("平均维修天数4—")
    package.previous = None
    render_pdf(package, out)
    boxes = [w for w in words(out) if w.page == last]
    assert _flat(row_of(boxes, "序号")) == "序号类别项目单位本年数"


def test_figures_print_only_when_listed_and_forms_decide_the_order(tmp_path: Path) -> None:
    package = _three()
    package.forms = ["projects", "indicators"]
    out = tmp_path / "order.pdf"
    info = render_pdf(package, out)
    texts = [_flat(t) for t in page_texts(out)]
    assert info.forms == (3,) and info.projects == 3 and not info.figures
    assert "项目支出绩效自评表" in texts[0]
    assert texts[-1].startswith("表3") or any(t.startswith("表3") for t in texts[-3:])
    assert not any("基础数据表" in t or "整体支出绩效自评报告" in t for t in texts)


def test_three_projects_print_closed_tables(three_pdf: Path) -> None:
    assert open_rule_ends(three_pdf) == []


def test_demo_page_count() -> None:
    from io import BytesIO

    assert render_pdf(demo(), BytesIO()).pages == 10


def _signature_pages_hold_part_of_the_form(pdf: Path) -> None:
    for text in page_texts(pdf):
        flat = _flat(text)
        if "填报人：" not in flat:
            continue
        before = flat[: flat.index("审核意见")] if "审核意见" in flat else ""
        # Something of the form itself (beyond the page's foot line) stands above 审核意见.
        assert len(re.sub(r"—\d+—", "", before)) >= 8, flat[:80]


@pytest.mark.parametrize("lines", range(0, 60, 3))
def test_no_page_holds_only_the_signatures_of_a_fund(tmp_path: Path, lines: int) -> None:
    package = demo()
    package.special_funds[0].performance = "\n".join(["辰" * 30] * lines)
    out = tmp_path / "fund.pdf"
    render_pdf(package, out, forms=(2,))
    _signature_pages_hold_part_of_the_form(out)
    assert open_rule_ends(out) == []


@pytest.mark.parametrize("lines", range(0, 60, 3))
def test_no_sliver_of_a_row_at_a_page_break(tmp_path: Path, lines: int) -> None:
    package = demo()
    package.overall.goal_completion = "\n".join(["巳" * 30] * lines)
    out = tmp_path / "sliver.pdf"
    render_pdf(package, out, forms=(1,))
    _signature_pages_hold_part_of_the_form(out)
    three_lines = 3 * 20
    pages = rules(out)
    for number, page in enumerate(pages, start=1):
        ys = sorted({round(r.y0, 1) for r in page if r.horizontal and r.x1 - r.x0 > 300})
        if len(ys) < 2:
            continue
        if number > 1:
            assert ys[1] - ys[0] >= three_lines, f"page {number} begins with a sliver of a row"
        if number < len(pages):
            assert ys[-1] - ys[-2] >= three_lines, f"page {number} ends with a sliver of a row"


def test_seal_space_stays_blank_beside_every_unit_line_and_signature(tmp_path: Path, three_pdf: Path) -> None:
    """Beside each 填报单位（盖章） and each 填报人, on the same page, a blank 45 mm square at the
    right of the type area (no drawn box); beside a 项目支出绩效自评表's 填报人 a 35 mm tall one
    (perfcore.pdf.project.PROJECT_SEAL_HEIGHT)."""
    from pdf_support import MM, blank, gray_page

    new = tmp_path / "new.pdf"
    package = load_json(json.dumps(three_projects_doc()).encode())
    package.projects[0].goals.expected = "午" * 3000
    render_pdf(package, new)
    for pdf in (three_pdf, new):
        boxes = words(pdf)
        page_rules = rules(pdf)
        anchors = [w for w in boxes if w.text.startswith(("填报单位（盖章）", "填报人："))]
        assert len(anchors) >= 8
        for word in anchors:
            width, height, pixels = gray_page(pdf, word.page, 72, tmp_path)
            right = int(max(r.x1 for r in page_rules[word.page - 1] if r.horizontal)) - 1
            side = round(45 * MM)
            landscape = width > height
            tall = round(35 * MM) if landscape and word.text.startswith("填报人：") else side
            centre = (word.y0 + word.y1) / 2
            found = any(
                blank(width, pixels, right - side, top, right, top + tall)
                for top in range(max(0, int(centre) - side), int(centre) + 1, 2)
            )
            assert found, f"no blank 45 mm square beside {word.text} on page {word.page} of {pdf.name}"


def test_pdf_command_names_the_projects_and_figures_it_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from perfcore.cli import main

    source = tmp_path / "three.json"
    source.write_text(json.dumps(three_projects_doc(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "three.pdf"
    assert main(["pdf", str(source), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "（表1、表3、项目支出绩效自评表3张、基础数据表，共10页" in printed


def test_a_long_indicator_grid_repeats_its_header_and_groups_on_every_page(tmp_path: Path) -> None:
    package = _three()
    output = package.projects[0].tree[0]
    assert isinstance(output, Group)
    quantity = output.children[0]
    assert isinstance(quantity, Group)
    for n in range(40):
        quantity.children.append(
            Leaf(name=f"路段{n:02d}", weight=Decimal(1), rule=TargetRule(target=Decimal(1)), reason="偏差说明" * 8)
        )
    out = tmp_path / "long.pdf"
    render_pdf(package, out, forms=(3,))
    boxes = words(out)
    texts = [_flat(t) for t in page_texts(out)]
    grid_pages = [i + 1 for i, t in enumerate(texts) if re.search(r"路段\d\d", t)]
    assert len(grid_pages) >= 2
    for page in grid_pages:
        # Two-line heads (指标性质, 度量单位) print above and below the others' line.
        assert _flat(row_of(boxes, "一级指标", page=page)) == "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        assert "性质" in texts[page - 1] and "度量单" in texts[page - 1]
        assert "产出指标" in texts[page - 1] and "数量指标" in texts[page - 1]
    assert open_rule_ends(out) == []
