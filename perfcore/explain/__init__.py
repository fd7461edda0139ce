"""失分分析: where every lost point went, and what figure would have kept it.

``explain(package)`` lists each scored leaf whose final is below its weight with a Chinese
sentence built from the rule and the figures and the values that would give the full weight
(found by inverting the rule and confirmed by re-scoring), and the leaves at full weight
whose metric is within 5 % of the rule's limit. ``trial(package, pointer, value)`` scores a
copy of the package with one value replaced — the desktop's 试算 — leaving the package alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcore import exchange
from perfcore import pointer as ptr
from perfcore.explain.budget import budget_loss
from perfcore.explain.figures import Sources
from perfcore.explain.leaves import explain_leaf, risk_of
from perfcore.explain.model import Explanation, Hint, Loss, Risk
from perfcore.model import Leaf, Package, figure_index, iter_leaves, iter_nodes, iter_project_nodes
from perfcore.money import plain
from perfcore.scoring import Scores, score_package

__all__ = ["Explanation", "Hint", "Loss", "Risk", "Trial", "explain", "trial"]


def explain(package: Package, scores: Scores | None = None) -> Explanation:
    """Every lost point of ``package`` (scored now unless ``scores`` are given), in document order."""
    if scores is None:
        scores = score_package(package)
    sources = Sources(
        package.overall, figure_index(package), {figure.key: i for i, figure in enumerate(package.figures)}
    )
    lost: list[Loss] = []
    at_risk: list[Risk] = []
    weights = Decimal(0)
    for path, leaf in iter_leaves(package):
        result = scores.of(leaf)
        weights += leaf.weight
        loss = explain_leaf(path, leaf, result, sources)
        if loss is not None:
            lost.append(loss)
            continue
        risk = risk_of(path, leaf, result, sources)
        if risk is not None:
            at_risk.append(risk)
    # Σ lost is 表3's: its weights less its total. Projects follow, each with its own total.
    total_lost = sum((loss.lost for loss in lost), Decimal(0))
    for i, project in enumerate(package.projects):
        form = f"项目：{project.name or f'第{i + 1}个项目'}"
        loss = budget_loss(i, project, scores.of_project(project).budget, form)
        if loss is not None:
            lost.append(loss)
        for path, node in iter_nodes(project.tree, f"/projects/{i}/tree"):
            if not isinstance(node, Leaf):
                continue
            result = scores.of(node)
            loss = explain_leaf(path, node, result, sources, form)
            if loss is not None:
                lost.append(loss)
                continue
            risk = risk_of(path, node, result, sources, form)
            if risk is not None:
                at_risk.append(risk)
    order = {loss.path: i for i, loss in enumerate(lost)}
    by_size = tuple(sorted(lost, key=lambda loss: (-loss.lost, order[loss.path])))
    return Explanation(
        tuple(lost), tuple(at_risk), total_lost, weights, scores.total, scores.grade, scores.complete, by_size
    )


@dataclass(frozen=True)
class Trial:
    """A package scored with one value replaced; the package itself is untouched."""

    pointer: str
    value: Any
    package: Package
    scores: Scores

    @property
    def total(self) -> Decimal:
        return self.scores.total

    @property
    def grade(self) -> str:
        return self.scores.grade

    def final_at(self, path: str) -> Decimal | None:
        """The final score of the leaf (表3 or a project's) or project budget at ``path``."""
        for i, project in enumerate(self.package.projects):
            if path == f"/projects/{i}/budget":
                return self.scores.of_project(project).budget.final
        for where, node in iter_leaves(self.package) + iter_project_nodes(self.package):
            if where == path and isinstance(node, Leaf):
                return self.scores.of(node).final
        raise ptr.PointerError(f"地址“{path}”不是指标")


def trial(package: Package, pointer: str, value: Any, also: Sequence[tuple[str, Any]] = ()) -> Trial:
    """Score a copy of ``package`` with the value at ``pointer`` replaced by ``value``.

    ``value`` is in exchange-document form (money in 元, as Decimal or decimal text; counts
    as int; unknown as None); ``also`` replaces more values the same way (a figure and the
    entered score it should no longer override). The copy is read back through the exchange
    reader, so a value the file would refuse raises ``ExchangeError`` (or ``PointerError``
    for a bad address) exactly as a real edit would.
    """
    doc = exchange.package_to_doc(package)
    for where, what in ((pointer, value), *also):
        _set(doc, where, plain(what) if isinstance(what, Decimal) else what)
    copy = exchange.package_from_doc(doc)
    return Trial(pointer, value, copy, score_package(copy))


def _set(doc: Any, pointer: str, value: Any) -> None:
    tokens = ptr.split(pointer)
    if not tokens:
        raise ptr.PointerError("地址为空")
    target = doc
    for token in tokens[:-1]:
        if isinstance(target, list):
            target = target[ptr.index(token, len(target), pointer)]
        elif isinstance(target, dict) and isinstance(target.get(token), (dict, list)):
            target = target[token]
        else:
            raise ptr.PointerError(f"地址“{pointer}”不存在")
    last = tokens[-1]
    if not isinstance(target, dict) or not (last in target or _optional_key(pointer, last)):
        raise ptr.PointerError(f"地址“{pointer}”不存在")
    if isinstance(target.get(last), (dict, list)):
        raise ptr.PointerError(f"地址“{pointer}”指向整个条目，不能试算")
    target[last] = value


def _optional_key(pointer: str, last: str) -> bool:
    # A leaf's score may be absent from the document and still be set.
    return last == "score"
