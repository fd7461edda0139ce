"""表3 checks: weights, scores against their 评价标准, rules that cannot compute."""

from __future__ import annotations

from decimal import Decimal

from checks_support import assert_paths_exist, clean, found, leaf_named, sample

from perfcore.model import Band, BandsRule, Group

D = Decimal


def test_group_weight_must_equal_its_children() -> None:
    package = clean()
    budget_management = package.indicators.tree[1].children[1]
    budget_management.weight = D(42)
    assert found(package, "table3.group_weights") == [
        ("error", "/indicators/tree/1/weight", "过程：分值 57 ≠ 下级指标 预算执行 16 + 预算管理 42 = 58（相差 1 分）"),
        (
            "error",
            "/indicators/tree/1/children/1/weight",
            "预算管理：分值 42 ≠ 下级指标 公用经费控制率 8 + “三公经费”控制率 8 + 政府采购执行率 6 + "
            "管理制度健全性 8 + 资金使用合规性 6 + 预决算信息公开性 5 = 41（相差 1 分）",
        ),
    ]


def test_group_weights_silent_on_sample() -> None:
    assert found(sample(), "table3.group_weights") == []


def test_unnamed_and_empty_groups() -> None:
    package = clean()
    unnamed = package.indicators.tree[2].children[2]
    unnamed.weight = D("16.5")
    package.indicators.tree[0].children.append(Group("", D(0), []))
    package.indicators.tree[0].children.append(Group("社会效益", D(2), []))
    assert found(package, "table3.group_weights") == [
        ("error", "/indicators/tree/0/weight", "投入：分值 13 ≠ 下级指标 预算配置 13 + 未命名的二级指标 0 + 社会效益 2 = 15（相差 2 分）"),
        ("error", "/indicators/tree/0/children/2/weight", "社会效益：分值 2，但没有下级指标"),
        ("error", "/indicators/tree/2/weight", "产出及效率：分值 30 ≠ 下级指标 职责履行 8 + 履职效益 6 + 未命名的二级指标 16.5 = 30.5（相差 0.5 分）"),
        (
            "error",
            "/indicators/tree/2/children/2/weight",
            "未命名的二级指标：分值 16.5 ≠ 下级指标 行政效能 6 + 社会公众或服务对象满意度 10 = 16（相差 0.5 分）",
        ),
    ]
    assert_paths_exist(package)


def test_level1_weights_must_total_100() -> None:
    package = clean()
    package.indicators.tree[2].weight = D(31)
    assert found(package, "table3.total_weight") == [
        ("error", "/indicators/tree", "一级指标分值合计 投入 13 + 过程 57 + 产出及效率 31 = 101，应为 100（相差 1 分）"),
    ]
    assert found(sample(), "table3.total_weight") == []
    package.indicators.tree = []
    assert found(package, "table3.total_weight") == [
        ("error", "/indicators/tree", "指标表尚无指标，一级指标分值合计应为 100 分"),
    ]
    assert_paths_exist(package)


def test_entered_score_outside_its_weight() -> None:
    package = sample()
    path, leaf = leaf_named(package, "预算控制率")
    leaf.score = D(9)
    _, other = leaf_named(package, "经济效益、社会效益")
    other.score = D(-1)
    assert found(package, "table3.score_range") == [
        ("error", f"{path}/score", "预算控制率：得分 9.00 分不在 0～8 分之间"),
        ("error", "/indicators/tree/2/children/1/children/0/score", "经济效益、社会效益：得分 -1.00 分不在 0～6 分之间"),
    ]
    assert found(sample(), "table3.score_range") == []


