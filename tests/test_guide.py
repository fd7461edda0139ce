"""填报说明: the shipped guide, the paragraph of each field, an indicator's rule in words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from checks_support import leaf_named, sample

from perfcore import assets
from perfcore.guide import (
    _BUDGET_FIELDS,
    _OVERALL_TOPICS,
    INDICATOR,
    TOP,
    indicator_help,
    load_guide,
    parse_guide,
    topic,
)
from perfcore.model import (
    OVERALL_NUMERIC_FIELDS,
    DeductOverRule,
    Figure,
    Leaf,
    Metric,
    Overall,
    RatedRule,
    TargetRule,
    figure_index,
    iter_leaves,
)
from perfcore.rule_words import rule_words


def test_the_guide_ships_as_a_resource_and_explains_every_form() -> None:
    assert assets.resource("help", "guide.md").is_file()
    guide = load_guide()
    headings = guide.headings
    for anchor in ("overall", "funds", "indicators", "projects", "figures", "units", "scoring", "checks", "printing", "backups", "shortcuts"):
        assert anchor in headings, anchor
    assert "表1" in headings["overall"] and "表2" in headings["funds"] and "表3" in headings["indicators"]
    assert "项目支出绩效自评表" in headings["projects"] and "基础数据" in headings["figures"]
    assert "{#" not in guide.markdown  # the anchors are not shown
    # Every link inside points at a paragraph that exists.
    for target in re.findall(r"\]\(#([A-Za-z0-9_-]+)\)", guide.markdown):
        assert target in headings, target
    assert "万元" in guide.markdown and "F1" in guide.markdown


def test_every_field_has_a_paragraph() -> None:
    headings = load_guide().headings
    fields = [f.name for f in __import__("dataclasses").fields(Overall)]
    for name in fields:
        anchor = topic(f"/overall/{name}")
        assert anchor in headings, name
        assert anchor != "overall" or name not in OVERALL_NUMERIC_FIELDS, name  # figures get their group
    assert set(_BUDGET_FIELDS) <= set(fields) and set(_OVERALL_TOPICS) <= set(fields)


@pytest.mark.parametrize(
    ("at", "anchor"),
    [
        ("/overall/staff_actual", "overall-staff"),
        ("/overall/three_public_reception", "overall-three-public"),
        ("/overall/filled_on", "signing"),
        ("/special_funds/0/items/1/amount", "funds-money"),
        ("/special_funds/0/overview", "funds"),
        ("/indicators/tree/0/children/1/weight", "indicators-score"),
        ("/indicators/tree/0/children/1/rule/limit", "indicators-rules"),
        ("/indicators/tree/0/children/1/metric/formula", "indicators-formula"),
        ("/indicators/tree/0/children/1/criterion", "indicators"),
        ("/projects/0/budget/lines/0/full", "projects-budget"),
        ("/projects/0/tree/0/children/0/children/0/rule/actual", "projects-indicators"),
        ("/figures/2/value", "figures"),
        ("", TOP),
        ("/nowhere", TOP),
    ],
)
def test_topic_of_a_pointer(at: str, anchor: str) -> None:
    assert topic(at) == anchor
    assert anchor in load_guide().headings


def test_the_rule_of_a_demo_indicator_in_words() -> None:
    package = sample()
    _, leaf = leaf_named(package, "在职人员控制率")
    assert rule_words(leaf, figure_index(package)) == (
        "按 年末职工人数 ÷ 人员编制 × 100 计算，不超过 100% 得满分 5 分，每超过 1% 扣 0.5 分（不足一档按比例扣），扣完为止；"
        "数据不全或无法计算时由填报人按评价标准填写得分"
    )
    _, leaf = leaf_named(package, "预算完成率")
    assert "每低于 5% 扣 2 分（不足 5% 按 5% 计）" in rule_words(leaf, figure_index(package))
    _, leaf = leaf_named(package, "行政效能")
    assert rule_words(leaf, figure_index(package)) == "按评定的档次计分：“效果较好”计 6 分；“一般”计 3 分；“无效果或者效果不明显”计 0 分"
    _, leaf = leaf_named(package, "社会公众或服务对象满意度")
    assert "≥90% 计 10 分" in rule_words(leaf, figure_index(package)) and "其他情况计 0 分" in rule_words(leaf, figure_index(package))


def test_every_demo_rule_has_words_naming_figures_by_label() -> None:
    package = sample()
    figures = figure_index(package)
    for _, leaf in iter_leaves(package):
        words = rule_words(leaf, figures)
        assert words and not re.search("[a-z_]{3,}", words), (leaf.name, words)


def test_rules_of_projects_in_words() -> None:
    leaf = Leaf("群众满意度", Decimal(10), rule=TargetRule(">=", Decimal(95), unit="%"))
    assert rule_words(leaf, {}) == (
        "实际完成值由填报人填写，达到年度指标值 ≥95% 得满分 10 分，未达到的按 实际完成值 ÷ 指标值 的比例计分；"
        "数据不全或无法计算时由填报人按评价标准填写得分"
    )
    rated = Leaf("社会效益", Decimal(10), rule=RatedRule())
    assert rule_words(rated, {}).startswith("先评定达成情况") and "8.00～10.00分" in rule_words(rated, {})
    figures = {"visits": Figure("visits", "接待人次", "count", 5)}
    capped = Leaf("接待", Decimal(4), metric=Metric("visits / 2", "次"), rule=DeductOverRule(Decimal(3), Decimal(1), Decimal(1), "floor", "zero"))
    assert rule_words(capped, figures) == (
        "按 接待人次 ÷ 2 计算，不超过 3次 得满分 4 分，每超过 1次 扣 1 分（不足 1次 不扣），扣完为止；数据不全或无法计算时计 0 分"
    )


def test_an_indicator_paragraph_shows_its_texts_as_typed() -> None:
    package = sample()
    _, leaf = leaf_named(package, "公用经费控制率")
    leaf.explanation = "1.公用经费*含*<b>会议费</b>\n- 不含人员支出"
    text = indicator_help(leaf, figure_index(package))
    guide = load_guide(text)
    assert guide.headings[INDICATOR] == "当前指标：公用经费控制率"
    assert guide.markdown.index("当前指标") < guide.markdown.index("一、开始之前")
    assert "**计分方法**：按 公用经费 ÷ 预算安排公用经费总额 × 100 计算" in text
    assert r"1\.公用经费\*含\*\<b\>会议费\</b\>" in text and r"\- 不含人员支出" in text
    assert leaf.criterion.splitlines()[0][:10] in text


def test_parse_guide_keeps_headings_without_anchors() -> None:
    guide = parse_guide("# 甲 {#a}\n\n## 乙\n\n### 丙 {#c-1}\n")
    assert guide.headings == {"a": "甲", "c-1": "丙"}
    assert guide.markdown == "# 甲\n\n## 乙\n\n### 丙\n"
