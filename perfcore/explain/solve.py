"""Which values of one figure give full points: exact breakpoints, then the scorer as the judge.

A metric is a formula of figures; with all figures but one fixed, most formulas of the
评价标准 are a linear fraction of that one figure, ``v = (a·f + b) / (c·f + d)``, monotone on
either side of its pole. The rules' full-score sets in ``v`` have finitely many edges; their
images under the inverse fraction, with the pole and the domain's floor, cut the line of
``f`` into pieces on each of which the score is constant. Each piece is judged by scoring a
point inside it with the real rules — nothing here re-implements a rule — and the answer
is snapped to the unit the user types (0.01 万元, one person, 0.01 %), checked again by the
scorer, so that the shown value scores full and one unit the wrong way does not.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from perfcore import formula

_CONTEXT = decimal.Context(prec=40, Emax=999_999, Emin=-999_999)
_ADJUST_STEPS = 4
"""Grid steps the scorer may move a computed edge; edges are exact to ~30 digits, so one is plenty."""

Relation = Literal[">=", "<=", "=", "between"]


class NotInvertible(Exception):
    """The formula is not a linear fraction of the figure (min/max/abs, or the figure squared)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------- the formula as a fraction of one figure

Poly = tuple[Decimal, Decimal]
"""``p0 + p1·f``."""

_ZERO, _ONE = Decimal(0), Decimal(1)


@dataclass(frozen=True)
class Fraction:
    """``v = (a·f + b) / (c·f + d)``."""

    a: Decimal
    b: Decimal
    c: Decimal
    d: Decimal

    def pole(self) -> Decimal | None:
        if self.c == 0:
            return None
        with decimal.localcontext(_CONTEXT):
            return -self.d / self.c

    def inverse(self, v: Decimal) -> Decimal | None:
        """The ``f`` with ``v(f) = v``, if there is one."""
        with decimal.localcontext(_CONTEXT):
            denominator = self.a - self.c * v
            if denominator == 0:
                return None
            return (self.d * v - self.b) / denominator


IDENTITY = Fraction(_ONE, _ZERO, _ZERO, _ONE)


def _mul(p: Poly, q: Poly) -> Poly:
    if p[1] * q[1] != 0:
        raise NotInvertible("公式中该数据出现为二次项")
    return (p[0] * q[0], p[0] * q[1] + p[1] * q[0])


def _add(p: Poly, q: Poly) -> Poly:
    return (p[0] + q[0], p[1] + q[1])


def _neg(p: Poly) -> Poly:
    return (-p[0], -p[1])


def fraction_of(parsed: formula.Formula, name: str, env: formula.Env) -> Fraction:
    """The formula as a linear fraction of ``name``, the other figures taken from ``env``.

    Raises ``NotInvertible`` for min/max/abs over the figure or a product of two terms that
    both hold it, and ``formula.Undefined`` when another figure it needs is unknown.
    """
    with decimal.localcontext(_CONTEXT):
        num, den = _walk(parsed.tree, name, env)
    return Fraction(num[1], num[0], den[1], den[0])


def _walk(expr: formula.Expr, name: str, env: formula.Env) -> tuple[Poly, Poly]:
    if isinstance(expr, formula.Num):
        return (expr.value, _ZERO), (_ONE, _ZERO)
    if isinstance(expr, formula.Name):
        if expr.name == name:
            return (_ZERO, _ONE), (_ONE, _ZERO)
        value = env.get(expr.name)
        if value is None:
            raise formula.Undefined(expr.name)
        return (Decimal(value), _ZERO), (_ONE, _ZERO)
    if isinstance(expr, formula.Neg):
        num, den = _walk(expr.operand, name, env)
        return _neg(num), den
    if isinstance(expr, formula.BinOp):
        n1, d1 = _walk(expr.left, name, env)
        n2, d2 = _walk(expr.right, name, env)
        if expr.op in "+-":
            n2 = n2 if expr.op == "+" else _neg(n2)
            if d1 == d2:
                return _add(n1, n2), d1
            return _add(_mul(n1, d2), _mul(n2, d1)), _mul(d1, d2)
        if expr.op == "*":
            return _mul(n1, n2), _mul(d1, d2)
        return _mul(n1, d2), _mul(d1, n2)
    names: list[str] = []
    for arg in expr.args:
        formula._collect_names(arg, names)
    if name in names:
        raise NotInvertible(f"公式中该数据位于 {expr.func}() 之内")
    return (formula.evaluate_part(expr, env), _ZERO), (_ONE, _ZERO)


# ---------------------------------------------------------------- the pieces of the line


@dataclass(frozen=True)
class Span:
    """An interval of ``f``; ``None`` is unbounded."""

    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False

    def below(self, x: Decimal) -> bool:
        """``x`` lies below the whole span."""
        return self.lo is not None and (x < self.lo or (x == self.lo and self.lo_open))

    def above(self, x: Decimal) -> bool:
        return self.hi is not None and (x > self.hi or (x == self.hi and self.hi_open))

    def holds(self, x: Decimal) -> bool:
        return not self.below(x) and not self.above(x)


