"""The indicator tree scored: finals, subtotals, total and grade, recomputed one change at a time.

``Scorer`` keeps the results of a package and an index of which leaves read which 表1
field, so that one edit recomputes only the leaves that depend on it and their ancestors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from perfcore.model import Group, Leaf, Node, Package, iter_nodes
from perfcore.rules import LeafResult, dependencies, score_leaf

GRADES: tuple[tuple[Decimal, str], ...] = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))


def grade_of(total: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below."""
    for floor, grade in GRADES:
        if total >= floor:
            return grade
    return "差"


@dataclass(frozen=True)
class GroupResult:
    subtotal: Decimal
    """Sum of the children's final scores (unscored leaves count 0)."""
    complete: bool
    """Every leaf below has a final score."""


@dataclass
class Scores:
    """The whole package scored, keyed by node ``uid``."""

    leaves: dict[int, LeafResult] = field(default_factory=dict)
    groups: dict[int, GroupResult] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    grade: str = "差"
    complete: bool = True

    def of(self, leaf: Leaf) -> LeafResult:
        return self.leaves[leaf.uid]


@dataclass(frozen=True)
class ScoreDelta:
    """What one change altered: only the results that differ from before."""

    leaves: dict[int, LeafResult]
    groups: dict[int, GroupResult]
    total: Decimal
    grade: str
    complete: bool
    total_changed: bool


def assign_uids(package: Package, start: int = 1) -> int:
    """Give every node without one a fresh uid; returns the next free uid."""
    used = {n.uid for _, n in iter_nodes(package.indicators.tree) if n.uid}
    next_uid = max(used | {start - 1}) + 1
    seen: set[int] = set()
    for _, node in iter_nodes(package.indicators.tree):
        if not node.uid or node.uid in seen:
            node.uid = next_uid
            next_uid += 1
        seen.add(node.uid)
    return next_uid


class Scorer:
    """Scores of one package, kept current by ``recompute``.

    The package is shared with its owner (the store's session); after changing it, the
    owner calls ``recompute`` with what changed, or ``rebuild`` after a structural edit.
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self.scores = Scores()
        self._parents: dict[int, Group | None] = {}
        self._leaves: dict[int, Leaf] = {}
        self._readers: dict[str, list[int]] = {}
        self.rebuild()

    def rebuild(self) -> Scores:
        """Score everything from scratch (after a structural change)."""
        assign_uids(self.package)
        self._parents.clear()
        self._leaves.clear()
        self._readers = {}
        self._index(self.package.indicators.tree, None)
        overall = self.package.overall
        scores = Scores(leaves={uid: score_leaf(leaf, overall) for uid, leaf in self._leaves.items()})
        for node in self.package.indicators.tree:
            self._score_group_tree(node, scores)
        self.scores = scores
        self._total(scores)
        return scores

    def _index(self, nodes: list[Node], parent: Group | None) -> None:
        for node in nodes:
            self._parents[node.uid] = parent
            if isinstance(node, Group):
                self._index(node.children, node)
            else:
                self._leaves[node.uid] = node
                for name in dependencies(node):
                    self._readers.setdefault(name, []).append(node.uid)

    def _score_group_tree(self, node: Node, scores: Scores) -> None:
        if isinstance(node, Group):
            for child in node.children:
                self._score_group_tree(child, scores)
            scores.groups[node.uid] = self._group_result(node, scores)

    def _group_result(self, group: Group, scores: Scores) -> GroupResult:
        subtotal = Decimal("0.00")
        complete = True
        for child in group.children:
            if isinstance(child, Group):
                result = scores.groups[child.uid]
                subtotal += result.subtotal
                complete = complete and result.complete
            else:
                final = scores.leaves[child.uid].final
                complete = complete and final is not None
                subtotal += final if final is not None else 0
        return GroupResult(subtotal, complete)

    def _total(self, scores: Scores) -> None:
        total = Decimal("0.00")
        complete = True
        for node in self.package.indicators.tree:
            if isinstance(node, Group):
                result = scores.groups[node.uid]
                total += result.subtotal
                complete = complete and result.complete
            else:
                final = scores.leaves[node.uid].final
                complete = complete and final is not None
                total += final if final is not None else 0
        scores.total = total
        scores.grade = grade_of(total)
        scores.complete = complete

    def readers_of(self, overall_field: str) -> tuple[int, ...]:
        """The leaves whose formula reads a 表1 field."""
        return tuple(self._readers.get(overall_field, ()))

    def recompute(self, overall_fields: Iterable[str] = (), leaf_uids: Iterable[int] = ()) -> ScoreDelta:
        """Recompute after 表1 fields or leaves changed; return only what differs.

        A leaf whose formula changed may read other 表1 fields than before, so its entry
        in the dependency index is refreshed too.
        """
        scores = self.scores
        todo = dict.fromkeys(leaf_uids)
        for name in overall_fields:
            todo.update(dict.fromkeys(self._readers.get(name, ())))
        for uid in leaf_uids:
            self._reindex_leaf(uid)
        overall = self.package.overall
        changed_leaves: dict[int, LeafResult] = {}
        for uid in todo:
            result = score_leaf(self._leaves[uid], overall)
            if result != scores.leaves.get(uid):
                scores.leaves[uid] = result
                changed_leaves[uid] = result
        changed_groups: dict[int, GroupResult] = {}
        # Walk up from each changed leaf; a group is recomputed once even if many leaves moved.
        pending: dict[int, Group] = {}
        for uid in changed_leaves:
            parent = self._parents.get(uid)
            while parent is not None:
                pending[parent.uid] = parent
                parent = self._parents.get(parent.uid)
        for group in sorted(pending.values(), key=self._depth, reverse=True):
            subtotal = self._group_result(group, scores)
            if subtotal != scores.groups.get(group.uid):
                scores.groups[group.uid] = subtotal
                changed_groups[group.uid] = subtotal
        before = (scores.total, scores.complete)
        if changed_leaves:
            self._total(scores)
        return ScoreDelta(
            changed_leaves,
            changed_groups,
            scores.total,
            scores.grade,
            scores.complete,
            (scores.total, scores.complete) != before,
        )

    def _reindex_leaf(self, uid: int) -> None:
        for readers in self._readers.values():
            if uid in readers:
                readers.remove(uid)
        for name in dependencies(self._leaves[uid]):
            self._readers.setdefault(name, []).append(uid)

    def _depth(self, group: Group) -> int:
        depth = 0
        parent = self._parents.get(group.uid)
        while parent is not None:
            depth += 1
            parent = self._parents.get(parent.uid)
        return depth


def score_package(package: Package) -> Scores:
    """Score a whole package once."""
    return Scorer(package).scores
