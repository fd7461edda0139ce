"""The JSON exchange format ``perf-filing/1`` ↔ the model, losslessly.

Structural faults (bad JSON, unknown ``format``, wrong types, unknown keys or rule types,
unparsable formulas) are refused with ``ExchangeError`` naming the JSON Pointer of the
fault. Inconsistent figures (sums, weights) are imported as given: the checks report them.
Unknown keys are refused rather than dropped, so that a misspelt field never vanishes
silently on the way into a report file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from perfcore import pointer as ptr
from perfcore.errors import UserError
from perfcore.model import (
    FORMAT,
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    ON_UNDEFINED,
    OVERALL_COUNT_FIELDS,
    OVERALL_MONEY_FIELDS,
    OVERALL_TEXT_FIELDS,
    ROUNDINGS,
    RULE_TYPES,
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
    Group,
    Indicators,
    Item,
    Leaf,
    ManualRule,
    Metric,
    Node,
    OnUndefined,
    Overall,
    Package,
    ProportionalRule,
    Rounding,
    Rule,
    SpecialFund,
)
from perfcore.money import plain
from perfcore.rules import formula_problem

MAX_DEPTH = 12
"""Tree levels accepted; the forms print three, the format allows more, a file may not nest forever."""
MAX_TEXT = 1_000_000
# ASCII digits only: Decimal() would also take "١٢" or "１２" and the file would not say what it means.
_PLAIN_DECIMAL = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?")

T = TypeVar("T")


class ExchangeError(UserError):
    """A structural fault in an exchange document, at ``pointer``."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{_one_line(pointer or '/')}：{_one_line(message)}")
        self.pointer = pointer
        self.message = message


def _one_line(text: str, limit: int = 300) -> str:
    """Keys and values quoted from a hostile file may hold line breaks or run to megabytes;
    the message stays one readable line."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


# ---------------------------------------------------------------- reading


def load_json(data: str | bytes) -> Package:
    """Parse and validate an exchange document."""
    return package_from_doc(parse_json(data))


def parse_json(data: str | bytes) -> Any:
    """JSON text as the exchange format reads it: UTF-8, decimals exact, no NaN or Infinity,
    no key given twice (JSON allows it, and the last one would win silently), bounded nesting."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ExchangeError("", f"文件不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节）") from exc
    duplicated: list[_Duplicated] = []
    try:
        doc = json.loads(
            data, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_object_hook(duplicated)
        )
    except json.JSONDecodeError as exc:
        raise ExchangeError("", f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{_json_reason(exc.msg)}") from exc
    except RecursionError as exc:
        raise ExchangeError("", "JSON 嵌套层数过多") from exc
    except ValueError as exc:
        # Ours (NaN, Infinity) is Chinese; Python's own (an integer of 5,000 digits) is not.
        reason = str(exc) if str(exc).startswith("不允许") else "数字过长或格式错误"
        raise ExchangeError("", f"不是有效的 JSON：{reason}") from exc
    if duplicated:
        pointer = _pointer_of(doc, duplicated[0])
        raise ExchangeError(f"{pointer}/{ptr.escape(duplicated[0].duplicate)}", "同一个键出现了两次，无法确定以哪个为准")
    return doc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不允许的数值 {name}")


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "缺少数值",
        "Expecting property name enclosed in double quotes": "键名须用双引号",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Extra data": "结尾有多余内容",
        "Unterminated string starting at": "字符串没有结束",
        "Invalid control character at": "字符串中有控制字符",
        "Invalid \\escape": "字符串中有无效的转义",
        "Invalid \\uXXXX escape": "字符串中有无效的 \\u 转义",
    }
    return reasons.get(msg, "格式错误")


class _Duplicated(dict[str, Any]):
    """An object in which a key appeared twice (JSON allows it; the last one would win silently)."""

    duplicate = ""


