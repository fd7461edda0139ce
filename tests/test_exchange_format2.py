"""Format 2: its structural refusals at their JSON Pointers, and the upgrade of /1 documents."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from hypothesis import HealthCheck, given, settings
from strategies import packages

from perfcore.exchange import ExchangeError, dump_json, load_json, package_to_doc
from perfcore.model import Leaf, Package, iter_nodes
from perfcore.scoring import score_package

D = Decimal
P0 = "/projects/0"
ROAD_LEAF = f"{P0}/tree/0/children/0/children/0"


def refused(doc: Any) -> ExchangeError:
    with pytest.raises(ExchangeError) as info:
        load_json(json.dumps(doc, ensure_ascii=False))
    assert "\n" not in str(info.value)
    return info.value


def _at(doc: Any, pointer: str) -> tuple[Any, str]:
    tokens = pointer.strip("/").split("/")
    target = doc
    for token in tokens[:-1]:
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target, tokens[-1]


def _mutate(doc: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target, last = _at(doc, pointer)
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


@pytest.mark.parametrize(
    ("pointer", "value", "fault_at", "fragment"),
    [
        ("/figures/0/key", "staff_actual", "/figures/0/key", "与表1字段同名"),
        ("/figures/0/key", "head", "/figures/0/key", "与表1字段同名"),
        ("/figures/1/key", "满意人数", "/figures/1/key", "与 /figures/0 重复"),
        ("/figures/0/key", "1号", "/figures/0/key", "以字母或汉字开头"),
        ("/figures/0/key", "a b", "/figures/0/key", "只能由字母、数字、下划线和汉字组成"),
        ("/figures/0/key", "min", "/figures/0/key", "函数名"),
        ("/figures/0/label", " ", "/figures/0/label", "名称不能为空"),
        ("/figures/0/kind", "ratio", "/figures/0/kind", "数据类型应为"),
        ("/figures/0/value", "188", "/figures/0/value", "应为整数，实为文本"),
        ("/figures/0/carry", "nowhere", "/figures/0/carry", "不是表1数值字段或本报告的基础数据代码"),
        ("/forms/1", "summary", "/forms/1", "未知的表格“summary”"),
        ("/forms/1", "overall", "/forms/1", "表格“overall”重复"),
        ("/grades/1/min", 96, "/grades/1/min", "等级应从高到低排列"),
        ("/grades/3/min", 10, "/grades/3/min", "最低一级的下限应为 0"),
        ("/grades", [], "/grades", "等级表不能为空"),
        ("/overall_carry", {"head": "carryover_prior"}, "/overall_carry/head", "不是表1的数值字段"),
        ("/overall_carry", {"balance_year_end": "nothing"}, "/overall_carry/balance_year_end", "不是表1数值字段"),
        (f"{ROAD_LEAF}/rule/type", "magic", f"{ROAD_LEAF}/rule/type", "未知的计分规则类型“magic”"),
        (f"{ROAD_LEAF}/rule/direction", ">", f"{ROAD_LEAF}/rule/direction", "指标方向应为"),
        (f"{ROAD_LEAF}/rule/target", None, f"{ROAD_LEAF}/rule/target", "应为数值，实为null"),
        (f"{P0}/tree/1/children/0/rule/rating", "良好", f"{P0}/tree/1/children/0/rule/rating", "评定等级应为 达成、部分达成、未达成"),
        (f"{P0}/budget/lines/0/full", 1000, f"{P0}/budget/lines/0/full", "金额应为文本形式的十进制数"),
        (f"{P0}/budget/weight", "ten", f"{P0}/budget/weight", "不是有效的数值"),
        (f"{P0}/goals/bogus", "", f"{P0}/goals/bogus", "未知的字段"),
        (f"{P0}/tree/0/children/0/children/0/inputs", {"a": 1}, f"{P0}/tree/0/children/0/children/0/inputs", "未知的字段"),
        ("/indicators/tree/0/children/0/inputs", {"a": 1}, "/indicators/tree/0/children/0/inputs", "未知的字段"),
    ],
)
def test_format2_faults_name_their_pointer(pointer: str, value: Any, fault_at: str, fragment: str) -> None:
    error = refused(_mutate(three_projects_doc(), pointer, value))
    assert error.pointer == fault_at
    assert fragment in error.message


def test_formula_naming_a_missing_figure_imports() -> None:
    # Not a structural fault: the checks report it at the leaf (a figure may be removed later too).
    doc = _mutate(three_projects_doc(), f"{ROAD_LEAF}/metric/formula", "完工路段 / 不存在 * 100")
    assert load_json(json.dumps(doc, ensure_ascii=False)).projects[0].name == "城区道路维修"


def test_formulas_read_full_width_signs() -> None:
    doc = _mutate(three_projects_doc(), f"{ROAD_LEAF}/metric/formula", "完工路段÷计划路段×（100）")
    package = load_json(json.dumps(doc, ensure_ascii=False))
    assert score_package(package).of_project(package.projects[0]).total == D("93.67")


# ---------------------------------------------------------------- upgrading /1


@pytest.fixture()
def sample_doc(sample_json_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sample_json_path.read_text(encoding="utf-8"))
    return doc


def test_demo_upgrades_to_a_sheet_of_chinese_labelled_figures(sample_json_path: Path) -> None:
    package = load_json(sample_json_path.read_bytes())
    # three_public_budget was typed in two leaves; it is one figure now.
    assert [(f.key, f.label, f.kind, f.value) for f in package.figures] == [
        ("three_public_budget", "本年度“三公经费”预算数", "money", D("0.00")),
        ("three_public_budget_prior", "上年度“三公经费”预算数", "money", D("0.00")),
        ("public_budget", "预算安排公用经费总额", "money", None),
        ("procurement_actual", "实际政府采购金额", "money", None),
        ("procurement_budget", "政府采购预算数", "money", None),
        ("completed", "重点工作完成件数", "count", 4),
        ("planned", "重点工作计划件数", "count", 4),
        ("satisfaction_rate", "满意度", "percent", None),
    ]
    assert package.figures[0].carry == "three_public_budget_prior"
    scores = score_package(package)
    assert (scores.total, scores.grade) == (D("93.00"), "优")
    again = load_json(dump_json(package))
    assert score_package(again).total == D("93.00")


def test_the_same_input_with_two_values_is_refused_naming_both(sample_doc: dict[str, Any]) -> None:
    first = "/indicators/tree/0/children/0/children/1/inputs/three_public_budget"
    second = "/indicators/tree/1/children/1/children/1/inputs/three_public_budget"
    target, last = _at(sample_doc, second)
    target[last] = "1000.00"
    error = refused(sample_doc)
    assert error.pointer == second
    assert first in error.message and "0.00" in error.message and "1000.00" in error.message


def test_an_input_named_like_a_table1_field_is_refused(sample_doc: dict[str, Any]) -> None:
    leaf = sample_doc["indicators"]["tree"][0]["children"][0]["children"][0]
    leaf["inputs"] = {"staff_quota": "3"}
    error = refused(sample_doc)
    assert error.pointer == "/indicators/tree/0/children/0/children/0/inputs/staff_quota"


def test_an_unknown_input_becomes_its_own_label(sample_doc: dict[str, Any]) -> None:
    leaf = sample_doc["indicators"]["tree"][0]["children"][0]["children"][0]
    leaf["inputs"] = {"visits": "12.5"}
    package = load_json(json.dumps(sample_doc, ensure_ascii=False))
    visits = package.figures[0]
    assert (visits.key, visits.label, visits.kind, visits.value) == ("visits", "visits", "number", D("12.5"))


def test_a_format1_document_has_no_format2_keys(sample_doc: dict[str, Any]) -> None:
    sample_doc["projects"] = []
    assert refused(sample_doc).pointer == "/projects"


def _downgrade(package: Package) -> dict[str, Any]:
    """The /1 document an older program would have written for ``package``'s 表3: each leaf
    carries, as inputs, the figures its formula names."""
    doc = package_to_doc(package)
    values = {f["key"]: f["value"] for f in doc["figures"]}

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            walk(node.get("children", []))
            if "children" in node:
                continue
            node.pop("reason")
            formula = node.get("metric", {}).get("formula", "")
            names = [k for k in values if k in formula]
            if names:
                node["inputs"] = {k: None if values[k] is None else str(values[k]) for k in names}

    walk(doc["indicators"]["tree"])
    return {k: doc[k] for k in ("year", "unit_name", "overall", "special_funds", "indicators")} | {"format": "perf-filing/1"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages(max_projects=0))
def test_generated_format1_documents_upgrade_losslessly(package: Package) -> None:
    # /1 → /2 → the same scores: every leaf's value, computed and final score, the total.
    # /1 input names were ASCII; a formula naming a figure /1 could not hold reads nothing in both.
    package.figures = [f for f in package.figures if f.key.isascii()]
    for figure in package.figures:
        figure.label = figure.key  # an upgrade names unknown inputs by their key
    downgraded = _downgrade(package)
    upgraded = load_json(json.dumps(downgraded, ensure_ascii=False))
    again = load_json(dump_json(upgraded))
    expected, got = score_package(package), score_package(again)
    leaves = [n for _, n in iter_nodes(package.indicators.tree) if isinstance(n, Leaf)]
    leaves_after = [n for _, n in iter_nodes(again.indicators.tree) if isinstance(n, Leaf)]
    for before, after in zip(leaves, leaves_after, strict=True):
        a, b = expected.of(before), got.of(after)
        assert (a.value, a.computed, a.final) == (b.value, b.computed, b.final)
    assert (expected.total, expected.complete) == (got.total, got.complete)
