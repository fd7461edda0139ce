"""The figures a leaf's formula reads, as the user sees and types them.

A figure has one address (its JSON Pointer), a Chinese label, the unit it is typed in and
the step of that unit: 表1 money in 万元 to the cent of a 万元 (100 元), staff counts in whole
persons, the package's figures (基础数据) as the indicator panel takes them: money in 元 to the
cent, counts whole, other numbers to 0.01. Scoring the leaf with one figure replaced goes through the real rules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from perfcore.labels import name_label
from perfcore.model import OVERALL_COUNT_FIELDS, OVERALL_MONEY_FIELDS, Figure, Leaf, Overall
from perfcore.money import WAN, format_number, format_wan, plain
from perfcore.rules import Figures, LeafResult, score_leaf

Kind = Literal["money", "count", "number"]

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
    """Where a formula's names take their values (表1 and the package's figures), and the leaf
    scored with one of them replaced — through the real rules, nothing changed."""

    overall: Overall
    package_figures: Figures = dataclasses.field(default_factory=dict)
    """The package's figures by key (``model.figure_index``)."""
    positions: dict[str, int] = dataclasses.field(default_factory=dict)
    """Each figure's index in ``figures``, for its pointer."""

    def env(self, leaf: Leaf, names: tuple[str, ...]) -> dict[str, Decimal | int | None]:
        known = self.package_figures
        return {n: known[n].value if n in known else getattr(self.overall, n, None) for n in names}

    def refs(self, leaf: Leaf, leaf_path: str, names: tuple[str, ...]) -> list[FigureRef]:
        out: list[FigureRef] = []
        for name in names:
            figure = self.package_figures.get(name)
            if figure is not None:
                out.append(self._figure_ref(figure))
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

    def _figure_ref(self, figure: Figure) -> FigureRef:
        pointer = f"/figures/{self.positions.get(figure.key, 0)}/value"
        value = None if figure.value is None else Decimal(figure.value)
        if figure.kind == "money":
            # Typed in 元 to the cent, as the indicator panel takes figures.
            return FigureRef(figure.key, pointer, figure.label, "number", "元", value, _CENT, Decimal(0))
        if figure.kind == "count":
            return FigureRef(figure.key, pointer, figure.label, "count", "", value, Decimal(1), Decimal(0))
        unit = "%" if figure.kind == "percent" else ""
        return FigureRef(figure.key, pointer, figure.label, "number", unit, value, _CENT, Decimal(0))

    def score(self, leaf: Leaf) -> LeafResult:
        return score_leaf(leaf, self.overall, self.package_figures)

    def score_with(self, leaf: Leaf, figure: FigureRef, x: Decimal) -> LeafResult:
        """The leaf scored as if ``figure`` were ``x``."""
        value: Decimal | int = int(x) if figure.kind == "count" else x
        if figure.pointer.startswith("/overall/"):
            changed = dataclasses.replace(self.overall)
            setattr(changed, figure.name, value)
            return score_leaf(leaf, changed, self.package_figures)
        replaced = dict(self.package_figures)
        replaced[figure.name] = dataclasses.replace(self.package_figures[figure.name], value=value)
        return score_leaf(leaf, self.overall, replaced)
