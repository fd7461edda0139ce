"""The exchange format: lossless both ways, and every structural fault named by its JSON Pointer."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from strategies import packages, signed_points

from perfcore.exchange import ExchangeError, dump_json, load_json, package_to_doc
from perfcore.model import Group, Leaf, Package, iter_leaves

LEAF0 = "/indicators/tree/0/children/0/children/0"
CHECKLIST = "/indicators/tree/1/children/1/children/3"
# Keys an export may leave out because their value is the format's default.
DEFAULTS = {("on_undefined", "manual"), ("rounding", "exact")}


@pytest.fixture()
def sample_doc(sample_json_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sample_json_path.read_text(encoding="utf-8"))
    return doc


def load_doc(doc: Any) -> Package:
    return load_json(json.dumps(doc, ensure_ascii=False))


def refused(doc_or_text: Any) -> ExchangeError:
    text = doc_or_text if isinstance(doc_or_text, (str, bytes)) else json.dumps(doc_or_text, ensure_ascii=False)
    with pytest.raises(ExchangeError) as info:
        load_json(text)
    message = str(info.value)
    assert "\n" not in message
    return info.value


def test_sample_loads_as_given(sample_json_path: Path) -> None:
    package = load_json(sample_json_path.read_bytes())
    assert (package.year, package.unit_name) == (2019, "株洲市石峰区优化营商环境协调事务中心")
    assert package.overall.staff_actual == 7
    assert package.overall.expense_total == Decimal("858000.00")
    assert isinstance(package.overall.expense_total, Decimal)
    assert len(iter_leaves(package)) == 14
    assert all(isinstance(leaf.weight, Decimal) for _, leaf in iter_leaves(package))


def test_sample_round_trips_semantically(sample_doc: dict[str, Any]) -> None:
    package = load_doc(sample_doc)
    exported = json.loads(dump_json(package))
    assert exported["format"] == "perf-filing/2"
    assert package_to_doc(load_doc(exported)) == package_to_doc(package)
    # Every value the original states survives with its meaning (numbers compared as decimals);
    # the leaves' inputs survive as figures, one per name, with the value they had.
    original = copy.deepcopy(sample_doc)
    inputs: dict[str, Any] = {}
    _pop_inputs(original["indicators"]["tree"], inputs)
    del original["format"]
    _assert_contains(exported, original, "")
    figures = {f["key"]: f["value"] for f in exported["figures"]}
    assert list(figures) == list(inputs)
    for key, value in inputs.items():
        assert (figures[key] is None) == (value is None), key
        if value is not None:
            assert Decimal(str(figures[key])) == Decimal(value), key


def _pop_inputs(nodes: list[Any], into: dict[str, Any]) -> None:
    for node in nodes:
        for key, value in node.pop("inputs", {}).items():
            into.setdefault(key, value)
        _pop_inputs(node.get("children", []), into)


def _assert_contains(exported: Any, original: Any, pointer: str) -> None:
    if isinstance(original, dict):
        for key, value in original.items():
            if key not in exported and (key, value) in DEFAULTS:
                continue
            assert key in exported, f"{pointer}/{key} lost"
            _assert_contains(exported[key], value, f"{pointer}/{key}")
    elif isinstance(original, list):
        assert len(exported) == len(original), pointer
        for i, (e, o) in enumerate(zip(exported, original, strict=True)):
            _assert_contains(e, o, f"{pointer}/{i}")
    elif isinstance(original, (int, float)) and not isinstance(original, bool):
        assert Decimal(str(exported)) == Decimal(str(original)), pointer
    elif original is None or isinstance(original, (str, bool)):
        if isinstance(original, str) and isinstance(exported, (int, str)) and pointer.endswith(("/score", "/amount")):
            assert Decimal(str(exported)) == Decimal(original), pointer
        else:
            assert exported == original, pointer


def test_dump_is_utf8_text_with_stable_keys(sample_json_path: Path) -> None:
    text = dump_json(load_json(sample_json_path.read_bytes()))
    assert "在职人员控制率" in text  # not \\u-escaped
    assert text.endswith("\n")
    doc = json.loads(text)
    assert list(doc) == [
        "format",
        "year",
        "unit_name",
        "forms",
        "grades",
        "overall",
        "overall_carry",
        "special_funds",
        "indicators",
        "figures",
        "projects",
    ]
    assert doc["overall"]["expense_total"] == "858000.00"  # money stays a decimal string


@settings(max_examples=120, deadline=None)
@given(packages(weights=signed_points))
def test_dump_load_dump_is_a_fixed_point(package: Package) -> None:
    text = dump_json(package)
    again = load_json(text)
    assert package_to_doc(again) == package_to_doc(package)
    assert dump_json(again) == text


def test_json_numbers_in_inputs_export_as_plain_decimals(sample_doc: dict[str, Any]) -> None:
    leaf = sample_doc["indicators"]["tree"][0]["children"][0]["children"][1]
    leaf["inputs"]["three_public_budget"] = "0.00"
    text = (
        json.dumps(sample_doc, ensure_ascii=False)
        .replace('"completed": "4"', '"completed": 4E0')
        .replace('"planned": "4"', '"planned": 40E-1')
        .replace('"three_public_budget": "0.00"', '"three_public_budget": 1E5')
    )
    package = load_json(text)
    exported = json.loads(dump_json(package))
    values = {f["key"]: (f["kind"], f["value"]) for f in exported["figures"]}
    # Counts of the standard framework become integers; money a decimal string in 元.
    assert values["completed"] == ("count", 4)
    assert values["planned"] == ("count", 4)
    assert values["three_public_budget"] == ("money", "100000")
    assert dump_json(load_json(json.dumps(exported, ensure_ascii=False))) == dump_json(package)


def test_tiny_money_survives_export(sample_doc: dict[str, Any]) -> None:
    sample_doc["overall"]["assets_total"] = "0.0000000"
    sample_doc["overall"]["liabilities_total"] = "0.000000001"
    exported = json.loads(dump_json(load_doc(sample_doc)))
    assert exported["overall"]["assets_total"] == "0.0000000"
    assert exported["overall"]["liabilities_total"] == "0.000000001"
    load_doc(exported)


def test_bom_is_accepted(sample_json_path: Path) -> None:
    assert load_json(b"\xef\xbb\xbf" + sample_json_path.read_bytes()).year == 2019


def test_null_texts_read_as_empty(sample_doc: dict[str, Any]) -> None:
    sample_doc["overall"]["problems"] = None
    assert load_doc(sample_doc).overall.problems == ""


def test_inconsistent_figures_are_imported_as_given(sample_doc: dict[str, Any]) -> None:
    sample_doc["overall"]["income_total"] = "1.00"  # ≠ 财政拨款 + 其他收入
    group = sample_doc["indicators"]["tree"][0]
    group["weight"] = 99  # ≠ the sum of its children
    leaf = group["children"][0]["children"][0]
    leaf["score"] = 500  # above its weight
    package = load_doc(sample_doc)
    assert package.overall.income_total == Decimal("1.00")
    first = package.indicators.tree[0]
    assert isinstance(first, Group) and first.weight == 99
    assert iter_leaves(package)[0][1].score == 500


# ---------------------------------------------------------------- refusals, each at its pointer


def _mutate(doc: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    tokens = pointer.strip("/").split("/")
    target: Any = doc
    for token in tokens[:-1]:
        target = target[int(token)] if isinstance(target, list) else target[token]
    last = tokens[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


@pytest.mark.parametrize(
    ("pointer", "value", "fault_at", "fragment"),
    [
        ("/format", "perf-filing/3", "/format", "不支持的文件格式“perf-filing/3”"),
        ("/format", 1, "/format", "不支持的文件格式"),
        ("/year", "2019", "/year", "应为整数，实为文本"),
        ("/year", 2019.5, "/year", "应为整数，实为数值"),
        ("/year", 1066, "/year", "不在 1900–2999 之间"),
        ("/unit_name", ["a"], "/unit_name", "应为文本，实为数组"),
        ("/overall/staff_actual", "7", "/overall/staff_actual", "应为整数，实为文本"),
        ("/overall/staff_actual", True, "/overall/staff_actual", "应为整数，实为布尔值"),
        ("/overall/expense_total", 858000.0, "/overall/expense_total", "金额应为文本形式的十进制数"),
        ("/overall/expense_total", "858,000", "/overall/expense_total", "不是有效的金额"),
        ("/overall/expense_total", "1e5", "/overall/expense_total", "不是有效的金额"),
        ("/overall/expense_total", "８５８０００", "/overall/expense_total", "不是有效的金额"),
        ("/overall/expense_total", "٨٥٨", "/overall/expense_total", "不是有效的金额"),
        ("/overall/bogus", 1, "/overall/bogus", "未知的字段"),
        ("/overall/capital_repair_items", {}, "/overall/capital_repair_items", "应为数组，实为对象"),
        ("/special_funds", {}, "/special_funds", "应为数组"),
        ("/indicators/tree", "x", "/indicators/tree", "应为数组，实为文本"),
        (f"{LEAF0}/rule/type", "magic", f"{LEAF0}/rule/type", "未知的计分规则类型“magic”"),
        (f"{LEAF0}/rule/type", None, f"{LEAF0}/rule/type", "未知的计分规则类型“null”"),
        (f"{LEAF0}/rule/rounding", "up", f"{LEAF0}/rule/rounding", "取整方式应为 exact、ceil、floor 之一"),
        (f"{LEAF0}/rule/on_undefined", "skip", f"{LEAF0}/rule/on_undefined", "无法计算时的处理应为"),
        (f"{LEAF0}/rule/bands", [], f"{LEAF0}/rule/bands", "未知的字段"),
        (f"{LEAF0}/rule/step", None, f"{LEAF0}/rule/step", "应为数值，实为null"),
        (f"{LEAF0}/metric/formula", "__import__('os')", f"{LEAF0}/metric/formula", "无法识别"),
        (f"{LEAF0}/metric/formula", "staff_actual /", f"{LEAF0}/metric/formula", "公式不完整"),
        (f"{LEAF0}/metric", "x", f"{LEAF0}/metric", "应为对象，实为文本"),
        (f"{LEAF0}/weight", "5.001", f"{LEAF0}/weight", "最多保留两位小数"),
        (f"{LEAF0}/weight", "five", f"{LEAF0}/weight", "不是有效的数值"),
        (f"{LEAF0}/score", True, f"{LEAF0}/score", "应为数值，实为布尔值"),
        (f"{LEAF0}/inputs", {"bad key": 1}, f"{LEAF0}/inputs/bad key", "输入项名称只能由"),
        (f"{LEAF0}/inputs", {"a": "x"}, f"{LEAF0}/inputs/a", "应为数值，实为文本"),
        (f"{LEAF0}/inputs", {"a/b": 1}, f"{LEAF0}/inputs/a~1b", "输入项名称"),
        (f"{LEAF0}/note", 5, f"{LEAF0}/note", "应为文本，实为数值"),
        (f"{LEAF0}/unit_name", "x", f"{LEAF0}/unit_name", "未知的字段"),
        ("/indicators/tree/0/children/0/weight", None, "/indicators/tree/0/children/0/weight", "应为数值"),
        (f"{CHECKLIST}/rule/items/0/met", "yes", f"{CHECKLIST}/rule/items/0/met", "应为 true、false 或 null"),
        (f"{CHECKLIST}/rule/items/0/points", "2.005", f"{CHECKLIST}/rule/items/0/points", "最多保留两位小数"),
    ],
)
def test_structural_faults_name_their_pointer(
    sample_doc: dict[str, Any], pointer: str, value: Any, fault_at: str, fragment: str
) -> None:
    error = refused(_mutate(sample_doc, pointer, value))
    assert error.pointer == fault_at
    assert fragment in error.message
    assert str(error).startswith(fault_at + "：")


def test_pointers_used_here_address_the_intended_leaves(sample_doc: dict[str, Any]) -> None:
    assert sample_doc["indicators"]["tree"][0]["children"][0]["children"][0]["name"] == "在职人员控制率"
    assert sample_doc["indicators"]["tree"][1]["children"][1]["children"][3]["rule"]["type"] == "checklist"


def test_missing_format_and_required_fields(sample_doc: dict[str, Any]) -> None:
    no_format = dict(sample_doc)
    del no_format["format"]
    assert refused(no_format).pointer == "/format"
    no_year = dict(sample_doc)
    del no_year["year"]
    error = refused(no_year)
    assert (error.pointer, error.message) == ("/year", "缺少必填字段")
    doc = copy.deepcopy(sample_doc)
    del doc["indicators"]["tree"][0]["children"][0]["children"][0]["weight"]
    assert refused(doc).pointer == f"{LEAF0}/weight"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "不是有效的 JSON：第 1 行第 1 列，缺少数值"),
        ("{", "键名须用双引号"),
        ('{"format": "perf-filing/1",}', "键名须用双引号"),
        ('{"format": "perf-filing/1"} x', "结尾有多余内容"),
        ('{"a": NaN}', "不允许的数值 NaN"),
        ('{"a": Infinity}', "不允许的数值 Infinity"),
        ("[1, 2]", "文件内容应为对象，实为数组"),
        ('"text"', "文件内容应为对象，实为文本"),
        ("[" * 100_000 + "]" * 100_000, "嵌套"),
        (b"\xff\xfe{}", "不是 UTF-8 编码的文本"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "不是 UTF-8"),
    ],
)
def test_not_a_document(text: str | bytes, fragment: str) -> None:
    error = refused(text)
    assert error.pointer == ""
    assert fragment in str(error)


def test_lone_surrogate_is_refused_at_its_pointer(sample_doc: dict[str, Any]) -> None:
    text = json.dumps(sample_doc, ensure_ascii=False).replace('"unit_name": "', '"unit_name": "\\ud800', 1)
    error = refused(text)
    assert error.pointer == "/unit_name"


def test_nesting_beyond_the_limit_is_refused(sample_doc: dict[str, Any]) -> None:
    node: dict[str, Any] = {"name": "叶", "weight": 1}
    for _ in range(13):
        node = {"name": "组", "weight": 1, "children": [node]}
    sample_doc["indicators"]["tree"] = [node]
    error = refused(sample_doc)
    assert "指标层级过深" in error.message
    assert error.pointer.count("/children/0") == 12


def test_deeper_than_three_levels_is_allowed(sample_doc: dict[str, Any]) -> None:
    node: dict[str, Any] = {"name": "叶", "weight": 1, "rule": {"type": "manual"}, "score": 1}
    for _ in range(5):
        node = {"name": "", "weight": 1, "children": [node]}
    sample_doc["indicators"]["tree"] = [node]
    package = load_doc(sample_doc)
    assert isinstance(iter_leaves(package)[0][1], Leaf)
    assert iter_leaves(package)[0][0] == "/indicators/tree/0" + "/children/0" * 5
