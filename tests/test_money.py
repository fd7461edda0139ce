"""Money as typed and shown: Decimal 元, blank is unknown, half-up to the 分."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcore.errors import UserError
from perfcore.money import (
    MoneyError,
    format_number,
    format_points,
    format_wan,
    format_yuan,
    parse_count,
    parse_decimal,
    parse_money,
    plain,
    round_half_up,
)


@pytest.mark.parametrize(
    ("text", "unit", "yuan"),
    [
        ("85.80", "wan", "858000.00"),
        ("1,234.50", "yuan", "1234.50"),
        ("１２３４．５０", "yuan", "1234.50"),
        ("85.8万元", "yuan", "858000.00"),
        ("79200元", "wan", "79200.00"),
        (" 0 ", "wan", "0.00"),
        ("-3.5", "yuan", "-3.50"),
        ("0.000001", "wan", "0.01"),
    ],
)
def test_parse_money(text: str, unit: str, yuan: str) -> None:
    parsed = parse_money(text, unit)
    assert parsed == Decimal(yuan)
    assert plain(parsed) == yuan  # stored to the 分, with its two places


@pytest.mark.parametrize("text", ["", "   ", "　"])
def test_blank_is_unknown_not_zero(text: str) -> None:
    assert parse_money(text) is None
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1e5", "12元3", "--1", "NaN", "Infinity"])
def test_not_a_figure(text: str) -> None:
    with pytest.raises(MoneyError, match="不是有效的数字"):
        parse_money(text, "yuan")


@pytest.mark.parametrize(("text", "count"), [("11", 11), ("１１", 11), ("11人", 11), (" 0 ", 0), ("", None)])
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["①", "²", "1²", "٣", "-1", "1.5", "十一", "11 12人人"])
def test_not_a_count_is_a_message(text: str) -> None:
    # ① and ² pass str.isdigit() but int() refuses them: a message, not a crash.
    with pytest.raises(MoneyError, match="不是人数，请填写不小于 0 的整数"):
        parse_count(text)


def test_money_errors_are_user_errors() -> None:
    assert issubclass(MoneyError, UserError)
    assert not issubclass(MoneyError, ValueError)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_typed_text_is_a_figure_or_a_user_error(text: str) -> None:
    """Whatever is typed, parsing answers with a value or a UserError, never another exception."""
    for parse in (parse_count, parse_decimal, lambda t: parse_money(t, "wan"), lambda t: parse_money(t, "yuan")):
        try:
            parse(text)
        except UserError:
            pass


def test_below_the_fen_is_refused() -> None:
    with pytest.raises(MoneyError, match="精确到分以下"):
        parse_money("0.001", "yuan")
    with pytest.raises(MoneyError, match="精确到分以下"):
        parse_money("0.0000001", "wan")


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("2.674999", "2.67"), ("-2.675", "-2.68"), ("0.005", "0.01"), ("5", "5.00")],
)
def test_half_up_to_two_places(value: str, shown: str) -> None:
    # Half-up, not banker's rounding: 2.665 → 2.67 where ROUND_HALF_EVEN would give 2.66.
    assert format_points(Decimal(value)) == shown
    assert str(round_half_up(Decimal(value))) == shown


def test_showing_money() -> None:
    assert format_wan(Decimal("858000")) == "85.80"
    assert format_wan(Decimal("547849.50")) == "54.78"
    assert format_wan(Decimal("547850")) == "54.79"
    assert format_wan(None) == ""
    assert format_wan(None, "—") == "—"
    assert format_yuan(Decimal("79200")) == "79200.00"
    assert format_yuan(Decimal("1234567.891"), grouping=True) == "1,234,567.89"
    assert format_points(None, "未评") == "未评"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("10", "10"), ("0.50", "0.5"), ("5.00", "5"), ("-0.25", "-0.25"), ("1E+2", "100"), ("1E+30", "1" + "0" * 30)],
)
def test_format_number_is_short_and_exact(value: str, shown: str) -> None:
    assert format_number(Decimal(value)) == shown
    assert format_number(7) == "7"


def test_plain_never_uses_exponents() -> None:
    assert plain(Decimal("0E-7")) == "0.0000000"
    assert plain(Decimal("1E-9")) == "0.000000001"
    assert plain(Decimal("1E+5")) == "100000"
    assert plain(Decimal("858000.00")) == "858000.00"


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**60), max_value=10**60))
def test_rounding_and_showing_any_size(value: Decimal) -> None:
    # Beyond 28 significant digits quantize() needs a wider context; a formula can get there.
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Decimal("0.005")
    assert Decimal(plain(value)) == value
    assert "E" not in plain(value)
    assert Decimal(format_number(value)) == value
