"""What 失分分析 reports: each lost point with its reason and the figure that would keep it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

HintRelation = Literal[">=", "<=", "=", "between", "missing", "met", "select", "clear"]

RELATION_SIGNS = {">=": "≥", "<=": "≤", "=": "="}


@dataclass(frozen=True)
class Hint:
    """One way back to the full weight: set the value at ``pointer`` as ``relation`` says."""

    pointer: str
    label: str
    relation: HintRelation
    value: str | None
    """As shown to the user (万元 for money), the edge nearest the current value."""
    unit: str
    text: str
    """The whole hint in Chinese: ``公用经费 ≤ 550.00 万元``."""
    kind: str = ""
    """How the desktop takes a trial value: money (万元), count, number, or '' (a fixed choice)."""
    target: Any = None
    """The value that scores full, in exchange-document form (what a what-if or apply sets)."""
    settable: bool = False
    """``target`` is a value of the document that can be set as is (not the computed metric)."""
    low: str | None = None
    high: str | None = None
    """The span's edges as shown, when it has them (``between``, ``=``)."""


@dataclass(frozen=True)
class Loss:
    """A scored leaf whose final is below its weight (or that has no final)."""

    path: str
    name: str
    form: str
    weight: Decimal
    final: Decimal | None
    lost: Decimal
    why: str
    regain: tuple[Hint, ...] = ()
    reason: str = ""
    """The reason entered with an entered score (计算过程 / 偏差原因), if any."""
    note: str = ""
    """What could not be worked out (a formula that cannot be inverted, …)."""


@dataclass(frozen=True)
class Risk:
    """A leaf at full weight whose metric is within 5 % of where it would start to lose."""

    path: str
    name: str
    form: str
    weight: Decimal
    value: str
    limit: str
    margin: str
    unit: str
    why: str
    keep: tuple[Hint, ...] = ()


@dataclass(frozen=True)
class Explanation:
    lost: tuple[Loss, ...]
    at_risk: tuple[Risk, ...]
    total_lost: Decimal
    weights: Decimal
    """Σ weights of the scored leaves."""
    total: Decimal
    grade: str
    complete: bool
    by_size: tuple[Loss, ...] = field(default=())
    """``lost``, largest first (document order among equals)."""
