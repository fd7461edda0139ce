"""A 复核得分 typed in the 汇总 window is read as every figure is (``perfcore.money``): Arabic-Indic
digits, ``1_0`` and ``1e1`` — which ``Decimal()`` reads as 12, 10 and 10 — are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfcore.store import StoreError
from perfcore.summary.review import parse_score


@pytest.mark.parametrize("text", ["١٢", "٣.٥", "1_0", "1e1", "12 34", "12,5", "²", "①", "NaN", "Infinity", "-1"])
def test_a_score_that_is_not_a_plain_figure_is_refused(text: str) -> None:
    with pytest.raises(StoreError, match="复核得分"):
        parse_score(text)


@pytest.mark.parametrize(("text", "score"), [("8", "8.00"), (" 7.5 ", "7.50"), ("１２", "12.00"), ("", None), ("  ", None)])
def test_a_plain_score_is_read(text: str, score: str | None) -> None:
    assert parse_score(text) == (None if score is None else Decimal(score))
