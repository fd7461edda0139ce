"""The JSON exchange format ``perf-filing/2`` ↔ the model, losslessly; ``perf-filing/1`` is read
and upgraded.

Structural faults (bad JSON, unknown ``format``, wrong types, unknown keys or rule types,
unparsable formulas, a figure key that collides, unknown ``forms``, grades out of order)
are refused with ``ExchangeError`` naming the JSON Pointer of the fault. Inconsistent
figures (sums, weights) and formulas naming a figure that does not exist are imported as
given: the checks report them. Unknown keys are refused rather than dropped, so that a
misspelt field never vanishes silently on the way into a report file.

Upgrading ``/1`` moves every leaf's ``inputs`` into ``figures``: one figure per distinct name,
in the order the names first appear; the standard framework's names get its Chinese label,
kind and group (``labels.STANDARD_FIGURES``), any other name is its own label. The same name
with two different values is refused, naming both pointers.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from perfcore import pointer as ptr
from perfcore.errors import UserError
from perfcore.formula import FUNCTIONS, NAME_PATTERN
from perfcore.labels import STANDARD_FIGURES
from perfcore.model import (
    BUDGET_LINE_MONEY_FIELDS,
    DEFAULT_BUDGET_WEIGHT,
    DEFAULT_FORMS,
    DIRECTIONS,
    FIGURE_KINDS,
    FORM_NAMES,
    FORMAT,
    FORMAT_1,
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    ON_UNDEFINED,
    OVERALL_COUNT_FIELDS,
    OVERALL_MONEY_FIELDS,
    OVERALL_NUMERIC_FIELDS,
    OVERALL_TEXT_FIELDS,
    PROJECT_TEXT_FIELDS,
    RATINGS,
    ROUNDINGS,
    RULE_TYPES,
    Band,
    BandsRule,
    Budget,
    BudgetLine,
    ChecklistItem,
    ChecklistRule,
    ChoiceOption,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    Direction,
    Figure,
    FigureKind,
    FigureValue,
    Goals,
    Grade,
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
    Previous,
    Project,
    ProportionalRule,
    RatedRule,
    Rating,
    Rounding,
    Rule,
    SpecialFund,
    TargetRule,
    Template,
    default_grades,
    default_overall_carry,
)
from perfcore.money import FIRST_YEAR, LAST_YEAR, plain
from perfcore.rules import syntax_problem

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
    decoding = _DECODING
    duplicated = decoding.duplicated
    duplicated.clear()
    try:
        if data.startswith("\ufeff"):
            # What json.loads says of a BOM in text (the decoder itself does not look).
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", data, 0)
        doc = decoding.decoder.decode(data)
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


class _Decoding(threading.local):
    """A decoder made once per thread (json.loads with hooks makes one per call, and a 汇总
    parses every indicator's rule of thousands of files), with the list its hook fills."""

    def __init__(self) -> None:
        self.duplicated: list[_Duplicated] = []
        self.decoder = json.JSONDecoder(
            parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_object_hook(self.duplicated)
        )


_DECODING = _Decoding()


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

    # ``key`` is always one of the format's field names (never a key read from the document),
    # which hold no ``~`` or ``/`` to escape: the pointer is built without ``ptr.escape``, as
    # every field of every file read passes here.

    def at(self, key: str) -> str:
        return f"{self.pointer}/{key}"

    def has(self, key: str) -> bool:
        return key in self.obj

    def get(self, key: str, convert: Callable[[Any, str], T], default: T) -> T:
        obj = self.obj
        if key not in obj:
            return default
        return convert(obj[key], f"{self.pointer}/{key}")

    def need(self, key: str, convert: Callable[[Any, str], T]) -> T:
        obj = self.obj
        if key not in obj:
            raise ExchangeError(self.at(key), "缺少必填字段")
        return convert(obj[key], f"{self.pointer}/{key}")


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


def _plain_texts(*values: Any) -> bool:
    """Whether ``_text`` reads each of ``values`` as itself (strings it accepts). Checked on
    them joined: one string of at most ``MAX_TEXT`` characters, every one valid; anything
    else (not a string, longer together) is left to ``_text``."""
    try:
        joined = "".join(values)
    except TypeError:
        return False
    if len(joined) > MAX_TEXT:
        return False
    if joined.isascii():
        return True
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    # The same short strings ("2.00", "5") recur in every node of every file: read once.
    read = _short_decimal(value) if isinstance(value, str) and len(value) <= _SHORT else _decimal_value(value)
    if isinstance(read, str):
        raise ExchangeError(pointer, read)
    return read


_SHORT = 40
"""Longer strings are not kept by the cache (a hostile file could fill it with megabytes)."""


def _decimal_value(value: Any) -> Decimal | str:
    """``value`` as the decimal ``_decimal`` reads, or why it is not one."""
    if isinstance(value, bool) or value is None:
        return f"应为数值，实为{_kind(value)}"
    if isinstance(value, int):
        if abs(value) > 10**15:
            return "数值过大"
        return Decimal(value)
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() and abs(value.adjusted()) < 19 else "x"
    elif isinstance(value, str):
        text = value.strip()
    else:
        return f"应为数值，实为{_kind(value)}"
    if not _PLAIN_DECIMAL.fullmatch(text):
        return f"“{str(value)[:40]}”不是有效的数值"
    number = Decimal(text)
    if abs(number) > 10**15:
        # The same bound as for integers, or 1e16 would import and then fail to re-import.
        return "数值过大"
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):  # type: ignore[operator]
        return "最多保留两位小数"
    return number if isinstance(value, str) else Decimal(text)


