"""The formula language of metrics: arithmetic on Decimals, parsed by our own grammar.

Nothing from a file is ever executed: text is tokenised, parsed by recursive descent into a
small tree, and evaluated over ``Decimal`` with names looked up in a plain dict.

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := '-' unary | '+' unary | atom
    atom   := NUMBER | NAME | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
    FUNC   := min | max | abs
    NAME   := (letter | CJK) (letter | digit | '_' | CJK)*     e.g. staff_actual, 满意人数

The signs a Chinese input method types (× ÷ （ ） ，) are read as * / ( ) ,.

A ``None`` figure or a division by zero makes the value *undefined* (``None``).
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from perfcore.errors import UserError
from perfcore.money import format_number

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_TREE_DEPTH = 200
"""Operators in a chain (1+1+…+1) nest the tree without brackets; evaluation recurses on it."""
MAX_NUMBER_DIGITS = 30
FUNCTIONS = ("min", "max", "abs")

# [0-9], not \d: \d takes any script's digits ("١٢", "１２"), which Decimal() would quietly accept.
# CJK: the unified ideographs and extension A, which cover every name a finance office writes.
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
NAME_PATTERN = f"[A-Za-z{CJK}][A-Za-z0-9_{CJK}]*"
_TOKEN = re.compile(
    rf"\s*(?:(?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)|(?P<name>{NAME_PATTERN})|(?P<op>[-+*/(),×÷（），]))"
)
_ASCII_OP = {"×": "*", "÷": "/", "（": "(", "）": ")", "，": ","}
# Printing a formula with its figures for the 计算过程 uses the customary signs.
_SHOWN_OP = {"+": "+", "-": "-", "*": "×", "/": "/"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)


class FormulaError(UserError):
    """A formula that cannot be parsed; the message is Chinese and names the position."""


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Expr


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Expr, ...]


Expr = Num | Name | Neg | BinOp | Call


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree and the names it reads."""

    text: str
    tree: Expr
    names: tuple[str, ...]


def parse(text: str) -> Formula:
    """Parse ``text`` or raise ``FormulaError`` with a Chinese message."""
    if not isinstance(text, str):
        raise FormulaError("公式必须是文本")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）")
    parser = _Parser(text)
    tree = parser.parse()
    if _tree_depth(tree) > MAX_TREE_DEPTH:
        raise FormulaError(f"公式运算层次过多（超过 {MAX_TREE_DEPTH} 层）")
    names: list[str] = []
    _collect_names(tree, names)
    return Formula(text, tree, tuple(dict.fromkeys(names)))


def money_degree(formula: Formula, money: Callable[[str], bool]) -> int | None:
    """The power of money in the formula's value: 0 for a rate of money figures
    (``a / b * 100``), 1 for an amount (``a - b``), None when it mixes them (``a + 1``).

    A formula of degree 0 gives the same value whether its money figures are read in 元 or in
    万元, so its 计算过程 may show them in 万元 as the forms do. ``money(name)`` says which
    names are money figures.
    """
    return _degree(formula.tree, money)


def _degree(expr: Expr, money: Callable[[str], bool]) -> int | None:
    # Recursion is bounded: the parser refuses trees deeper than MAX_TREE_DEPTH.
    if isinstance(expr, Num):
        # A constant has no unit; beside money in a sum only 0 keeps the unit (a − 0).
        return 0
    if isinstance(expr, Name):
        return 1 if money(expr.name) else 0
    if isinstance(expr, Neg):
        return _degree(expr.operand, money)
    if isinstance(expr, BinOp):
        left, right = _degree(expr.left, money), _degree(expr.right, money)
        if left is None or right is None:
            return None
        if expr.op == "*":
            return left + right
        if expr.op == "/":
            return left - right
        return left if left == right else None
    degrees = {_degree(arg, money) for arg in expr.args}
    return degrees.pop() if len(degrees) == 1 else None


def _tree_depth(expr: Expr) -> int:
    # Iterative, because a tree too deep for recursion is exactly what this looks for.
    deepest = 0
    stack: list[tuple[Expr, int]] = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, BinOp):
            stack.extend(((node.left, depth + 1), (node.right, depth + 1)))
        elif isinstance(node, Call):
            stack.extend((arg, depth + 1) for arg in node.args)
    return deepest


