"""The figures a leaf's formula reads, as the user sees and types them.

A figure has one address (its JSON Pointer), a Chinese label, the unit it is typed in and
the step of that unit: 表1 money in 万元 to the cent of a 万元 (100 元), staff counts in whole
persons, the package's figures (基础数据) as the indicator panel takes them: money in 元 to the
cent, counts whole, other numbers to 0.01. Scoring the leaf with one figure replaced goes through the real rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from perfcore.labels import name_label
from perfcore.model import OVERALL_COUNT_FIELDS, OVERALL_MONEY_FIELDS, Figure, Leaf, Overall, TargetRule
from perfcore.money import WAN, format_number, format_wan, plain
from perfcore.rules import LeafResult, score_leaf

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
        return f"{x:z.2f}" if self.unit == "元" else format_number(x)

    def document_value(self, x: Decimal) -> Any:
        """``x`` as the exchange document (and ``ReportFile.set``) holds it."""
        if self.kind == "count":
            return int(x)
        return plain(x.quantize(_CENT)) if self.kind == "money" else plain(x)


@dataclass(frozen=True)
class Sources:
    """Where a formula's names take their values (表1 and the package's figures, 基础数据), and
    a leaf scored with one of them replaced — through the real rules, nothing changed."""

    overall: Overall
    package_figures: Mapping[str, Figure] = field(default_factory=dict)
    """The package's figures by key (``model.figure_index``)."""
    positions: Mapping[str, int] = field(default_factory=dict)
    """Each figure's index in ``package.figures``: its pointer is ``/figures/<i>/value``."""

    def env(self, leaf: Leaf, names: tuple[str, ...]) -> dict[str, Decimal | int | None]:
        del leaf  # figures belong to the package now, not to the leaf
        known = self.package_figures
        return {n: known[n].value if n in known else getattr(self.overall, n, None) for n in names}

    def refs(self, leaf: Leaf, leaf_path: str, names: tuple[str, ...]) -> list[FigureRef]:
        del leaf, leaf_path
        out: list[FigureRef] = []
        for name in names:
            if name in OVERALL_MONEY_FIELDS:
                value = getattr(self.overall, name)
                out.append(
                    FigureRef(name, f"/overall/{name}", name_label(name), "money", "万元", value, _HUNDRED_YUAN, Decimal(0))
                )
            elif name in OVERALL_COUNT_FIELDS:
                count = getattr(self.overall, name)
                value = None if count is None else Decimal(count)
                out.append(FigureRef(name, f"/overall/{name}", name_label(name), "count", "人", value, Decimal(1), Decimal(0)))
            elif name in self.package_figures:
                figure = self.package_figures[name]
                pointer = f"/figures/{self.positions[name]}/value"
                raw = figure.value
                value = None if raw is None else Decimal(raw)
                label = figure.label or name
                if figure.kind == "money":
                    out.append(FigureRef(name, pointer, label, "money", "万元", value, _HUNDRED_YUAN, Decimal(0)))
                elif figure.kind == "count":
                    out.append(FigureRef(name, pointer, label, "count", "", value, Decimal(1), Decimal(0)))
                else:
                    unit = "%" if figure.kind == "percent" else ""
                    out.append(FigureRef(name, pointer, label, "number", unit, value, _CENT, None))
        return out

    def score(self, leaf: Leaf) -> LeafResult:
        return score_leaf(leaf, self.overall, self.package_figures)

    def score_with(self, leaf: Leaf, figure: FigureRef, x: Decimal) -> LeafResult:
        """The leaf scored as if ``figure`` were ``x``."""
        value: Decimal | int = int(x) if figure.kind == "count" else x
        if figure.pointer.startswith("/overall/"):
            changed = dataclasses.replace(self.overall)
            setattr(changed, figure.name, value)
            return score_leaf(leaf, changed, self.package_figures)
        if figure.pointer.startswith("/figures/"):
            replaced = dict(self.package_figures)
            replaced[figure.name] = dataclasses.replace(replaced[figure.name], value=value)
            return score_leaf(leaf, self.overall, replaced)
        # A target's entered 实际完成值.
        rule = leaf.rule
        assert isinstance(rule, TargetRule)
        return self.score(dataclasses.replace(leaf, rule=dataclasses.replace(rule, actual=x)))
