"""The formula language: what it computes, and that hostile or malformed text is only ever an error."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from perfcore import formula
from perfcore.formula import FormulaError, Undefined, evaluate, parse, render

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def value(text: str, **env: Decimal | int | None) -> Decimal:
    return evaluate(parse(text), env)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1+2*3", "7"),
        ("(1+2)*3", "9"),
        ("10-4-3", "3"),
        ("2*3/4", "1.5"),
        ("100/4/5", "5"),
        ("-3+5", "2"),
        ("--3", "3"),
        ("+-+3", "-3"),
        ("-(2-5)", "3"),
        ("min(4, 2, 9)", "2"),
        ("max(4, 2, 9)", "9"),
        ("abs(2-7)", "5"),
        ("max(min(1,2), abs(-3))", "3"),
        (".5+1.25", "1.75"),
        ("  1 +\t2\n", "3"),
        ("1\u3000+\u30002", "3"),  # full-width blanks as typed in a Chinese input method
        ("0.1+0.2", "0.3"),  # decimal, never binary float
    ],
)
def test_arithmetic(text: str, expected: str) -> None:
    assert value(text) == Decimal(expected)


def test_names_come_from_the_env_dict_only() -> None:
    assert value("staff_actual / staff_quota * 100", staff_actual=7, staff_quota=10) == Decimal(70)
    parsed = parse("a + b_2 + a")
    assert parsed.names == ("a", "b_2")
    # A name missing from the env is not looked up anywhere else (no builtins, no globals).
    for name in ("print", "open", "formula", "Decimal", "__name__"):
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            with pytest.raises(Undefined):
                evaluate(parse(name), {})


@pytest.mark.parametrize(
    ("text", "env", "reason"),
    [
        ("a / b", {"a": Decimal(1), "b": Decimal(0)}, "除数为零"),
        ("a / (b - b)", {"a": Decimal(1), "b": Decimal(3)}, "除数为零"),
        ("a + 1", {"a": None}, "a"),
        ("min(a, b)", {"a": Decimal(1), "b": None}, "b"),
        ("a * 0", {"a": None}, "a"),  # unknown stays unknown even where it would not matter
    ],
)
def test_undefined_values(text: str, env: dict[str, Decimal | None], reason: str) -> None:
    with pytest.raises(Undefined) as info:
        evaluate(parse(text), env)
    assert info.value.reason == reason


HOSTILE = [
    "__import__('os')",
    "__import__('os').system('rm -rf /')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "a.b",
    "x[0]",
    "lambda: 1",
    "lambda x: x",
    "1 if 1 else 2",
    "'s'",
    '"s"',
    "1e999",
    "1E5",
    "2**3",
    "7//2",
    "7%2",
    "a=1",
    "a==1",
    "1;2",
    "open('/etc/passwd')",
    "exec('1')",
    "pow(2, 3)",
    "sum(1, 2)",
    "round(1.5)",
    "min()",
    "abs(1, 2)",
    "abs",
    "min",
    "min 1",
    "",
    "   ",
    "(",
    ")",
    "(1",
    "1)",
    "((1)",
    "1 2",
    "1 +",
    "* 2",
    "1,2",
    "f(1)",
    "１２",  # full-width digits
    "١٢",  # Arabic-Indic digits
    "²",
    "1.",
    "1..2",
    "$a",
    "a\\b",
    "#1",
    "`a`",
    "{1}",
    "1 <b>&",
    "年末职工人数/",
    "x" * (formula.MAX_LENGTH + 1),
    "1" * (formula.MAX_NUMBER_DIGITS + 1),
    "(" * 10_000 + "1" + ")" * 10_000,
    "(" * 900 + "1" + ")" * 900,
    "-" * 1500 + "1",
    "abs(" * 400 + "1" + ")" * 400,
    "+".join(["1"] * 999),
    "*".join(["a"] * 500),
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:30]) + (f"…({len(t)})" if len(t) > 30 else ""))
def test_hostile_and_malformed_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse(text)
    message = str(info.value)
    assert CHINESE.search(message), message
    assert "\n" not in message
    assert len(message) < 120, "the message quotes the fault, not the whole text"


def test_a_bare_keyword_is_only_a_name_that_the_env_must_supply() -> None:
    # `lambda`, `if`, `import` are not special words here: they are names, and a name that is
    # neither a 表1 field nor an input is refused when the formula is bound to its leaf.
    for word in ("lambda", "import", "if"):
        parsed = parse(word)
        assert parsed.names == (word,)
        with pytest.raises(Undefined):
            evaluate(parsed, {})


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1 + $", "第 5 个字符“$”"),
        ("(1", "末尾缺少“)”"),
        ("1)", "第 2 个字符处多余的“)”"),
        ("", "公式为空"),
        ("abs(1, 2)", "abs 只能有一个参数"),
        ("1e999", "多余的“e999”"),
        ("(" * 10_000 + "1" + ")" * 10_000, "公式过长"),
        ("(" * 100 + "1" + ")" * 100, "嵌套层数过多"),
        ("+".join(["1"] * 999), "运算层次过多"),
    ],
)
def test_messages_name_the_fault(text: str, fragment: str) -> None:
    with pytest.raises(FormulaError, match=re.escape(fragment)):
        parse(text)


def test_limits_leave_room_for_real_formulas() -> None:
    nested = "(" * (formula.MAX_DEPTH - 1) + "a" + ")" * (formula.MAX_DEPTH - 1)
    assert value(nested, a=3) == 3
    chain = "+".join(["a"] * formula.MAX_TREE_DEPTH)
    assert value(chain, a=1) == formula.MAX_TREE_DEPTH
    longest_number = "9" * formula.MAX_NUMBER_DIGITS
    assert value(longest_number) == Decimal(longest_number)


def test_huge_values_do_not_escape_as_python_errors() -> None:
    big = "*".join(["999999999999999999999999999999"] * 60)
    result = value(big)
    assert result > 10**1700
    assert render(parse("a * 10"), {"a": result})  # prints without a decimal.InvalidOperation


@pytest.mark.parametrize(
    ("text", "env", "shown"),
    [
        ("staff_actual / staff_quota * 100", {"staff_actual": 7, "staff_quota": 10}, "7/10×100"),
        ("(a - b) / b * 100", {"a": Decimal("12.50"), "b": Decimal("10.00")}, "(12.5-10)/10×100"),
        ("a - (b - c)", {"a": 1, "b": 2, "c": 3}, "1-(2-3)"),
        ("a - b - c", {"a": 1, "b": 2, "c": 3}, "1-2-3"),
        ("a / (b * c)", {"a": 1, "b": 2, "c": 3}, "1/(2×3)"),
        ("(a + b) * c", {"a": 1, "b": 2, "c": 3}, "(1+2)×3"),
        ("-a + min(b, c)", {"a": 1, "b": 2, "c": 3}, "-1+min(2,3)"),
        ("a / b", {"a": None, "b": 2}, "？/2"),
        ("completed / planned", {"completed": Decimal("4"), "planned": Decimal("4")}, "4/4"),
    ],
)
def test_render_shows_the_figures(text: str, env: dict[str, Decimal | int | None], shown: str) -> None:
    assert render(parse(text), env) == shown


def test_non_text_is_refused() -> None:
    with pytest.raises(FormulaError, match="公式必须是文本"):
        parse(42)  # type: ignore[arg-type]
