"""Which indicators read a figure (基础数据): the 基础数据 tab lists them, and a figure still
named by a formula cannot be removed (the refusal names them).

A leaf reads a name when its metric's formula names it, whatever its rule: removing the figure
would leave that formula naming nothing, even if the rule does not use the formula today.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfcore.model import Leaf, Package, iter_leaves, iter_nodes
from perfcore.rules import parse_formula, syntax_problem

MAX_NAMED = 5
"""How many readers a refusal names before it counts the rest."""


@dataclass(frozen=True)
class Reader:
    """One indicator whose formula names a figure."""

    pointer: str
    """The leaf's JSON Pointer (/indicators/tree/… or /projects/N/tree/…)."""
    name: str
    """The leaf's name (三级指标)."""
    project: str | None
    """The project's name when the leaf is in a 项目支出绩效自评表, None in 表3."""

    @property
    def text(self) -> str:
        """How the refusal and the 基础数据 tab name it: 表3“…” or 项目“…”的“…”."""
        leaf = self.name or "（未命名指标）"
        if self.project is None:
            return f"表3“{leaf}”"
        return f"项目“{self.project or '（未命名）'}”的“{leaf}”"


def names_read(leaf: Leaf) -> tuple[str, ...]:
    """The names (表1 fields, figure keys, unknown names) the leaf's formula names."""
    if leaf.metric is None or syntax_problem(leaf.metric.formula):
        return ()
    return parse_formula(leaf.metric.formula).names


def readers(package: Package, key: str) -> list[Reader]:
    """Every leaf of 表3, then of each project, whose formula names ``key``, in document order."""
    found = [Reader(pointer, leaf.name, None) for pointer, leaf in iter_leaves(package) if key in names_read(leaf)]
    for i, project in enumerate(package.projects):
        for pointer, node in iter_nodes(project.tree, f"/projects/{i}/tree"):
            if isinstance(node, Leaf) and key in names_read(node):
                found.append(Reader(pointer, node.name, project.name))
    return found


def in_use_message(label: str, found: list[Reader]) -> str:
    """The refusal to remove a figure that ``found`` still read (one line of Chinese)."""
    named = "、".join(reader.text for reader in found[:MAX_NAMED])
    more = f"等 {len(found)} 个指标" if len(found) > MAX_NAMED else ""
    return f"基础数据“{label}”仍被{named}{more}的计算公式使用，不能删除；请先修改这些公式"
