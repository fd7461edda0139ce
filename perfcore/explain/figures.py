"""The figures a leaf's formula reads, as the user sees and types them.

A figure has one address (its JSON Pointer), a Chinese label, the unit it is typed in and
the step of that unit: 表1 money in 万元 to the cent of a 万元 (100 元), staff counts in whole
persons, a leaf's own inputs as the indicator editor takes them (金额以元为单位). Scoring the
leaf with one figure replaced goes through the real rules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from perfcore.labels import name_label
from perfcore.model import OVERALL_COUNT_FIELDS, OVERALL_MONEY_FIELDS, Leaf, Overall
from perfcore.money import WAN, format_number, format_wan, plain
from perfcore.rules import LeafResult, score_leaf

Kind = Literal["money", "count", "number"]

# Inputs of the standard framework that are sums of money; the indicator editor takes them in 元.
_MONEY_INPUTS = frozenset(
    {"three_public_budget", "three_public_budget_prior", "public_budget", "procurement_actual", "procurement_budget"}
)
_CENT, _HUNDRED_YUAN = Decimal("0.01"), WAN / 100


@dataclass(frozen=True)
class FigureRef:
    name: str
    pointer: str
    label: str
    kind: Kind
    unit: str
    """The unit it is shown and typed in: 万元, 人, 元 or ''."""
    value: Decimal | None
    """In the stored unit (元 for money)."""
    grid: Decimal
    """The smallest step the user types, in the stored unit."""
    floor: Decimal | None
    """The least value the figure can take (money, counts and inputs are not negative)."""

    def shown(self, x: Decimal) -> str:
        if self.kind == "money":
            return format_wan(x)
        if self.kind == "count":
            return str(int(x))
        return f"{x:.2f}" if self.unit == "元" else format_number(x)

    def document_value(self, x: Decimal) -> Any:
        """``x`` as the exchange document (and ``ReportFile.set``) holds it."""
        if self.kind == "count":
            return int(x)
        return plain(x.quantize(_CENT)) if self.kind == "money" else plain(x)


@dataclass(frozen=True)
class Sources:
    """Where a formula's names take their values (表1 and a leaf's own inputs), and the leaf
    scored with one of them replaced — through the real rules, nothing changed."""

    overall: Overall

    def env(self, leaf: Leaf, names: tuple[str, ...]) -> dict[str, Decimal | int | None]:
        inputs = leaf.inputs or {}
        return {n: inputs[n] if n in inputs else getattr(self.overall, n, None) for n in names}

    def refs(self, leaf: Leaf, leaf_path: str, names: tuple[str, ...]) -> list[FigureRef]:
        inputs = leaf.inputs or {}
        out: list[FigureRef] = []
        for name in names:
            if name in inputs:
                unit = "元" if name in _MONEY_INPUTS else ""
                pointer = f"{leaf_path}/inputs/{name}"
                out.append(FigureRef(name, pointer, name_label(name), "number", unit, inputs[name], _CENT, Decimal(0)))
            elif name in OVERALL_MONEY_FIELDS:
                value = getattr(self.overall, name)
                out.append(
                    FigureRef(name, f"/overall/{name}", name_label(name), "money", "万元", value, _HUNDRED_YUAN, Decimal(0))
                )
            elif name in OVERALL_COUNT_FIELDS:
                count = getattr(self.overall, name)
                value = None if count is None else Decimal(count)
                out.append(FigureRef(name, f"/overall/{name}", name_label(name), "count", "人", value, Decimal(1), Decimal(0)))
        return out

    def score(self, leaf: Leaf) -> LeafResult:
        return score_leaf(leaf, self.overall)

    def score_with(self, leaf: Leaf, figure: FigureRef, x: Decimal) -> LeafResult:
        """The leaf scored as if ``figure`` were ``x``."""
        if figure.pointer.startswith("/overall/"):
            changed = dataclasses.replace(self.overall)
            setattr(changed, figure.name, int(x) if figure.kind == "count" else x)
            return score_leaf(leaf, changed)
        inputs = dict(leaf.inputs or {})
        inputs[figure.name] = x
        return score_leaf(dataclasses.replace(leaf, inputs=inputs), self.overall)