# Strings only (typed: 1, True and Decimal("1") are equal keys); Decimal values are immutable.
_short_decimal = functools.lru_cache(maxsize=4096, typed=True)(_decimal_value)


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
    "target": ("direction", "target", "actual", "unit", "target_text"),
    "rated": ("rating",),
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
    elif kind == "target":
        rule = TargetRule(
            r.get("direction", _direction, ">="),
            r.need("target", _required_figure),
            r.get("actual", _figure, None),
            r.get("unit", _text, ""),
            r.get("target_text", _optional_text, None),
            on_undefined,
        )
    elif kind == "rated":
        rule = RatedRule(r.get("rating", _rating, None), on_undefined)
    else:
        bound = "limit" if kind == "deduct_over" else "target"
        args = (r.need(bound, _decimal), r.need("step", _decimal), r.need("points", _decimal))
        rounding = r.get("rounding", _rounding, "exact")
        cls = {"deduct_over": DeductOverRule, "deduct_under": DeductUnderRule, "deduct_deviation": DeductDeviationRule}[kind]
        rule = cls(*args, rounding, on_undefined)
    return rule


def _direction(value: Any, pointer: str) -> Direction:
    for direction in DIRECTIONS:
        if value == direction:
            return direction
    raise ExchangeError(pointer, f"指标方向应为 {'、'.join(DIRECTIONS)} 之一")


def _rating(value: Any, pointer: str) -> Rating | None:
    if value is None:
        return None
    for rating in RATINGS:
        if value == rating:
            return rating
    raise ExchangeError(pointer, f"评定等级应为 {'、'.join(RATINGS)} 之一或 null")


def _required_figure(value: Any, pointer: str) -> Decimal:
    result = _figure(value, pointer)
    if result is None:
        raise ExchangeError(pointer, "应为数值，实为null")
    return result


def _default_rule() -> Rule:
    return ManualRule()


_LEAF_KEYS = ("name", "weight", "criterion", "explanation", "metric", "rule", "score", "note", "reason")
_LEAF_KEYS_1 = ("name", "weight", "criterion", "explanation", "metric", "inputs", "rule", "score", "note")

Inputs = list[tuple[str, str, Decimal | None]]
"""A /1 document's leaf inputs as read: (pointer, name, value), in document order."""


