"""The worked /2 package (tests/format2_support.py) scored by hand: 表3 and three projects
under the grade bands 95/85/60, formulas over Chinese figure keys."""

from __future__ import annotations

import json
from decimal import Decimal

from format2_support import three_projects_doc

from perfcore.exchange import dump_json, load_json
from perfcore.model import Package
from perfcore.scoring import Scorer, score_package

D = Decimal


def package() -> Package:
    return load_json(json.dumps(three_projects_doc(), ensure_ascii=False))


def test_table3_under_95_85_60() -> None:
    pkg = package()
    scores = score_package(pkg)
    # 履职效能 84 (entered) + 服务对象满意度: 满意人数 188 / 调查人数 200 × 100 = 94 % < 95 %,
    # 10 × 94/95 = 9.8947… → 9.89. Total 93.89: 优 under 90/80/60, but 良 under 95/85/60.
    assert scores.total == D("93.89")
    assert scores.grade == "良"
    assert scores.complete


def test_project_road_repair() -> None:
    pkg = package()
    result = score_package(pkg).of_project(pkg.projects[0])
    # Budget: Σfull 1,000,000 + 200,000 = 1,200,000; Σexecuted 950,000 + 150,000 = 1,100,000;
    # 执行率 = 0.91666…; 10 × 0.91666… = 9.1666… → 9.17.
    assert result.budget.computed == D("9.17")
    assert result.budget.rate is not None and round(result.budget.rate * 100, 2) == D("91.67")
    # 完成路段比例: 11/12 × 100 = 91.67 % < 100 %: 30 × 91.666…/100 = 27.50.
    # 平均维修天数: 4 ≤ 5 天: full 20.
    # 道路通行条件改善: rated 达成, entered 27 (inside [24, 30]): 27.
    # 群众满意度: 94 % ≥ 90 %: full 10.
    # Total 9.17 + 27.50 + 20 + 27 + 10 = 93.67: 良 (≥ 85, < 95).
    assert result.total == D("93.67")
    assert (result.grade, result.complete) == ("良", True)


def test_project_park_greening() -> None:
    pkg = package()
    result = score_package(pkg).of_project(pkg.projects[1])
    # Budget: 520,000 / 500,000 = 1.04, capped at 1: full 10.00.
    assert (result.budget.rate, result.budget.computed) == (D("1.04"), D("10.00"))
    # 新增绿化面积 5.2 ≥ 5: 50; 生态环境改善 部分达成 21 (inside [18, 24)): 21;
    # 验收合格率 98 ≠ 100 under "=": 0. Total 10 + 50 + 21 + 0 = 81: 中 (≥ 60, < 85).
    assert result.total == D("81.00")
    assert (result.grade, result.complete) == ("中", True)


def test_project_it_incomplete() -> None:
    pkg = package()
    scores = score_package(pkg)
    result = scores.of_project(pkg.projects[2])
    # Budget: 其他资金 has no 全年执行数, so 执行率 is undefined; the entered 6 stands.
    assert (result.budget.rate, result.budget.computed, result.budget.final) == (None, None, D(6))
    # 建设成本 12 万元 against at most 10: 50 × (1 − (12 − 10)/10) = 40.
    # 办事效率提升: rated 未达成 without a score: nothing (incomplete).
    # 使用人员满意度: no actual, on_undefined zero: 0.
    # Total 6 + 40 + 0 = 46: 差, incomplete.
    assert result.total == D("46.00")
    assert (result.grade, result.complete) == ("差", False)


def test_one_figure_moves_table3_and_two_projects_at_once() -> None:
    pkg = package()
    scorer = Scorer(pkg)
    satisfied = next(f for f in pkg.figures if f.key == "满意人数")
    satisfied.value = 170
    delta = scorer.recompute(figure_keys=["满意人数"])
    # 170/200 = 85 %: 表3 10 × 85/95 = 8.947… → 8.95, total 84 + 8.95 = 92.95 (良);
    # 城区道路维修 群众满意度 85 % < 90 %: 10 × 85/90 = 9.444… → 9.44, total 93.67 − 10 + 9.44 = 93.11.
    assert delta.total == D("92.95")
    road = pkg.projects[0]
    assert set(delta.projects) == {road.uid}
    assert delta.projects[road.uid].total == D("93.11")
    fresh = score_package(load_json(dump_json(pkg)))
    assert [fresh.of_project(p).total for p in pkg.projects] == [D("93.11"), D("81.00"), D("46.00")]


def test_round_trip_keeps_every_part() -> None:
    pkg = package()
    text = dump_json(pkg)
    again = load_json(text)
    assert dump_json(again) == text
    assert again.template is not None and again.template.source == "湘财绩〔2020〕7号 附件3"
    assert [g.label for g in again.grades] == ["优", "良", "中", "差"]
    assert [f.key for f in again.figures][:2] == ["满意人数", "调查人数"]