def _collect_names(expr: Expr, out: list[str]) -> None:
    if isinstance(expr, Name):
        out.append(expr.name)
    elif isinstance(expr, Neg):
        _collect_names(expr.operand, out)
    elif isinstance(expr, BinOp):
        _collect_names(expr.left, out)
        _collect_names(expr.right, out)
    elif isinstance(expr, Call):
        for arg in expr.args:
            _collect_names(arg, out)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        stripped_end = len(text.rstrip())
        while pos < stripped_end:
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                bad = text[pos:].lstrip()[:1]
                column = len(text) - len(text[pos:].lstrip()) + 1
                raise FormulaError(f"公式第 {column} 个字符“{bad}”无法识别")
            kind = match.lastgroup or ""
            value = match.group(kind)
            if kind == "op":
                value = _ASCII_OP.get(value, value)
            if kind == "number" and len(value) > MAX_NUMBER_DIGITS:
                raise FormulaError(f"公式中的数字“{value[:12]}…”位数过多")
            self.tokens.append((kind, value, match.start(kind) + 1))
            pos = match.end()
        self.index = 0
        self.depth = 0

    def parse(self) -> Expr:
        if not self.tokens:
            raise FormulaError("公式为空")
        expr = self.expr()
        if self.index < len(self.tokens):
            _, value, column = self.tokens[self.index]
            raise FormulaError(f"公式第 {column} 个字符处多余的“{value}”")
        return expr

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] == value:
            self.index += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.take(value):
            token = self.peek()
            where = f"第 {token[2]} 个字符处" if token else "末尾"
            raise FormulaError(f"公式{where}缺少“{value}”")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("公式嵌套层数过多")

    def expr(self) -> Expr:
        self.enter()
        left = self.term()
        while True:
            if self.take("+"):
                left = BinOp("+", left, self.term())
            elif self.take("-"):
                left = BinOp("-", left, self.term())
            else:
                break
        self.depth -= 1
        return left

    def term(self) -> Expr:
        left = self.unary()
        while True:
            if self.take("*"):
                left = BinOp("*", left, self.unary())
            elif self.take("/"):
                left = BinOp("/", left, self.unary())
            else:
                return left

    def unary(self) -> Expr:
        if self.take("-"):
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return Neg(operand)
        if self.take("+"):
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return operand
        return self.atom()

    def atom(self) -> Expr:
        token = self.peek()
        if token is None:
            raise FormulaError("公式不完整，末尾缺少数值或名称")
        kind, value, column = token
        if kind == "number":
            self.index += 1
            return Num(Decimal(value))
        if kind == "name":
            self.index += 1
            if value in FUNCTIONS:
                self.expect("(")
                args = [self.expr()]
                while self.take(","):
                    args.append(self.expr())
                self.expect(")")
                if value == "abs" and len(args) != 1:
                    raise FormulaError(f"公式第 {column} 个字符处 abs 只能有一个参数")
                return Call(value, tuple(args))
            return Name(value)
        if value == "(":
            self.index += 1
            inner = self.expr()
            self.expect(")")
            return inner
        raise FormulaError(f"公式第 {column} 个字符处不应出现“{value}”")


