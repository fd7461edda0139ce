"""One row per unit package: what the summary shows of it, computed from the package alone.

Rows cross process boundaries (the readers run in worker processes), so they are plain
frozen dataclasses of strings, ints and Decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from perfcore.checks import unsorted_findings
from perfcore.model import Grade, Group, Node, Package, default_grades
from perfcore.money import round_half_up
from perfcore.rules import LeafResult
from perfcore.scoring import Scores


@dataclass(frozen=True)
class GroupScore:
    """A 一级指标: its subtotal and its weight."""

    name: str
    score: Decimal
    weight: Decimal


class LostPoints(NamedTuple):
    """A 三级指标's lost points: weight − final score; an unscored leaf loses its whole weight,
    as it counts 0 in the total.

    A named tuple, not a frozen dataclass: every leaf of every unit has one, and a frozen
    dataclass's ``__init__`` (``object.__setattr__`` per field) was most of making them."""

    path: str
    name: str
    group: str
    """The 一级指标 it belongs to (the same leaf name can sit under two of them)."""
    weight: Decimal
    final: Decimal | None
    lost: Decimal

    def __reduce__(self) -> tuple[Any, tuple[str | None, ...]]:
        # Rows come back from the worker processes pickled, dozens of these per unit: a
        # Decimal pickles through Python-level code, its text through none (the same value
        # comes back, exponent and all), which made pickling and unpickling rows a quarter
        # of what it costs to carry them between processes.
        final = None if self.final is None else str(self.final)
        return _rebuilt_lost_points, (self.path, self.name, self.group, str(self.weight), final, str(self.lost))


def _rebuilt_lost_points(path: str, name: str, group: str, weight: str, final: str | None, lost: str) -> LostPoints:
    return LostPoints(path, name, group, Decimal(weight), None if final is None else Decimal(final), Decimal(lost))


@dataclass(frozen=True)
class ProjectSummary:
    """A 项目支出绩效自评表 (format ``perf-filing/2``): 执行率 in per cent, total and grade."""

    path: str
    name: str
    rate: Decimal | None
    total: Decimal
    grade: str


@dataclass(frozen=True)
class UnitRow:
    """One package as read: everything the summary needs, nothing of the package itself."""

    path: str
    fingerprint: str
    unit: str
    year: int
    template: str | None
    total: Decimal
    grade: str
    complete: bool
    errors: int
    warnings: int
    rate: Decimal | None
    """执行率 in per cent over the 表2 special funds (Σ实际支出 / Σ下达金额); None when unknown."""
    groups: tuple[GroupScore, ...] = ()
    lost: tuple[LostPoints, ...] = ()
    projects: tuple[ProjectSummary, ...] = ()
    bands: tuple[Grade, ...] = ()
    """The package's own grade bands (highest first) when not the default 优/良/中/差 at
    90/80/60: a reviewed total is graded by them, as the package's own total is."""


@dataclass(frozen=True)
class Refusal:
    """A file that could not be read, with the one-line reason."""

    path: str
    reason: str


@dataclass
class Collected:
    """What a run produced, in the order of the sources."""

    units: list[UnitRow] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def unit_row(path: str, fingerprint: str, package: Package, scores: Scores) -> UnitRow:
    findings = unsorted_findings(package, scores)
    return UnitRow(
        path=path,
        fingerprint=fingerprint,
        unit=package.unit_name,
        year=package.year,
        template=template_id(package),
        total=scores.total,
        grade=scores.grade,
        complete=scores.complete,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        rate=funds_rate(package),
        groups=tuple(_groups(package, scores)),
        lost=tuple(_lost(package, scores)),
        projects=tuple(project_summaries(package, scores)),
        bands=() if package.grades == default_grades() else tuple(package.grades),
    )


def template_id(package: Package) -> str | None:
    """The template the framework came from (``template.id``, format /2); None when not recorded."""
    if package.template is None or not package.template.id:
        return None
    return package.template.id


def project_summaries(package: Package, scores: Scores) -> list[ProjectSummary]:
    """The package's 项目支出绩效自评表 (format /2 ``projects``), scored as ``score --json``
    scores them: 执行率 in per cent rounded half up to two decimals, total, grade from the
    package's own bands; none in a /1 package."""
    out = []
    for i, project in enumerate(package.projects):
        result = scores.of_project(project)
        rate = result.budget.rate
        out.append(
            ProjectSummary(
                path=f"/projects/{i}",
                name=project.name,
                rate=None if rate is None else round_half_up(rate * 100),
                total=result.total,
                grade=result.grade,
            )
        )
    return out


def funds_rate(package: Package) -> Decimal | None:
    funds = package.special_funds
    if not funds or any(f.allocated is None or f.spent is None for f in funds):
        return None
    allocated = sum((f.allocated for f in funds if f.allocated is not None), Decimal(0))
    spent = sum((f.spent for f in funds if f.spent is not None), Decimal(0))
    if allocated == 0:
        return None
    return round_half_up(spent / allocated * 100)


def _groups(package: Package, scores: Scores) -> list[GroupScore]:
    out = []
    for node in package.indicators.tree:
        if isinstance(node, Group):
            out.append(GroupScore(node.name, scores.groups[node.uid].subtotal, node.weight))
        else:
            final = scores.of(node).final
            out.append(GroupScore(node.name, final if final is not None else Decimal("0.00"), node.weight))
    return out


def _lost(package: Package, scores: Scores) -> list[LostPoints]:
    """Every 表3 leaf's lost points, in document order (the pointers ``iter_leaves`` gives)."""
    out: list[LostPoints] = []
    for i, node in enumerate(package.indicators.tree):
        _lost_under(node, f"/indicators/tree/{i}", node.name, scores.leaves, out)
    return out


_NO_POINTS = Decimal(0)


def _lost_under(node: Node, path: str, group: str, results: dict[int, LeafResult], out: list[LostPoints]) -> None:
    if isinstance(node, Group):
        for j, child in enumerate(node.children):
            _lost_under(child, f"{path}/children/{j}", group, results, out)
        return
    final = results[node.uid].final
    weight = node.weight
    out.append(LostPoints(path, node.name, group, weight, final, weight - (final if final is not None else _NO_POINTS)))
