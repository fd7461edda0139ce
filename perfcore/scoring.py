"""The package scored: 表3 and every project's tree, finals, subtotals, totals and grades,
recomputed one change at a time.

``Scorer`` keeps the results of a package and an index of which leaves read which name
(a 表1 field or a figure key, in 表3 or in any project), so that one edit recomputes only
the leaves that depend on it, their ancestors and the one total they belong to.

A project's total is its budget's final score (执行率 points, or the entered score) plus
its tree's finals; its grade comes from the package's ``grades``, as 表3's does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from perfcore.lazy_text import LazyText
from perfcore.model import Budget, Grade, Group, Leaf, Node, Package, Project, default_grades, figure_index
from perfcore.money import format_number, format_points, format_wan, round_half_up
from perfcore.rules import Figures, LeafResult, dependencies, score_leaf

GRADES: tuple[tuple[Decimal, str], ...] = tuple((g.min, g.label) for g in default_grades()[:-1])
"""The default bands above the lowest (优 ≥ 90, 良 ≥ 80, 中 ≥ 60); a package may have its own."""

TABLE3 = 0
"""The owner id of 表3's nodes; a project's nodes are owned by the project's uid."""


def grade_of(total: Decimal, grades: Sequence[Grade] | None = None) -> str:
    """The first band (highest first) whose ``min`` the total reaches; default 优 ≥ 90,
    良 ≥ 80, 中 ≥ 60, 差 below."""
    bands = grades if grades else default_grades()
    for grade in bands:
        if total >= grade.min:
            return grade.label
    return bands[-1].label


class _Renumber(Exception):
    """A node without a uid of its own: give every node one (``assign_uids``) and start again."""


class GroupResult(NamedTuple):
    """A group's subtotal (a named tuple: a full score builds one per group)."""

    subtotal: Decimal
    """Sum of the children's final scores (unscored leaves count 0)."""
    complete: bool
    """Every leaf below has a final score."""


class BudgetResult(NamedTuple):
    """A project's 预算执行率 block scored."""

    full: Decimal | None
    """Σ 全年预算数, or None when a line lacks it."""
    executed: Decimal | None
    """Σ 全年执行数, or None when a line lacks it."""
    rate: Decimal | None
    """执行率 Σexecuted / Σfull (a fraction, unrounded), or None when undefined."""
    computed: Decimal | None
    final: Decimal | None
    sentence: LazyText
    """计算过程 as its parts, formatted when ``process`` is first read."""

    @property
    def process(self) -> str:
        """计算过程 in Chinese, from the actual figures."""
        return str(self.sentence)


@dataclass(frozen=True)
class ProjectResult:
    budget: BudgetResult
    total: Decimal
    """Budget final + the tree's finals (unscored count 0)."""
    grade: str
    complete: bool


@dataclass
class Scores:
    """The whole package scored, keyed by node and project ``uid``."""

    leaves: dict[int, LeafResult] = field(default_factory=dict)
    groups: dict[int, GroupResult] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    grade: str = "差"
    complete: bool = True
    projects: dict[int, ProjectResult] = field(default_factory=dict)

    def of(self, leaf: Leaf) -> LeafResult:
        return self.leaves[leaf.uid]

    def of_project(self, project: Project) -> ProjectResult:
        return self.projects[project.uid]


@dataclass(frozen=True)
class ScoreDelta:
    """What one change altered: only the results that differ from before."""

    leaves: dict[int, LeafResult]
    groups: dict[int, GroupResult]
    total: Decimal
    grade: str
    complete: bool
    total_changed: bool
    projects: dict[int, ProjectResult] = field(default_factory=dict)
    """Projects whose budget result, total, grade or completeness changed."""


def assign_uids(package: Package, start: int = 1) -> int:
    """Give every node (表3 and projects) and project without one a fresh uid; returns the next
    free node uid. Nodes of all trees share one uid space, projects have their own."""
    nodes = _all_nodes(package)
    used = {n.uid for n in nodes if n.uid}
    next_uid = max(used | {start - 1}) + 1
    seen: set[int] = set()
    for node in nodes:
        if not node.uid or node.uid in seen:
            node.uid = next_uid
            next_uid += 1
        seen.add(node.uid)
    project_uids = {p.uid for p in package.projects if p.uid}
    next_project = max(project_uids | {0}) + 1
    seen = set()
    for project in package.projects:
        if not project.uid or project.uid in seen:
            project.uid = next_project
            next_project += 1
        seen.add(project.uid)
    return next_uid


def _all_nodes(package: Package) -> list[Node]:
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for node in nodes:
            out.append(node)
            if isinstance(node, Group):
                walk(node.children)

    walk(package.indicators.tree)
    for project in package.projects:
        walk(project.tree)
    return out


_ZERO = Decimal(0)


