"""The desktop's fields read counts and dates as strictly as perfcore.money: a message, never a crash."""

from __future__ import annotations

import pytest

from desktop.binding import InputError, parse_input

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("text", ["①", "²", "١٢", "1 2", "1,2"])
def test_a_count_field_refuses_what_is_not_a_whole_number(text: str) -> None:
    with pytest.raises(InputError, match="不是人数"):
        parse_input("count", text)


def test_dates_take_only_plain_digits() -> None:
    assert parse_input("date", "2024年1月2日") == "2024-01-02"
    assert parse_input("date", "٢٠٢٤-٠١-٠٢") == "٢٠٢٤-٠١-٠٢"  # kept as text, not guessed into a date
