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
        """How the refusal and the 基础数据 tab name it: ``表3：name`` or ``项目“…”：name`` (the
        name unquoted: names such as “三公经费”变动率 bring their own quotes)."""
        leaf = self.name or "（未命名指标）"
        if self.project is None:
            return f"表3：{leaf}"
        return f"项目“{self.project or '（未命名）'}”：{leaf}"


def names_read(leaf: Leaf) -> tuple[str, ...]:
    """The names (表1 fields, figure keys, unknown names) the leaf's formula names."""
    if leaf.metric is None or syntax_problem(leaf.metric.formula):
        return ()
    return parse_formula(leaf.metric.formula).names


def readers(package: Package, key: str) -> list[Reader]:
    """Every leaf of 表3, then of each project, whose formula names ``key``, in document order."""
    return readers_by_name(package).get(key, [])


def readers_by_name(package: Package) -> dict[str, list[Reader]]:
    """Every name any formula reads → the leaves that read it (one pass over all trees)."""
    found: dict[str, list[Reader]] = {}
    leaves: list[tuple[str, Leaf, str | None]] = [(pointer, leaf, None) for pointer, leaf in iter_leaves(package)]
    for i, project in enumerate(package.projects):
        for pointer, node in iter_nodes(project.tree, f"/projects/{i}/tree"):
            if isinstance(node, Leaf):
                leaves.append((pointer, node, project.name))
    for pointer, leaf, owner in leaves:
        for name in dict.fromkeys(names_read(leaf)):
            found.setdefault(name, []).append(Reader(pointer, leaf.name, owner))
    return found


def in_use_message(label: str, found: list[Reader]) -> str:
    """The refusal to remove a figure that ``found`` still read (one line of Chinese)."""
    named = "；".join(reader.text for reader in found[:MAX_NAMED])
    more = f"，共 {len(found)} 个指标" if len(found) > MAX_NAMED else ""
    return f"基础数据“{label}”仍被以下指标的计算公式使用，不能删除：{named}{more}。请先修改这些公式"
