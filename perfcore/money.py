"""Parsing and showing money: stored as Decimal 元, typed and shown in 元 or 万元.

Finance officers type ``1,234.50``, full-width ``１２３４．５０``, a trailing ``元``/``万元``,
or leave a figure blank (unknown). 万元 is a way of showing and typing, never of storing.
Only ASCII and full-width digits are figures, and a comma only groups thousands
(``1,234.50``): ``12 34``, ``12,5``, ``1,2,3,4`` or Arabic-Indic ``١٢٣`` are refused, never
guessed at.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from perfcore.errors import UserError

WAN = Decimal(10000)
CENT = Decimal("0.01")

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋　",
    "0123456789.,-+ ",
)
_NUMBER = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)")
_COUNT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


class MoneyError(UserError):
    """Text that is not a figure (money, a plain number or a count); the message is Chinese."""


def normalize_digits(text: str) -> str:
    """Full-width digits and punctuation to ASCII, outer blanks removed (inner ones are kept:
    ``12 34`` is not a figure)."""
    return text.translate(_FULLWIDTH).strip()


def parse_decimal(text: str) -> Decimal | None:
    """A plain decimal figure as typed; blank means unknown (None)."""
    cleaned = normalize_digits(text)
    if cleaned == "":
        return None
    if not _NUMBER.fullmatch(cleaned):
        raise MoneyError(f"“{text.strip()}”不是有效的数字（只用数字 0–9，逗号只用于千位分隔，如 1,234.50）")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise MoneyError(f"“{text.strip()}”不是有效的数字") from exc


def parse_count(text: str, noun: str = "人数") -> int | None:
    """A whole number not below 0 as typed (``11``, ``１１``, ``11人``, ``1,200``); blank means unknown (None).

    Only the digits 0–9 (after full-width folding) count: ``①`` or ``²`` pass ``str.isdigit``
    but are not figures anyone means to type, and ``int()`` refuses them.
    """
    cleaned = normalize_digits(text).removesuffix("人").rstrip()
    if cleaned == "":
        return None
    if not _COUNT.fullmatch(cleaned):
        raise MoneyError(f"“{text.strip()}”不是{noun}，请填写不小于 0 的整数（数字 0–9，逗号只用于千位分隔）")
    return int(cleaned.replace(",", ""))


FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years a package may be for (the exchange format refuses others too)."""
_YEAR = re.compile(r"[0-9]{4}")


def parse_year(text: str) -> int | None:
    """A year as typed (``2019``, ``２０１９``, ``2019年``); blank means unknown (None)."""
    cleaned = normalize_digits(text).strip().removesuffix("年").rstrip()
    if cleaned == "":
        return None
    if not _YEAR.fullmatch(cleaned):
        raise MoneyError(f"“{text.strip()}”不是年份，请填写四位数的年份，如 2019")
    year = int(cleaned)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MoneyError(f"年份 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    return year


def parse_money(text: str, unit: str = "wan") -> Decimal | None:
    """Yuan from text typed in ``unit`` ("wan" for 万元, "yuan" for 元); None for blank.

    An explicit trailing 万元 or 元 overrides ``unit``. At most two decimals of the typed unit
    are kept for 元 and six for 万元, so that the stored yuan figure stays exact to the 分.
    """
    cleaned = normalize_digits(text)
    if cleaned.endswith("万元"):
        cleaned, unit = cleaned[:-2], "wan"
    elif cleaned.endswith("元"):
        cleaned, unit = cleaned[:-1], "yuan"
    value = parse_decimal(cleaned)
    if value is None:
        return None
    yuan = value * WAN if unit == "wan" else value
    if yuan != yuan.quantize(CENT):
        raise MoneyError(f"“{text.strip()}”精确到分以下，请核对")
    return yuan.quantize(CENT)


def plain(value: Decimal) -> str:
    """Digits without exponent, trailing zeros kept: ``Decimal("0E-7")`` → ``0.0000000``.

    ``str()`` switches to exponent form for small or scaled figures, which the exchange
    format (and the report file, which stores the same text) does not accept back.
    """
    return format(value, "f")


_ROUNDING = Context(prec=28, rounding=ROUND_HALF_UP, traps=[InvalidOperation])
"""Rounding in a context of its own: the result does not depend on the caller's context."""


def round_half_up(value: Decimal, places: Decimal = CENT) -> Decimal:
    """``value`` to ``places``, half up; a figure that rounds to zero is a plain zero, never
    ``-0.00`` (-1 元 in 万元, a typed ``-0``): a finance form never shows a negative zero, and
    every figure it shows is rounded here or formatted with ``z``."""
    # Scoring rounds every figure it computes: this is on the hot path of a full score.
    try:
        rounded = value.quantize(places, None, _ROUNDING)
    except InvalidOperation:
        # quantize() fails when the result has more digits than the precision (28); a
        # formula over large figures can give such a value, so give it the digits it needs.
        # A NaN fails here too, as it did before the wide context existed.
        digits = value.adjusted() - places.adjusted() + 2
        if digits <= _ROUNDING.prec:
            raise
        return value.quantize(places, context=Context(prec=digits, rounding=ROUND_HALF_UP, traps=[InvalidOperation]))
    return rounded if rounded or not rounded.is_signed() else rounded.copy_abs()


def to_wan(yuan: Decimal) -> Decimal:
    return round_half_up(yuan / WAN)


def format_wan(yuan: Decimal | None, unknown: str = "") -> str:
    """858000 → ``85.80`` (万元, two decimals, half-up); None → ``unknown``."""
    if yuan is None:
        return unknown
    return f"{to_wan(yuan):.2f}"


def format_yuan(yuan: Decimal | None, unknown: str = "", grouping: bool = False) -> str:
    """79200 → ``79200.00`` (or ``79,200.00`` with grouping); None → ``unknown``."""
    if yuan is None:
        return unknown
    value = round_half_up(yuan)
    return f"{value:,.2f}" if grouping else f"{value:.2f}"


def format_points(points: Decimal | None, unknown: str = "") -> str:
    """Scores and weights with two places: ``5.00``."""
    if points is None:
        return unknown
    return f"{round_half_up(points):.2f}"


def format_number(value: Decimal | int) -> str:
    """A figure as short as it is exact: 10 → ``10``, 0.50 → ``0.5``, -0 → ``0``."""
    if isinstance(value, int):
        return str(value)
    integral = value.to_integral_value()
    if value == integral:
        return format(integral, "zf")
    # normalize() would round to the context's 28 digits; trimming the text stays exact.
    return plain(value).rstrip("0").rstrip(".")