def full_spans(
    full: Callable[[Decimal], bool], breaks: Iterable[Decimal | None], floor: Decimal | None
) -> list[Span]:
    """The spans of ``f`` (at or above ``floor``) where ``full`` holds, judged piece by piece."""
    chosen = {b for b in breaks if b is not None and (floor is None or b >= floor)}
    if floor is not None:
        chosen.add(floor)
    points = sorted(chosen)
    pieces: list[tuple[Span, Decimal]] = []
    with decimal.localcontext(_CONTEXT):
        if not points:
            pieces.append((Span(None, None), _ZERO))
        else:
            if floor is None:
                first = points[0]
                pieces.append((Span(None, first, hi_open=True), first - 1 - abs(first)))
            for i, point in enumerate(points):
                pieces.append((Span(point, point), point))
                following = points[i + 1] if i + 1 < len(points) else None
                if following is None:
                    pieces.append((Span(point, None, lo_open=True), point + 1 + abs(point)))
                else:
                    pieces.append((Span(point, following, True, True), (point + following) / 2))
    spans: list[Span] = []
    for piece, inside in pieces:
        if not full(inside):
            continue
        last = spans[-1] if spans else None
        if last is not None and last.hi == piece.lo and not (last.hi_open and piece.lo_open):
            spans[-1] = Span(last.lo, piece.hi, last.lo_open, piece.hi_open)
        else:
            spans.append(piece)
    return spans


# ---------------------------------------------------------------- the answer, on the user's grid


@dataclass(frozen=True)
class Answer:
    relation: Relation
    near: Decimal
    """The value to type: the edge nearest to the current value (or the only one)."""
    low: Decimal | None
    high: Decimal | None


def _snap(x: Decimal, grid: Decimal, up: bool) -> Decimal:
    with decimal.localcontext(_CONTEXT):
        steps = (x / grid).to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
        return steps * grid


def _edge(
    span: Span, full: Callable[[Decimal], bool], grid: Decimal, floor: Decimal | None, from_below: bool
) -> Decimal | None:
    """The grid value inside ``span`` nearest to its lower (``from_below``) or upper edge that
    scores full, while one grid step further out does not."""
    bound = span.lo if from_below else span.hi
    if bound is None:
        return None
    step = grid if from_below else -grid
    x = _snap(bound, grid, up=from_below)
    if x == bound and (span.lo_open if from_below else span.hi_open):
        x += step
    for _ in range(_ADJUST_STEPS):
        if floor is not None and x < floor:
            return None
        if full(x):
            break
        x += step
    else:
        return None
    for _ in range(_ADJUST_STEPS):
        outer = x - step
        if (floor is not None and outer < floor) or not full(outer):
            break
        x = outer
    return x


def _at_floor(span: Span, floor: Decimal | None) -> bool:
    # A span that starts at the floor (or at a pole on it, as 0 for a divisor) has no lower edge to state.
    return span.lo is not None and floor is not None and span.lo <= floor


def answer(
    spans: list[Span],
    full: Callable[[Decimal], bool],
    grid: Decimal,
    floor: Decimal | None,
    current: Decimal | None,
) -> Answer | None:
    """What to type to score full, from ``current`` (None: the figure is unknown)."""
    candidates: list[tuple[Decimal, Span, bool]] = []
    for span in spans:
        if current is not None and span.holds(current):
            return None  # already full through this figure
        if current is None:
            from_below = not (span.lo is None or _at_floor(span, floor))
            candidates.append((_ZERO, span, from_below))
        elif span.below(current):
            assert span.lo is not None
            candidates.append((span.lo - current, span, True))
        else:
            assert span.hi is not None
            candidates.append((current - span.hi, span, False))
    for _, span, from_below in sorted(candidates, key=lambda c: c[0]):
        near = _edge(span, full, grid, floor, from_below)
        if near is None:
            continue
        far = _edge(span, full, grid, floor, not from_below)
        low, high = (near, far) if from_below else (far, near)
        if low is not None and high is not None and low == high:
            return Answer("=", near, low, high)
        if low is not None and _at_floor(span, floor):
            low = None  # "≤ x" says it: the figure cannot go below its floor anyway
        if low is not None and high is not None:
            return Answer("between", near, low, high)
        return Answer(">=" if from_below else "<=", near, low, high)
    return None


def keep(
    spans: list[Span], full: Callable[[Decimal], bool], grid: Decimal, floor: Decimal | None, current: Decimal
) -> tuple[Decimal, Decimal, bool] | None:
    """For a value that scores full: the nearest edge of its span, as ``(exact, shown, upper)``.

    ``shown`` is the last grid value that still scores full; ``upper`` tells whether the edge
    lies above ``current`` (the figure must stay at or below it).
    """
    for span in spans:
        if not span.holds(current):
            continue
        # The floor is no edge: a figure cannot leave its span that way.
        lower = None if span.lo is not None and floor is not None and span.lo <= floor else span.lo
        edges = [(abs(e - current), e, e == span.hi) for e in (lower, span.hi) if e is not None]
        if not edges:
            return None
        _, exact, upper = min(edges, key=lambda item: item[0])
        shown = _edge(span, full, grid, floor, from_below=not upper)
        return None if shown is None else (exact, shown, upper)
    return None
