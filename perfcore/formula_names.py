"""Formulas written with Chinese names: ``公用经费 ÷ 预算安排公用经费总额 × 100``.

The exchange format stores a formula with keys (``expense_public / public_budget * 100``): a
表1 numeric field's name or a figure's ``key``. People read and type the labels. ``to_labels``
shows a stored formula with labels (of ``package.figures`` and 表1's fields); ``from_labels`` turns what was typed back into keys, and
is its inverse (``from_labels(to_labels(f))`` parses to the same formula as ``f``). A label two
names share is refused when typed (the message names both), and shown by its key.

A label may hold characters of the formula grammar (``本年度“三公经费”预算数`` holds quotes,
another label may hold brackets), so typed text is not tokenised first: at the start of each
word the longest label that ends on a word boundary is taken; any other word (a key, ``min``,
a name nobody defined yet) is kept as typed, and the formula's checks name it if it is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from perfcore import formula
from perfcore.formula import CJK, FormulaError
from perfcore.labels import OVERALL_LABELS
from perfcore.model import OVERALL_NUMERIC_FIELDS, Figure
from perfcore.money import format_number

_WORD_CHAR = re.compile(f"[A-Za-z0-9_{CJK}]")
_NOT_IN_KEY = re.compile(f"[^A-Za-z0-9_{CJK}]+")
_ASCII_OP = {"×": "*", "÷": "/", "（": "(", "）": ")", "，": ","}
_SHOWN_OP = {"+": " + ", "-": " - ", "*": " × ", "/": " ÷ "}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_COLUMN = re.compile(r"第 ([0-9]+) 个字符")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
"""A number as the formula parser reads one (formula._TOKEN)."""


@dataclass(frozen=True)
class FormulaName:
    """A name a formula may read: a 表1 numeric field or a figure (基础数据)."""

    key: str
    label: str
    source: str
    """表1 or 基础数据: where the clerk finds the value."""
    group: str = ""
    """The figure's group on the 基础数据 sheet ('' for 表1 fields)."""


def formula_names(figures: Iterable[Figure]) -> list[FormulaName]:
    """Every name a formula may read: the package's ``figures`` in their order, then 表1's fields."""
    out = [FormulaName(f.key, f.label.strip() or f.key, "基础数据", f.group) for f in figures]
    out += [FormulaName(name, OVERALL_LABELS[name], "表1") for name in OVERALL_NUMERIC_FIELDS]
    return out


class _Names:
    """Labels and keys of a package, and which labels name one thing only."""

    def __init__(self, names: Iterable[FormulaName]) -> None:
        self.by_label: dict[str, list[FormulaName]] = {}
        self.by_key: dict[str, FormulaName] = {}
        for name in names:
            self.by_key.setdefault(name.key, name)
            self.by_label.setdefault(name.label, []).append(name)
        # Longest first, so that 预算安排公用经费总额 wins over a label that is its start.
        self.labels = sorted(self.by_label, key=len, reverse=True)

    def shown(self, key: str) -> str:
        """The label of ``key`` if it names ``key`` alone and is no other name's key."""
        name = self.by_key.get(key)
        if name is None:
            return key
        label = name.label
        if len(self.by_label[label]) > 1 or (label != key and label in self.by_key):
            return key
        return label


def to_labels(text: str, figures: Iterable[Figure]) -> str:
    """A stored formula as people read it: ``公用经费 ÷ 预算安排公用经费总额 × 100``.

    A formula that does not parse (hand-made, imported) is shown as stored, so that it can be
    mended; so is one whose labels would not read back as the same formula.
    """
    try:
        parsed = formula.parse(text)
    except FormulaError:
        return text
    names = _Names(formula_names(figures))
    shown = _render(parsed.tree, names, 0)
    try:
        back = formula.parse(_translate(shown, names)[0])
    except FormulaError:
        return text
    return shown if back.tree == parsed.tree else text


def from_labels(text: str, figures: Iterable[Figure]) -> str:
    """What was typed with labels (or keys, or both), as stored: keys and ASCII signs.

    Raises ``FormulaError`` (one line of Chinese, positions counted in the typed text) when the
    result does not parse or a label is shared by two names.
    """
    names = _Names(formula_names(figures))
    out, origin, used = _translate(text, names)
    try:
        formula.parse(out)
    except FormulaError as exc:
        raise FormulaError(_typed_message(str(exc), origin, text, used)) from exc
    return out


