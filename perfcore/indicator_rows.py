"""An indicator tree as the rows of its printed table: one row per leaf, with its groups.

The tree's depth is free; the forms print three levels: the first two group levels in their own
columns, deeper group names before the indicator's own name (``组名／指标名``). A group's cells are
merged over its consecutive rows (:func:`group_runs`). The PDF, Word and Excel tables all lay
their rows out from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perfcore.model import Group, Leaf, Node

NAME_JOINER = "／"


@dataclass(frozen=True)
class IndicatorRow:
    leaf: Leaf
    level1: Group | None
    """The 一级指标 above the leaf; None for a leaf at the top of the tree."""
    level2: Group | None
    """The 二级指标 above the leaf; None when the leaf hangs directly under its 一级指标 (or the top)."""
    name: str
    """The 三级指标 as printed: deeper group names, then the leaf's own name."""


def indicator_rows(tree: list[Node]) -> list[IndicatorRow]:
    """Every leaf of ``tree`` in document order, with the groups printed beside it."""
    return list(_walk(tree, []))


def _walk(nodes: list[Node], path: list[Group]) -> Iterator[IndicatorRow]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _walk(node.children, [*path, node])
        else:
            yield IndicatorRow(
                leaf=node,
                level1=path[0] if path else None,
                level2=path[1] if len(path) > 1 else None,
                name=NAME_JOINER.join([g.name for g in path[2:]] + [node.name]),
            )


@dataclass(frozen=True)
class GroupRun:
    group: Group
    first: int
    """Index of the group's first row in the rows given."""
    last: int
    """Index of its last row (inclusive)."""


def group_runs(rows: list[IndicatorRow], level: int) -> list[GroupRun]:
    """The runs of consecutive rows under the same group at ``level`` (1 or 2), in order.

    Rows without a group at that level belong to no run: their cells stay blank and unmerged.
    A group with no leaf below it has no row and no run.
    """
    runs: list[GroupRun] = []
    for i, row in enumerate(rows):
        group = row.level1 if level == 1 else row.level2
        if group is None:
            continue
        if runs and runs[-1].group is group and runs[-1].last == i - 1:
            runs[-1] = GroupRun(group, runs[-1].first, i)
        else:
            runs.append(GroupRun(group, i, i))
    return runs
