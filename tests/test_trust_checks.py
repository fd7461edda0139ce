"""Consistent validation in the core (issue 12, item 7): a year is refused as a year; a 评价标准
that still says 8分 after the 分值 went to 4 and a staff count above the quota are warned about."""

from __future__ import annotations

import pytest

from perfcore import assets
from perfcore.checks import run_checks
from perfcore.checks.table3 import points_named
from perfcore.exchange import load_json
from perfcore.model import Leaf, iter_leaves
from perfcore.money import MoneyError, parse_year


@pytest.mark.parametrize("text", ["18.5", "19", "二〇一九", "2019.0", "20190"])
def test_a_year_that_is_not_one_is_refused_as_a_year(text: str) -> None:
    with pytest.raises(MoneyError, match="不是年份") as refused:
        parse_year(text)
    assert "人数" not in str(refused.value)


@pytest.mark.parametrize(("text", "year"), [("2019", 2019), ("２０１９", 2019), (" 2019年 ", 2019), ("", None)])
def test_a_year_is_read(text: str, year: int | None) -> None:
    assert parse_year(text) == year


def test_a_year_out_of_range_names_the_range() -> None:
    with pytest.raises(MoneyError, match="1900–2999"):
        parse_year("1899")


def test_points_named_in_a_criterion() -> None:
    assert [str(p) for p in points_named("效果较好的计6分；一般3分；每超１％扣0.5分")] == ["6", "3", "0.5"]
    assert points_named("满意度达到百分之九十的，三分之一") == []


def _leaf(package: object, name: str) -> Leaf:
    found = [leaf for _pointer, leaf in iter_leaves(package) if leaf.name == name]  # type: ignore[arg-type]
    assert len(found) == 1
    return found[0]


def test_a_criterion_with_more_points_than_the_weight_is_warned_about() -> None:
    package = load_json(assets.demo_json())
    assert not [f for f in run_checks(package) if f.path.endswith("/criterion")]
    leaf = _leaf(package, "行政效能")  # 评价标准: 效果较好的计6分
    pointer = next(p for p, candidate in iter_leaves(package) if candidate is leaf)
    leaf.weight = type(leaf.weight)(4)
    findings = [f for f in run_checks(package) if f.path == f"{pointer}/criterion"]
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "6分" in findings[0].message and "分值 4" in findings[0].message


def test_staff_above_the_quota_is_warned_about_at_the_staff_count() -> None:
    package = load_json(assets.demo_json())
    package.overall.staff_actual, package.overall.staff_quota = 11, 10
    findings = [f for f in run_checks(package) if f.path == "/overall/staff_actual"]
    assert [f.severity for f in findings] == ["warning"]
    assert "11 人" in findings[0].message and "10 人" in findings[0].message
    package.overall.staff_actual = 10
    assert not [f for f in run_checks(package) if f.path == "/overall/staff_actual"]