def score_budget(budget: Budget) -> BudgetResult:
    """执行率 = Σexecuted / Σfull; points = weight × min(执行率, 1), half-up 2 decimals;
    undefined when Σfull is 0 or any line lacks ``full`` or ``executed``."""
    lines = budget.lines
    # Each sum starts at 0 and adds a line's 0.00 as 0 (the digits of a sum of zeros are kept).
    full: Decimal | None = _ZERO
    executed: Decimal | None = _ZERO
    for line in lines:
        if full is not None:
            full = None if line.full is None else full + (line.full or _ZERO)
        if executed is not None:
            executed = None if line.executed is None else executed + (line.executed or _ZERO)
    entered = budget.score
    weight = budget.weight
    rate: Decimal | None = None
    computed: Decimal | None = None
    if lines and full is not None and executed is not None and full != 0:
        rate = executed / full
        capped = min(rate, Decimal(1))
        computed = round_half_up(min(max(weight * capped, _ZERO), max(weight, _ZERO)))
    final = entered if entered is not None else computed
    sentence = LazyText((_budget_sentence, bool(lines), full, executed, rate, weight, computed, entered))
    return BudgetResult(full, executed, rate, computed, final, sentence)



def _budget_sentence(
    has_lines: bool,
    full: Decimal | None,
    executed: Decimal | None,
    rate: Decimal | None,
    weight: Decimal,
    computed: Decimal | None,
    entered: Decimal | None,
) -> str:
    """The 计算过程 of a budget block, written when it is read (see ``score_budget``)."""
    if not has_lines:
        process = "尚无资金来源，无法计算执行率"
    elif full is None or executed is None:
        process = "全年预算数或全年执行数未填，无法计算执行率"
    elif rate is None or computed is None:
        process = "全年预算数合计为0，无法计算执行率"
    else:
        percent = f"{round_half_up(rate * 100):.2f}%"
        over = "（超过100%按100%计）" if rate > 1 else ""
        process = (
            f"执行率=全年执行数{format_wan(executed)}万元/全年预算数{format_wan(full)}万元={percent}{over}，"
            f"{format_number(weight)}×{percent if rate <= 1 else '100%'}，计{format_points(computed)}分"
        )
    if computed is None:
        process += f"，采用填报得分{format_points(entered)}分" if entered is not None else "，请填写得分"
    elif entered is not None and entered != computed:
        process += f"；填报得分{format_points(entered)}分"
    return process


