"""The PDF never loops: any text in any field of any form renders, in bounded time and pages.

A label printed again on every page (a group's name at the top of each page it continues on, an
indicator's name and 分值 on each part of a split row) that is taller than a page would need a
page of its own on every page, for ever. These tests put long names — generated and fixed,
Chinese, ASCII, with and without line breaks — in every text field the forms print, and render
under a deadline that stops an endless loop instead of hanging the suite.
"""

from __future__ import annotations

import io
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_support import demo, indicator_package, page_texts

from perfcore.model import (
    FUND_TEXT_FIELDS,
    OVERALL_TEXT_FIELDS,
    Figure,
    Group,
    Item,
    Leaf,
    ManualRule,
    Node,
    Package,
    Project,
)
from perfcore.pdf import render_pdf
from perfcore.pdf.text import CUT_MARK

SECONDS = 60
"""Far above any real render of these packages (a few seconds under load); an endless loop
never ends, so the deadline only has to exist."""
MAX_PAGES = 400


class Timeout(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Timeout` inside the block once ``seconds`` have passed (main thread)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Timeout(f"rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(package: Package, out: Path | None = None, forms: tuple[int, ...] = (1, 2, 3)) -> int:
    with deadline(SECONDS):
        info = render_pdf(package, out if out is not None else io.BytesIO(), forms=forms)
    assert info.pages <= MAX_PAGES
    return info.pages


def _first_leaf(nodes: list[Node]) -> Leaf:
    node = nodes[0]
    return node if isinstance(node, Leaf) else _first_leaf(node.children)


def _last_leaf(nodes: list[Node]) -> Leaf:
    node = nodes[-1]
    return node if isinstance(node, Leaf) else _last_leaf(node.children)


def _set_group(package: Package, level: int, text: str) -> None:
    node: Node = package.indicators.tree[0]
    for _ in range(level - 1):
        assert isinstance(node, Group)
        node = node.children[0]
    node.name = text


def _deep(package: Package, text: str) -> None:
    """A third group level: its name prints before the indicator's own (``组名／指标名``)."""
    level2 = package.indicators.tree[0].children[0]
    assert isinstance(level2, Group)
    level2.children = [Group(name=text, weight=level2.weight, children=list(level2.children))]


Setter = Callable[[Package, str], None]


def _attr(path: str) -> Setter:
    def set_it(package: Package, text: str) -> None:
        *owners, name = path.split(".")
        target: object = package
        for owner in owners:
            target = getattr(target, owner)
            if isinstance(target, list):
                target = target[0]
        setattr(target, name, text)

    return set_it


def _fund_item(package: Package, text: str) -> None:
    package.special_funds[0].items.insert(0, Item(text, Decimal("100.00")))


def _repair_item(package: Package, text: str) -> None:
    package.overall.capital_repair_items.append(Item(text, Decimal("100.00")))


def _leaf_field(which: Callable[[list[Node]], Leaf], name: str) -> Setter:
    return lambda package, text: setattr(which(package.indicators.tree), name, text)


# Every text the forms print, by where it is in the package.
FIELDS: dict[str, Setter] = {
    "unit_name": _attr("unit_name"),
    **{f"overall.{f}": _attr(f"overall.{f}") for f in OVERALL_TEXT_FIELDS},
    "overall.capital_repair_items.name": _repair_item,
    **{f"special_funds.{f}": _attr(f"special_funds.{f}") for f in FUND_TEXT_FIELDS},
    "special_funds.items.name": _fund_item,
    "indicators.title": _attr("indicators.title"),
    "indicators.opinion_unit": _attr("indicators.opinion_unit"),
    "group level 1": lambda p, t: _set_group(p, 1, t),
    "group level 2": lambda p, t: _set_group(p, 2, t),
    "group level 3": _deep,
    **{f"first leaf.{f}": _leaf_field(_first_leaf, f) for f in ("name", "criterion", "explanation", "note")},
    **{f"last leaf.{f}": _leaf_field(_last_leaf, f) for f in ("name", "criterion", "explanation", "note")},
}


def _forms(field: str) -> tuple[int, ...]:
    """The form that prints ``field`` (the unit's name is on all three)."""
    if field.startswith("overall."):
        return (1,)
    if field.startswith("special_funds."):
        return (2,)
    return (1, 2, 3) if field == "unit_name" else (3,)


LONG_TEXTS = {
    "150 CJK": "测" * 150,
    "1000 ASCII": "a" * 1000,
    "300 lines": "第一行\n" * 300,
    "3000 CJK words": "绩效评价指标名称 " * 330,
}


@pytest.mark.parametrize("kind", list(LONG_TEXTS))
def test_a_long_text_in_every_field_at_once_renders(kind: str) -> None:
    package = demo()
    for set_it in FIELDS.values():
        set_it(package, LONG_TEXTS[kind])
    assert render(package) > 0


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_name_taller_than_a_page_in_each_field_renders(field: str) -> None:
    package = demo()
    FIELDS[field](package, "绩效" * 600 + "x" * 400)
    assert render(package, forms=_forms(field)) > 0


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.dictionaries(
        st.sampled_from(sorted(FIELDS)),
        st.text(
            alphabet=st.sampled_from("测绩效指标aZ9 .，。（）\n…—"),
            min_size=100,
            max_size=1500,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_generated_long_texts_in_any_fields_render(texts: dict[str, str]) -> None:
    package = demo()
    for field, text in texts.items():
        FIELDS[field](package, text)
    assert render(package) > 0


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_long_group_name_is_cut_with_a_mark_and_the_rest_of_the_form_prints(tmp_path: Path) -> None:
    package = demo()
    name = "优化营商环境" * 30
    _set_group(package, 1, name)
    pdf = tmp_path / "group.pdf"
    render(package, pdf)
    whole = _flat("".join(page_texts(pdf)))
    assert _flat(CUT_MARK) in whole
    assert "优化营商环境优化营商环境" in whole
    # Every indicator of the package still prints.
    for leaf in _leaves(package.indicators.tree):
        assert _flat(leaf.name)[:6] in whole


def test_a_long_indicator_name_prints_in_full_once(tmp_path: Path) -> None:
    package = demo()
    _first_leaf(package.indicators.tree).name = "鑫" * 400  # a character the demo lacks
    pdf = tmp_path / "leaf.pdf"
    pages = render(package, pdf)
    # The name continues over as many pages as it needs; later parts of its row repeat it cut.
    printed = _flat("".join(page_texts(pdf))).count("鑫")
    assert 400 <= printed < 400 + pages * 60


def _leaves(nodes: list[Node]) -> list[Leaf]:
    out: list[Leaf] = []
    for node in nodes:
        out.extend(_leaves(node.children) if isinstance(node, Group) else [node])
    return out


def test_a_cut_label_is_bounded_ends_with_the_mark_and_costs_no_more_for_a_megabyte() -> None:
    from perfcore.pdf.cells import REPEAT_LIMIT
    from perfcore.pdf.fonts import resolve_fonts
    from perfcore.pdf.styles import make_styles
    from perfcore.pdf.text import fitted

    styles = make_styles(resolve_fonts())
    width = 60.0
    short = fitted("投入", styles.grid_center, styles.fonts, width, REPEAT_LIMIT)
    assert short.wrap(width, 1e7)[1] <= REPEAT_LIMIT
    assert CUT_MARK not in short.text
    for text in ("测" * 1_000_000, "x" * 1_000_000, "测\n" * 500_000):
        with deadline(5):
            cut = fitted(text, styles.grid_center, styles.fonts, width, REPEAT_LIMIT)
        assert cut.wrap(width, 1e7)[1] <= REPEAT_LIMIT
        assert cut.text.endswith(CUT_MARK)
        assert len(cut.text) < 1000


def test_a_repeated_label_a_builder_left_unbounded_is_still_not_repeated_for_ever() -> None:
    """The table's own guard: a repeat taller than the limit is dropped, the label printed once."""
    from reportlab.platypus import SimpleDocTemplate

    from perfcore.pdf.cells import FormTable, GroupMark, Repeating
    from perfcore.pdf.fonts import resolve_fonts
    from perfcore.pdf.styles import make_styles
    from perfcore.pdf.text import para

    styles = make_styles(resolve_fonts())
    fonts, style = styles.fonts, styles.grid_center

    def huge() -> list[object]:
        return [para("长" * 3000, style, fonts)]

    rows = [
        [[GroupMark("g", huge())], [Repeating(huge())], [Repeating([para("短", style, fonts)])]]
        for _ in range(3)
    ]
    table = FormTable(rows, colWidths=[60, 60, 60], splitInRow=0.01)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), fonts.name("song")), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    doc = SimpleDocTemplate(io.BytesIO(), initialFontName=fonts.name("song"))
    with deadline(SECONDS):
        doc.build([table])
    assert 3 <= doc.page < 200


# ---------------------------------------------------------------- linear cost (counted, not timed)


class _Counts:
    """Rows measured by ReportLab's tables and paragraphs broken into lines, while rendering."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from reportlab.platypus import Table

        from perfcore.pdf import linebreak

        self.rows = 0
        self.breaks = 0
        calc_height = Table._calc_height
        break_lines = linebreak.break_lines

        def counted_calc(table: Table, *args: object, **kwargs: object) -> object:
            self.rows += len(table._cellvalues)
            return calc_height(table, *args, **kwargs)

        def counted_break(*args: object, **kwargs: object) -> object:
            self.breaks += 1
            return break_lines(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Table, "_calc_height", counted_calc)
        monkeypatch.setattr(linebreak, "break_lines", counted_break)


def _fund_with_items(count: int) -> Package:
    package = demo()
    fund = package.special_funds[0]
    fund.items = [Item(f"支出项目{i}", Decimal("100.00")) for i in range(count)]
    package.special_funds = [fund]
    return package


def _indicators(count: int) -> Package:
    return indicator_package(count // 20, 4, 5)


def _figures(count: int) -> Package:
    """A 基础数据表 of ``count`` figures in 类别 of seven (it was one table split by ReportLab:
    quadratic, 4,000 figures took 20 s)."""
    package = demo()
    package.forms = ["figures"]
    package.figures = [
        Figure(key=f"f{i}", label=f"基础数据{i}", kind="money", value=Decimal(i), group=f"类别{i // 7}")
        for i in range(count)
    ]
    return package


def _project_indicators(count: int) -> Package:
    """One 项目支出绩效自评表 with ``count`` 三级指标 under one 二级."""
    package = demo()
    package.forms = ["projects"]
    leaves: list[Node] = [
        Leaf(name=f"指标{i}", weight=Decimal(1), criterion="", explanation="", rule=ManualRule(), score=Decimal(1))
        for i in range(count)
    ]
    inner: list[Node] = [Group(name="数量指标", weight=Decimal(count), children=leaves)]
    tree: list[Node] = [Group(name="产出指标", weight=Decimal(count), children=inner)]
    package.projects = [Project(name="某项目", tree=tree)]
    return package


@pytest.mark.parametrize(
    ("make", "forms"),
    [(_fund_with_items, (2,)), (_indicators, (3,)), (_figures, (1, 2, 3)), (_project_indicators, (1, 2, 3))],
    ids=["fund items", "indicators", "figures", "project indicators"],
)
def test_rows_measured_and_lines_broken_grow_linearly(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[int], Package], forms: tuple[int, ...]
) -> None:
    """Four times the rows may cost at most about four times the work (quadratic: sixteen)."""
    counts = _Counts(monkeypatch)
    measured = []
    for size in (160, 640):
        counts.rows = counts.breaks = 0
        with deadline(SECONDS):
            render_pdf(make(size), io.BytesIO(), forms=forms)
        measured.append((counts.rows, counts.breaks))
    (rows1, breaks1), (rows4, breaks4) = measured
    assert rows4 < 5 * rows1, measured
    assert breaks4 < 5 * breaks1, measured
