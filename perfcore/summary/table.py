"""The summary table: rows joined with the review file, duplicates flagged, statistics.

``assemble`` is pure: it takes what the readers returned and what the review file holds,
and gives what every output (JSON, Excel, PDF, the desktop's table) shows.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfcore.money import format_points, round_half_up
from perfcore.scoring import GRADES, grade_of
from perfcore.summary.review import UnitReview, path_key
from perfcore.summary.rows import Collected, Refusal, UnitRow

UNREVIEWED = "未复核"
REVIEWED = "已复核"
CHANGED = "已变更，需重新复核"
STATES = (UNREVIEWED, REVIEWED, CHANGED)
GRADE_LABELS = tuple(label for _, label in GRADES) + ("差",)
REFUSED_PREFIX = "无法读取："
MISSING_REVIEWED = "复核文件中列出的这个单位文件已不存在（被移走或删除），复核记录仍在复核文件中"


@dataclass(frozen=True)
class SummaryUnit:
    """A unit's row with its review state."""

    row: UnitRow
    review: UnitReview | None
    state: str
    duplicates: tuple[str, ...]
    """The other files holding the same unit and year."""
    reviewed_total: Decimal | None
    """The total with every 复核得分 in place of the self-evaluation's; None if not reviewed."""

    @property
    def reviewed_grade(self) -> str | None:
        return None if self.reviewed_total is None else grade_of(self.reviewed_total, self.row.bands or None)

    @property
    def grade_labels(self) -> tuple[str, ...]:
        """The labels of the unit's grade bands, highest first."""
        return tuple(band.label for band in self.row.bands) if self.row.bands else GRADE_LABELS


@dataclass(frozen=True)
class GroupAverage:
    name: str
    weight: Decimal
    average: Decimal
    units: int


@dataclass
class Summary:
    units: list[SummaryUnit] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.units) + len(self.refused)

    def grade_labels(self) -> list[str]:
        """优/良/中/差, then the labels of packages with their own grade bands (a template's
        优秀/良好/合格/不合格, …) in the order first met."""
        labels = dict.fromkeys(GRADE_LABELS)
        for unit in self.units:
            if unit.row.bands:
                labels.update(dict.fromkeys(unit.grade_labels))
        return list(labels)

    def grade_counts(self) -> dict[str, int]:
        """Units per grade, every unit counted under its own grade."""
        counts = Counter(u.row.grade for u in self.units)
        return {label: counts.get(label, 0) for label in self.grade_labels()}

    def group_averages(self) -> list[GroupAverage]:
        """Average score per 一级指标, by name and weight (in order of first appearance): units
        of different frameworks (投入 of 13 points in one, of 20 in another) are not averaged
        together against one weight."""
        scores: dict[tuple[str, Decimal], list[Decimal]] = {}
        for unit in self.units:
            for group in unit.row.groups:
                scores.setdefault((group.name, group.weight), []).append(group.score)
        return [
            GroupAverage(name, weight, round_half_up(sum(values, Decimal(0)) / len(values)), len(values))
            for (name, weight), values in scores.items()
        ]

    def average_total(self) -> Decimal | None:
        if not self.units:
            return None
        return round_half_up(sum((u.row.total for u in self.units), Decimal(0)) / len(self.units))

    def state_counts(self) -> dict[str, int]:
        counts = Counter(u.state for u in self.units)
        return {state: counts.get(state, 0) for state in STATES}


def assemble(collected: Collected, reviews: dict[str, UnitReview] | None = None) -> Summary:
    """Join the rows with their reviews (keyed by ``review.path_key``) and flag duplicates."""
    reviews = reviews or {}
    same: dict[tuple[str, int], list[str]] = {}
    for row in collected.units:
        name = row.unit.strip()
        if name:
            same.setdefault((name, row.year), []).append(row.path)
    units = []
    for row in collected.units:
        review = reviews.get(path_key(row.path))
        if review is not None and not review.entries:
            review = None
        others = tuple(p for p in same.get((row.unit.strip(), row.year), []) if p != row.path)
        units.append(SummaryUnit(row, review, _state(row, review), others, _reviewed_total(row, review)))
    return Summary(units, list(collected.refused))


