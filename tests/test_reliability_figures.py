"""Money and counts are read strictly: a figure is what it plainly says, or it is refused.

``12 34`` is not 1234, ``12,5`` is not 125, ``1,2,3,4`` and Arabic-Indic ``١٢٣`` are not
figures; only ASCII or full-width digits with well-formed thousands groups (``1,234.50``).
Counts refuse ``①`` and ``²`` with a message, never an exception the app did not expect.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcore.money import MoneyError, parse_count, parse_decimal, parse_money

WELL_FORMED = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+")


@pytest.mark.parametrize("text", ["12 34", "12,5", "1,2,3,4", "١٢٣", "1,23", "1,2345", ",123", "123,", "1,,234", "1 234", "٣", "۱۲", "१२"])
def test_ill_formed_figures_are_refused(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(text)
    with pytest.raises(MoneyError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("1,234.50", "12345000.00"), ("１，２３４．５", "12345000.00"), (" 12 ", "120000.00"), ("12万元", "120000.00"), ("1,000元", "1000.00"), ("12 万元", "120000.00")],
)
def test_well_formed_figures_are_read(text: str, yuan: str) -> None:
    assert parse_money(text) == Decimal(yuan)


@settings(max_examples=300)
@given(st.text(alphabet="0123456789,. ١２", min_size=1, max_size=12))
def test_any_figure_is_read_as_it_plainly_reads_or_refused(text: str) -> None:
    ascii_text = text.replace("２", "2").strip()
    try:
        value = parse_decimal(text)
    except MoneyError:
        assert not WELL_FORMED.fullmatch(ascii_text)
        return
    if ascii_text == "":
        assert value is None  # blank is unknown
        return
    assert WELL_FORMED.fullmatch(ascii_text), text
    assert value == Decimal(ascii_text.replace(",", ""))


@pytest.mark.parametrize("text", ["①", "²", "١٢", "1 2", "1,2", "3.5", "-1", "12人人"])
def test_counts_refuse_what_is_not_a_whole_number(text: str) -> None:
    with pytest.raises(MoneyError, match="不是人数"):
        parse_count(text)


@pytest.mark.parametrize(("text", "count"), [("12", 12), ("１２人", 12), ("1,200", 1200), ("", None), (" 7 人", 7)])
def test_counts_as_typed(text: str, count: int | None) -> None:
    assert parse_count(text) == count