def _object_hook(duplicated: list[_Duplicated]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        seen: set[str] = set()
        marked = _Duplicated(obj)
        for key, _value in pairs:
            if key in seen:
                marked.duplicate = key
                break
            seen.add(key)
        duplicated.append(marked)
        return marked

    return build


def _pointer_of(doc: Any, target: object) -> str:
    """The JSON Pointer of the object ``target`` inside ``doc`` (iterative: documents nest deep)."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, pointer = stack.pop()
        if value is target:
            return pointer
        if isinstance(value, dict):
            stack.extend((v, f"{pointer}/{ptr.escape(str(k))}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(value))
    return ""


class _Reader:
    """Typed access to a JSON object that reports faults by JSON Pointer."""

    def __init__(self, obj: Any, pointer: str, allowed: tuple[str, ...]) -> None:
        if not isinstance(obj, dict):
            raise ExchangeError(pointer, f"应为对象，实为{_kind(obj)}")
        self.obj = obj
        self.pointer = pointer
        for key in obj:
            if key not in allowed:
                raise ExchangeError(f"{pointer}/{ptr.escape(key)}", "未知的字段")

    def at(self, key: str) -> str:
        return f"{self.pointer}/{ptr.escape(key)}"

    def has(self, key: str) -> bool:
        return key in self.obj

    def get(self, key: str, convert: Callable[[Any, str], T], default: T) -> T:
        if key not in self.obj:
            return default
        return convert(self.obj[key], self.at(key))

    def need(self, key: str, convert: Callable[[Any, str], T]) -> T:
        if key not in self.obj:
            raise ExchangeError(self.at(key), "缺少必填字段")
        return convert(self.obj[key], self.at(key))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, Decimal)):
        return "数值"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "数组"
    return "对象"


def _text(value: Any, pointer: str) -> str:
    # null text is read as empty: a text the unit has not written.
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ExchangeError(pointer, f"应为文本，实为{_kind(value)}")
    if len(value) > MAX_TEXT:
        raise ExchangeError(pointer, f"文本过长（超过 {MAX_TEXT} 个字符）")
    try:
        # JSON may escape a lone surrogate ("\ud800"); no UTF-8 file or database can hold it.
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ExchangeError(pointer, f"文本第 {exc.start + 1} 个字符不是有效的字符") from exc
    return value


def _optional_text(value: Any, pointer: str) -> str | None:
    return None if value is None else _text(value, pointer)


def _money(value: Any, pointer: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExchangeError(pointer, f"金额应为文本形式的十进制数（如 \"858000.00\"），实为{_kind(value)}")
    if not _PLAIN_DECIMAL.fullmatch(value):
        raise ExchangeError(pointer, f"“{value[:40]}”不是有效的金额")
    return Decimal(value)


def _count(value: Any, pointer: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExchangeError(pointer, f"应为整数，实为{_kind(value)}")
    if abs(value) > 10**12:
        raise ExchangeError(pointer, "数值过大")
    return value


def _required_count(value: Any, pointer: str) -> int:
    result = _count(value, pointer)
    if result is None:
        raise ExchangeError(pointer, "应为整数，实为null")
    return result


def _decimal(value: Any, pointer: str) -> Decimal:
    """A score, weight, points or limit: a number or decimal string, at most 2 decimals."""
    if isinstance(value, bool) or value is None:
        raise ExchangeError(pointer, f"应为数值，实为{_kind(value)}")
    if isinstance(value, int):
        if abs(value) > 10**15:
            raise ExchangeError(pointer, "数值过大")
        return Decimal(value)
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() and abs(value.adjusted()) < 19 else "x"
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ExchangeError(pointer, f"应为数值，实为{_kind(value)}")
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise ExchangeError(pointer, f"“{str(value)[:40]}”不是有效的数值")
    number = Decimal(text)
    if abs(number) > 10**15:
        # The same bound as for integers, or 1e16 would import and then fail to re-import.
        raise ExchangeError(pointer, "数值过大")
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):  # type: ignore[operator]
        raise ExchangeError(pointer, "最多保留两位小数")
    return number if isinstance(value, str) else Decimal(text)


def _optional_decimal(value: Any, pointer: str) -> Decimal | None:
    return None if value is None else _decimal(value, pointer)


def _figure(value: Any, pointer: str) -> Decimal | None:
    """An indicator input: number, decimal string or null (any precision)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ExchangeError(pointer, "应为数值，实为布尔值")
    if isinstance(value, (int, Decimal)):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ExchangeError(pointer, "数值超出范围")
        # A JSON number (1E5, 0.0000001) is read as the plain decimal it is written back as,
        # under the same limits as a decimal string, so that an export imports again.
        text = plain(Decimal(value)) if isinstance(value, int) or abs(value.adjusted()) <= 18 else "x"
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise ExchangeError(pointer, "数值超出范围")
        return Decimal(text)
    if isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value.strip()):
        return Decimal(value.strip())
    raise ExchangeError(pointer, f"应为数值，实为{_kind(value)}")