def _metric(value: Any, pointer: str) -> Metric | None:
    if value is None:
        return None
    r = _Reader(value, pointer, ("formula", "unit"))
    return Metric(r.need("formula", _text), r.get("unit", _text, ""))


def _inputs(value: Any, pointer: str) -> dict[str, Decimal | None] | None:
    """A /1 leaf's ``inputs``; upgraded into figures."""
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


def _node(value: Any, pointer: str, depth: int, inputs: Inputs | None = None) -> Node:
    """A node of a tree; ``inputs`` collects a /1 document's leaf inputs (None: /2, where a leaf
    has none)."""
    if depth > MAX_DEPTH:
        raise ExchangeError(pointer, f"指标层级过深（超过 {MAX_DEPTH} 层）")
    if isinstance(value, dict) and "children" in value:
        r = _Reader(value, pointer, ("name", "weight", "children"))
        children = [
            _node(child, f"{r.at('children')}/{i}", depth + 1, inputs)
            for i, child in enumerate(r.need("children", _list))
        ]
        return Group(r.get("name", _text, ""), r.need("weight", _decimal), children)
    r = _Reader(value, pointer, _LEAF_KEYS if inputs is None else _LEAF_KEYS_1)
    field = r.obj.get
    leaf = read_leaf(
        pointer,
        name=field("name"),
        weight=field("weight", MISSING),
        criterion=field("criterion"),
        explanation=field("explanation"),
        metric=field("metric"),
        rule=field("rule", MISSING),
        score=field("score"),
        note=field("note"),
        reason=field("reason"),
    )
    if inputs is not None:
        for name, figure in (r.get("inputs", _inputs, None) or {}).items():
            inputs.append((f"{r.at('inputs')}/{ptr.escape(name)}", name, figure))
    return leaf


MISSING: Any = object()
"""A field the document leaves out (where that differs from null: a leaf's weight and rule)."""


def read_leaf(
    pointer: str,
    *,
    name: Any,
    weight: Any,
    criterion: Any,
    explanation: Any,
    metric: Any,
    rule: Any,
    score: Any,
    note: Any,
    reason: Any,
) -> Leaf:
    """A leaf from its fields as read (a leaf object's values, or a report file's row), each
    checked as the format says, in this order. Texts, the metric and the score read a missing
    field as null; a missing weight is refused, a missing rule is manual."""
    if weight is MISSING:
        raise ExchangeError(f"{pointer}/weight", "缺少必填字段")
    leaf = Leaf(
        name=_text(name, f"{pointer}/name"),
        weight=_decimal(weight, f"{pointer}/weight"),
        criterion=_text(criterion, f"{pointer}/criterion"),
        explanation=_text(explanation, f"{pointer}/explanation"),
        metric=_metric(metric, f"{pointer}/metric"),
        rule=_default_rule() if rule is MISSING else _rule(rule, f"{pointer}/rule"),
        score=_optional_decimal(score, f"{pointer}/score"),
        note=_text(note, f"{pointer}/note"),
        reason=_text(reason, f"{pointer}/reason"),
    )
    if leaf.metric is not None:
        problem = syntax_problem(leaf.metric.formula)
        if problem:
            raise ExchangeError(f"{pointer}/metric/formula", problem)
    return leaf