def test_leaf_without_any_score_makes_the_package_incomplete() -> None:
    package = sample()
    _, manual = leaf_named(package, "经济效益、社会效益")
    manual.score = None
    _, survey = leaf_named(package, "社会公众或服务对象满意度")
    survey.score = None
    _, checklist = leaf_named(package, "管理制度健全性")
    assert checklist.rule.type == "checklist"
    checklist.rule.items[2].met = None
    assert found(package, "table3.unscored") == [
        (
            "error",
            "/indicators/tree/1/children/1/children/3/score",
            "管理制度健全性：得分空缺（第③项尚未评定），请补全后由程序计算，或直接填写得分",
        ),
        ("error", "/indicators/tree/2/children/1/children/0/score", "经济效益、社会效益：得分空缺，请填写得分"),
        (
            "error",
            "/indicators/tree/2/children/2/children/1/score",
            "社会公众或服务对象满意度：得分空缺（缺少满意度），请补全后由程序计算，或直接填写得分",
        ),
    ]
    # The error says it all: no info besides it for the same leaves.
    infos = [f for f in found(package, "table3.uncomputable") if "满意度" in f[2] or "管理制度" in f[2]]
    assert infos == []
    assert found(sample(), "table3.unscored") == []


def test_entered_score_differing_from_the_rule() -> None:
    package = sample()
    path, leaf = leaf_named(package, "在职人员控制率")
    leaf.score = D(4)
    assert found(package, "table3.score_mismatch") == [
        (
            "warning",
            f"{path}/score",
            "在职人员控制率：填报得分 4.00 分与按评价标准计算的 5.00 分不一致（计算过程：7/10×100=70.00%≤100%，计5.00分）",
        )
    ]
    leaf.score = D("5")
    assert found(package, "table3.score_mismatch") == []
    assert found(sample(), "table3.score_mismatch") == []


def test_policy_full_or_zero_says_what_it_gave() -> None:
    package = sample()
    path, survey = leaf_named(package, "社会公众或服务对象满意度")
    survey.score = None
    survey.rule.on_undefined = "full"
    expected_path = "/figures/7/value"  # 满意度 among the demo's figures
    assert ("info", expected_path, "社会公众或服务对象满意度：缺少满意度，无法按评价标准核算得分，按规则计满分 10.00 分") in found(
        package, "table3.uncomputable"
    )
    survey.rule.on_undefined = "zero"
    assert ("info", expected_path, "社会公众或服务对象满意度：缺少满意度，无法按评价标准核算得分，按规则计 0.00 分") in found(
        package, "table3.uncomputable"
    )


def test_rule_answer_missing_points_at_the_rule() -> None:
    package = clean()
    path, leaf = leaf_named(package, "行政效能")
    assert leaf.rule.type == "choice"
    leaf.rule.selected = None
    leaf.score = D(6)
    assert found(package, "table3.uncomputable") == [
        ("info", f"{path}/rule/selected", "行政效能：尚未选择评价档次，无法按评价标准核算得分，现采用填报得分 6.00 分"),
    ]
    assert_paths_exist(package)


def test_zero_divisor_of_several_figures() -> None:
    package = clean()
    package.overall.budget_initial = D("0.00")
    package.overall.budget_added = D("0.00")
    path, leaf = leaf_named(package, "预算完成率")
    leaf.score = D(8)
    _, control = leaf_named(package, "预算控制率")
    control.score = D(8)
    assert found(package, "table3.uncomputable") == [
        (
            "info",
            "/overall/carryover_prior",
            "预算完成率：除数（上年结转 + 年初预算 + 本年追加预算）为 0，无法按评价标准核算得分，现采用填报得分 8.00 分",
        ),
        ("info", "/overall/budget_initial", "预算控制率：除数（年初预算）为 0，无法按评价标准核算得分，现采用填报得分 8.00 分"),
    ]


def test_rule_that_cannot_compute_for_its_own_sake_is_a_warning() -> None:
    package = clean()
    path, leaf = leaf_named(package, "社会公众或服务对象满意度")
    leaf.rule = BandsRule([Band(D(10), min=D(90))])
    package.figures[7].value = D(85)
    leaf.score = D(2)
    assert found(package, "table3.uncomputable") == [
        ("warning", f"{path}/rule", "社会公众或服务对象满意度：计分规则无法计算（数值不在任何分档内），现采用填报得分 2.00 分"),
    ]


def test_uncomputable_silent_when_every_figure_is_there() -> None:
    assert found(clean(), "table3.uncomputable") == []