def _bool_or_null(value: Any, pointer: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ExchangeError(pointer, f"应为 true、false 或 null，实为{_kind(value)}")


def _list(value: Any, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise ExchangeError(pointer, f"应为数组，实为{_kind(value)}")
    return value


def _item(value: Any, pointer: str) -> Item:
    r = _Reader(value, pointer, ("name", "amount"))
    return Item(r.get("name", _text, ""), r.get("amount", _money, None))


def _items(value: Any, pointer: str) -> list[Item]:
    return [_item(raw, f"{pointer}/{i}") for i, raw in enumerate(_list(value, pointer))]


def _overall(value: Any, pointer: str) -> Overall:
    keys = OVERALL_COUNT_FIELDS + OVERALL_MONEY_FIELDS + OVERALL_TEXT_FIELDS + ("capital_repair_items",)
    r = _Reader(value, pointer, keys)
    overall = Overall()
    for name in OVERALL_COUNT_FIELDS:
        setattr(overall, name, r.get(name, _count, None))
    for name in OVERALL_MONEY_FIELDS:
        setattr(overall, name, r.get(name, _money, None))
    for name in OVERALL_TEXT_FIELDS:
        setattr(overall, name, r.get(name, _text, ""))
    overall.capital_repair_items = r.get("capital_repair_items", _items, [])
    return overall


def _fund(value: Any, pointer: str) -> SpecialFund:
    r = _Reader(value, pointer, FUND_TEXT_FIELDS + FUND_MONEY_FIELDS + ("items",))
    fund = SpecialFund()
    for name in FUND_TEXT_FIELDS:
        setattr(fund, name, r.get(name, _text, ""))
    for name in FUND_MONEY_FIELDS:
        setattr(fund, name, r.get(name, _money, None))
    fund.items = r.get("items", _items, [])
    return fund


def _rounding(value: Any, pointer: str) -> Rounding:
    for rounding in ROUNDINGS:
        if value == rounding:
            return rounding
    raise ExchangeError(pointer, f"取整方式应为 {'、'.join(ROUNDINGS)} 之一")


def _on_undefined(value: Any, pointer: str) -> OnUndefined:
    for policy in ON_UNDEFINED:
        if value == policy:
            return policy
    raise ExchangeError(pointer, f"无法计算时的处理应为 {'、'.join(ON_UNDEFINED)} 之一")


_RULE_KEYS: dict[str, tuple[str, ...]] = {
    "manual": (),
    "choice": ("options", "selected"),
    "checklist": ("items",),
    "deduct_count": ("points", "count"),
    "bands": ("bands",),
    "deduct_over": ("limit", "step", "points", "rounding"),
    "deduct_under": ("target", "step", "points", "rounding"),
    "deduct_deviation": ("target", "step", "points", "rounding"),
    "proportional": ("full",),
}


def _rule(value: Any, pointer: str) -> Rule:
    if not isinstance(value, dict):
        raise ExchangeError(pointer, f"应为对象，实为{_kind(value)}")
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in RULE_TYPES:
        shown = kind if isinstance(kind, str) else _kind(kind)
        raise ExchangeError(f"{pointer}/type", f"未知的计分规则类型“{str(shown)[:40]}”")
    r = _Reader(value, pointer, ("type", "on_undefined") + _RULE_KEYS[kind])
    on_undefined: OnUndefined = r.get("on_undefined", _on_undefined, "manual")
    rule: Rule
    if kind == "manual":
        rule = ManualRule(on_undefined)
    elif kind == "choice":
        options = []
        raw: Any
        for i, raw in enumerate(r.get("options", _list, [])):
            o = _Reader(raw, f"{r.at('options')}/{i}", ("label", "points"))
            options.append(ChoiceOption(o.need("label", _text), o.need("points", _decimal)))
        rule = ChoiceRule(options, r.get("selected", _optional_text, None), on_undefined)
    elif kind == "checklist":
        items = []
        for i, raw in enumerate(r.get("items", _list, [])):
            c = _Reader(raw, f"{r.at('items')}/{i}", ("text", "points", "met"))
            items.append(ChecklistItem(c.get("text", _text, ""), c.need("points", _decimal), c.get("met", _bool_or_null, None)))
        rule = ChecklistRule(items, on_undefined)
    elif kind == "deduct_count":
        rule = DeductCountRule(r.need("points", _decimal), r.get("count", _count, None), on_undefined)
    elif kind == "bands":
        bands = []
        for i, raw in enumerate(r.get("bands", _list, [])):
            b = _Reader(raw, f"{r.at('bands')}/{i}", ("min", "max", "points"))
            bands.append(Band(b.need("points", _decimal), b.get("min", _optional_decimal, None), b.get("max", _optional_decimal, None)))
        rule = BandsRule(bands, on_undefined)
    elif kind == "proportional":
        rule = ProportionalRule(r.need("full", _decimal), on_undefined)
    else:
        bound = "limit" if kind == "deduct_over" else "target"
        args = (r.need(bound, _decimal), r.need("step", _decimal), r.need("points", _decimal))
        rounding = r.get("rounding", _rounding, "exact")
        cls = {"deduct_over": DeductOverRule, "deduct_under": DeductUnderRule, "deduct_deviation": DeductDeviationRule}[kind]
        rule = cls(*args, rounding, on_undefined)
    return rule


def _default_rule() -> Rule:
    return ManualRule()


_LEAF_KEYS = ("name", "weight", "criterion", "explanation", "metric", "inputs", "rule", "score", "note")


def _metric(value: Any, pointer: str) -> Metric | None:
    if value is None:
        return None
    r = _Reader(value, pointer, ("formula", "unit"))
    return Metric(r.need("formula", _text), r.get("unit", _text, ""))


def _inputs(value: Any, pointer: str) -> dict[str, Decimal | None] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ExchangeError(pointer, f"应为对象，实为{_kind(value)}")
    out: dict[str, Decimal | None] = {}
    for key, raw in value.items():
        at = f"{pointer}/{ptr.escape(key)}"
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", key):
            raise ExchangeError(at, "输入项名称只能由英文字母、数字和下划线组成，且以字母开头")
        out[key] = _figure(raw, at)
    return out


def _node(value: Any, pointer: str, depth: int) -> Node:
    if depth > MAX_DEPTH:
        raise ExchangeError(pointer, f"指标层级过深（超过 {MAX_DEPTH} 层）")
    if isinstance(value, dict) and "children" in value:
        r = _Reader(value, pointer, ("name", "weight", "children"))
        children = [
            _node(child, f"{r.at('children')}/{i}", depth + 1)
            for i, child in enumerate(r.need("children", _list))
        ]
        return Group(r.get("name", _text, ""), r.need("weight", _decimal), children)
    r = _Reader(value, pointer, _LEAF_KEYS)
    leaf = Leaf(
        name=r.get("name", _text, ""),
        weight=r.need("weight", _decimal),
        criterion=r.get("criterion", _text, ""),
        explanation=r.get("explanation", _text, ""),
        metric=r.get("metric", _metric, None),
        inputs=r.get("inputs", _inputs, None),
        rule=r.get("rule", _rule, _default_rule()),
        score=r.get("score", _optional_decimal, None),
        note=r.get("note", _text, ""),
    )
    problem = formula_problem(leaf)
    if problem:
        raise ExchangeError(f"{pointer}/metric/formula", problem)
    return leaf


def _indicators(value: Any, pointer: str) -> Indicators:
    r = _Reader(value, pointer, ("title", "opinion_unit", "tree"))
    nodes: list[Any] = r.get("tree", _list, [])
    tree = [_node(n, f"{r.at('tree')}/{i}", 1) for i, n in enumerate(nodes)]
    return Indicators(r.get("title", _text, Indicators().title), r.get("opinion_unit", _text, ""), tree)


def _format(value: Any, pointer: str) -> str:
    if value != FORMAT:
        shown = value if isinstance(value, str) else _kind(value)
        raise ExchangeError(pointer, f"不支持的文件格式“{str(shown)[:40]}”，本程序读取 {FORMAT}")
    return FORMAT


def _year(value: Any, pointer: str) -> int:
    year = _required_count(value, pointer)
    if not 1900 <= year <= 2999:
        raise ExchangeError(pointer, f"年度 {year} 不在 1900–2999 之间")
    return year


def package_from_doc(doc: Any) -> Package:
    """Validate a parsed JSON document and build the package."""
    if not isinstance(doc, dict):
        raise ExchangeError("", f"文件内容应为对象，实为{_kind(doc)}")
    if "format" not in doc:
        raise ExchangeError("/format", f"缺少格式标识，应为 {FORMAT}")
    r = _Reader(doc, "", ("format", "year", "unit_name", "overall", "special_funds", "indicators"))
    r.need("format", _format)
    funds: list[Any] = r.get("special_funds", _list, [])
    return Package(
        year=r.need("year", _year),
        unit_name=r.get("unit_name", _text, ""),
        overall=r.get("overall", _overall, Overall()),
        special_funds=[_fund(f, f"/special_funds/{i}") for i, f in enumerate(funds)],
        indicators=r.get("indicators", _indicators, Indicators()),
    )


# Readers of one part of a document, for the store and for edits of single values.
read_text = _text
read_money = _money
read_count = _count
read_decimal = _decimal
read_item = _item
read_items = _items
read_overall = _overall
read_fund = _fund
read_rule = _rule
read_metric = _metric
read_inputs = _inputs
read_year = _year


def read_node(value: Any, pointer: str, depth: int = 1) -> Node:
    return _node(value, pointer, depth)


# ---------------------------------------------------------------- writing


def number_out(value: Decimal) -> int | str:
    """Weights, points and limits: a JSON integer when whole, else a decimal string."""
    if value == value.to_integral_value() and value.as_tuple().exponent == 0:
        return int(value)
    return plain(value)


def money_out(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _items_out(items: list[Item]) -> list[dict[str, Any]]:
    return [{"name": i.name, "amount": money_out(i.amount)} for i in items]


def rule_to_doc(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"type": rule.type}
    if isinstance(rule, ChoiceRule):
        out["options"] = [{"label": o.label, "points": number_out(o.points)} for o in rule.options]
        out["selected"] = rule.selected
    elif isinstance(rule, ChecklistRule):
        out["items"] = [{"text": c.text, "points": number_out(c.points), "met": c.met} for c in rule.items]
    elif isinstance(rule, DeductCountRule):
        out.update(points=number_out(rule.points), count=rule.count)
    elif isinstance(rule, BandsRule):
        bands = []
        for band in rule.bands:
            b: dict[str, Any] = {}
            if band.min is not None:
                b["min"] = number_out(band.min)
            if band.max is not None:
                b["max"] = number_out(band.max)
            b["points"] = number_out(band.points)
            bands.append(b)
        out["bands"] = bands
    elif isinstance(rule, (DeductOverRule, DeductUnderRule, DeductDeviationRule)):
        bound = "limit" if isinstance(rule, DeductOverRule) else "target"
        out[bound] = number_out(rule.limit if isinstance(rule, DeductOverRule) else rule.target)
        out.update(step=number_out(rule.step), points=number_out(rule.points), rounding=rule.rounding)
    elif isinstance(rule, ProportionalRule):
        out["full"] = number_out(rule.full)
    if rule.on_undefined != "manual":
        out["on_undefined"] = rule.on_undefined
    return out


def node_to_doc(node: Node) -> dict[str, Any]:
    if isinstance(node, Group):
        return {"name": node.name, "weight": number_out(node.weight), "children": [node_to_doc(c) for c in node.children]}
    out: dict[str, Any] = {
        "name": node.name,
        "weight": number_out(node.weight),
        "criterion": node.criterion,
        "explanation": node.explanation,
    }
    if node.metric is not None:
        out["metric"] = {"formula": node.metric.formula, "unit": node.metric.unit}
    if node.inputs is not None:
        out["inputs"] = {k: (None if v is None else plain(v)) for k, v in node.inputs.items()}
    out["rule"] = rule_to_doc(node.rule)
    out["score"] = None if node.score is None else plain(node.score)
    out["note"] = node.note
    return out


def overall_to_doc(overall: Overall) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("head",) + OVERALL_COUNT_FIELDS:
        out[name] = getattr(overall, name)
    for name in OVERALL_MONEY_FIELDS:
        out[name] = money_out(getattr(overall, name))
    out["capital_repair_items"] = _items_out(overall.capital_repair_items)
    for name in OVERALL_TEXT_FIELDS[1:]:
        out[name] = getattr(overall, name)
    return out


def fund_to_doc(fund: SpecialFund) -> dict[str, Any]:
    return {
        "name": fund.name,
        "overview": fund.overview,
        "allocated": money_out(fund.allocated),
        "spent": money_out(fund.spent),
        "funding_text": fund.funding_text,
        "implementation": fund.implementation,
        "items": _items_out(fund.items),
        "performance": fund.performance,
        "opinion_unit": fund.opinion_unit,
        "opinion_office": fund.opinion_office,
        "filler": fund.filler,
        "phone": fund.phone,
        "filled_on": fund.filled_on,
    }


def package_to_doc(package: Package) -> dict[str, Any]:
    ind = package.indicators
    return {
        "format": FORMAT,
        "year": package.year,
        "unit_name": package.unit_name,
        "overall": overall_to_doc(package.overall),
        "special_funds": [fund_to_doc(f) for f in package.special_funds],
        "indicators": {
            "title": ind.title,
            "opinion_unit": ind.opinion_unit,
            "tree": [node_to_doc(n) for n in ind.tree],
        },
    }


def dump_json(package: Package) -> str:
    """The package as an exchange document: UTF-8 text, Chinese unescaped, stable key order."""
    return json.dumps(package_to_doc(package), ensure_ascii=False, indent=2) + "\n"