class Undefined(Exception):
    """Evaluation cannot give a value (an unknown figure or a division by zero)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Env = Mapping[str, Decimal | int | None]


def evaluate(formula: Formula, env: Env) -> Decimal:
    """The value of ``formula`` with figures from ``env``; raises ``Undefined``.

    Every name must be in ``env`` (checked when the formula is bound to its leaf); a
    ``None`` figure is unknown and makes the value undefined.
    """
    return _compiled(formula.text)[0](env)


def evaluator(formula: Formula) -> Callable[[Env], Decimal]:
    """``evaluate`` bound to one formula, for a caller that evaluates it again and again."""
    return _compiled(formula.text)[0]


def evaluate_part(expr: Expr, env: Env) -> Decimal:
    """The value of one part of a parsed formula (the checks ask which divisor is zero)."""
    return _guarded(_compile_eval(expr))(env)


def _guarded(evaluator: Evaluator) -> Evaluator:
    # The evaluators do their arithmetic through _CONTEXT's own methods, so the caller's
    # decimal context neither matters nor is touched (and no localcontext is entered for
    # each of the hundreds of leaves a full score evaluates).
    def run(env: Env) -> Decimal:
        try:
            return evaluator(env)
        except (decimal.Overflow, decimal.InvalidOperation) as exc:
            raise Undefined("数值超出计算范围") from exc

    return run


ShownEnv = Mapping[str, Decimal | int | str | None]
"""Figures to print in a formula; a text is printed as it is (money already in 万元)."""


def render(formula: Formula, env: ShownEnv) -> str:
    """The formula with its figures in place of names, for the 计算过程: ``7/10×100``."""
    return _compiled(formula.text)[1](env)


def _show_figure(value: Decimal | int | str | None) -> str:
    if value is None:
        return "？"
    if isinstance(value, str):
        return value
    return format_number(value if isinstance(value, int) else Decimal(value))


# Evaluating and printing walk the same tree on every recompute of every dependent leaf;
# turning the tree into closures once per formula takes the type dispatch (and the printing
# of constants) out of that loop. The tree's depth is bounded by the parser, and so is theirs.
Evaluator = Callable[[Env], Decimal]
Renderer = Callable[[ShownEnv], str]


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> tuple[Evaluator, Renderer]:
    # Keyed by the text: hashing a text is cheap, hashing a deep tree on every call is not.
    tree = parse(text).tree
    return _guarded(_compile_eval(tree)), _compile_render(tree, 0)


def _figure(name: str) -> Evaluator:
    def figure(env: Env) -> Decimal:
        value = env.get(name)
        if value is None:
            raise Undefined(name)
        return value if type(value) is Decimal else Decimal(value)

    return figure


_ADD, _SUBTRACT, _MULTIPLY, _DIVIDE = _CONTEXT.add, _CONTEXT.subtract, _CONTEXT.multiply, _CONTEXT.divide
_MINUS, _ABS = _CONTEXT.minus, _CONTEXT.abs


def _divide(left: Evaluator, right: Evaluator) -> Evaluator:
    def divide(env: Env) -> Decimal:
        numerator, denominator = left(env), right(env)
        if denominator == 0:
            raise Undefined("除数为零")
        return _DIVIDE(numerator, denominator)

    return divide


def _compile_eval(expr: Expr) -> Evaluator:
    if isinstance(expr, Num):
        constant = expr.value
        return lambda env: constant
    if isinstance(expr, Name):
        return _figure(expr.name)
    if isinstance(expr, Neg):
        operand = _compile_eval(expr.operand)
        return lambda env: _MINUS(operand(env))
    if isinstance(expr, BinOp):
        left, right = _compile_eval(expr.left), _compile_eval(expr.right)
        if expr.op == "+":
            return lambda env: _ADD(left(env), right(env))
        if expr.op == "-":
            return lambda env: _SUBTRACT(left(env), right(env))
        if expr.op == "*":
            return lambda env: _MULTIPLY(left(env), right(env))
        return _divide(left, right)
    args = [_compile_eval(arg) for arg in expr.args]
    if expr.func == "min":
        return lambda env: min(arg(env) for arg in args)
    if expr.func == "max":
        return lambda env: max(arg(env) for arg in args)
    only = args[0]
    return lambda env: _ABS(only(env))


def _compile_render(expr: Expr, parent: int) -> Renderer:
    if isinstance(expr, Num):
        text = _show_figure(expr.value)
        return lambda env: text
    if isinstance(expr, Name):
        name = expr.name
        return lambda env: _show_figure(env.get(name))
    if isinstance(expr, Neg):
        operand = _compile_render(expr.operand, 3)
        return lambda env: "-" + operand(env)
    if isinstance(expr, BinOp):
        prec = _PRECEDENCE[expr.op]
        # The right operand of - and / binds tighter so that a-(b-c) keeps its brackets.
        right_prec = prec + 1 if expr.op in "-/" else prec
        left, right = _compile_render(expr.left, prec), _compile_render(expr.right, right_prec)
        sign = _SHOWN_OP[expr.op]
        if prec < parent:
            return lambda env: "(" + left(env) + sign + right(env) + ")"
        return lambda env: left(env) + sign + right(env)
    args = [_compile_render(arg, 0) for arg in expr.args]
    head = f"{expr.func}("
    return lambda env: head + ",".join(arg(env) for arg in args) + ")"
