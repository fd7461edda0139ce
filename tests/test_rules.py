"""Each rule type of the 评价标准: its points, rounding, on_undefined, clamping and its 计算过程."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from strategies import leaves, overalls

from perfcore.model import (
    Band,
    BandsRule,
    ChecklistItem,
    ChecklistRule,
    ChoiceOption,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Figure,
    Leaf,
    ManualRule,
    Metric,
    Overall,
    ProportionalRule,
    Rounding,
    Rule,
)
from perfcore.rules import LeafResult, dependencies, formula_problem, score_leaf

D = Decimal


def measured(rule: Rule, v: str | None, weight: str = "10", score: str | None = None, unit: str = "%") -> LeafResult:
    """A leaf whose metric is its own input ``v``."""
    leaf = Leaf(
        name="指标",
        weight=D(weight),
        metric=Metric("v", unit),
        rule=rule,
        score=None if score is None else D(score),
    )
    return score_leaf(leaf, Overall(), figures(v=None if v is None else D(v)))


def figures(**values: Decimal | None) -> dict[str, Figure]:
    """Figures (基础数据) by key, each labelled with its key."""
    return {key: Figure(key, key, "number", value) for key, value in values.items()}


def shown(result: LeafResult) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
    """A result as the clerk sees it: value, computed, final and the 计算过程 as text."""
    return result.value, result.computed, result.final, result.process


def direct(rule: Rule, weight: str = "10", score: str | None = None) -> LeafResult:
    return score_leaf(Leaf(name="指标", weight=D(weight), rule=rule, score=None if score is None else D(score)), Overall())


# ---------------------------------------------------------------- the sample's 在职人员控制率


def test_staff_control_rate_sentence_from_the_figures() -> None:
    leaf = Leaf(
        name="在职人员控制率",
        weight=D(5),
        metric=Metric("staff_actual / staff_quota * 100", "%"),
        rule=DeductOverRule(limit=D(100), step=D(1), points=D("0.5")),
    )
    result = score_leaf(leaf, Overall(staff_actual=7, staff_quota=10))
    assert shown(result) == (D(70), D("5.00"), D("5.00"), "7/10×100=70.00%≤100%，计5.00分")
    # A changed 年末职工人数 changes the score: 12/10 = 120% is 20 points over, 0.5 each.
    result = score_leaf(leaf, Overall(staff_actual=12, staff_quota=10))
    assert result.computed == D("0.00")
    assert result.process == "12/10×100=120.00%>100%，超出20.00%，扣0.5×20=10.00分，扣完为止，计0.00分"
    result = score_leaf(leaf, Overall(staff_actual=11, staff_quota=10))
    assert (result.computed, result.final) == (D("0.00"), D("0.00"))
    result = score_leaf(leaf, Overall(staff_actual=101, staff_quota=100))
    assert result.computed == D("4.50")
    assert result.process == "101/100×100=101.00%>100%，超出1.00%，扣0.5×1=0.50分，计4.50分"


# ---------------------------------------------------------------- deduct_over / under / deviation with rounding


@pytest.mark.parametrize(
    ("rounding", "points", "steps"),
    [("exact", "5.20", "1.4"), ("ceil", "4.00", "2"), ("floor", "6.00", "1")],
)
def test_deduct_under_rounding(rounding: Rounding, points: str, steps: str) -> None:
    # 预算完成率: target 100%, 2 points per 5% short; 93% is 7% short = 1.4 steps.
    rule = DeductUnderRule(target=D(100), step=D(5), points=D(2), rounding=rounding)
    result = measured(rule, "93", weight="8")
    assert result.computed == D(points)
    assert result.process.startswith("93.00%<100%，低于7.00%，扣2×" + steps + "=")
    assert result.process.endswith(f"，计{points}分")


@pytest.mark.parametrize(
    ("rounding", "v", "expected"),
    [
        ("exact", "102.5", "6.25"),  # 10 − 1.5 × 2.5
        ("ceil", "102.5", "5.50"),  # 10 − 1.5 × 3
        ("floor", "102.5", "7.00"),  # 10 − 1.5 × 2
        ("ceil", "102", "7.00"),  # a whole number of steps is not rounded up
        ("floor", "100.9", "10.00"),  # a step begun but not finished counts for nothing
        ("ceil", "100.01", "8.50"),  # any step begun counts
        ("exact", "100", "10.00"),  # the limit itself is within it
        ("exact", "-50", "10.00"),
    ],
)
def test_deduct_over_rounding(rounding: Rounding, v: str, expected: str) -> None:
    rule = DeductOverRule(limit=D(100), step=D(1), points=D("1.5"), rounding=rounding)
    assert measured(rule, v).computed == D(expected)


@pytest.mark.parametrize(
    ("rounding", "v", "expected"),
    [
        ("ceil", "107", "4.00"),
        ("ceil", "93", "4.00"),  # the deviation counts both ways
        ("floor", "93", "6.00"),
        ("exact", "93", "5.20"),
        ("exact", "100", "8.00"),
        ("ceil", "150", "0.00"),  # clamped at 0
    ],
)
def test_deduct_deviation(rounding: Rounding, v: str, expected: str) -> None:
    rule = DeductDeviationRule(target=D(100), step=D(5), points=D(2), rounding=rounding)
    assert measured(rule, v, weight="8").computed == D(expected)


def test_deduct_sentences() -> None:
    over = measured(DeductOverRule(limit=D(100), step=D(1), points=D("0.5")), "103")
    assert over.process == "103.00%>100%，超出3.00%，扣0.5×3=1.50分，计8.50分"
    deviation = measured(DeductDeviationRule(target=D(100), step=D(5), points=D(2), rounding="ceil"), "93", weight="6")
    assert deviation.process == "93.00%，偏离100%共7.00%，扣2×2=4.00分，计2.00分"
    exact = measured(DeductDeviationRule(target=D(100), step=D(5), points=D(2)), "100", weight="6")
    assert exact.process == "100.00%=100%，计6.00分"
    under_met = measured(DeductUnderRule(target=D(95), step=D(1), points=D(1)), "96", weight="6")
    assert under_met.process == "96.00%≥95%，计6.00分"


def test_zero_step_cannot_compute() -> None:
    result = measured(DeductOverRule(limit=D(0), step=D(0), points=D(1)), "5")
    assert result.computed is None
    assert result.reason == "扣分步长必须大于零"


# ---------------------------------------------------------------- bands


BUDGET_CONTROL = BandsRule(
    [Band(D(8), max=D(0)), Band(D(6), max=D(10)), Band(D(4), max=D(20)), Band(D(2), max=D(30)), Band(D(0))]
)
SATISFACTION = BandsRule([Band(D(10), min=D(90)), Band(D(6), min=D(80)), Band(D(2), min=D(70))])


@pytest.mark.parametrize(
    ("rule", "v", "expected"),
    [
        (BUDGET_CONTROL, "-5", "8.00"),
        (BUDGET_CONTROL, "0", "8.00"),  # max inclusive
        (BUDGET_CONTROL, "0.01", "6.00"),
        (BUDGET_CONTROL, "10", "6.00"),
        (BUDGET_CONTROL, "10.001", "4.00"),
        (BUDGET_CONTROL, "30", "2.00"),
        (BUDGET_CONTROL, "30.5", "0.00"),  # the open band catches the rest
        (SATISFACTION, "90", "10.00"),  # min inclusive
        (SATISFACTION, "89.99", "6.00"),
        (SATISFACTION, "100", "10.00"),
        (SATISFACTION, "70", "2.00"),
    ],
)
def test_bands_edges(rule: BandsRule, v: str, expected: str) -> None:
    assert measured(rule, v, weight="10").computed == D(expected)


def test_first_matching_band_wins() -> None:
    rule = BandsRule([Band(D(3), min=D(0), max=D(100)), Band(D(5), min=D(50))])
    result = measured(rule, "60", weight="5")
    assert result.computed == D("3.00")
    assert result.process == "60.00%，属于“0%～100%”档，计3.00分"


def test_band_sentences() -> None:
    assert measured(SATISFACTION, "95").process == "95.00%，属于“≥90%”档，计10.00分"
    assert measured(BUDGET_CONTROL, "5", weight="8").process == "5.00%，属于“≤10%”档，计6.00分"
    assert measured(BUDGET_CONTROL, "50", weight="8").process == "50.00%，属于“其他”档，计0.00分"


def test_no_band_matches() -> None:
    result = measured(SATISFACTION, "69.99", weight="10", score="3")
    assert (result.value, result.computed, result.final) == (D("69.99"), None, D(3))
    assert result.reason == "数值不在任何分档内"
    assert result.process == "无法计算：数值不在任何分档内，采用填报得分3.00分"


def test_band_points_are_clamped_to_the_weight() -> None:
    assert measured(BandsRule([Band(D(12))]), "1", weight="10").computed == D("10.00")


# ---------------------------------------------------------------- proportional, clamping, rounding


def test_proportional_half_up_to_two_places() -> None:
    # 5 × 1.07 / 2 = 2.675 → 2.68 (half-up; banker's rounding would give 2.68 too, so also 2.665)
    assert measured(ProportionalRule(full=D(2)), "1.07", weight="5", unit="").computed == D("2.68")
    assert measured(ProportionalRule(full=D(2)), "1.066", weight="5", unit="").computed == D("2.67")  # 2.665
    assert measured(ProportionalRule(full=D(3)), "1", weight="10", unit="").computed == D("3.33")


def test_proportional_clamped_both_ways() -> None:
    rule = ProportionalRule(full=D(100))
    assert measured(rule, "130", weight="6").computed == D("6.00")
    assert measured(rule, "-20", weight="6").computed == D("0.00")
    assert measured(rule, "50", weight="6").process == "50.00%，6×50.00/100=3.00，计3.00分"


def test_proportional_with_zero_full_cannot_compute() -> None:
    result = measured(ProportionalRule(full=D(0)), "1")
    assert (result.computed, result.reason) == (None, "满分对应值为零")


# ---------------------------------------------------------------- choice, checklist, deduct_count


OPTIONS = [ChoiceOption("效果较好", D(6)), ChoiceOption("一般", D(3)), ChoiceOption("无效果", D(0))]


def test_choice() -> None:
    result = direct(ChoiceRule(OPTIONS, "一般"), weight="6")
    assert shown(result) == (None, D("3.00"), D("3.00"), "评定为“一般”，计3.00分")
    assert direct(ChoiceRule(OPTIONS, "效果较好"), weight="5").computed == D("5.00")  # clamped


def test_choice_unselected_or_unknown_label() -> None:
    unselected = direct(ChoiceRule(OPTIONS, None), weight="6")
    assert (unselected.computed, unselected.final, unselected.missing) == (None, None, ("selected",))
    assert unselected.process == "无法计算：尚未选择评价档次，请填写得分"
    unknown = direct(ChoiceRule(OPTIONS, "很好"), weight="6", score="4")
    assert (unknown.computed, unknown.final) == (None, D(4))
    assert unknown.reason == "所选“很好”不在选项中"


def test_checklist() -> None:
    items = [ChecklistItem("甲", D(2), True), ChecklistItem("乙", D("1.5"), False), ChecklistItem("丙", D(2), True)]
    result = direct(ChecklistRule(items), weight="8")
    assert result.computed == D("4.00")
    assert result.process == "符合第①③项，计2+2=4.00分"
    none_met = direct(ChecklistRule([ChecklistItem("甲", D(2), False)]), weight="2")
    assert none_met.process == "各项均不符合，计0.00分"
    assert direct(ChecklistRule([ChecklistItem("甲", D(9), True)]), weight="2").computed == D("2.00")


def test_checklist_with_unanswered_items() -> None:
    items = [ChecklistItem("甲", D(2), True), ChecklistItem("乙", D(2), None), ChecklistItem("丙", D(2), None)]
    result = direct(ChecklistRule(items), weight="6")
    assert result.computed is None
    assert result.missing == ("items/1/met", "items/2/met")
    assert result.reason == "第②③项尚未评定"


def test_deduct_count() -> None:
    assert direct(DeductCountRule(points=D(1), count=0), weight="6").process == "无不符合要求的情况，计6.00分"
    two = direct(DeductCountRule(points=D("1.5"), count=2), weight="6")
    assert two.computed == D("3.00")
    assert two.process == "不符合要求2例，扣1.5×2=3.00分，计3.00分"
    many = direct(DeductCountRule(points=D(1), count=9), weight="6")
    assert many.computed == D("0.00")
    assert "扣完为止" in many.process


def test_deduct_count_without_count() -> None:
    result = direct(DeductCountRule(points=D(1), count=None), weight="6")
    assert (result.computed, result.missing, result.reason) == (None, ("count",), "尚未填写不符合要求的例数")


# ---------------------------------------------------------------- manual and on_undefined


def test_manual() -> None:
    assert shown(direct(ManualRule(), weight="6")) == (None, None, None, "手工评分，尚未评分")
    assert shown(direct(ManualRule(), weight="6", score="5.5")) == (None, None, D("5.5"), "手工评分，得分5.50分")
    # on_undefined means nothing to a rule that never computes.
    assert direct(ManualRule(on_undefined="full"), weight="6").computed is None


@pytest.mark.parametrize(
    ("policy", "score", "computed", "final", "ending"),
    [
        ("manual", None, None, None, "，请填写得分"),
        ("manual", "3", None, "3", "，采用填报得分3.00分"),
        ("full", None, "8.00", "8.00", "，按规则计满分8.00分"),
        ("full", "3", "8.00", "3", "，按规则计满分8.00分；填报得分3.00分"),
        ("zero", None, "0.00", "0.00", "，按规则计0.00分"),
        ("zero", "3", "0.00", "3", "，按规则计0.00分；填报得分3.00分"),
    ],
)
def test_on_undefined(policy: str, score: str | None, computed: str | None, final: str | None, ending: str) -> None:
    rule = DeductOverRule(limit=D(100), step=D(1), points=D(1), on_undefined=policy)  # type: ignore[arg-type]
    result = measured(rule, None, weight="8", score=score)
    assert result.value is None
    assert result.computed == (None if computed is None else D(computed))
    assert result.final == (None if final is None else D(final))
    assert result.missing == ("v",)
    assert result.process == "无法计算：缺少v" + ending


@pytest.mark.parametrize("policy", ["full", "zero"])
def test_on_undefined_applies_to_direct_rules(policy: str) -> None:
    expected = D("6.00") if policy == "full" else D("0.00")
    for rule in (
        ChoiceRule(OPTIONS, None, policy),  # type: ignore[arg-type]
        ChecklistRule([ChecklistItem("甲", D(2), None)], policy),  # type: ignore[arg-type]
        DeductCountRule(D(1), None, policy),  # type: ignore[arg-type]
    ):
        assert direct(rule, weight="6").computed == expected


def test_division_by_zero_is_undefined() -> None:
    leaf = Leaf(
        weight=D(8),
        metric=Metric("(a - b) / b * 100", "%"),
        rule=DeductOverRule(limit=D(0), step=D(1), points=D("0.8")),
        score=D(8),
    )
    result = score_leaf(leaf, Overall(), figures(a=D(0), b=D(0)))
    assert (result.computed, result.final, result.reason) == (None, D(8), "除数为零")
    assert result.process == "无法计算：除数为零，采用填报得分8.00分"


def test_missing_figures_are_named_in_chinese() -> None:
    leaf = Leaf(
        weight=D(8),
        metric=Metric("budget_added / budget_initial * 100", "%"),
        rule=BUDGET_CONTROL,
    )
    result = score_leaf(leaf, Overall(budget_initial=D(100)))
    assert result.missing == ("budget_added",)
    assert result.reason == "缺少本年追加预算"


def test_entered_score_overrides_the_computed_one() -> None:
    result = measured(DeductOverRule(limit=D(100), step=D(1), points=D(1)), "50", weight="8", score="7")
    assert (result.computed, result.final) == (D("8.00"), D(7))
    assert result.process == "50.00%≤100%，计8.00分；填报得分7.00分"
    same = measured(DeductOverRule(limit=D(100), step=D(1), points=D(1)), "50", weight="8", score="8")
    assert same.process == "50.00%≤100%，计8.00分"


def test_value_rule_without_metric() -> None:
    result = direct(ProportionalRule(full=D(1)))
    assert (result.computed, result.reason) == (None, "未设置计算公式")


def test_formula_problems_and_dependencies() -> None:
    leaf = Leaf(weight=D(5), metric=Metric("staff_actual / planned"), rule=ProportionalRule(D(1)))
    known = figures(planned=D(4))
    assert formula_problem(leaf, known) == ""
    # A leaf depends on every name its formula reads: 表1 fields and figure keys alike.
    assert dependencies(leaf) == ("staff_actual", "planned")
    assert score_leaf(leaf, Overall(staff_actual=3), known).computed == D("0.75") * 5
    assert "既不是表1的数值字段，也不是基础数据" in formula_problem(leaf)
    result = score_leaf(leaf, Overall(staff_actual=3))
    assert result.computed is None and "planned" in result.reason
    leaf.metric = Metric("1 +")
    assert "公式" in formula_problem(leaf)
    assert dependencies(leaf) == ()
    # A rule that takes no value depends on no 表1 field, whatever its metric reads.
    leaf.metric, leaf.rule = Metric("staff_actual"), ManualRule()
    assert dependencies(leaf) == ()


def test_huge_figures_score_without_a_python_error() -> None:
    rule = DeductOverRule(limit=D(0), step=D("0.01"), points=D(1000))
    leaf = Leaf(weight=D(5), metric=Metric("a * 999999999999999999999999999999"), rule=rule)
    result = score_leaf(leaf, Overall(), figures(a=D(10**17)))
    assert result.computed == D("0.00")


# ---------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(leaves(), overalls())
def test_every_computed_score_is_within_zero_and_weight(leaf: Leaf, overall: Overall) -> None:
    result = score_leaf(leaf, overall)
    if result.computed is not None:
        assert D(0) <= result.computed <= leaf.weight
        assert result.computed == result.computed.quantize(D("0.01"))
    assert result.final == (leaf.score if leaf.score is not None else result.computed)
    assert result.process
    if isinstance(leaf.rule, ManualRule):
        assert result.computed is None


def test_a_wording_change_is_a_change_and_an_old_sentence_keeps_its_figures() -> None:
    """计算过程 is formatted when read: results still differ when only the sentence's figures
    do (the recompute tells the views by that), and a result read after the rule was edited
    shows the figures it was scored with."""
    leaf = Leaf(
        name="人员控制率",
        weight=D(5),
        metric=Metric("staff_actual / staff_quota * 100", "%"),
        rule=DeductOverRule(limit=D(100), step=D(1), points=D("0.5")),
    )
    overall = Overall(staff_actual=7, staff_quota=10)
    before = score_leaf(leaf, overall)
    assert isinstance(leaf.rule, DeductOverRule)
    leaf.rule.limit = D(105)
    after = score_leaf(leaf, overall)
    assert (before.value, before.computed, before.final) == (after.value, after.computed, after.final)
    assert before != after
    assert before.process == "7/10×100=70.00%≤100%，计5.00分"
    assert after.process == "7/10×100=70.00%≤105%，计5.00分"
    assert score_leaf(leaf, overall) == after
