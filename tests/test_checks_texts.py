"""Required texts and 填报日期."""

from __future__ import annotations

import pytest
from checks_support import clean, found, sample

FUND = "2019年第一期职业培训资金"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "（三）存在的主要问题未填写"),
        (" \n\t", "（三）存在的主要问题未填写"),
        ("。。。", "（三）存在的主要问题未填写"),
        ("——", "（三）存在的主要问题未填写"),
        ("暂无", "（三）存在的主要问题只填了“暂无”，请如实写明具体内容"),
        ("无", "（三）存在的主要问题只填了“无”，请如实写明具体内容"),
        (" 无。\n", "（三）存在的主要问题只填了“无”，请如实写明具体内容"),
        ("“暂无”", "（三）存在的主要问题只填了“暂无”，请如实写明具体内容"),
    ],
)
def test_problems_empty_or_boilerplate(text: str, message: str) -> None:
    package = clean()
    package.overall.problems = text
    assert found(package, "texts.required") == [("warning", "/overall/problems", message)]


def test_improvements_boilerplate() -> None:
    package = clean()
    package.overall.improvements = "暂无建议"
    assert found(package, "texts.required") == [
        ("warning", "/overall/improvements", "（四）改进措施和有关建议只填了“暂无建议”，请如实写明具体内容"),
    ]


def test_real_texts_pass_even_when_short_or_starting_with_none() -> None:
    package = sample()
    package.overall.problems = "无专职财务人员。"
    package.overall.improvements = "增加工作经费"
    assert found(package, "texts.required") == []
    assert found(sample(), "texts.required") == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "填报日期未填写"),
        ("2020.7.10", "填报日期“2020.7.10”应写作“2020-07-10”"),
        ("2020-7-3", "填报日期“2020-7-3”应写作“2020-07-03”"),
        ("2020年7月3日", "填报日期“2020年7月3日”应写作“2020-07-03”"),
        ("2020/07/31", "填报日期“2020/07/31”应写作“2020-07-31”"),
        ("2020.2.30", "填报日期“2020.2.30”不是有效日期，请按“2020-07-10”的格式填写"),
        ("七月十日", "填报日期“七月十日”不是有效日期，请按“2020-07-10”的格式填写"),
        ("20200710", "填报日期“20200710”不是有效日期，请按“2020-07-10”的格式填写"),
        ("2020-02-30", "填报日期“2020-02-30”不是有效日期，请按“2020-07-10”的格式填写"),
        ("2019-12-31", "填报日期 2019-12-31 应在 2019 年度结束之后"),
        ("2018-07-10", "填报日期 2018-07-10 应在 2019 年度结束之后"),
    ],
)
def test_overall_filled_on(typed: str, message: str) -> None:
    package = clean()
    package.overall.filled_on = typed
    assert found(package, "texts.filled_on") == [("warning", "/overall/filled_on", message)]


def test_fund_filled_on_names_the_fund() -> None:
    package = clean()
    package.special_funds[0].filled_on = "2019-06-30"
    assert found(package, "texts.filled_on") == [
        ("warning", "/special_funds/0/filled_on", f"{FUND}：填报日期 2019-06-30 应在 2019 年度结束之后"),
    ]


@pytest.mark.parametrize("typed", ["2020-01-01", "2020-07-10", " 2021-03-31 ", "2020-02-29"])
def test_dates_after_the_year_pass(typed: str) -> None:
    package = clean()
    package.overall.filled_on = typed
    package.special_funds[0].filled_on = typed
    assert found(package, "texts.filled_on") == []