def read_leaf_with(
    pointer: str,
    *,
    name: Any,
    weight: Any,
    criterion: Any,
    explanation: Any,
    metric: Metric | None,
    rule: Rule,
    score: Any,
    note: Any,
    reason: Any,
) -> Leaf:
    """``read_leaf`` for a leaf whose metric and rule were already read by it from the same
    documents (a report file's columns, read once per text: ``perfcore.store.rows``): the
    other fields are checked as ``read_leaf`` checks them, in the same order. Since the metric
    and the rule cannot fail, the result or the fault is the one ``read_leaf`` gives."""
    # Most leaves hold plain text and short decimal strings: checked here without building
    # the pointers a fault would name, and read off the same cache ``_decimal`` reads.
    if _plain_texts(name, criterion, explanation, note, reason):
        number = _short_decimal(weight) if type(weight) is str and len(weight) <= _SHORT else None
        points = None if score is None else _short_decimal(score) if type(score) is str and len(score) <= _SHORT else ""
        if isinstance(number, Decimal) and not isinstance(points, str):
            return Leaf(name, number, criterion, explanation, metric, rule, points, note, reason)
    return Leaf(
        name=_text(name, f"{pointer}/name"),
        weight=_decimal(weight, f"{pointer}/weight"),
        criterion=_text(criterion, f"{pointer}/criterion"),
        explanation=_text(explanation, f"{pointer}/explanation"),
        metric=metric,
        rule=rule,
        score=_optional_decimal(score, f"{pointer}/score"),
        note=_text(note, f"{pointer}/note"),
        reason=_text(reason, f"{pointer}/reason"),
    )


def _tree(value: Any, pointer: str, inputs: Inputs | None = None) -> list[Node]:
    return [_node(n, f"{pointer}/{i}", 1, inputs) for i, n in enumerate(_list(value, pointer))]


def _indicators(value: Any, pointer: str, inputs: Inputs | None = None) -> Indicators:
    r = _Reader(value, pointer, ("title", "opinion_unit", "tree"))
    tree = _tree(r.obj["tree"], r.at("tree"), inputs) if r.has("tree") else []
    return Indicators(r.get("title", _text, Indicators().title), r.get("opinion_unit", _text, ""), tree)


def _format(value: Any, pointer: str) -> str:
    if value not in (FORMAT, FORMAT_1):
        shown = value if isinstance(value, str) else _kind(value)
        raise ExchangeError(pointer, f"不支持的文件格式“{str(shown)[:40]}”，本程序读取 {FORMAT} 和 {FORMAT_1}")
    return str(value)


# ---------------------------------------------------------------- 基础数据, grades, forms, template

_KEY = re.compile(NAME_PATTERN)
MAX_KEY = 64


def _key(value: Any, pointer: str) -> str:
    """A figure key: what formulas name it by."""
    if not isinstance(value, str):
        raise ExchangeError(pointer, f"应为文本，实为{_kind(value)}")
    if not value or len(value) > MAX_KEY or not _KEY.fullmatch(value):
        raise ExchangeError(
            pointer, f"代码“{value[:40]}”只能由字母、数字、下划线和汉字组成，以字母或汉字开头，不超过 {MAX_KEY} 个字符"
        )
    if value in FUNCTIONS:
        raise ExchangeError(pointer, f"代码“{value}”是公式的函数名，不能用作基础数据代码")
    if value in OVERALL_NUMERIC_FIELDS or value in OVERALL_TEXT_FIELDS:
        raise ExchangeError(pointer, f"代码“{value}”与表1字段同名")
    return value


def _label(value: Any, pointer: str) -> str:
    text = _text(value, pointer)
    if not text.strip():
        raise ExchangeError(pointer, "名称不能为空")
    return text


def _figure_kind(value: Any, pointer: str) -> FigureKind:
    for kind in FIGURE_KINDS:
        if value == kind:
            return kind
    raise ExchangeError(pointer, f"数据类型应为 {'、'.join(FIGURE_KINDS)} 之一")


def figure_value(kind: FigureKind, value: Any, pointer: str) -> FigureValue:
    """A figure's value as its kind: money a decimal string in 元, count an integer, else a number."""
    if kind == "money":
        return _money(value, pointer)
    if kind == "count":
        return _count(value, pointer)
    return _figure(value, pointer)


