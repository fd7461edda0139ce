"""PDF speed: the demo's full print and a 200-indicator 表3, against plain ReportLab.

    .venv/bin/python bench/pdf_bench.py [--runs 7] [--only 3,4]

Timed (median of ``--runs``, fonts already loaded, as in the running app; written to memory):

1. the demo package, 表1 + 表2 + 表3 (``render_pdf``). Goal < 1 s.
2. a 200-indicator 表3 (10 × 4 × 5, the same indicator wording repeated). Goal < 3 s.
3. one fund with 10,000 itemised expenses (表2). Goal < 3 s.
4. 1,000 special funds with their names and figures only (表2, two pages each). Goal < 3 s.
5. a 1,000,000-character unit name (表1). No goal: it must end, in time linear in its size.

Baseline in the same run for each: a plain ReportLab document of the same text and cells,
the same embedded fonts and page size, without what the forms add (escaping with font
fallback, Chinese line breaking, self-centring and repeating cells, merged groups, the seal
squares, the two-pass page count). The ratio says what the forms cost over ReportLab itself.
For the 10,000 items and the long name the baseline is their words as plain paragraphs without
a table (ReportLab's own table of 10,000 rows in one cell is itself quadratic).
Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table  # noqa: E402

from perfcore import assets  # noqa: E402
from perfcore.budget_text import budget_points  # noqa: E402
from perfcore.exchange import load_json  # noqa: E402
from perfcore.model import Group, Item, Leaf, ManualRule, Node, Package, SpecialFund  # noqa: E402
from perfcore.pdf import render_pdf  # noqa: E402
from perfcore.pdf.fonts import resolve_fonts  # noqa: E402
from perfcore.scoring import score_package  # noqa: E402


def big_indicators(package: Package) -> Package:
    """10 level-1 × 4 level-2 × 5 leaves, the demo's indicator texts in turn."""
    demo_leaves = [n for n in _leaves(package.indicators.tree)]
    tree: list[Node] = []
    n = 0
    for i in range(10):
        level2: list[Node] = []
        for j in range(4):
            leaves: list[Node] = []
            for _ in range(5):
                model = demo_leaves[n % len(demo_leaves)]
                n += 1
                leaves.append(
                    Leaf(
                        name=f"{model.name}{n}",
                        weight=Decimal("0.5"),
                        criterion=model.criterion,
                        explanation=model.explanation,
                        rule=ManualRule(),
                        score=Decimal("0.5"),
                        note=model.note,
                    )
                )
            level2.append(Group(name=f"二级指标{i}-{j}", weight=Decimal("2.5"), children=leaves))
        tree.append(Group(name=f"一级指标{i}", weight=Decimal(10), children=level2))
    package.indicators.tree = tree
    return package


def many_items(package: Package, count: int = 10_000) -> Package:
    fund = package.special_funds[0]
    fund.items = [Item(f"支出项目{i}", Decimal("1234.56")) for i in range(count)]
    package.special_funds = [fund]
    return package


def many_funds(package: Package, count: int = 1000) -> Package:
    package.special_funds = [
        SpecialFund(name=f"专项资金{i}", allocated=Decimal("100000"), spent=Decimal("99000"))
        for i in range(count)
    ]
    return package


