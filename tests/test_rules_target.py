"""The rules of the 项目支出绩效自评表: ``target`` (年度指标值 against 实际完成值) and ``rated``,
at their edges. Each expected score is worked out by hand in the comment beside it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcore.model import Figure, Leaf, Metric, Overall, RatedRule, TargetRule
from perfcore.rules import in_rating_band, rating_band, score_leaf, target_text

D = Decimal


def target(direction: str, t: str, a: str | None, weight: str = "10", unit: str = "%", **leaf: object) -> Leaf:
    rule = TargetRule(direction, D(t), None if a is None else D(a), unit)  # type: ignore[arg-type]
    return Leaf("指标", D(weight), rule=rule, **leaf)  # type: ignore[arg-type]


def points(leaf: Leaf, overall: Overall | None = None, figures: dict[str, Figure] | None = None) -> Decimal | None:
    return score_leaf(leaf, overall or Overall(), figures or {}).computed


@pytest.mark.parametrize(
    ("t", "a", "expected"),
    [
        ("95", "98", "10.00"),  # a ≥ t: full weight
        ("95", "95", "10.00"),  # a = t: full weight
        ("95", "90", "9.47"),  # 10 × 90/95 = 9.4736… → 9.47 (half-up)
        ("100", "50", "5.00"),  # 10 × 50/100
        ("0", "0", "10.00"),  # t = 0: a ≥ t, full
        ("0", "-5", "10.00"),  # t = 0 and a below it: the table says weight
        ("95", "-5", "0.00"),  # 10 × (−5)/95 < 0 → clamped to 0
        ("95", "0", "0.00"),  # 10 × 0/95
    ],
)
def test_at_least(t: str, a: str, expected: str) -> None:
    assert points(target(">=", t, a)) == D(expected)


@pytest.mark.parametrize(
    ("t", "a", "expected"),
    [
        ("5", "4", "10.00"),  # a ≤ t: full
        ("5", "5", "10.00"),  # a = t: full
        ("5", "6", "8.00"),  # 10 × (1 − (6−5)/5) = 10 × 0.8
        ("5", "10", "0.00"),  # a = 2t: 10 × (1 − 5/5) = 0
        ("5", "12", "0.00"),  # beyond 2t: negative, at least 0
        ("0", "0", "10.00"),  # t = 0 and a = 0: a ≤ t, full
        ("0", "1", "0.00"),  # t = 0 and a above it: 0
        ("5", "-3", "10.00"),  # a below t (negative): full
        ("3", "4", "6.67"),  # 10 × (1 − 1/3) = 6.666… → 6.67
    ],
)
def test_at_most(t: str, a: str, expected: str) -> None:
    assert points(target("<=", t, a)) == D(expected)


@pytest.mark.parametrize(
    ("t", "a", "expected"),
    [("12", "12", "10.00"), ("12", "12.00", "10.00"), ("12", "11", "0.00"), ("12", "13", "0.00"), ("-2", "-2", "10.00")],
)
def test_equal(t: str, a: str, expected: str) -> None:
    assert points(target("=", t, a)) == D(expected)


def test_null_actual_is_undefined_and_follows_on_undefined() -> None:
    leaf = target(">=", "95", None)
    result = score_leaf(leaf, Overall(), {})
    assert (result.computed, result.final, result.missing) == (None, None, ("actual",))
    assert result.reason == "尚未填写实际完成值"
    leaf.rule.on_undefined = "zero"
    assert points(leaf) == D("0.00")
    leaf.rule.on_undefined = "full"
    assert points(leaf) == D("10.00")
    leaf.score = D(7)
    assert score_leaf(leaf, Overall(), {}).final == D(7)


def test_metric_drives_the_actual_and_an_entered_one_is_ignored() -> None:
    figures = {"满意人数": Figure("满意人数", "满意人数", "count", 96), "调查人数": Figure("调查人数", "调查人数", "count", 100)}
    # 96/100 × 100 = 96 % ≥ 95 %: full 10; the entered actual 50 would have given 5.26.
    leaf = target(">=", "95", "50", metric=Metric("满意人数 / 调查人数 * 100", "%"))
    result = score_leaf(leaf, Overall(), figures)
    assert (result.value, result.computed) == (D(96), D("10.00"))
    assert result.process == "实际完成值96/100×100=96.00%≥年度指标值95%，计10.00分"
    figures["满意人数"].value = 76
    # 76 % < 95 %: 10 × 76/95 = 8.00
    assert points(leaf, figures=figures) == D("8.00")
    figures["调查人数"].value = None
    assert points(leaf, figures=figures) is None


def test_metric_reading_a_table1_field() -> None:
    # 在职人员 7 of 编制 10 = 70 %, at most 80 %: full.
    leaf = target("<=", "80", None, metric=Metric("staff_actual / staff_quota * 100", "%"))
    assert points(leaf, Overall(staff_actual=7, staff_quota=10)) == D("10.00")
    # 10/10 = 100 %: 10 × (1 − 20/80) = 7.50
    assert points(leaf, Overall(staff_actual=10, staff_quota=10)) == D("7.50")


def test_sentences() -> None:
    assert score_leaf(target(">=", "95", "90"), Overall(), {}).process == "实际完成值90%<年度指标值95%，10×90/95=9.47，计9.47分"
    assert score_leaf(target("<=", "5", "6", unit="天"), Overall(), {}).process == (
        "实际完成值6天>年度指标值5天，10×(1-(6-5)/5)=8.00，计8.00分"
    )
    assert score_leaf(target("=", "12", "11", unit="个"), Overall(), {}).process == "实际完成值11个≠年度指标值12个，计0.00分"


def test_target_text() -> None:
    assert target_text(TargetRule(">=", D(95), None, "%")) == "≥95%"
    assert target_text(TargetRule("<=", D("2.5"), None, "天")) == "≤2.5天"
    assert target_text(TargetRule("=", D(12), None, "个")) == "12个"
    assert target_text(TargetRule(">=", D(95), None, "%", "≥95%（抽样）")) == "≥95%（抽样）"


def test_rated_bands() -> None:
    # Weight 10: 达成 [8, 10], 部分达成 [6, 8), 未达成 [0, 6).
    assert rating_band("达成", D(10)) == (D("8.00"), D("10.00"))
    assert in_rating_band("达成", D(10), D(8)) and in_rating_band("达成", D(10), D(10))
    assert not in_rating_band("部分达成", D(10), D(8))
    assert in_rating_band("部分达成", D(10), D(6)) and in_rating_band("部分达成", D(10), D("7.99"))
    assert in_rating_band("未达成", D(10), D(0)) and not in_rating_band("未达成", D(10), D(6))
    leaf = Leaf("指标", D(10), rule=RatedRule("部分达成"))
    result = score_leaf(leaf, Overall(), {})
    assert (result.computed, result.final) == (None, None)
    assert result.process == "评定为“部分达成”（6.00分（含）至8.00分（不含）），尚未评分"
    leaf.score = D(7)
    assert score_leaf(leaf, Overall(), {}).final == D(7)