def _carry_target(value: Any, pointer: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExchangeError(pointer, f"应为文本，实为{_kind(value)}")
    if value not in OVERALL_NUMERIC_FIELDS and not (_KEY.fullmatch(value) and len(value) <= MAX_KEY):
        raise ExchangeError(pointer, f"“{value[:40]}”不是表1数值字段或基础数据代码")
    return value


def _figure_entry(value: Any, pointer: str) -> Figure:
    r = _Reader(value, pointer, ("key", "label", "kind", "value", "group", "carry"))
    kind: FigureKind = r.get("kind", _figure_kind, "number")
    return Figure(
        key=r.need("key", _key),
        label=r.need("label", _label),
        kind=kind,
        value=r.get("value", lambda v, p: figure_value(kind, v, p), None),
        group=r.get("group", _text, ""),
        carry=r.get("carry", _carry_target, None),
    )


def _figures(value: Any, pointer: str) -> list[Figure]:
    figures = [_figure_entry(raw, f"{pointer}/{i}") for i, raw in enumerate(_list(value, pointer))]
    first: dict[str, int] = {}
    for i, figure in enumerate(figures):
        if figure.key in first:
            raise ExchangeError(f"{pointer}/{i}/key", f"代码“{figure.key}”与 {pointer}/{first[figure.key]} 重复")
        first[figure.key] = i
    return figures


def check_carries(figures: list[Figure], carry: dict[str, str], pointer: str) -> None:
    """A carry names a 表1 field or a figure of this package (whose definition carries too)."""
    keys = {f.key for f in figures}
    for i, figure in enumerate(figures):
        if figure.carry is not None and figure.carry not in keys and figure.carry not in OVERALL_NUMERIC_FIELDS:
            raise ExchangeError(f"/figures/{i}/carry", f"“{figure.carry}”不是表1数值字段或本报告的基础数据代码")
    for name, target in carry.items():
        if target not in keys and target not in OVERALL_NUMERIC_FIELDS:
            raise ExchangeError(f"{pointer}/{ptr.escape(name)}", f"“{target[:40]}”不是表1数值字段或本报告的基础数据代码")


def _overall_carry(value: Any, pointer: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ExchangeError(pointer, f"应为对象，实为{_kind(value)}")
    out: dict[str, str] = {}
    for name, target in value.items():
        at = f"{pointer}/{ptr.escape(name)}"
        if name not in OVERALL_NUMERIC_FIELDS:
            raise ExchangeError(at, "不是表1的数值字段")
        if not isinstance(target, str):
            raise ExchangeError(at, f"应为文本，实为{_kind(target)}")
        out[name] = target
    return out


def _grades(value: Any, pointer: str) -> list[Grade]:
    grades = []
    for i, raw in enumerate(_list(value, pointer)):
        g = _Reader(raw, f"{pointer}/{i}", ("label", "min"))
        grades.append(Grade(g.need("label", _label), g.need("min", _decimal)))
    if not grades:
        raise ExchangeError(pointer, "等级表不能为空")
    for i in range(1, len(grades)):
        if grades[i].min >= grades[i - 1].min:
            raise ExchangeError(f"{pointer}/{i}/min", "等级应从高到低排列，下限逐级降低")
    if grades[-1].min != 0:
        raise ExchangeError(f"{pointer}/{len(grades) - 1}/min", "最低一级的下限应为 0")
    return grades


def _forms(value: Any, pointer: str) -> list[str]:
    forms: list[str] = []
    for i, raw in enumerate(_list(value, pointer)):
        if raw not in FORM_NAMES:
            shown = raw if isinstance(raw, str) else _kind(raw)
            raise ExchangeError(f"{pointer}/{i}", f"未知的表格“{str(shown)[:40]}”，应为 {'、'.join(FORM_NAMES)} 之一")
        if raw in forms:
            raise ExchangeError(f"{pointer}/{i}", f"表格“{raw}”重复")
        forms.append(raw)
    return forms


def _template(value: Any, pointer: str) -> Template | None:
    if value is None:
        return None
    r = _Reader(value, pointer, ("id", "name", "version", "source", "description"))
    return Template(
        r.get("id", _text, ""),
        r.get("name", _text, ""),
        r.get("version", _text, ""),
        r.get("source", _text, ""),
        r.get("description", _text, ""),
    )


def _optional_count(value: Any, pointer: str) -> int | None:
    return _count(value, pointer)


def _previous(value: Any, pointer: str) -> Previous | None:
    if value is None:
        return None
    r = _Reader(value, pointer, ("file", "year", "total", "grade", "fingerprint", "values", "drafts"))
    values: dict[str, Decimal | None] = {}
    raw_values: Any = r.obj.get("values", {})
    if not isinstance(raw_values, dict):
        raise ExchangeError(r.at("values"), f"应为对象，实为{_kind(raw_values)}")
    for name, raw in raw_values.items():
        at = f"{r.at('values')}/{ptr.escape(name)}"
        if len(name) > MAX_KEY or not _KEY.fullmatch(name):
            raise ExchangeError(at, "不是表1数值字段或基础数据代码")
        values[name] = _figure(raw, at)
    drafts: dict[str, str] = {}
    raw_drafts: Any = r.obj.get("drafts", {})
    if not isinstance(raw_drafts, dict):
        raise ExchangeError(r.at("drafts"), f"应为对象，实为{_kind(raw_drafts)}")
    for at_pointer, raw in raw_drafts.items():
        at = f"{r.at('drafts')}/{ptr.escape(at_pointer)}"
        if not at_pointer.startswith("/") or len(at_pointer) > MAX_KEY * 8:
            raise ExchangeError(at, "应为 JSON Pointer（以 / 开头）")
        drafts[at_pointer] = _text(raw, at)
    return Previous(
        file=r.get("file", _text, ""),
        year=r.get("year", _optional_count, None),
        total=r.get("total", _optional_decimal, None),
        grade=r.get("grade", _text, ""),
        fingerprint=r.get("fingerprint", _text, ""),
        values=values,
        drafts=drafts,
    )


# ---------------------------------------------------------------- 项目支出绩效自评表


def _budget_line(value: Any, pointer: str) -> BudgetLine:
    r = _Reader(value, pointer, ("label",) + BUDGET_LINE_MONEY_FIELDS)
    initial, full, executed = (r.get(n, _money, None) for n in BUDGET_LINE_MONEY_FIELDS)
    return BudgetLine(r.get("label", _text, ""), initial, full, executed)


def _budget(value: Any, pointer: str) -> Budget:
    r = _Reader(value, pointer, ("weight", "score", "lines"))
    raws: list[Any] = r.get("lines", _list, [])
    lines = [_budget_line(raw, f"{r.at('lines')}/{i}") for i, raw in enumerate(raws)]
    return Budget(r.get("weight", _decimal, DEFAULT_BUDGET_WEIGHT), r.get("score", _optional_decimal, None), lines)


def _goals(value: Any, pointer: str) -> Goals:
    r = _Reader(value, pointer, ("expected", "actual"))
    return Goals(r.get("expected", _text, ""), r.get("actual", _text, ""))


def _project(value: Any, pointer: str) -> Project:
    r = _Reader(value, pointer, PROJECT_TEXT_FIELDS + ("budget", "goals", "tree"))
    project = Project(
        budget=r.get("budget", _budget, Budget()),
        goals=r.get("goals", _goals, Goals()),
        tree=_tree(r.obj["tree"], r.at("tree")) if r.has("tree") else [],
    )
    for name in PROJECT_TEXT_FIELDS:
        setattr(project, name, r.get(name, _text, ""))
    return project


def _projects(value: Any, pointer: str) -> list[Project]:
    return [_project(raw, f"{pointer}/{i}") for i, raw in enumerate(_list(value, pointer))]


# ---------------------------------------------------------------- upgrading /1


def figures_from_inputs(inputs: Inputs) -> list[Figure]:
    """One figure per distinct input name, in order of first appearance; the same name with two
    different values is refused, naming both pointers."""
    first: dict[str, tuple[str, Decimal | None]] = {}
    for pointer, name, value in inputs:
        if name in first:
            seen_at, seen = first[name]
            if seen != value:
                raise ExchangeError(
                    pointer,
                    f"数据项“{name}”在 {seen_at} 为 {_shown(seen)}，在此处为 {_shown(value)}，"
                    "升级为基础数据时只能有一个值，请先统一",
                )
            continue
        if name in OVERALL_NUMERIC_FIELDS or name in OVERALL_TEXT_FIELDS:
            raise ExchangeError(pointer, f"数据项“{name}”与表1字段同名，无法升级为基础数据")
        if name in FUNCTIONS:
            raise ExchangeError(pointer, f"数据项“{name}”是公式的函数名，无法升级为基础数据")
        first[name] = (pointer, value)
    figures = [_upgraded_figure(name, value) for name, (_, value) in first.items()]
    for figure in figures:
        # The standard carry (本年 → 上年 三公经费预算) only where the package has its target.
        if figure.carry is not None and figure.carry not in first and figure.carry not in OVERALL_NUMERIC_FIELDS:
            figure.carry = None
    return figures


def _shown(value: Decimal | None) -> str:
    return "空" if value is None else plain(value)


def _upgraded_figure(name: str, value: Decimal | None) -> Figure:
    label, kind_name, group, carry = STANDARD_FIGURES.get(name, (name, "number", "", None))
    kind = _figure_kind(kind_name, "")
    typed: FigureValue = value
    if kind == "count" and value is not None:
        if value != value.to_integral_value() or abs(value) > 10**12:
            kind = "number"  # not a whole count: keep the figure exact rather than force the kind
        else:
            typed = int(value)
    return Figure(name, label, kind, typed, group, carry)


def _year(value: Any, pointer: str) -> int:
    year = _required_count(value, pointer)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ExchangeError(pointer, f"年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    return year


_TOP_KEYS_1 = ("format", "year", "unit_name", "overall", "special_funds", "indicators")
_TOP_KEYS = _TOP_KEYS_1 + ("template", "forms", "grades", "figures", "overall_carry", "previous", "projects")


def package_from_doc(doc: Any) -> Package:
    """Validate a parsed JSON document (/1 or /2) and build the package (a /1 one upgraded)."""
    if not isinstance(doc, dict):
        raise ExchangeError("", f"文件内容应为对象，实为{_kind(doc)}")
    if "format" not in doc:
        raise ExchangeError("/format", f"缺少格式标识，应为 {FORMAT}")
    version = _format(doc["format"], "/format")
    r = _Reader(doc, "", _TOP_KEYS if version == FORMAT else _TOP_KEYS_1)
    funds: list[Any] = r.get("special_funds", _list, [])
    package = Package(
        year=r.need("year", _year),
        unit_name=r.get("unit_name", _text, ""),
        overall=r.get("overall", _overall, Overall()),
        special_funds=[_fund(f, f"/special_funds/{i}") for i, f in enumerate(funds)],
    )
    if version == FORMAT_1:
        inputs: Inputs = []
        package.indicators = _indicators(doc["indicators"], "/indicators", inputs) if r.has("indicators") else Indicators()
        package.figures = figures_from_inputs(inputs)
        return package
    package.indicators = r.get("indicators", _indicators, Indicators())
    package.template = r.get("template", _template, None)
    package.forms = r.get("forms", _forms, list(DEFAULT_FORMS))
    package.grades = r.get("grades", _grades, default_grades())
    package.figures = r.get("figures", _figures, [])
    package.overall_carry = r.get("overall_carry", _overall_carry, default_overall_carry())
    check_carries(package.figures, package.overall_carry, "/overall_carry")
    package.previous = r.get("previous", _previous, None)
    package.projects = r.get("projects", _projects, [])
    return package


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
read_year = _year
read_inputs = _inputs
read_figure = _figure_entry
read_figures = _figures
read_key = _key
read_label = _label
read_grades = _grades
read_forms = _forms
read_template = _template
read_previous = _previous
read_overall_carry = _overall_carry
read_project = _project
read_budget = _budget
read_budget_line = _budget_line
read_goals = _goals
read_number = _figure


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
    elif isinstance(rule, TargetRule):
        out.update(
            direction=rule.direction,
            target=number_out(rule.target),
            actual=None if rule.actual is None else number_out(rule.actual),
            unit=rule.unit,
        )
        if rule.target_text is not None:
            out["target_text"] = rule.target_text
    elif isinstance(rule, RatedRule):
        out["rating"] = rule.rating
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
    out["rule"] = rule_to_doc(node.rule)
    out["score"] = None if node.score is None else plain(node.score)
    out["note"] = node.note
    out["reason"] = node.reason
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


def figure_value_out(kind: str, value: FigureValue) -> Any:
    if value is None:
        return None
    if kind == "money":
        return plain(Decimal(value))
    if isinstance(value, int):
        return value
    return number_out(value)


def figure_to_doc(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "label": figure.label,
        "kind": figure.kind,
        "value": figure_value_out(figure.kind, figure.value),
        "group": figure.group,
        "carry": figure.carry,
    }


def grades_to_doc(grades: list[Grade]) -> list[dict[str, Any]]:
    return [{"label": g.label, "min": number_out(g.min)} for g in grades]


def template_to_doc(template: Template) -> dict[str, Any]:
    doc = {"id": template.id, "name": template.name, "version": template.version, "source": template.source}
    if template.description:
        # Optional: documents written before templates had one stay byte-for-byte the same.
        doc["description"] = template.description
    return doc


def previous_to_doc(previous: Previous) -> dict[str, Any]:
    return {
        "file": previous.file,
        "year": previous.year,
        "total": None if previous.total is None else number_out(previous.total),
        "grade": previous.grade,
        "fingerprint": previous.fingerprint,
        "values": {k: None if v is None else number_out(v) for k, v in previous.values.items()},
        **({"drafts": dict(previous.drafts)} if previous.drafts else {}),
    }


def budget_line_to_doc(line: BudgetLine) -> dict[str, Any]:
    return {"label": line.label, **{n: money_out(getattr(line, n)) for n in BUDGET_LINE_MONEY_FIELDS}}


def budget_to_doc(budget: Budget) -> dict[str, Any]:
    return {
        "weight": number_out(budget.weight),
        "score": None if budget.score is None else plain(budget.score),
        "lines": [budget_line_to_doc(line) for line in budget.lines],
    }


def project_to_doc(project: Project, tree: bool = True) -> dict[str, Any]:
    """A project as in the document (``tree=False``: without its tree, for the store's rows)."""
    out: dict[str, Any] = {
        "name": project.name,
        "department": project.department,
        "implementer": project.implementer,
        "budget": budget_to_doc(project.budget),
        "goals": {"expected": project.goals.expected, "actual": project.goals.actual},
    }
    if tree:
        out["tree"] = [node_to_doc(n) for n in project.tree]
    for name in PROJECT_TEXT_FIELDS[3:]:
        out[name] = getattr(project, name)
    return out


def package_to_doc(package: Package) -> dict[str, Any]:
    ind = package.indicators
    doc: dict[str, Any] = {"format": FORMAT, "year": package.year, "unit_name": package.unit_name}
    if package.template is not None:
        doc["template"] = template_to_doc(package.template)
    doc.update(
        forms=list(package.forms),
        grades=grades_to_doc(package.grades),
        overall=overall_to_doc(package.overall),
        overall_carry=dict(package.overall_carry),
        special_funds=[fund_to_doc(f) for f in package.special_funds],
        indicators={
            "title": ind.title,
            "opinion_unit": ind.opinion_unit,
            "tree": [node_to_doc(n) for n in ind.tree],
        },
        figures=[figure_to_doc(f) for f in package.figures],
    )
    if package.previous is not None:
        doc["previous"] = previous_to_doc(package.previous)
    doc["projects"] = [project_to_doc(p) for p in package.projects]
    return doc


def dump_json(package: Package) -> str:
    """The package as an exchange document: UTF-8 text, Chinese unescaped, stable key order."""
    return json.dumps(package_to_doc(package), ensure_ascii=False, indent=2) + "\n"