class Scorer:
    """Scores of one package, kept current by ``recompute``.

    The package is shared with its owner (the store's session); after changing it, the
    owner calls ``recompute`` with what changed, or ``rebuild`` after a structural edit
    (and after changing ``grades`` or a figure's key).
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self.scores = Scores()
        self._parents: dict[int, Group | None] = {}
        self._owners: dict[int, int] = {}
        """Node uid → TABLE3 or the uid of the project whose tree holds it."""
        self._leaves: dict[int, Leaf] = {}
        self._readers: dict[str, list[int]] = {}
        self._projects: dict[int, Project] = {}
        self._figures: Figures = {}
        self._indexed = False
        self.rebuild()

    # -- building

    def rebuild(self) -> Scores:
        """Score everything from scratch (after a structural change)."""
        package = self.package
        projects = package.projects
        if len({p.uid for p in projects} - {0}) != len(projects):
            assign_uids(package)
        try:
            scores = self._build()
        except _Renumber:
            assign_uids(package)
            scores = self._build()
        self.scores = scores
        return scores

    def _build(self) -> Scores:
        """Score every tree; raises _Renumber at a node without a uid of its own (a full score
        of an open package finds them all set)."""
        package = self.package
        self._indexed = False
        self._projects = {p.uid: p for p in package.projects}
        # The Figure objects themselves: a changed value is seen without re-indexing.
        self._figures = figure_index(package)
        scores = Scores()
        seen: set[int] = set()
        table3 = self._walk(package.indicators.tree, scores, seen)
        scores.total = table3.subtotal
        scores.grade = grade_of(table3.subtotal, package.grades)
        scores.complete = table3.complete
        for project in package.projects:
            tree = self._walk(project.tree, scores, seen)
            scores.projects[project.uid] = self._project_total(tree, score_budget(project.budget))
        return scores

    def _walk(self, nodes: list[Node], scores: Scores, seen: set[int]) -> GroupResult:
        """Score ``nodes`` and everything below them; their subtotal."""
        # A method, not a closure over the build's dicts: a recursive closure is a reference
        # cycle, which kept every result of a full score alive until a full garbage collection.
        results = scores.leaves
        overall = self.package.overall
        figures = self._figures
        # As _group_result adds them: the same sums in the same order.
        subtotal = Decimal("0.00")
        complete = True
        for node in nodes:
            uid = node.uid
            if not uid or uid in seen:
                raise _Renumber
            seen.add(uid)
            if isinstance(node, Group):
                group = self._walk(node.children, scores, seen)
                scores.groups[uid] = group
                subtotal += group.subtotal
                complete = complete and group.complete
            else:
                result = score_leaf(node, overall, figures)
                results[uid] = result
                final = result.final
                complete = complete and final is not None
                subtotal += final if final is not None else 0
        return GroupResult(subtotal, complete)

    def _index_once(self) -> None:
        """Which leaves read which name, and each node's parent and owner: what a recompute
        needs and a full score does not (a package scored once, as 汇总 scores each file,
        never builds it)."""
        if self._indexed:
            return
        self._parents.clear()
        self._owners.clear()
        self._leaves.clear()
        self._readers.clear()
        package = self.package
        self._index(package.indicators.tree, None, TABLE3)
        for project in package.projects:
            self._index(project.tree, None, project.uid)
        self._indexed = True

    def _index(self, nodes: list[Node], parent: Group | None, owner: int) -> None:
        for node in nodes:
            self._parents[node.uid] = parent
            self._owners[node.uid] = owner
            if isinstance(node, Group):
                self._index(node.children, node, owner)
            else:
                self._leaves[node.uid] = node
                for name in dependencies(node):
                    self._readers.setdefault(name, []).append(node.uid)

    @staticmethod
    def _group_result(children: list[Node], scores: Scores) -> GroupResult:
        subtotal = Decimal("0.00")
        complete = True
        for child in children:
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
        result = self._group_result(self.package.indicators.tree, scores)
        scores.total = result.subtotal
        scores.grade = grade_of(result.subtotal, self.package.grades)
        scores.complete = result.complete

    def _project_result(self, project: Project, scores: Scores, budget: BudgetResult) -> ProjectResult:
        return self._project_total(self._group_result(project.tree, scores), budget)

    def _project_total(self, tree: GroupResult, budget: BudgetResult) -> ProjectResult:
        total = tree.subtotal + (budget.final if budget.final is not None else 0)
        complete = tree.complete and budget.final is not None
        return ProjectResult(budget, total, grade_of(total, self.package.grades), complete)

    # -- queries

    def readers_of(self, name: str) -> tuple[int, ...]:
        """The leaves (表3 and projects) whose formula reads a 表1 field or figure key."""
        self._index_once()
        return tuple(self._readers.get(name, ()))

    def owner_of(self, node: Node) -> int:
        """TABLE3, or the uid of the project whose tree holds ``node``."""
        self._index_once()
        return self._owners[node.uid]

    # -- one change

    def recompute(
        self,
        overall_fields: Iterable[str] = (),
        leaf_uids: Iterable[int] = (),
        figure_keys: Iterable[str] = (),
        project_uids: Iterable[int] = (),
    ) -> ScoreDelta:
        """Recompute after 表1 fields, figures (by key), leaves or projects' budgets changed;
        return only what differs.

        A leaf whose formula changed may read other names than before, so its entry in the
        dependency index is refreshed too.
        """
        self._index_once()
        scores = self.scores
        leaf_uids = list(leaf_uids)
        todo = dict.fromkeys(leaf_uids)
        for name in (*overall_fields, *figure_keys):
            todo.update(dict.fromkeys(self._readers.get(name, ())))
        for uid in leaf_uids:
            self._reindex_leaf(uid)
        overall = self.package.overall
        figures = self._figures
        changed_leaves: dict[int, LeafResult] = {}
        for uid in todo:
            result = score_leaf(self._leaves[uid], overall, figures)
            if result != scores.leaves.get(uid):
                scores.leaves[uid] = result
                changed_leaves[uid] = result
        changed_groups: dict[int, GroupResult] = {}
        # Walk up from each changed leaf; a group is recomputed once even if many leaves moved.
        pending: dict[int, Group] = {}
        owners: set[int] = set()
        for uid in changed_leaves:
            owners.add(self._owners[uid])
            parent = self._parents.get(uid)
            while parent is not None:
                pending[parent.uid] = parent
                parent = self._parents.get(parent.uid)
        for group in sorted(pending.values(), key=self._depth, reverse=True):
            subtotal = self._group_result(group.children, scores)
            if subtotal != scores.groups.get(group.uid):
                scores.groups[group.uid] = subtotal
                changed_groups[group.uid] = subtotal
        before = (scores.total, scores.complete)
        if TABLE3 in owners:
            self._total(scores)
        changed_projects: dict[int, ProjectResult] = {}
        budgets = set(project_uids)
        for uid in (owners | budgets) - {TABLE3}:
            project = self._projects[uid]
            old = scores.projects[uid]
            budget = score_budget(project.budget) if uid in budgets else old.budget
            outcome = self._project_result(project, scores, budget)
            if outcome != old:
                scores.projects[uid] = outcome
                changed_projects[uid] = outcome
        return ScoreDelta(
            changed_leaves,
            changed_groups,
            scores.total,
            scores.grade,
            scores.complete,
            (scores.total, scores.complete) != before,
            changed_projects,
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