def missing_reviewed(reviews: dict[str, UnitReview], arguments: Iterable[str | os.PathLike[str]]) -> list[Refusal]:
    """A refusal for each unit file the review file lists inside a folder being summarised
    that is no longer there: a reviewed unit never drops out of the table unsaid."""
    folders = [(os.fspath(a), path_key(a)) for a in arguments if os.path.isdir(a)]
    out = []
    for key, review in reviews.items():
        if os.path.lexists(review.path):
            continue
        for shown, folder in folders:
            if key.startswith(os.path.join(folder, "")):
                out.append(Refusal(os.path.join(shown, os.path.relpath(key, folder)), MISSING_REVIEWED))
                break
    return out


def _state(row: UnitRow, review: UnitReview | None) -> str:
    if review is None:
        return UNREVIEWED
    return REVIEWED if review.fingerprint == row.fingerprint else CHANGED


def _reviewed_total(row: UnitRow, review: UnitReview | None) -> Decimal | None:
    if review is None:
        return None
    whole = review.entry("")
    if whole is not None and whole.score is not None:
        return whole.score
    finals = {lost.path: lost.final if lost.final is not None else Decimal(0) for lost in row.lost}
    total = row.total
    for entry in review.entries:
        if entry.score is not None and entry.target in finals:
            total += entry.score - finals[entry.target]
    return total


# ---------------------------------------------------------------- the JSON document


def _points(value: Decimal | None) -> str | None:
    return None if value is None else format_points(value)


def unit_document(unit: SummaryUnit) -> dict[str, Any]:
    row = unit.row
    review: dict[str, Any] | None = None
    if unit.review is not None:
        review = {
            "fingerprint": unit.review.fingerprint,
            "total": _points(unit.reviewed_total),
            "grade": unit.reviewed_grade,
            "entries": [
                {
                    "target": e.target,
                    "name": e.name,
                    "score": _points(e.score),
                    "reason": e.reason,
                    "opinion": e.opinion,
                    "reviewer": e.reviewer,
                    "at": e.at,
                }
                for e in unit.review.entries
            ],
        }
    return {
        "path": row.path,
        "fingerprint": row.fingerprint,
        "unit": row.unit,
        "year": row.year,
        "template": row.template,
        "total": format_points(row.total),
        "grade": row.grade,
        "complete": row.complete,
        "errors": row.errors,
        "warnings": row.warnings,
        "rate": _points(row.rate),
        "groups": [{"name": g.name, "score": format_points(g.score), "weight": format_points(g.weight)} for g in row.groups],
        "lost": [{"path": lost.path, "name": lost.name, "lost": format_points(lost.lost)} for lost in row.lost],
        "projects": [
            {"name": p.name, "rate": _points(p.rate), "total": format_points(p.total), "grade": p.grade}
            for p in row.projects
        ],
        "review": review,
        "state": unit.state,
        "duplicates": list(unit.duplicates),
    }


def summary_document(summary: Summary) -> dict[str, Any]:
    """``{"units": [...], "refused": [{"path", "reason"}], "stats": {...}}``; numbers as
    two-decimal strings like ``score --json``."""
    return {
        "units": [unit_document(u) for u in summary.units],
        "refused": [{"path": r.path, "reason": r.reason} for r in summary.refused],
        "stats": {
            "files": summary.files,
            "units": len(summary.units),
            "refused": len(summary.refused),
            "duplicates": sum(1 for u in summary.units if u.duplicates),
            "states": summary.state_counts(),
            "grades": summary.grade_counts(),
            "average": _points(summary.average_total()),
            "groups": [
                {"name": g.name, "weight": format_points(g.weight), "average": format_points(g.average), "units": g.units}
                for g in summary.group_averages()
            ],
        },
    }