def long_unit_name(package: Package, count: int = 1_000_000) -> Package:
    package.unit_name = "株洲市石峰区优化营商环境协调事务中心"[:10] * (count // 10)
    return package


def _leaves(nodes: list[Node]) -> list[Leaf]:
    out: list[Leaf] = []
    for node in nodes:
        out.extend(_leaves(node.children) if isinstance(node, Group) else [node])
    return out


def plain_reportlab(package: Package, forms: tuple[int, ...]) -> bytes:
    """The same words in ReportLab's own CJK paragraphs and tables, nothing more."""
    fonts = resolve_fonts()
    body = ParagraphStyle("b", fontName=fonts.name("fang"), fontSize=12, leading=20, wordWrap="CJK")
    small = ParagraphStyle("s", fontName=fonts.name("fang"), fontSize=10, leading=14, wordWrap="CJK")

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[object] = []
    o = package.overall
    if 1 in forms:
        rows = [
            [p("年度预算收支情况"), [p(t) for t in budget_points(o)]],
            [
                p("年度支出情况分析说明"),
                [p(t) for t in (o.analysis_basic, o.analysis_project, o.problems, o.improvements)],
            ],
            [p("整体绩效目标完成情况"), [p(o.goal_completion)]],
            [p("审核意见"), [p(o.opinion_unit), p(o.opinion_office)]],
        ]
        story += [p(package.unit_name), Table(rows, colWidths=[34 * mm, 122 * mm], splitInRow=1), PageBreak()]
    if 2 in forms:
        for fund in package.special_funds:
            rows = [
                [p("项目概况"), [p(fund.overview)]],
                [p("专项资金投入和使用情况"), [p(fund.funding_text)] + [p(i.name) for i in fund.items]],
                [p("项目组织实施情况"), [p(fund.implementation)]],
                [p("项目绩效情况"), [p(fund.performance)]],
            ]
            story += [p(fund.name), Table(rows, colWidths=[34 * mm, 122 * mm], splitInRow=1), PageBreak()]
    if 3 in forms:
        scores = score_package(package)
        header = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明", "得分"]
        rows3: list[list[object]] = [[p(h, small) for h in header]]
        for leaf in _leaves(package.indicators.tree):
            result = scores.leaves.get(leaf.uid)
            rows3.append(
                [
                    "",
                    "",
                    "",
                    "",
                    p(leaf.name, small),
                    p(str(leaf.weight), small),
                    p(leaf.criterion, small),
                    [
                        p(leaf.explanation, small),
                        p(leaf.note, small),
                        p(result.process if result else "", small),
                    ],
                    p(str(leaf.score or ""), small),
                ]
            )
        widths = [w * mm for w in (17, 10, 19, 10, 25, 10, 62, 60, 12)]
        story.append(Table(rows3, colWidths=widths, repeatRows=1, splitInRow=1))
    out = io.BytesIO()
    size = landscape(A4) if forms == (3,) else A4
    SimpleDocTemplate(out, pagesize=size, initialFontName=fonts.name("song")).build(story)
    return out.getvalue()


def plain_paragraphs(package: Package, forms: tuple[int, ...]) -> bytes:
    """The baseline of the large cases: their words as plain ReportLab paragraphs, one after the
    other, no table (a single table cell of 10,000 lines is quadratic in ReportLab itself)."""
    fonts = resolve_fonts()
    body = ParagraphStyle("b", fontName=fonts.name("fang"), fontSize=10.5, leading=15, wordWrap="CJK")
    texts = [package.unit_name]
    if 2 in forms:
        for fund in package.special_funds:
            texts += [fund.name, fund.overview, fund.funding_text, fund.implementation, fund.performance]
            texts += [f"{i.name} {i.amount}" for i in fund.items]
    # ReportLab's own wrapping of one paragraph grows faster than its length: a long text goes in
    # paragraphs of 1,000 characters (the same words, the same pages).
    story = [Paragraph(escape(t[i : i + 1000]), body) for t in texts for i in range(0, len(t), 1000)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, initialFontName=fonts.name("song")).build(story)
    return out.getvalue()


def ours(package: Package, forms: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    render_pdf(package, out, forms=forms)
    return out.getvalue()


def median_seconds(fn: Callable[[], bytes], runs: int, warm: bool = True) -> tuple[float, bytes]:
    """Median time of ``runs`` calls and the last result; ``warm`` first makes one untimed call
    (fonts loaded and registered, caches filled; the large cases run after the small ones)."""
    if warm:
        fn()
    times = []
    result = b""
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large-runs", type=int, default=1, help="runs of the three large cases")
    parser.add_argument("--only", default="", help="the cases to run, by number (e.g. 3,4); default all")
    args = parser.parse_args()
    only = {int(n) for n in args.only.split(",") if n.strip()}

    def demo() -> Package:
        return load_json(assets.demo_json())

    cases = [
        ("demo 表1+表2+表3", demo(), (1, 2, 3), 1.0, args.runs, True),
        ("200-indicator 表3", big_indicators(demo()), (3,), 3.0, args.runs, True),
        ("10,000 items 表2", many_items(demo()), (2,), 3.0, args.large_runs, False),
        ("1,000 funds 表2", many_funds(demo()), (2,), 3.0, args.large_runs, False),
        ("1e6-char unit 表1", long_unit_name(demo()), (1,), None, args.large_runs, False),
    ]
    baselines = [plain_reportlab, plain_reportlab, plain_paragraphs, plain_reportlab, plain_paragraphs]
    print(
        f"PDF bench, median of {args.runs} warm runs ({args.large_runs} for the large cases), written to memory"
    )
    for number, ((name, package, forms, goal, runs, warm), plain) in enumerate(
        zip(cases, baselines, strict=True), start=1
    ):
        if only and number not in only:
            continue
        t_ours, pdf = median_seconds(lambda p=package, f=forms: ours(p, f), runs, warm)
        t_plain, _ = median_seconds(lambda p=package, f=forms, b=plain: b(p, f), runs, warm)
        pages = pdf.count(b"/Type /Page\n")
        base = "plain ReportLab" if plain is plain_reportlab else "plain paragraphs"
        verdict = (
            "no goal" if goal is None else f"goal < {goal:.0f} s: {'meets' if t_ours < goal else 'MISSES'}"
        )
        print(
            f"  {name:<20} forms {t_ours * 1000:8.1f} ms  {base} {t_plain * 1000:8.1f} ms  "
            f"ratio {t_ours / t_plain:4.2f}×  ({pages} pages; {verdict})",
            flush=True,
        )


if __name__ == "__main__":
    main()