def new_figure_key(label: str, figures: Iterable[Figure]) -> str:
    """A key for a new figure named ``label``: the label's letters, digits and CJK characters
    (so that a formula typed before the figure existed now names it), made unique."""
    stem = _NOT_IN_KEY.sub("", label)
    if not stem or not re.fullmatch(formula.NAME_PATTERN, stem) or stem in formula.FUNCTIONS:
        stem = "数据" + stem  # a key starts with a letter or a CJK character and is no function
    taken = {f.key for f in figures} | set(OVERALL_NUMERIC_FIELDS)
    key, n = stem, 2
    while key in taken:
        key, n = f"{stem}_{n}", n + 1
    return key


def _render(expr: formula.Expr, names: _Names, parent: int) -> str:
    # Recursion is bounded: the parser refuses trees deeper than formula.MAX_TREE_DEPTH.
    if isinstance(expr, formula.Num):
        return format_number(expr.value)
    if isinstance(expr, formula.Name):
        return names.shown(expr.name)
    if isinstance(expr, formula.Neg):
        return "-" + _render(expr.operand, names, 3)
    if isinstance(expr, formula.BinOp):
        prec = _PRECEDENCE[expr.op]
        # The right operand of - and ÷ binds tighter, so that a-(b-c) keeps its brackets.
        right = prec + 1 if expr.op in "-/" else prec
        text = _render(expr.left, names, prec) + _SHOWN_OP[expr.op] + _render(expr.right, names, right)
        return f"（{text}）" if prec < parent else text
    return f"{expr.func}（" + "，".join(_render(a, names, 0) for a in expr.args) + "）"


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


def _translate(text: str, names: _Names) -> tuple[str, list[int], dict[str, str]]:
    """``text`` with labels replaced by keys; the typed position of each output character; and
    the label typed for each key (to word error messages as typed)."""
    out: list[str] = []
    origin: list[int] = []
    used: dict[str, str] = {}
    i, n = 0, len(text)

    def emit(piece: str, at: int) -> None:
        out.append(piece)
        origin.extend([at] * len(piece))

    while i < n:
        if i == 0 or not _is_word(text[i - 1]):
            label = _label_at(text, i, names)
            number = _NUMBER.match(text, i)
            if number is not None and (label is None or len(label) <= number.end() - i):
                # A number typed is a number, also where a figure's label is made of digits
                # ("4"): no label starts inside it (the 4 of 9.4 or of 4.0). A longer label
                # that begins with digits (2019年预算数) is still the label.
                emit(number.group(), i)
                i = number.end()
                continue
            if label is not None:
                found = names.by_label[label]
                if len(found) > 1:
                    where = "、".join(f"{f.source}的“{f.key}”" for f in found)
                    raise FormulaError(f"公式中的“{label}”同时是{where}的名称，请先在基础数据中改名，或在公式中写代码")
                emit(found[0].key, i)
                used[found[0].key] = label
                i += len(label)
                continue
            if _is_word(text[i]):
                j = i
                while j < n and _is_word(text[j]):
                    j += 1
                emit(text[i:j], i)
                i = j
                continue
        emit(_ASCII_OP.get(text[i], text[i]), i)
        i += 1
    return "".join(out), origin, used


def _label_at(text: str, i: int, names: _Names) -> str | None:
    """The longest label that starts at ``i`` and does not run into a longer word."""
    for label in names.labels:
        if not text.startswith(label, i):
            continue
        end = i + len(label)
        if end == len(text) or not (_is_word(label[-1]) and _is_word(text[end])):
            return label
    return None


def _typed_message(message: str, origin: list[int], typed: str, used: dict[str, str]) -> str:
    """The parser's message with its positions, signs and keys as the clerk typed them."""
    at: list[int] = []

    def column(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        place = origin[index] if index < len(origin) else len(typed)
        at.append(place)
        return f"第 {place + 1} 个字符"

    message = _COLUMN.sub(column, message)
    if at and at[0] < len(typed) and typed[at[0]] in _ASCII_OP:
        # The parser saw ")" where ）was typed: quote what was typed.
        message = message.replace(f"“{_ASCII_OP[typed[at[0]]]}”", f"“{typed[at[0]]}”")
    for key, label in used.items():
        message = message.replace(f"“{key}”", f"“{label}”")
    return message
