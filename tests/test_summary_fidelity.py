"""汇总 shows for every unit exactly what opening its file in full shows: the same total, grade,
counts of errors and warnings, 一级 subtotals, lost points and projects.

The summary reads thousands of files in one process, through readers that keep what recurs
from file to file (decimal strings, 评价标准 points, a JSON decoder per thread): files read one
after the other must each still give their own numbers.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

from summary_support import generate_package, generate_project

from perfcore.checks import run_checks
from perfcore.exchange import dump_json, load_json
from perfcore.model import Package, iter_leaves
from perfcore.scoring import Scores, score_package
from perfcore.store import ReportFile
from perfcore.summary.rows import UnitRow
from perfcore.summary.run import collect
from perfcore.summary.sources import read_source


def _units(folder: Path) -> list[Path]:
    folder.mkdir()
    rng = Random(2026)
    paths = []
    for i in range(6):
        package = generate_package(rng, f"核对单位{i}", rng.randint(20, 60))
        package.projects = [generate_project(rng, k) for k in range(i % 4)]
        path = folder / f"unit-{i}.jxzp"
        ReportFile.create(path, package).close()
        paths.append(path)
    return paths


def _expected(package: Package, scores: Scores) -> tuple[object, ...]:
    findings = run_checks(package, scores)
    leaves = iter_leaves(package)
    return (
        package.unit_name,
        scores.total,
        scores.grade,
        scores.complete,
        sum(1 for f in findings if f.severity == "error"),
        sum(1 for f in findings if f.severity == "warning"),
        [p for p, _ in leaves],
        [leaf.weight - (scores.of(leaf).final or 0) for _, leaf in leaves],
        [(p.name, scores.of_project(p).total, scores.of_project(p).grade) for p in package.projects],
    )


def _shown(row: UnitRow) -> tuple[object, ...]:
    return (
        row.unit,
        row.total,
        row.grade,
        row.complete,
        row.errors,
        row.warnings,
        [lost.path for lost in row.lost],
        [lost.lost for lost in row.lost],
        [(p.name, p.total, p.grade) for p in row.projects],
    )


def test_summary_rows_are_what_a_full_open_scores_and_checks(tmp_path: Path) -> None:
    paths = _units(tmp_path / "units")
    rows = collect([str(p) for p in paths]).units
    assert len(rows) == len(paths)
    counts = set()
    for path, row in zip(paths, rows, strict=True):
        report = ReportFile.open(path, read_only=True)
        try:
            expected = _expected(report.package, score_package(report.package))
            # The exchange document of the same package, read by the document reader.
            exported = load_json(dump_json(report.package))
        finally:
            report.close()
        assert _shown(row) == expected
        assert _expected(exported, score_package(exported)) == expected
        # Read again after the others: what the readers kept does not leak between files.
        again = read_source(str(path))
        assert isinstance(again, UnitRow) and _shown(again) == expected
        counts.add((row.errors, row.warnings))
    assert any(row.projects for row in rows)
    assert len(counts) > 1, "the generated units differ in their findings"
